import pg from 'pg';
import type { Logger } from '../deps.ts';

export interface PgListener {
  start(): Promise<void>;
  stop(): Promise<void>;
  /** The backend pid of the current LISTEN connection (tests kill it to prove reconnection). */
  backendPid(): number | null;
}

/**
 * A dedicated LISTEN connection that comes back by itself. A pooled or idle connection can be
 * cut by a server restart, a failover or a proxy timeout; without reconnecting, this process's
 * browsers would silently stop receiving events while everything else looks healthy.
 * Events NOTIFYed while disconnected are lost (NOTIFY is not durable); clients refetch on the
 * `hello` they get when they reconnect, and durable state lives in tables, never only in events.
 */
export function createPgListener(connectionString: string, channel: string, onPayload: (payload: string) => void, log?: Logger): PgListener {
  let client: pg.Client | null = null;
  let stopped = false;
  let retryTimer: NodeJS.Timeout | null = null;
  let attempt = 0;

  async function connect(): Promise<void> {
    const c = new pg.Client({ connectionString, application_name: 'flywheel-events' });
    c.on('notification', (n) => {
      if (n.channel === channel) onPayload(n.payload ?? '');
    });
    c.on('error', (err) => {
      log?.warn({ err }, 'realtime LISTEN connection failed; reconnecting');
      reconnectSoon(c);
    });
    c.on('end', () => reconnectSoon(c));
    await c.connect();
    await c.query(`LISTEN ${pg.escapeIdentifier(channel)}`);
    client = c;
    attempt = 0;
  }

  function reconnectSoon(failed: pg.Client) {
    if (stopped || client !== failed) return;
    client = null;
    failed.end().catch(() => undefined);
    schedule();
  }

  function schedule() {
    if (stopped || retryTimer) return;
    // 100 ms, 200 ms … capped at 5 s: quick after a blip, gentle while the server is down
    const delay = Math.min(5000, 100 * 2 ** attempt++);
    retryTimer = setTimeout(() => {
      retryTimer = null;
      connect().catch((err: unknown) => {
        log?.warn({ err }, 'realtime LISTEN reconnect failed; retrying');
        schedule();
      });
    }, delay);
    retryTimer.unref();
  }

  return {
    start: connect,
    async stop() {
      stopped = true;
      if (retryTimer) clearTimeout(retryTimer);
      const c = client;
      client = null;
      await c?.end().catch(() => undefined);
    },
    backendPid() {
      // pg.Client exposes the pid of its backend once connected (not in @types/pg)
      const pid: unknown = client ? Reflect.get(client, 'processID') : null;
      return typeof pid === 'number' ? pid : null;
    },
  };
}

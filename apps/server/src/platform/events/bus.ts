import type { Db, Sql } from '../../db/client.ts';
import type { Logger } from '../deps.ts';
import { createPgListener } from './pg-listener.ts';

/**
 * A realtime event for the browser. Always scoped to a workspace (tenants never see each other's
 * events); with `userId`, only that user's sockets in that workspace receive it.
 */
export interface AppEvent {
  type: string;
  workspaceId: string;
  userId?: string;
  payload?: unknown;
}

export interface EventBus {
  /**
   * Publishes through the database. Pass the transaction that made the change: NOTIFY is then
   * delivered only if and when it commits, so a browser never hears of a change that rolled back.
   */
  publish(event: AppEvent, via?: Sql): Promise<void>;
  subscribe(fn: (event: AppEvent) => void): () => void;
  start(): Promise<void>;
  stop(): Promise<void>;
}

export const EVENTS_CHANNEL = 'flywheel_events';
// Postgres refuses NOTIFY payloads of 8000 bytes or more; events carry ids and small status,
// and the browser fetches the rest.
export const MAX_EVENT_BYTES = 7900;

/**
 * Events go through the database (NOTIFY), so every API process — not only the one that
 * published — delivers them to its own WebSocket clients. With a connection string the bus keeps
 * its own LISTEN connection and re-establishes it after a drop (see pg-listener.ts).
 */
export function createDbEventBus(db: Db, opts: { connectionString?: string; log?: Logger } = {}): EventBus {
  const subs = new Set<(e: AppEvent) => void>();
  let stopListening: (() => Promise<void>) | null = null;

  function deliver(payload: string) {
    const event = parseEvent(payload);
    if (!event) {
      opts.log?.warn({ payload: payload.slice(0, 200) }, 'ignored a malformed realtime event');
      return;
    }
    for (const fn of subs) {
      try {
        fn(event);
      } catch (err) {
        opts.log?.error({ err, type: event.type }, 'realtime subscriber failed');
      }
    }
  }

  return {
    async publish(event, via) {
      if (!event.workspaceId) throw new Error(`Event ${event.type} has no workspaceId.`);
      const text = JSON.stringify(event);
      if (Buffer.byteLength(text) > MAX_EVENT_BYTES) {
        throw new Error(`Event ${event.type} is ${Buffer.byteLength(text)} bytes; send ids and let the client fetch the rest.`);
      }
      await (via ?? db).query('SELECT pg_notify($1, $2)', [EVENTS_CHANNEL, text]);
    },
    subscribe(fn) {
      subs.add(fn);
      return () => subs.delete(fn);
    },
    async start() {
      if (stopListening) return;
      if (opts.connectionString) {
        const listener = createPgListener(opts.connectionString, EVENTS_CHANNEL, deliver, opts.log);
        await listener.start();
        stopListening = listener.stop;
      } else {
        stopListening = await db.listen(EVENTS_CHANNEL, deliver);
      }
    },
    async stop() {
      await stopListening?.();
      stopListening = null;
    },
  };
}

function parseEvent(payload: string): AppEvent | null {
  let v: unknown;
  try {
    v = JSON.parse(payload);
  } catch {
    return null;
  }
  if (typeof v !== 'object' || v === null) return null;
  const o = v as Record<string, unknown>;
  if (typeof o.type !== 'string' || typeof o.workspaceId !== 'string') return null;
  if (o.userId !== undefined && typeof o.userId !== 'string') return null;
  return { type: o.type, workspaceId: o.workspaceId, ...(o.userId ? { userId: o.userId } : {}), payload: o.payload };
}

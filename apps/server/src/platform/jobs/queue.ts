import PgBoss from 'pg-boss';
import type { Db } from '../../db/client.ts';
import { isPglite } from '../../db/client.ts';
import type { Logger } from '../deps.ts';

export interface SendOptions {
  /** A duplicate with the same key while one is queued/active is dropped (no doubled effects). */
  singletonKey?: string;
  startAfter?: Date | number;
  retryLimit?: number;
}

export interface JobQueue {
  send(name: string, data: object, opts?: SendOptions): Promise<string | null>;
  work<T extends object>(name: string, handler: (data: T, jobId: string) => Promise<void>, opts?: { pollingIntervalSeconds?: number }): Promise<void>;
  schedule(name: string, cron: string, data?: object, opts?: { tz?: string }): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Durable jobs and cron on pg-boss, on PostgreSQL through its own pool and on PGlite through
 * pg-boss's `db.executeSql` hook (multi-statement DDL goes through PGlite's exec).
 */
export function createJobQueue(db: Db, log: Logger, connectionString?: string): JobQueue {
  const common = { schema: 'pgboss', monitorStateIntervalSeconds: 30, maintenanceIntervalSeconds: 120 } as const;
  const boss = connectionString
    ? new PgBoss({ ...common, connectionString, max: 4 })
    : new PgBoss({
        ...common,
        db: {
          async executeSql(text: string, values: unknown[]) {
            if (!values || values.length === 0) {
              if (isPglite(db)) {
                const results = await db.pg.exec(text);
                return { rows: results.at(-1)?.rows ?? [] };
              }
            }
            return db.query(text, values);
          },
        },
      });
  boss.on('error', (err: unknown) => log.error({ err }, 'job queue error'));
  const created = new Set<string>();
  let started = false;
  async function ensureQueue(name: string) {
    if (created.has(name)) return;
    await boss.createQueue(name).catch((err: unknown) => {
      // a concurrent process may have created it first
      if (!String(err).includes('already exists')) throw err;
    });
    created.add(name);
  }
  return {
    async start() {
      if (started) return;
      await boss.start();
      started = true;
    },
    async stop() {
      if (!started) return;
      started = false;
      await boss.stop({ graceful: true, timeout: 5000, close: true, wait: true });
    },
    async send(name, data, opts = {}) {
      await ensureQueue(name);
      return boss.send(name, data, {
        singletonKey: opts.singletonKey,
        startAfter: opts.startAfter,
        retryLimit: opts.retryLimit ?? 2,
      });
    },
    async work(name, handler, opts = {}) {
      await ensureQueue(name);
      await boss.work<object>(name, { pollingIntervalSeconds: opts.pollingIntervalSeconds ?? 0.5, batchSize: 1 }, async (jobs) => {
        for (const job of jobs) await handler(job.data as never, job.id);
      });
    },
    async schedule(name, cron, data = {}, opts = {}) {
      await ensureQueue(name);
      await boss.schedule(name, cron, data, { tz: opts.tz });
    },
  };
}

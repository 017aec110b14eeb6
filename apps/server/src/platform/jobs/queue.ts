import crypto from 'node:crypto';
import PgBoss from 'pg-boss';
import { z } from 'zod';
import type { Db } from '../../db/client.ts';
import type { Logger } from '../deps.ts';
import { createBossExecutor } from './executor.ts';

/**
 * Every job names its tenant: handlers open `withWorkspace(db, data.workspaceId, …)`, logs and
 * failures are attributable, and a cron can fan out per workspace (see fan-out.ts).
 */
export interface JobData {
  workspaceId: string;
  [key: string]: unknown;
}

export interface SendOptions {
  /**
   * A second job with the same key while the first is still queued (not yet started, including
   * a delayed `startAfter`) is dropped and `send` returns null. Once the first has started, a new
   * one can be queued again, so changes made during a run are not lost.
   */
  singletonKey?: string;
  startAfter?: Date | number;
  retryLimit?: number;
  retryDelaySeconds?: number;
}

export interface WorkOptions {
  pollingIntervalSeconds?: number;
}

export interface ScheduleInfo {
  name: string;
  cron: string;
  timezone: string;
}

export type JobHandler<T extends JobData> = (data: T, jobId: string) => Promise<void>;

export interface JobQueue {
  send(name: string, data: JobData, opts?: SendOptions): Promise<string | null>;
  work<T extends JobData>(name: string, handler: JobHandler<T>, opts?: WorkOptions): Promise<void>;
  /** Instance-level cron: fires job `name` with `data`; handlers fan out per workspace. */
  schedule(name: string, cron: string, data?: object, opts?: { tz?: string }): Promise<void>;
  /** Like `work`, for instance-level jobs (cron ticks) that carry no workspace. */
  workInstance(name: string, handler: (data: object, jobId: string) => Promise<void>, opts?: WorkOptions): Promise<void>;
  listSchedules(): Promise<ScheduleInfo[]>;
  /** State of one job (tests, diagnostics): created, retry, active, completed, cancelled, failed. */
  getJobState(name: string, id: string): Promise<string | null>;
  start(): Promise<void>;
  stop(): Promise<void>;
}

const SCHEMA = 'pgboss';
const ScheduleRow = z.object({ name: z.string(), cron: z.string(), timezone: z.string() });

/**
 * Durable jobs and cron on pg-boss 10. PostgreSQL: its own small pool from the connection string.
 * PGlite (or a Db without a URL): pg-boss's `db.executeSql` hook over our connection.
 *
 * Queues use pg-boss's `short` policy (at most one *queued* job per singleton key) because the
 * `standard` policy ignores singletonKey entirely; jobs sent without a key get a unique one so
 * they never collide with each other.
 */
export function createJobQueue(db: Db, log: Logger, connectionString?: string): JobQueue {
  const common = {
    schema: SCHEMA,
    monitorStateIntervalSeconds: 60,
    maintenanceIntervalSeconds: 120,
    // the api role enqueues and the worker role runs; both share one schema and one clock
  } as const;
  const boss = connectionString
    ? new PgBoss({ ...common, connectionString, max: 4, application_name: 'flywheel-jobs' })
    : new PgBoss({ ...common, db: createBossExecutor(db) });
  boss.on('error', (err: unknown) => log.error({ err }, 'job queue error'));

  let starting: Promise<void> | null = null;
  let stopping: Promise<void> | null = null;
  const queues = new Map<string, Promise<void>>();

  // pg-boss installs its schema in start(); sending before start (an API request in a test, a
  // CLI command) would hit a missing table, so every entry point waits for the same start.
  function ensureStarted(): Promise<void> {
    if (stopping) return Promise.reject(new Error('The job queue is stopped.'));
    starting ??= boss.start().then(
      () => undefined,
      (err: unknown) => {
        starting = null;
        throw err;
      },
    );
    return starting;
  }

  // One createQueue per name per process, shared by concurrent callers; create_queue itself is
  // idempotent across processes (INSERT … ON CONFLICT DO NOTHING), so a race with another
  // process creating the same queue is harmless.
  function ensureQueue(name: string): Promise<void> {
    let p = queues.get(name);
    if (!p) {
      p = ensureStarted()
        .then(() => boss.createQueue(name, { name, policy: 'short' }))
        .then(async () => {
          // a queue made before this policy (or by hand) keeps its own; jobs copy the queue's
          // policy when inserted, so upgrading it makes new sends deduplicate by key
          const existing = await boss.getQueue(name);
          if (existing && existing.policy !== 'short') await boss.updateQueue(name, { name, policy: 'short' });
        })
        .catch((err: unknown) => {
          queues.delete(name);
          throw err;
        });
      queues.set(name, p);
    }
    return p;
  }

  async function register(name: string, handler: (data: unknown, id: string) => Promise<void>, opts: WorkOptions) {
    await ensureQueue(name);
    await boss.work<unknown>(name, { pollingIntervalSeconds: opts.pollingIntervalSeconds ?? 0.5, batchSize: 1 }, async (jobs) => {
      for (const job of jobs) await handler(job.data, job.id);
    });
  }

  return {
    start: ensureStarted,
    async stop() {
      if (!starting) return;
      stopping ??= (async () => {
        await starting.catch(() => undefined);
        // graceful: running handlers get up to 5 s to finish; unfinished ones are failed by
        // pg-boss and retried by whichever process polls next (state survives in the database)
        await boss.stop({ graceful: true, timeout: 5000, close: true, wait: true });
      })();
      await stopping;
    },
    async send(name, data, opts = {}) {
      if (typeof data.workspaceId !== 'string' || !data.workspaceId) throw new Error(`Job ${name} must carry a workspaceId.`);
      await ensureQueue(name);
      return boss.send(name, data, {
        singletonKey: opts.singletonKey ?? `id:${crypto.randomUUID()}`,
        startAfter: opts.startAfter, // a Date, or seconds from now
        retryLimit: opts.retryLimit ?? 2,
        retryDelay: opts.retryDelaySeconds ?? 5,
        retryBackoff: true,
      });
    },
    async work<T extends JobData>(name: string, handler: JobHandler<T>, opts: WorkOptions = {}) {
      await register(name, async (raw, id) => {
        if (!isJobData(raw)) throw new Error(`Job ${name} ${id} has no workspaceId; refusing to run it.`);
        await handler(raw as T, id);
      }, opts);
    },
    async workInstance(name, handler, opts = {}) {
      await register(name, async (raw, id) => handler(typeof raw === 'object' && raw !== null ? raw : {}, id), opts);
    },
    async schedule(name, cron, data = {}, opts = {}) {
      await ensureQueue(name);
      // one queued tick at a time: a worker that was down for an hour runs the cron once, not 60×
      await boss.schedule(name, cron, data, { tz: opts.tz ?? 'UTC', singletonKey: `cron:${name}`, retryLimit: 1 });
    },
    async listSchedules() {
      await ensureStarted();
      // pg-boss's typings omit the stored time zone column, so read the rows as unknown
      const rows: unknown[] = await boss.getSchedules();
      return rows.map((r) => ScheduleRow.parse(r));
    },
    async getJobState(name, id) {
      await ensureStarted();
      const job = await boss.getJobById(name, id);
      return job?.state ?? null;
    },
  };
}

function isJobData(v: unknown): v is JobData {
  return typeof v === 'object' && v !== null && typeof (v as { workspaceId?: unknown }).workspaceId === 'string';
}

import type { Db } from '../../db/client.ts';
import type { Logger } from '../deps.ts';
import type { JobQueue } from './queue.ts';

export interface WorkspaceCron {
  /** Job name of the cron tick, `domain.action`; tenant jobs are named `<name>.workspace`. */
  name: string;
  cron: string;
  /** IANA zone the cron expression is read in (default UTC). */
  tz?: string;
  /** Which workspaces get a job on each tick (default: all of them). */
  listWorkspaces?: () => Promise<string[]>;
  /** The per-tenant work; open `withWorkspace(db, workspaceId, …)` inside. */
  handler: (workspaceId: string, jobId: string) => Promise<void>;
  /** Retries of one tenant's job before it is marked failed (default 2). */
  retryLimit?: number;
}

export interface FanOutResult {
  queued: number;
  /** Workspaces whose job was already queued and not started (deduplicated). */
  alreadyQueued: number;
  failed: { workspaceId: string; error: string }[];
}

export interface RegisteredCron {
  tenantJobName: string;
  /** Runs one tick now (what the cron does), e.g. from the CLI or a test. */
  fanOut(): Promise<FanOutResult>;
}

/**
 * A cron never does tenant work itself: each tick only enqueues one job per workspace. Each tenant
 * job succeeds, retries and fails on its own, so one tenant's bad data or slow query cannot stop
 * or delay the others, and a tick that dies half-way is retried without doubling the jobs that
 * were already queued (singletonKey per workspace).
 */
export async function registerWorkspaceCron(jobs: JobQueue, db: Db, log: Logger, def: WorkspaceCron): Promise<RegisteredCron> {
  const tenantJobName = `${def.name}.workspace`;
  const listWorkspaces = def.listWorkspaces ?? (async () => (await db.query<{ id: string }>('SELECT id FROM workspaces ORDER BY created_at, id')).rows.map((r) => r.id));

  async function fanOut(): Promise<FanOutResult> {
    const result: FanOutResult = { queued: 0, alreadyQueued: 0, failed: [] };
    const tick = new Date().toISOString();
    for (const workspaceId of await listWorkspaces()) {
      try {
        const id = await jobs.send(tenantJobName, { workspaceId, tick }, { singletonKey: `${def.name}:${workspaceId}`, retryLimit: def.retryLimit ?? 2 });
        if (id) result.queued++;
        else result.alreadyQueued++;
      } catch (err) {
        // keep going: the other tenants still get their job this tick
        result.failed.push({ workspaceId, error: err instanceof Error ? err.message : String(err) });
        log.error({ err, workspaceId, job: tenantJobName }, 'could not enqueue tenant job');
      }
    }
    return result;
  }

  await jobs.work<{ workspaceId: string }>(tenantJobName, async (data, jobId) => {
    try {
      await def.handler(data.workspaceId, jobId);
    } catch (err) {
      log.warn({ err, workspaceId: data.workspaceId, job: tenantJobName, jobId }, 'tenant job failed; it will be retried alone');
      throw err; // pg-boss records the failure and retries this tenant's job only
    }
  });
  await jobs.workInstance(def.name, async () => {
    const r = await fanOut();
    // a partial tick is retried as a whole; tenants already queued are deduplicated by key
    if (r.failed.length) throw new Error(`${r.failed.length} tenant job(s) of ${def.name} could not be queued`);
  });
  await jobs.schedule(def.name, def.cron, {}, { tz: def.tz });
  return { tenantJobName, fanOut };
}

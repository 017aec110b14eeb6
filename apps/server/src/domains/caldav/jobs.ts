import type { Deps } from '../../platform/deps.ts';
import { registerWorkspaceCron, type RegisteredCron } from '../../platform/jobs/fan-out.ts';
import { withWorkspace } from '../../platform/tenancy/with-workspace.ts';
import { CALDAV_SYNC_JOB, enqueueSync } from './hook.ts';
import { sendDueReminders, WORKSPACES_WITH_REMINDERS_SQL } from './reminders.ts';
import { DUE_CONNECTIONS_SQL, syncConnection } from './sync.ts';

export const CALDAV_CRON = 'caldav.tick';

/**
 * The calendar sync job (one member's calendar per job) and a minute cron that sends reminders and
 * queues the syncs a lost enqueue, a failure's backoff or the 6-hourly refresh call for.
 */
export async function registerCaldavJobs(deps: Deps): Promise<RegisteredCron> {
  await deps.jobs.work<{ workspaceId: string; connectionId: string }>(CALDAV_SYNC_JOB, async (data) => {
    const r = await syncConnection(deps, data.workspaceId, data.connectionId);
    // a server that is down or slow: let the queue retry with backoff (the error is stored already)
    if (r.status === 'error' && r.transient) throw new Error(r.error);
  });
  return registerWorkspaceCron(deps.jobs, deps.db, deps.log, {
    name: CALDAV_CRON,
    cron: '* * * * *',
    listWorkspaces: async () => {
      const { rows } = await deps.db.query<{ workspace_id: string }>(
        `SELECT workspace_id FROM (${DUE_CONNECTIONS_SQL}) c UNION ${WORKSPACES_WITH_REMINDERS_SQL}`,
      );
      return rows.map((r) => r.workspace_id);
    },
    handler: async (workspaceId) => {
      await sendDueReminders(deps, workspaceId);
      const due = await withWorkspace(deps.db, workspaceId, (tx) => tx.query<{ id: string }>(`SELECT id FROM (${DUE_CONNECTIONS_SQL}) c WHERE workspace_id = $1`, [workspaceId]));
      for (const c of due.rows) await enqueueSync(deps, workspaceId, c.id, 0);
    },
  });
}

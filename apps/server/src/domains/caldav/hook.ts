import type { Sql } from '../../db/client.ts';
import type { Deps } from '../../platform/deps.ts';

export const CALDAV_SYNC_JOB = 'caldav.sync';
/** A burst of task changes (a bulk reschedule, a disposition) becomes one sync a moment later. */
const SYNC_DELAY_SECONDS = 2;

/** Queues one member's calendar sync (deduplicated while one is waiting). */
export async function enqueueSync(deps: Deps, workspaceId: string, connectionId: string, delaySeconds = SYNC_DELAY_SECONDS): Promise<void> {
  await deps.jobs.send(CALDAV_SYNC_JOB, { workspaceId, connectionId }, { singletonKey: `caldav:${connectionId}`, startAfter: delaySeconds, retryLimit: 3, retryDelaySeconds: 30 });
}

/**
 * Called by the tasks service inside the transaction that changed tasks of `userIds`: marks their
 * calendar connections as needing a sync (committed or rolled back with the change itself) and
 * queues the sync without waiting for it. The send is not awaited, so neither a slow queue nor a
 * CalDAV server can slow the task API; should it be lost, the minute cron sees the mark.
 */
export async function requestCaldavSync(deps: Deps, tx: Sql, workspaceId: string, userIds: (string | null)[]): Promise<void> {
  const ids = [...new Set(userIds.filter((u): u is string => !!u))];
  if (!ids.length) return;
  const { rows } = await tx.query<{ id: string }>(
    `UPDATE caldav_connections SET sync_requested_at = clock_timestamp()
      WHERE workspace_id = $1 AND user_id = ANY($2::uuid[]) AND enabled RETURNING id`,
    [workspaceId, ids],
  );
  for (const r of rows) {
    enqueueSync(deps, workspaceId, r.id).catch((err: unknown) => deps.log.warn({ err, workspaceId, connectionId: r.id }, 'could not queue a calendar sync; the minute cron will pick it up'));
  }
}

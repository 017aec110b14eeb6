import crypto from 'node:crypto';
import { CALDAV_EVENTS } from '@flywheel/contracts';
import type { Deps } from '../../platform/deps.ts';
import { getSecretBox } from '../../platform/secrets/secrets.ts';
import { withWorkspace } from '../../platform/tenancy/with-workspace.ts';
import { renderCalendarObject, type FeedTask } from '../calendar-feed/index.ts';
import { connectionById, desiredTasks, eventsOf, forgetEvent, reminderMinutes, saveEvent, type EventRow } from './caldav.repo.ts';
import { assertAllowedHost, CaldavError, deleteObject, listObjects, objectUrl, putObject, type CaldavCreds, type PutMode } from './client.ts';

export interface SyncResult {
  status: 'ok' | 'error' | 'skipped';
  created: number;
  updated: number;
  deleted: number;
  unchanged: number;
  error?: string;
  /** The failure may pass by itself (server down, timeout): worth an automatic retry soon. */
  transient?: boolean;
}

/** Stable per task: the same event is updated in place, whatever calendar app shows it. */
export const eventUid = (taskId: string) => `task-${taskId}@flywheel`;
/** The objects this sync owns in a calendar (a full resync deletes strays among these only). */
const OWN_OBJECT = /\/task-([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})(?:%40|@)flywheel\.ics$/i;
/** Bumped when the event layout changes, so every event is rewritten once. */
const FORMAT_VERSION = 1;

function contentHash(task: FeedTask, alarmMinutes: number, publicUrl: string): string {
  const key = JSON.stringify([FORMAT_VERSION, task.id, task.kind, task.title, task.notes, task.dueAt.toISOString(), task.leadId, task.leadName, task.leadPhone, alarmMinutes, publicUrl]);
  return crypto.createHash('sha256').update(key).digest('base64url');
}

const within = (calendarUrl: string, href: string) => href.startsWith(calendarUrl.endsWith('/') ? calendarUrl : `${calendarUrl}/`);

/**
 * Makes one member's calendar match their open callbacks/follow-ups: PUT what is new or changed
 * (If-None-Match for new objects, If-Match with the stored ETag for ours), DELETE what was
 * completed, cancelled, deleted, reassigned or moved to another calendar. The tasks table is the
 * source of truth: an event edited in the calendar app (412) is overwritten. With a full resync
 * the calendar is listed too, so events deleted by hand come back and strays of ours go.
 * Never throws: the outcome is stored on the connection (status, last error) and returned.
 */
export async function syncConnection(deps: Deps, workspaceId: string, connectionId: string, now: Date = new Date()): Promise<SyncResult> {
  const result: SyncResult = { status: 'skipped', created: 0, updated: 0, deleted: 0, unchanged: 0 };
  const start = await withWorkspace(deps.db, workspaceId, async (tx) => {
    const c = await connectionById(tx, workspaceId, connectionId, true);
    if (!c || !c.enabled) return null;
    await tx.query('UPDATE caldav_connections SET sync_started_at = clock_timestamp(), full_resync_requested = false WHERE workspace_id = $1 AND id = $2', [workspaceId, connectionId]);
    return { c, tasks: await desiredTasks(tx, workspaceId, c.user_id, now), events: await eventsOf(tx, workspaceId, connectionId), minutes: await reminderMinutes(tx, workspaceId, c.user_id) };
  });
  if (!start) return result;
  const { c, tasks, events, minutes } = start;
  const publicUrl = deps.config.publicUrl;
  const save = (e: EventRow) => withWorkspace(deps.db, workspaceId, (tx) => saveEvent(tx, workspaceId, connectionId, e));
  const forget = (taskId: string) => withWorkspace(deps.db, workspaceId, (tx) => forgetEvent(tx, workspaceId, connectionId, taskId));

  try {
    const box = await getSecretBox(deps.db, deps.config.secret);
    const creds: CaldavCreds = { serverUrl: c.server_url, username: c.username, password: box.decrypt(c.password_sealed) };
    await assertAllowedHost(c.calendar_url);
    const remote = c.full_resync_requested ? await listObjects(creds, c.calendar_url) : null;
    const wanted = new Set(tasks.map((t) => t.id));
    const stored = new Map<string, EventRow>();

    // 1. events whose task left the set (done, cancelled, deleted, reassigned, undated) or whose
    //    calendar is no longer the chosen one
    for (const e of events) {
      if (wanted.has(e.task_id) && within(c.calendar_url, e.href)) {
        stored.set(e.task_id, e);
        continue;
      }
      let r = await deleteObject(creds, e.href, e.etag);
      if (!r.ok) r = await deleteObject(creds, e.href, null); // changed in the calendar app: still ours to remove
      await forget(e.task_id);
      result.deleted++;
    }
    // a full resync also removes our objects the table does not know (a lost row, an old install)
    if (remote) {
      for (const [href, etag] of remote) {
        const m = OWN_OBJECT.exec(href);
        if (!m || wanted.has(m[1].toLowerCase())) continue;
        await deleteObject(creds, href, null);
        void etag;
        result.deleted++;
      }
    }

    // 2. new and changed events
    for (const task of tasks) {
      const uid = eventUid(task.id);
      const href = objectUrl(c.calendar_url, uid);
      const hash = contentHash(task, minutes, publicUrl);
      const prev = stored.get(task.id);
      const present = remote ? remote.has(href) : true;
      if (prev && prev.content_hash === hash && prev.href === href && present) {
        result.unchanged++;
        continue;
      }
      const body = renderCalendarObject(task, { publicUrl, uid, alarmMinutes: minutes });
      const mode: PutMode = prev && present ? { kind: 'update', etag: prev.etag } : remote?.has(href) ? { kind: 'update', etag: remote.get(href) ?? null } : { kind: 'create' };
      let r = await putObject(creds, href, body, mode);
      // 412: edited in the calendar app, or already there from an earlier run; the task wins
      if (!r.ok) r = await putObject(creds, href, body, { kind: 'overwrite' });
      if (!r.ok) throw new CaldavError('server', 'The calendar refused to overwrite an event.');
      await save({ task_id: task.id, href, etag: r.etag, content_hash: hash });
      if (prev) result.updated++;
      else result.created++;
    }
    result.status = 'ok';
  } catch (err) {
    const e = err instanceof CaldavError ? err : null;
    result.status = 'error';
    result.error = e ? e.message : `Calendar sync failed: ${err instanceof Error ? err.message : String(err)}`;
    result.transient = e ? e.transient : false;
    if (!e) deps.log.error({ err, workspaceId, connectionId }, 'calendar sync failed unexpectedly');
  }

  await withWorkspace(deps.db, workspaceId, async (tx) => {
    if (result.status === 'ok') {
      await tx.query(
        `UPDATE caldav_connections SET status = 'ok', last_error = NULL, failures = 0, last_sync_at = now(), last_success_at = now(), updated_at = now() WHERE workspace_id = $1 AND id = $2`,
        [workspaceId, connectionId],
      );
    } else {
      await tx.query(
        `UPDATE caldav_connections SET status = 'error', last_error = $3, failures = failures + 1, last_sync_at = now(), updated_at = now() WHERE workspace_id = $1 AND id = $2`,
        [workspaceId, connectionId, result.error],
      );
    }
    if (result.status === 'error' || result.created + result.updated + result.deleted > 0 || c.status !== 'ok') {
      await deps.events.publish({ type: CALDAV_EVENTS.syncStatus, workspaceId, userId: c.user_id, payload: { status: result.status } }, tx);
    }
  });
  return result;
}

/**
 * Connections with work: a change since their last sync started, a resync asked for, a failed one
 * whose backoff (1, 2, 4 … 60 minutes) is over, or one not synced for 6 hours.
 */
export const DUE_CONNECTIONS_SQL = `
  SELECT id, workspace_id FROM caldav_connections
   WHERE enabled AND (
         full_resync_requested
      OR (status <> 'error' AND sync_requested_at > coalesce(sync_started_at, '-infinity'::timestamptz))
      OR (status = 'error' AND coalesce(last_sync_at, '-infinity'::timestamptz) < now() - least(interval '1 minute' * power(2, least(failures, 10)), interval '60 minutes'))
      OR coalesce(last_sync_at, '-infinity'::timestamptz) < now() - interval '6 hours')`;

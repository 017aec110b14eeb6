import { REMINDER_DEFAULT_MINUTES, type CaldavConnection } from '@flywheel/contracts';
import type { Sql } from '../../db/client.ts';
import type { FeedTask } from '../calendar-feed/index.ts';

export interface ConnectionRow {
  id: string;
  workspace_id: string;
  user_id: string;
  server_url: string;
  username: string;
  password_sealed: string;
  principal_url: string | null;
  calendar_url: string;
  calendar_name: string;
  enabled: boolean;
  status: 'pending' | 'ok' | 'error';
  last_error: string | null;
  failures: number;
  last_sync_at: Date | null;
  last_success_at: Date | null;
  sync_requested_at: Date;
  sync_started_at: Date | null;
  full_resync_requested: boolean;
  created_at: Date;
  event_count?: string | number;
}

export interface EventRow {
  task_id: string;
  href: string;
  etag: string | null;
  content_hash: string;
}

/** Events older than this are left alone (and dropped from the calendar): what was missed a week ago is history. */
export const SYNC_PAST_DAYS = 7;
const MAX_EVENTS = 2000;

export async function connectionOf(tx: Sql, workspaceId: string, userId: string): Promise<ConnectionRow | null> {
  const { rows } = await tx.query<ConnectionRow>(
    `SELECT c.*, (SELECT count(*) FROM caldav_events e WHERE e.workspace_id = c.workspace_id AND e.connection_id = c.id) AS event_count
       FROM caldav_connections c WHERE c.workspace_id = $1 AND c.user_id = $2`,
    [workspaceId, userId],
  );
  return rows[0] ?? null;
}

export async function connectionById(tx: Sql, workspaceId: string, id: string, lock = false): Promise<ConnectionRow | null> {
  const { rows } = await tx.query<ConnectionRow>(`SELECT * FROM caldav_connections WHERE workspace_id = $1 AND id = $2${lock ? ' FOR UPDATE' : ''}`, [workspaceId, id]);
  return rows[0] ?? null;
}

export function toConnection(r: ConnectionRow): CaldavConnection {
  return {
    serverUrl: r.server_url,
    username: r.username,
    hasPassword: true,
    calendarUrl: r.calendar_url,
    calendarName: r.calendar_name,
    enabled: r.enabled,
    status: r.status,
    lastError: r.last_error,
    lastSyncAt: r.last_sync_at ? new Date(r.last_sync_at).toISOString() : null,
    lastSuccessAt: r.last_success_at ? new Date(r.last_success_at).toISOString() : null,
    syncPending: r.enabled && (r.sync_started_at === null || new Date(r.sync_requested_at) > new Date(r.sync_started_at) || r.full_resync_requested),
    eventCount: Number(r.event_count ?? 0),
    createdAt: new Date(r.created_at).toISOString(),
  };
}

export async function reminderMinutes(tx: Sql, workspaceId: string, userId: string): Promise<number> {
  const { rows } = await tx.query<{ minutes_before: number }>('SELECT minutes_before FROM callback_reminder_settings WHERE workspace_id = $1 AND user_id = $2', [workspaceId, userId]);
  return rows[0]?.minutes_before ?? REMINDER_DEFAULT_MINUTES;
}

/**
 * The member's open callbacks and follow-ups with a due time, from a week ago on: what their
 * calendar should hold.
 */
export async function desiredTasks(tx: Sql, workspaceId: string, userId: string, now: Date): Promise<FeedTask[]> {
  const { rows } = await tx.query<{
    id: string; kind: 'callback' | 'follow_up'; title: string; notes: string; due_at: Date;
    lead_id: string | null; lead_name: string | null; lead_phone: string | null;
  }>(
    `SELECT t.id, t.kind, t.title, t.notes, t.due_at, l.id AS lead_id, l.name AS lead_name, coalesce(tc.phones[1], l.primary_phone) AS lead_phone
       FROM tasks t
       LEFT JOIN leads l ON l.id = t.lead_id AND l.deleted_at IS NULL
       LEFT JOIN contacts tc ON tc.id = t.contact_id
      WHERE t.workspace_id = $1 AND t.owner_id = $2 AND t.status = 'open'
        AND t.kind IN ('callback', 'follow_up') AND t.due_at IS NOT NULL
        AND (t.lead_id IS NULL OR l.id IS NOT NULL) -- a deleted lead's callbacks leave the calendar
        AND t.due_at >= $3::timestamptz - make_interval(days => $4::int)
      ORDER BY t.due_at, t.id
      LIMIT ${MAX_EVENTS}`,
    [workspaceId, userId, now.toISOString(), SYNC_PAST_DAYS],
  );
  return rows.map((r) => ({
    id: r.id, kind: r.kind, title: r.title, notes: r.notes, dueAt: new Date(r.due_at),
    leadId: r.lead_id, leadName: r.lead_name, leadPhone: r.lead_phone,
  }));
}

export async function eventsOf(tx: Sql, workspaceId: string, connectionId: string): Promise<EventRow[]> {
  const { rows } = await tx.query<EventRow>('SELECT task_id, href, etag, content_hash FROM caldav_events WHERE workspace_id = $1 AND connection_id = $2', [workspaceId, connectionId]);
  return rows;
}

export async function saveEvent(tx: Sql, workspaceId: string, connectionId: string, e: EventRow): Promise<void> {
  await tx.query(
    `INSERT INTO caldav_events (workspace_id, connection_id, task_id, href, etag, content_hash, synced_at)
     VALUES ($1, $2, $3, $4, $5, $6, now())
     ON CONFLICT (connection_id, task_id) DO UPDATE SET href = EXCLUDED.href, etag = EXCLUDED.etag, content_hash = EXCLUDED.content_hash, synced_at = now()`,
    [workspaceId, connectionId, e.task_id, e.href, e.etag, e.content_hash],
  );
}

export async function forgetEvent(tx: Sql, workspaceId: string, connectionId: string, taskId: string): Promise<void> {
  await tx.query('DELETE FROM caldav_events WHERE workspace_id = $1 AND connection_id = $2 AND task_id = $3', [workspaceId, connectionId, taskId]);
}

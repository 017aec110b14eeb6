import type { Db, Sql } from '../../../db/client.ts';
import type { EventBus } from '../../events/bus.ts';
import { ROLE_RANK, type MemberRole } from '../../http/route.ts';
import { withWorkspace } from '../../tenancy/with-workspace.ts';
import type { NotificationMessage, NotifierPort, NotifyTarget } from './port.ts';

export const NOTIFICATION_CREATED = 'notification.created';
export const NOTIFICATIONS_READ = 'notifications.read';

/**
 * The embedded notifier: rows in `notifications`, shown in the app's notification center and
 * pushed to the user's open tabs over the realtime bus once the insert commits.
 */
export function createInAppNotifier(db: Db, events: EventBus): NotifierPort {
  return {
    channel: 'in_app',
    provider: 'in-app',
    mode: 'sandbox',
    async notify(target, message) {
      return withWorkspace(db, target.workspaceId, async (tx) => {
        const userIds = await recipients(tx, target);
        const ids: string[] = [];
        for (const userId of userIds) {
          const id = await insertNotification(tx, target.workspaceId, userId, message);
          if (!id) continue; // already notified under this dedupeKey
          ids.push(id);
          await events.publish(
            { type: NOTIFICATION_CREATED, workspaceId: target.workspaceId, userId, payload: { id, kind: message.kind, title: message.title, severity: message.severity ?? 'info' } },
            tx,
          );
        }
        return { channel: 'in_app', delivered: ids.length, ids };
      });
    },
  };
}

async function recipients(tx: Sql, target: NotifyTarget): Promise<string[]> {
  if ('userId' in target) {
    // only members: a stale user id (removed from the workspace) must not receive tenant data
    const { rows } = await tx.query<{ user_id: string }>('SELECT user_id FROM memberships WHERE workspace_id = $1 AND user_id = $2', [target.workspaceId, target.userId]);
    return rows.map((r) => r.user_id);
  }
  const { rows } = await tx.query<{ user_id: string; role: MemberRole }>('SELECT user_id, role FROM memberships WHERE workspace_id = $1 ORDER BY created_at', [target.workspaceId]);
  return rows.filter((r) => ROLE_RANK[r.role] >= ROLE_RANK[target.minRole]).map((r) => r.user_id);
}

async function insertNotification(tx: Sql, workspaceId: string, userId: string, m: NotificationMessage): Promise<string | null> {
  const { rows } = await tx.query<{ id: string }>(
    `INSERT INTO notifications (workspace_id, user_id, kind, severity, title, body, link, ref_type, ref_id, dedupe_key)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
     ON CONFLICT (workspace_id, user_id, dedupe_key) WHERE dedupe_key IS NOT NULL DO NOTHING
     RETURNING id`,
    [workspaceId, userId, m.kind, m.severity ?? 'info', m.title, m.body ?? '', m.link ?? null, m.ref?.type ?? null, m.ref?.id ?? null, m.dedupeKey ?? null],
  );
  return rows[0]?.id ?? null;
}

export interface NotificationRow {
  id: string;
  kind: string;
  severity: string;
  title: string;
  body: string;
  link: string | null;
  refType: string | null;
  refId: string | null;
  createdAt: string;
  readAt: string | null;
}

export async function listNotifications(tx: Sql, workspaceId: string, userId: string, opts: { unreadOnly: boolean; before?: { createdAt: string; id: string }; limit: number }) {
  const { rows } = await tx.query<NotificationRow>(
    `SELECT id, kind, severity, title, body, link, ref_type AS "refType", ref_id AS "refId",
            to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS "createdAt",
            to_char(read_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS "readAt"
       FROM notifications
      WHERE workspace_id = $1 AND user_id = $2
        AND ($3::boolean IS FALSE OR read_at IS NULL)
        AND ($4::timestamptz IS NULL OR (created_at, id) < ($4::timestamptz, $5::uuid))
      ORDER BY created_at DESC, id DESC
      LIMIT $6`,
    [workspaceId, userId, opts.unreadOnly, opts.before?.createdAt ?? null, opts.before?.id ?? null, opts.limit],
  );
  const unread = await tx.query<{ n: number }>('SELECT count(*)::int AS n FROM notifications WHERE workspace_id = $1 AND user_id = $2 AND read_at IS NULL', [workspaceId, userId]);
  return { rows, unreadCount: unread.rows[0].n };
}

/** Marks some (ids) or all of a user's notifications read; returns the ids that changed. */
export async function markNotificationsRead(tx: Sql, workspaceId: string, userId: string, ids: string[] | 'all'): Promise<string[]> {
  const { rows } = await tx.query<{ id: string }>(
    `UPDATE notifications SET read_at = now()
      WHERE workspace_id = $1 AND user_id = $2 AND read_at IS NULL AND ($3::uuid[] IS NULL OR id = ANY($3::uuid[]))
      RETURNING id`,
    [workspaceId, userId, ids === 'all' ? null : ids],
  );
  return rows.map((r) => r.id);
}

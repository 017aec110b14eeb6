import type { Db, Tx } from '../../db/client.ts';
import { hashToken, newToken } from '../../platform/auth/crypto.ts';
import type { FeedTask } from './ics.ts';

/** Past entries stay visible for a week (what was missed), future ones up to a quarter ahead. */
export const WINDOW_PAST_DAYS = 7;
export const WINDOW_FUTURE_DAYS = 90;
const MAX_EVENTS = 2000;

export async function liveToken(tx: Tx, workspaceId: string, userId: string): Promise<{ createdAt: Date } | null> {
  const { rows } = await tx.query<{ created_at: Date }>(
    'SELECT created_at FROM calendar_feed_tokens WHERE workspace_id = $1 AND user_id = $2 AND revoked_at IS NULL',
    [workspaceId, userId],
  );
  return rows[0] ? { createdAt: rows[0].created_at } : null;
}

/** Revokes the member's live token (if any) and issues a new one; returns the clear token once. */
export async function issueToken(tx: Tx, workspaceId: string, userId: string): Promise<{ token: string; createdAt: Date }> {
  await tx.query('UPDATE calendar_feed_tokens SET revoked_at = now() WHERE workspace_id = $1 AND user_id = $2 AND revoked_at IS NULL', [workspaceId, userId]);
  const { token, hash } = newToken('cal_');
  const { rows } = await tx.query<{ created_at: Date }>(
    'INSERT INTO calendar_feed_tokens (workspace_id, user_id, token_hash) VALUES ($1, $2, $3) RETURNING created_at',
    [workspaceId, userId, hash],
  );
  return { token, createdAt: rows[0].created_at };
}

/**
 * Which member a feed token belongs to. Runs outside any tenant scope (the caller is a calendar
 * app with nothing but the token), so it only returns ids; the tasks are then read under RLS.
 * The member must still belong to the workspace: a removed rep's feed stops working.
 */
export async function resolveToken(db: Db, token: string): Promise<{ workspaceId: string; userId: string; workspaceName: string } | null> {
  const { rows } = await db.query<{ workspace_id: string; user_id: string; name: string }>(
    `SELECT t.workspace_id, t.user_id, w.name
       FROM calendar_feed_tokens t
       JOIN memberships m ON m.workspace_id = t.workspace_id AND m.user_id = t.user_id
       JOIN workspaces w ON w.id = t.workspace_id
      WHERE t.token_hash = $1 AND t.revoked_at IS NULL`,
    [hashToken(token)],
  );
  const r = rows[0];
  return r ? { workspaceId: r.workspace_id, userId: r.user_id, workspaceName: r.name } : null;
}

/** The member's open callbacks and follow-ups with a due time inside the feed window. */
export async function feedTasks(tx: Tx, workspaceId: string, userId: string, now: Date): Promise<FeedTask[]> {
  const { rows } = await tx.query<{
    id: string; kind: 'callback' | 'follow_up'; title: string; notes: string; due_at: Date;
    lead_id: string | null; lead_name: string | null; lead_phone: string | null;
  }>(
    `SELECT t.id, t.kind, t.title, t.notes, t.due_at, l.id AS lead_id, l.name AS lead_name, l.primary_phone AS lead_phone
       FROM tasks t
       LEFT JOIN leads l ON l.id = t.lead_id AND l.deleted_at IS NULL
      WHERE t.workspace_id = $1 AND t.owner_id = $2 AND t.status = 'open'
        AND t.kind IN ('callback', 'follow_up')
        AND t.due_at >= $3::timestamptz - make_interval(days => $4::int)
        AND t.due_at <  $3::timestamptz + make_interval(days => $5::int)
      ORDER BY t.due_at, t.id
      LIMIT ${MAX_EVENTS}`,
    [workspaceId, userId, now.toISOString(), WINDOW_PAST_DAYS, WINDOW_FUTURE_DAYS],
  );
  return rows.map((r) => ({
    id: r.id, kind: r.kind, title: r.title, notes: r.notes, dueAt: r.due_at,
    leadId: r.lead_id, leadName: r.lead_name, leadPhone: r.lead_phone,
  }));
}

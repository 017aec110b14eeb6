import { DIAL_MODES, type DialItem, type DialMode, type DialSession } from '@flywheel/contracts';
import type { Sql } from '../../db/client.ts';
import { forbidden, notFound } from '../../platform/http/errors.ts';
import { toIso } from '../leads/lead.mapper.ts';
import { isManager, type WorkCtx } from '../tasks/index.ts';

type Ts = Date | string;

export interface SessionRow {
  id: string;
  user_id: string;
  mode: DialMode;
  call_via: 'provider' | 'tel';
  status: 'active' | 'ended';
  preset_snapshot: { label?: unknown };
  started_at: Ts;
  ended_at: Ts | null;
}

export interface ItemRow {
  id: string;
  dial_session_id: string;
  position: number;
  lead_id: string;
  lead_name: string;
  contact_id: string | null;
  contact_name: string | null;
  phone: string | null;
  source: DialItem['source'];
  reason: string;
  task_id: string | null;
  status: DialItem['status'];
  inserted_at: Ts | null;
  call_session_id: string | null;
  attempt_id: string | null;
  disposition_key: string | null;
  skip_reason: string | null;
}

const SESSION_COLUMNS = 's.id, s.user_id, s.mode, s.call_via, s.status, s.preset_snapshot, s.started_at, s.ended_at';

export const sessionLabel = (r: Pick<SessionRow, 'mode' | 'preset_snapshot'>) => (typeof r.preset_snapshot.label === 'string' ? r.preset_snapshot.label : r.mode);

/** A session the caller may act on: its own rep, or a manager and above. */
export async function requireSession(tx: Sql, ctx: WorkCtx, id: string, opts: { forUpdate?: boolean } = {}): Promise<SessionRow> {
  const { rows } = await tx.query<SessionRow>(`SELECT ${SESSION_COLUMNS} FROM dial_sessions s WHERE s.workspace_id = $1 AND s.id = $2${opts.forUpdate ? ' FOR UPDATE' : ''}`, [ctx.workspaceId, id]);
  const s = rows[0];
  if (!s || !DIAL_MODES.includes(s.mode)) throw notFound('Dial session');
  if (s.user_id !== ctx.userId && !isManager(ctx)) {
    // a shared power campaign is also the session of every rep who joined it
    const joined = ctx.userId ? await tx.query(`SELECT 1 FROM power_reps WHERE workspace_id = $1 AND dial_session_id = $2 AND user_id = $3`, [ctx.workspaceId, id, ctx.userId]) : { rows: [] };
    if (!joined.rows.length) throw forbidden("This is another rep's dial session.");
  }
  return s;
}

const ITEM_COLUMNS = `i.id, i.dial_session_id, i.position, i.lead_id, l.name AS lead_name, i.contact_id,
  nullif(trim(c.first_name || ' ' || c.last_name), '') AS contact_name, i.phone, i.source, i.reason, i.task_id, i.status, i.inserted_at,
  i.call_session_id, i.attempt_id, a.disposition_key, i.skip_reason`;
const ITEM_FROM = `dial_session_items i JOIN leads l ON l.id = i.lead_id LEFT JOIN contacts c ON c.id = i.contact_id LEFT JOIN attempts a ON a.id = i.attempt_id`;

export async function selectItems(tx: Sql, workspaceId: string, sessionId: string): Promise<ItemRow[]> {
  const { rows } = await tx.query<ItemRow>(`SELECT ${ITEM_COLUMNS} FROM ${ITEM_FROM} WHERE i.workspace_id = $1 AND i.dial_session_id = $2 ORDER BY i.position, i.id`, [workspaceId, sessionId]);
  return rows;
}

export async function selectItem(tx: Sql, workspaceId: string, sessionId: string, itemId: string, opts: { forUpdate?: boolean } = {}): Promise<ItemRow> {
  const { rows } = await tx.query<ItemRow>(
    `SELECT ${ITEM_COLUMNS} FROM ${ITEM_FROM} WHERE i.workspace_id = $1 AND i.dial_session_id = $2 AND i.id = $3${opts.forUpdate ? ' FOR UPDATE OF i' : ''}`,
    [workspaceId, sessionId, itemId],
  );
  if (!rows[0]) throw notFound('Queue item');
  return rows[0];
}

export function toDialItem(r: ItemRow): DialItem {
  return {
    id: r.id, position: Number(r.position), leadId: r.lead_id, leadName: r.lead_name, contactId: r.contact_id, contactName: r.contact_name,
    phone: r.phone, source: r.source, reason: r.reason, taskId: r.task_id, status: r.status, insertedAt: toIso(r.inserted_at),
    callSessionId: r.call_session_id, attemptId: r.attempt_id, dispositionKey: r.disposition_key, skipReason: r.skip_reason,
  };
}

export function toDialSession(s: SessionRow, items: ItemRow[]): DialSession {
  const count = (st: DialItem['status']) => items.filter((i) => i.status === st).length;
  return {
    id: s.id, userId: s.user_id, mode: s.mode, label: sessionLabel(s), callVia: s.call_via, status: s.status,
    startedAt: toIso(s.started_at), endedAt: toIso(s.ended_at),
    counts: { total: items.length, pending: count('pending'), called: count('called'), skipped: count('skipped') },
    currentItemId: items.find((i) => i.status === 'pending')?.id ?? null,
    items: items.map(toDialItem),
  };
}

export async function loadSession(tx: Sql, ctx: WorkCtx, id: string): Promise<DialSession> {
  const s = await requireSession(tx, ctx, id);
  return toDialSession(s, await selectItems(tx, ctx.workspaceId, id));
}

/** The next pending item after logging one: the first pending by position. */
export async function nextPendingItemId(tx: Sql, workspaceId: string, sessionId: string): Promise<string | null> {
  const { rows } = await tx.query<{ id: string }>(
    `SELECT id FROM dial_session_items WHERE workspace_id = $1 AND dial_session_id = $2 AND status = 'pending' ORDER BY position, id LIMIT 1`,
    [workspaceId, sessionId],
  );
  return rows[0]?.id ?? null;
}

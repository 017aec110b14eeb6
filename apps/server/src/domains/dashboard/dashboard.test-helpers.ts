import type { Db } from '../../db/client.ts';
import { withWorkspace } from '../../platform/tenancy/with-workspace.ts';

/** Direct inserts for dashboard tests and benchmarks: base-table rows with chosen business times. */

export async function setWorkspaceTz(db: Db, workspaceId: string, tz: string): Promise<void> {
  await db.query('UPDATE workspaces SET timezone = $2 WHERE id = $1', [workspaceId, tz]);
}

export interface LeadSpec {
  name?: string;
  stage?: string;
  segment?: string | null;
  source?: string | null;
  leadType?: string | null;
  timezone?: string | null;
  region?: string | null;
  createdAt?: Date;
  lastTouchedAt?: Date | null;
}

export async function insertLead(db: Db, ws: string, l: LeadSpec = {}): Promise<string> {
  return withWorkspace(db, ws, async (tx) => {
    const { rows } = await tx.query<{ id: string }>(
      `INSERT INTO leads (workspace_id, name, stage, segment, source, lead_type, timezone, region, created_at, last_touched_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, coalesce($9::timestamptz, now()), $10) RETURNING id`,
      [ws, l.name ?? 'Lead', l.stage ?? 'new', l.segment ?? null, l.source ?? null, l.leadType ?? null, l.timezone ?? null, l.region ?? null, l.createdAt?.toISOString() ?? null, l.lastTouchedAt?.toISOString() ?? null],
    );
    return rows[0]!.id;
  });
}

export interface CallSpec {
  leadId: string | null;
  at: Date;
  from?: string;
  userId?: string | null;
  /** answered with this many seconds of talk; null: not answered */
  talk?: number | null;
}

export async function insertCall(db: Db, ws: string, c: CallSpec): Promise<string> {
  return withWorkspace(db, ws, async (tx) => {
    const answered = c.talk !== null && c.talk !== undefined;
    const { rows } = await tx.query<{ id: string }>(
      `INSERT INTO call_sessions (workspace_id, provider, direction, from_number, to_number, status, started_at, answered_at, ended_at, provider_duration_seconds, lead_id, user_id)
       VALUES ($1, 'sandbox', 'outbound', $2, '+15550001111', $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
      [ws, c.from ?? '+15550000001', answered ? 'completed' : 'no_answer', c.at.toISOString(), answered ? c.at.toISOString() : null,
        new Date(c.at.getTime() + (c.talk ?? 20) * 1000).toISOString(), answered ? c.talk : 0, c.leadId, c.userId ?? null],
    );
    return rows[0]!.id;
  });
}

export interface AttemptSpec {
  leadId: string;
  callSessionId?: string | null;
  key: string;
  at: Date;
  userId?: string | null;
}

export async function insertAttempt(db: Db, ws: string, a: AttemptSpec): Promise<string> {
  return withWorkspace(db, ws, async (tx) => {
    const { rows } = await tx.query<{ id: string }>(
      `INSERT INTO attempts (workspace_id, call_session_id, lead_id, user_id, disposition_key, created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
      [ws, a.callSessionId ?? null, a.leadId, a.userId ?? null, a.key, a.at.toISOString()],
    );
    return rows[0]!.id;
  });
}

export async function insertStageChange(db: Db, ws: string, leadId: string, from: string, to: string, at: Date): Promise<void> {
  await withWorkspace(db, ws, (tx) =>
    tx.query(
      `INSERT INTO activities (workspace_id, lead_id, kind, summary, before, after, occurred_at) VALUES ($1, $2, 'stage.changed', $3, $4, $5, $6)`,
      [ws, leadId, `Stage: ${from} → ${to}`, JSON.stringify({ stage: from }), JSON.stringify({ stage: to }), at.toISOString()],
    ),
  );
}

/** The most recent date (UTC midnight) at least `minDaysAgo` days ago falling on ISO weekday `isoDow` (1 = Monday). */
export function pastWeekday(isoDow: number, minDaysAgo: number): Date {
  const d = new Date();
  d.setUTCHours(0, 0, 0, 0);
  d.setUTCDate(d.getUTCDate() - minDaysAgo);
  while (((d.getUTCDay() + 6) % 7) + 1 !== isoDow) d.setUTCDate(d.getUTCDate() - 1);
  return d;
}

export const daysAgo = (n: number, hourUtc = 12, minute = 0): Date => {
  const d = new Date();
  d.setUTCHours(hourUtc, minute, 0, 0);
  d.setUTCDate(d.getUTCDate() - n);
  return d;
};

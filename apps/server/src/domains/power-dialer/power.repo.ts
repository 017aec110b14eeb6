import type { Sql } from '../../db/client.ts';
import { PowerConfigSchema, type PowerConfigValue } from '@flywheel/contracts';

export interface PowerSessionRow {
  id: string;
  workspace_id: string;
  user_id: string;
  status: 'active' | 'ended';
  power_state: 'running' | 'paused' | null;
  power_config: unknown;
  shared: boolean;
  name: string | null;
  dial_level: number | null;
  pacing_reason: string | null;
  preset_snapshot: Record<string, unknown>;
  started_at: Date;
  ended_at: Date | null;
}

export interface LineRow {
  call_session_id: string;
  item_id: string;
  user_id: string | null;
  state: 'dialing' | 'ringing' | 'amd' | 'bridged' | 'voicemail' | 'safe_harbor' | 'ended';
  outcome: string | null;
  attempt_no: number;
  placed_at: Date;
  answered_at: Date | null;
  decided_at: Date | null;
  // the provider's record of the same call
  cs_status: string;
  cs_amd: string | null;
  cs_answered_at: Date | null;
  provider_call_id: string | null;
  provider: string;
  to_number: string;
  lead_id: string;
  contact_id: string | null;
}

export interface RepRow {
  user_id: string;
  state: 'available' | 'talking' | 'wrap_up' | 'paused' | 'left';
  state_since: Date;
  call_session_id: string | null;
}

export const SESSION_COLUMNS = `id, workspace_id, user_id, status, power_state, power_config, shared, name, dial_level, pacing_reason, preset_snapshot, started_at, ended_at`;

export async function lockPowerSession(tx: Sql, ws: string, id: string): Promise<PowerSessionRow | null> {
  const { rows } = await tx.query<PowerSessionRow>(`SELECT ${SESSION_COLUMNS} FROM dial_sessions WHERE workspace_id = $1 AND id = $2 AND kind = 'power' FOR UPDATE`, [ws, id]);
  return rows[0] ?? null;
}

export async function selectPowerSession(tx: Sql, ws: string, id: string): Promise<PowerSessionRow | null> {
  const { rows } = await tx.query<PowerSessionRow>(`SELECT ${SESSION_COLUMNS} FROM dial_sessions WHERE workspace_id = $1 AND id = $2 AND kind = 'power'`, [ws, id]);
  return rows[0] ?? null;
}

/** The stored config, read through the schema so rows written by older versions get today's defaults. */
export function configOf(s: Pick<PowerSessionRow, 'power_config'>): PowerConfigValue {
  return PowerConfigSchema.parse(s.power_config ?? {});
}

export async function openLines(tx: Sql, ws: string, sessionId: string): Promise<LineRow[]> {
  const { rows } = await tx.query<LineRow>(
    `SELECT pl.call_session_id, pl.item_id, pl.user_id, pl.state, pl.outcome, pl.attempt_no, pl.placed_at, pl.answered_at, pl.decided_at,
            cs.status AS cs_status, cs.amd_result AS cs_amd, cs.answered_at AS cs_answered_at, cs.provider_call_id, cs.provider, cs.to_number,
            i.lead_id, i.contact_id
       FROM power_lines pl JOIN call_sessions cs ON cs.id = pl.call_session_id JOIN dial_session_items i ON i.id = pl.item_id
      WHERE pl.workspace_id = $1 AND pl.dial_session_id = $2 AND pl.state <> 'ended'
      ORDER BY pl.placed_at, pl.call_session_id`,
    [ws, sessionId],
  );
  return rows;
}

export async function activeReps(tx: Sql, ws: string, sessionId: string): Promise<RepRow[]> {
  const { rows } = await tx.query<RepRow>(
    `SELECT user_id, state, state_since, call_session_id FROM power_reps WHERE workspace_id = $1 AND dial_session_id = $2 AND state <> 'left' ORDER BY joined_at, user_id`,
    [ws, sessionId],
  );
  return rows;
}

/** Live-answered and abandoned calls of this campaign over the rolling 30 days (SPEC §6). */
export async function abandonCounts(tx: Sql, ws: string, sessionId: string, now: Date): Promise<{ liveAnswered: number; abandoned: number }> {
  const { rows } = await tx.query<{ live: number; abandoned: number }>(
    `SELECT count(*)::int AS live, count(*) FILTER (WHERE outcome = 'abandoned')::int AS abandoned
       FROM power_lines WHERE workspace_id = $1 AND dial_session_id = $2 AND live_answered AND answered_at > $3::timestamptz - interval '30 days'`,
    [ws, sessionId, now],
  );
  return { liveAnswered: rows[0]?.live ?? 0, abandoned: rows[0]?.abandoned ?? 0 };
}

export interface PickedItem { id: string; lead_id: string; contact_id: string | null; phone: string | null; power_attempts: number }

/** The next callable items: due redials and fresh items in queue order, skipping any being dialed. */
export async function pickItems(tx: Sql, ws: string, sessionId: string, n: number, now: Date): Promise<PickedItem[]> {
  if (n <= 0) return [];
  const { rows } = await tx.query<PickedItem>(
    `SELECT id, lead_id, contact_id, phone, power_attempts FROM dial_session_items
      WHERE workspace_id = $1 AND dial_session_id = $2 AND power_state IN ('queued', 'redial') AND status = 'pending'
        AND (ready_at IS NULL OR ready_at <= $4)
      ORDER BY power_order, position, id LIMIT $3 FOR UPDATE SKIP LOCKED`,
    [ws, sessionId, n, now],
  );
  return rows;
}

/** Order keys: redials to the front go before the smallest key, to the end after the largest. */
export async function orderKey(tx: Sql, ws: string, sessionId: string, where: 'front' | 'end'): Promise<number> {
  const { rows } = await tx.query<{ lo: number | null; hi: number | null }>(
    `SELECT min(power_order) AS lo, max(power_order) AS hi FROM dial_session_items WHERE workspace_id = $1 AND dial_session_id = $2 AND power_state IN ('queued', 'redial')`,
    [ws, sessionId],
  );
  const r = rows[0];
  return where === 'front' ? (r?.lo ?? 0) - 1 : (r?.hi ?? 0) + 1;
}

export async function nextWake(tx: Sql, ws: string, sessionId: string): Promise<Date | null> {
  const { rows } = await tx.query<{ at: Date | null }>(
    `SELECT min(ready_at) AS at FROM dial_session_items WHERE workspace_id = $1 AND dial_session_id = $2 AND power_state = 'redial' AND status = 'pending'`,
    [ws, sessionId],
  );
  return rows[0]?.at ?? null;
}

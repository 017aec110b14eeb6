import type { Sql } from '../../db/client.ts';
import { areaOf } from './area.ts';
import { routeCallerId, type Candidate, type Pick } from './routing.ts';

export interface CallerIdPick extends Pick {
  e164: string;
}

/**
 * The number to call `toE164` from (local presence): exact area code → the lead's state →
 * healthiest → default, flagged numbers skipped, volume spread by calls in the last 24 h. Only
 * numbers of `provider` (the adapter placing the call) are considered. Null when the pool has no
 * usable number: the caller uses the provider account's caller id.
 */
export async function pickCallerId(tx: Sql, workspaceId: string, toE164: string, opts: { override?: string | null; provider?: string; leadRegion?: string | null } = {}): Promise<CallerIdPick | null> {
  const { rows } = await tx.query<{ id: string; e164: string; area_code: string | null; region: string | null; status: Candidate['status']; health_score: number | null; is_default: boolean }>(
    'SELECT id, e164, area_code, region, status, health_score, is_default FROM phone_numbers WHERE workspace_id = $1 AND ($2::text IS NULL OR provider = $2)',
    [workspaceId, opts.provider ?? null],
  );
  if (!rows.length) return null;
  // one range scan of the last 24 h for the whole pool (not one subquery per number)
  const { rows: used } = await tx.query<{ from_number: string; n: number }>(
    `SELECT from_number, count(*)::int AS n FROM call_sessions
      WHERE workspace_id = $1 AND direction = 'outbound' AND started_at > now() - interval '24 hours' AND from_number = ANY($2::text[])
      GROUP BY from_number`,
    [workspaceId, rows.map((r) => r.e164)],
  );
  const calls24h = new Map(used.map((u) => [u.from_number, u.n]));
  const pool: Candidate[] = rows.map((r) => ({ id: r.id, e164: r.e164, areaCode: r.area_code, region: r.region, status: r.status, healthScore: r.health_score, isDefault: r.is_default, calls24h: calls24h.get(r.e164) ?? 0 }));
  const area = areaOf(toE164);
  const p = routeCallerId(pool, { areaCode: area.areaCode, region: opts.leadRegion ?? area.region }, opts.override);
  return p ? { ...p, e164: p.number.e164 } : null;
}

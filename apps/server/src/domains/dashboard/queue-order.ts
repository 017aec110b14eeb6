import type { Sql } from '../../db/client.ts';
import { scoreCells } from './views.ts';

/**
 * Dialer queue ordering by best time to call: in a freshly built queue, the leads whose local
 * weekday × hour right now is a recommended window of their time zone (≥ 30 calls and a Wilson
 * 95 % lower bound above the zone's overall connect rate, last 90 days of rollups) move to the
 * front, keeping their order among themselves; everything else keeps its order. With thin data no
 * cell is recommended and the queue is left exactly as built. Returns how many items moved.
 */
export async function preferBestWindows(tx: Sql, workspaceId: string, sessionId: string): Promise<number> {
  const { rows: items } = await tx.query<{ id: string; tz: string; dow: number; hr: number }>(
    `WITH tzs AS MATERIALIZED (SELECT name FROM pg_timezone_names)
     SELECT i.id, z.tz, extract(isodow FROM now() AT TIME ZONE z.tz)::int AS dow, extract(hour FROM now() AT TIME ZONE z.tz)::int AS hr
     FROM dial_session_items i JOIN leads l ON l.id = i.lead_id JOIN workspaces w ON w.id = i.workspace_id
     CROSS JOIN LATERAL (SELECT CASE WHEN l.timezone IS NOT NULL AND EXISTS (SELECT 1 FROM tzs WHERE tzs.name = l.timezone) THEN l.timezone ELSE w.timezone END AS tz) z
     WHERE i.workspace_id = $1 AND i.dial_session_id = $2 AND i.status = 'pending'`,
    [workspaceId, sessionId],
  );
  if (items.length === 0) return 0;
  const zones = [...new Set(items.map((i) => i.tz))];
  const { rows: cells } = await tx.query<{ key: string; attempts: number; connects: number }>(
    `SELECT key, sum(attempts)::int AS attempts, sum(connects)::int AS connects FROM rollup_daily
     WHERE workspace_id = $1 AND dim = 'tz_how' AND day >= (now() AT TIME ZONE (SELECT timezone FROM workspaces WHERE id = $1))::date - 89
       AND split_part(key, '|', 1) = ANY($2::text[])
     GROUP BY key`,
    [workspaceId, zones],
  );
  const byZone = new Map<string, { weekday: number; hour: number; attempts: number; connects: number }[]>();
  for (const c of cells) {
    const [zone, d, h] = c.key.split('|');
    if (!byZone.has(zone!)) byZone.set(zone!, []);
    byZone.get(zone!)!.push({ weekday: Number(d), hour: Number(h), attempts: c.attempts, connects: c.connects });
  }
  const good = new Set<string>();
  for (const [zone, raw] of byZone) for (const c of scoreCells(raw).cells) if (c.recommended) good.add(`${zone}|${c.weekday}|${c.hour}`);
  const move = items.filter((i) => good.has(`${i.tz}|${i.dow}|${i.hr}`)).map((i) => i.id);
  if (move.length === 0 || move.length === items.length) return 0;
  await tx.query(
    `UPDATE dial_session_items SET position = position - 1000000, reason = reason || ' · best time to call now (their time)'
     WHERE workspace_id = $1 AND dial_session_id = $2 AND id = ANY($3::uuid[])`,
    [workspaceId, sessionId, move],
  );
  return move.length;
}

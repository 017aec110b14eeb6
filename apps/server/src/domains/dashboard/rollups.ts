import type { Db, Sql } from '../../db/client.ts';
import type { Deps } from '../../platform/deps.ts';
import { withWorkspace } from '../../platform/tenancy/with-workspace.ts';

/**
 * Daily rollups (migration 0016). A fold finds the days (workspace time zone) touched by rows newer
 * than the watermark — attempts and stage changes by inserted_at, call sessions by updated_at (so late webhooks count),
 * stage changes, new leads, dial sessions — and recomputes exactly those days from the base tables
 * (delete + insert). Re-folding a day is idempotent, so the watermark can lag behind the clock
 * (WATERMARK_LAG) and a transaction committing late is still caught by the next fold.
 */
const WATERMARK_LAG = "interval '1 minute'";
/** A fold of a long history is cut into runs of at most this many days (bounded memory per statement). */
const MAX_RUN_DAYS = 31;
/** The nightly job re-folds this many days (late webhook updates, edited leads). */
export const NIGHTLY_REFOLD_DAYS = 14;

const MEETING = `coalesce(a.disposition_key = 'meeting_set' OR d.effects->>'move_stage' = 'meeting_set', false)`;
const SOLD = `coalesce(a.disposition_key = 'sold' OR d.effects->>'move_stage' = 'won', false)`;
const FOLLOW_UP = `coalesce(a.disposition_key IN ('follow_up', 'some_interest') OR d.effects->>'move_stage' IN ('follow_up', 'interested'), false)`;

/** The lead's time zone when PostgreSQL knows it, else the workspace's. */
const LEAD_TZ = `coalesce(ltz.name, b.tz)`;

/**
 * Every fact of days [$2, $3) (dates in the workspace time zone) as one event row, exploded into
 * its dimensions and summed per day. Only index ranges of the base tables are read.
 */
const FOLD_SQL = `
WITH b AS (
  SELECT w.timezone AS tz, ($2::date::timestamp AT TIME ZONE w.timezone) AS t0, ($3::date::timestamp AT TIME ZONE w.timezone) AS t1
  FROM workspaces w WHERE w.id = $1
),
tzs AS MATERIALIZED (SELECT DISTINCT name FROM pg_timezone_names),
ev AS (
  SELECT 'a' AS kind, a.created_at AS ts, l.segment, l.source, l.lead_type, cs.from_number, a.user_id,
         ${LEAD_TZ} AS ltz, l.region AS state, NULL::text AS k,
         0 AS calls, 0::bigint AS talk, 1 AS attempts, d.counts_as_connect::int AS connects, (d.counts_as_dm OR a.dm_reached)::int AS dm,
         ${MEETING}::int AS meetings, ${SOLD}::int AS sold, ${FOLLOW_UP}::int AS follow_ups, 0::bigint AS n
  FROM b JOIN attempts a ON a.workspace_id = $1 AND a.created_at >= b.t0 AND a.created_at < b.t1
  JOIN dispositions d ON d.workspace_id = a.workspace_id AND d.key = a.disposition_key
  LEFT JOIN call_sessions cs ON cs.id = a.call_session_id
  LEFT JOIN leads l ON l.id = a.lead_id
  LEFT JOIN tzs ltz ON ltz.name = l.timezone
  UNION ALL
  SELECT 'c', cs.started_at, l.segment, l.source, l.lead_type, cs.from_number, cs.user_id, NULL, NULL, NULL,
         1, CASE WHEN cs.answered_at IS NULL THEN 0 ELSE coalesce(cs.provider_duration_seconds, greatest(0, extract(epoch FROM cs.ended_at - cs.answered_at))::int, 0) END,
         0, 0, 0, 0, 0, 0, 0
  FROM b JOIN call_sessions cs ON cs.workspace_id = $1 AND cs.started_at >= b.t0 AND cs.started_at < b.t1 AND cs.direction = 'outbound'
  LEFT JOIN leads l ON l.id = cs.lead_id
  UNION ALL
  SELECT 'l', l.created_at, l.segment, l.source, l.lead_type, NULL, NULL, NULL, NULL, NULL, 0, 0, 0, 0, 0, 0, 0, 0, 1
  FROM b JOIN leads l ON l.workspace_id = $1 AND l.created_at >= b.t0 AND l.created_at < b.t1 AND l.deleted_at IS NULL
  UNION ALL
  SELECT 'si', x.occurred_at, NULL, NULL, NULL, NULL, NULL, NULL, NULL, x.after->>'stage', 0, 0, 0, 0, 0, 0, 0, 0, 1
  FROM b JOIN activities x ON x.workspace_id = $1 AND x.kind = 'stage.changed' AND x.occurred_at >= b.t0 AND x.occurred_at < b.t1
  WHERE x.after->>'stage' IS NOT NULL
  UNION ALL
  SELECT 'sd', x.occurred_at, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
         (x.before->>'stage') || '|' || floor(greatest(0, extract(epoch FROM x.occurred_at - coalesce(
           (SELECT max(p.occurred_at) FROM activities p WHERE p.workspace_id = $1 AND p.lead_id = x.lead_id AND p.kind = 'stage.changed'
              AND p.occurred_at < x.occurred_at AND p.after->>'stage' = x.before->>'stage'),
           l.created_at, x.occurred_at))) / 86400)::int,
         0, 0, 0, 0, 0, 0, 0, 0, 1
  FROM b JOIN activities x ON x.workspace_id = $1 AND x.kind = 'stage.changed' AND x.occurred_at >= b.t0 AND x.occurred_at < b.t1
  LEFT JOIN leads l ON l.id = x.lead_id
  WHERE x.before->>'stage' IS NOT NULL
  UNION ALL
  SELECT 'd', ds.started_at, NULL, NULL, NULL, NULL, ds.user_id, NULL, NULL, NULL, 0, 0, 0, 0, 0, 0, 0, 0,
         greatest(0, extract(epoch FROM coalesce(ds.ended_at, ds.updated_at) - ds.started_at))::bigint
  FROM b JOIN dial_sessions ds ON ds.workspace_id = $1 AND ds.started_at >= b.t0 AND ds.started_at < b.t1
),
loc AS (
  SELECT e.*, (e.ts AT TIME ZONE b.tz)::date AS day,
         CASE WHEN e.kind = 'a' THEN extract(isodow FROM e.ts AT TIME ZONE e.ltz)::int END AS dow,
         CASE WHEN e.kind = 'a' THEN extract(hour FROM e.ts AT TIME ZONE e.ltz)::int END AS hr
  FROM ev e CROSS JOIN b
)
INSERT INTO rollup_daily (workspace_id, day, dim, key, calls, talk_seconds, attempts, connects, dm, meetings, sold, follow_ups, n)
SELECT $1, e.day, x.dim, x.key, sum(e.calls), sum(e.talk), sum(e.attempts), sum(e.connects), sum(e.dm), sum(e.meetings), sum(e.sold), sum(e.follow_ups),
       sum(CASE WHEN x.dim = 'rep' AND e.kind <> 'd' THEN 0 ELSE e.n END)
FROM loc e
CROSS JOIN LATERAL (VALUES
  ('all', CASE WHEN e.kind IN ('a', 'c', 'l') THEN '' END),
  ('segment', CASE WHEN e.kind IN ('a', 'c', 'l') THEN coalesce(e.segment, '') END),
  ('source', CASE WHEN e.kind IN ('a', 'c', 'l') THEN coalesce(e.source, '') END),
  ('lead_type', CASE WHEN e.kind IN ('a', 'c', 'l') THEN coalesce(e.lead_type, '') END),
  ('number', CASE WHEN e.kind IN ('a', 'c') THEN e.from_number END),
  ('rep', CASE WHEN e.kind IN ('a', 'c', 'd') THEN e.user_id::text END),
  ('how', CASE WHEN e.kind = 'a' THEN e.dow || '|' || e.hr END),
  ('tz_how', CASE WHEN e.kind = 'a' THEN e.ltz || '|' || e.dow || '|' || e.hr END),
  ('state_how', CASE WHEN e.kind = 'a' THEN upper(coalesce(e.state, '')) || '|' || e.dow || '|' || e.hr END),
  ('stage_in', CASE WHEN e.kind = 'si' THEN e.k END),
  ('stage_days', CASE WHEN e.kind = 'sd' THEN e.k END)
) AS x(dim, key)
WHERE x.key IS NOT NULL
GROUP BY e.day, x.dim, x.key`;

const AGING_SQL = `
INSERT INTO rollup_aging (workspace_id, stage, bucket, leads, untouched)
SELECT $1, l.stage, b.bucket, count(*), count(*) FILTER (WHERE l.last_touched_at IS NULL)
FROM leads l
JOIN pipeline_stages ps ON ps.workspace_id = l.workspace_id AND ps.key = l.stage AND ps.kind = 'open'
CROSS JOIN LATERAL (SELECT CASE
  WHEN now() - coalesce(l.last_touched_at, l.created_at) < interval '7 days' THEN '0-6'
  WHEN now() - coalesce(l.last_touched_at, l.created_at) < interval '30 days' THEN '7-29'
  WHEN now() - coalesce(l.last_touched_at, l.created_at) < interval '90 days' THEN '30-89'
  ELSE '90+' END AS bucket) b
WHERE l.workspace_id = $1 AND l.deleted_at IS NULL
GROUP BY l.stage, b.bucket`;

export interface FoldResult {
  days: number;
  ms: number;
}

const iso = (d: Date) => d.toISOString().slice(0, 10);
const addDays = (day: string, n: number) => iso(new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000));

/** Contiguous runs [from, to) of the given sorted days, each at most MAX_RUN_DAYS long. */
export function dayRuns(days: string[]): [string, string][] {
  const runs: [string, string][] = [];
  for (const d of days) {
    const last = runs[runs.length - 1];
    if (last && last[1] === d && Date.parse(d) - Date.parse(last[0]) < MAX_RUN_DAYS * 86_400_000) last[1] = addDays(d, 1);
    else runs.push([d, addDays(d, 1)]);
  }
  return runs;
}

/** Recomputes the given days (YYYY-MM-DD, workspace time zone) of one workspace inside tx. */
export async function refoldDays(tx: Sql, workspaceId: string, days: string[]): Promise<void> {
  const sorted = [...new Set(days)].sort();
  for (const [from, to] of dayRuns(sorted)) {
    await tx.query('DELETE FROM rollup_daily WHERE workspace_id = $1 AND day >= $2::date AND day < $3::date', [workspaceId, from, to]);
    await tx.query(FOLD_SQL, [workspaceId, from, to]);
  }
}

async function refreshAging(tx: Sql, workspaceId: string): Promise<void> {
  await tx.query('DELETE FROM rollup_aging WHERE workspace_id = $1', [workspaceId]);
  await tx.query(AGING_SQL, [workspaceId]);
}

/** Locks (creating if needed) the workspace's rollup state: one fold at a time per workspace. */
async function lockState(tx: Sql, workspaceId: string): Promise<{ watermark: Date | string; tz: string }> {
  await tx.query('INSERT INTO rollup_state (workspace_id) VALUES ($1) ON CONFLICT (workspace_id) DO NOTHING', [workspaceId]);
  const { rows } = await tx.query<{ watermark: Date | string; tz: string }>(
    `SELECT s.watermark, w.timezone AS tz FROM rollup_state s JOIN workspaces w ON w.id = s.workspace_id WHERE s.workspace_id = $1 FOR UPDATE OF s`,
    [workspaceId],
  );
  return rows[0]!;
}

/** Days (workspace time zone) touched by rows newer than the watermark. */
async function touchedDays(tx: Sql, workspaceId: string, watermark: Date | string): Promise<string[]> {
  const { rows } = await tx.query<{ day: string }>(
    `WITH w AS (SELECT timezone AS tz FROM workspaces WHERE id = $1)
     SELECT DISTINCT to_char((x.ts AT TIME ZONE w.tz)::date, 'YYYY-MM-DD') AS day FROM w, (
       SELECT created_at AS ts FROM attempts WHERE workspace_id = $1 AND inserted_at > $2
       UNION ALL SELECT started_at FROM call_sessions WHERE workspace_id = $1 AND updated_at > $2
       UNION ALL SELECT occurred_at FROM activities WHERE workspace_id = $1 AND kind = 'stage.changed' AND inserted_at > $2
       UNION ALL SELECT created_at FROM leads WHERE workspace_id = $1 AND created_at > $2 AND deleted_at IS NULL
       UNION ALL SELECT started_at FROM dial_sessions WHERE workspace_id = $1 AND updated_at > $2
     ) x ORDER BY 1`,
    [workspaceId, watermark],
  );
  return rows.map((r) => r.day);
}

/**
 * The incremental fold of one workspace: re-folds the days touched since the watermark, refreshes
 * the aging snapshot, moves the watermark. Returns how many days were re-folded.
 */
export async function foldWorkspace(db: Db, workspaceId: string): Promise<FoldResult> {
  const started = performance.now();
  return withWorkspace(db, workspaceId, async (tx) => {
    const { watermark } = await lockState(tx, workspaceId);
    const { rows: [clock] } = await tx.query<{ next: Date }>(`SELECT now() - ${WATERMARK_LAG} AS next`);
    const days = await touchedDays(tx, workspaceId, watermark);
    await refoldDays(tx, workspaceId, days);
    await refreshAging(tx, workspaceId);
    const ms = Math.round(performance.now() - started);
    await tx.query(
      'UPDATE rollup_state SET watermark = greatest(watermark, $2), folded_at = now(), last_days_folded = $3, last_fold_ms = $4 WHERE workspace_id = $1',
      [workspaceId, clock!.next, days.length, ms],
    );
    return { days: days.length, ms };
  });
}

/** The nightly re-fold: the last `days` days (workspace time zone), whatever the watermark says. */
export async function refoldRecent(db: Db, workspaceId: string, days = NIGHTLY_REFOLD_DAYS): Promise<FoldResult> {
  const started = performance.now();
  return withWorkspace(db, workspaceId, async (tx) => {
    const { tz } = await lockState(tx, workspaceId);
    const { rows: [t] } = await tx.query<{ today: string }>(`SELECT to_char((now() AT TIME ZONE $1)::date, 'YYYY-MM-DD') AS today`, [tz]);
    const list = Array.from({ length: days }, (_, i) => addDays(t!.today, -i));
    await refoldDays(tx, workspaceId, list);
    await refreshAging(tx, workspaceId);
    const ms = Math.round(performance.now() - started);
    await tx.query('UPDATE rollup_state SET folded_at = now(), full_refold_at = now(), last_days_folded = $2, last_fold_ms = $3 WHERE workspace_id = $1', [workspaceId, days, ms]);
    return { days, ms };
  });
}

/** Brings one workspace's rollups up to date now (the lead's weekly brief calls this first). */
export async function refreshRollups(deps: Pick<Deps, 'db'>, workspaceId: string): Promise<FoldResult> {
  return foldWorkspace(deps.db, workspaceId);
}

/** Rollup freshness: when the last fold finished (null before the first). */
export async function rollupAsOf(tx: Sql, workspaceId: string): Promise<string | null> {
  const { rows } = await tx.query<{ folded_at: Date | null }>('SELECT folded_at FROM rollup_state WHERE workspace_id = $1', [workspaceId]);
  return rows[0]?.folded_at ? new Date(rows[0].folded_at).toISOString() : null;
}

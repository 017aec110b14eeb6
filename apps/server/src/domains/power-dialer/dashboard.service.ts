import type { z } from 'zod';
import type { PowerDashboard, PowerDashboardQuerySchema } from '@flywheel/contracts';
import { resolveOwnerFilter, workspaceClock, type WorkCtx } from '../tasks/index.ts';

type Query = z.output<typeof PowerDashboardQuerySchema>;

/**
 * The live call dashboard (F8): today or this week in the workspace's time zone, for one rep or
 * everyone. Talk time is the provider's (SPEC §1.2); idle is power-session time not talking.
 */
export function getPowerDashboard(ctx: WorkCtx, q: Query): Promise<PowerDashboard> {
  return ctx.tx(async (tx) => {
    const clock = await workspaceClock(tx, ctx.workspaceId);
    const from = (q.range === 'today' ? clock.now.startOf('day') : clock.now.startOf('week')).toJSDate();
    const owner = resolveOwnerFilter(ctx, q.user, 'me');
    const user = owner.kind === 'user' ? owner.id : null;
    const ws = ctx.workspaceId;
    const base = `FROM call_sessions cs WHERE cs.workspace_id = $1 AND cs.direction = 'outbound' AND cs.started_at >= $2 AND ($3::uuid IS NULL OR cs.user_id = $3::uuid)`;
    const totals = (await tx.query<{ calls: number; connects: number; talk: number }>(
      // a call released while still ringing (the power dialer's other line) never reached anyone: not a call here, as in the session's stats
      `SELECT count(*) FILTER (WHERE cs.status NOT IN ('failed', 'canceled'))::int AS calls,
              count(*) FILTER (WHERE cs.amd_result = 'human' OR EXISTS (SELECT 1 FROM attempts a JOIN dispositions d ON d.workspace_id = a.workspace_id AND d.key = a.disposition_key WHERE a.call_session_id = cs.id AND d.counts_as_connect))::int AS connects,
              coalesce(sum(cs.provider_duration_seconds) FILTER (WHERE cs.amd_result IS NULL OR cs.amd_result = 'human'), 0)::int AS talk ${base}`,
      [ws, from, user],
    )).rows[0];
    const session = (await tx.query<{ secs: number }>(
      `SELECT coalesce(sum(extract(epoch FROM (coalesce(s.ended_at, now()) - greatest(s.started_at, $2)))), 0)::int AS secs
         FROM dial_sessions s WHERE s.workspace_id = $1 AND s.kind = 'power' AND coalesce(s.ended_at, now()) >= $2 AND ($3::uuid IS NULL OR s.user_id = $3::uuid)`,
      [ws, from, user],
    )).rows[0];
    const dispositions = (await tx.query<{ key: string; label: string; count: number }>(
      `SELECT a.disposition_key AS key, coalesce(d.label, a.disposition_key) AS label, count(*)::int AS count FROM attempts a
         LEFT JOIN dispositions d ON d.workspace_id = a.workspace_id AND d.key = a.disposition_key
        WHERE a.workspace_id = $1 AND a.created_at >= $2 AND ($3::uuid IS NULL OR a.user_id = $3::uuid) GROUP BY 1, 2 ORDER BY 3 DESC`,
      [ws, from, user],
    )).rows;
    const numbers = (await tx.query<{ number: string; calls: number; connects: number }>(
      `SELECT cs.from_number AS number, count(*)::int AS calls, count(*) FILTER (WHERE cs.amd_result = 'human' OR cs.provider_duration_seconds >= 30)::int AS connects ${base} AND cs.status NOT IN ('failed', 'canceled') GROUP BY 1 ORDER BY 2 DESC LIMIT 20`,
      [ws, from, user],
    )).rows;
    const campaigns = (await tx.query<{ id: string; name: string; live: number; abandoned: number }>(
      `SELECT s.id, coalesce(s.name, s.preset_snapshot->>'label', 'Power session') AS name,
              count(pl.*) FILTER (WHERE pl.live_answered)::int AS live, count(pl.*) FILTER (WHERE pl.outcome = 'abandoned')::int AS abandoned
         FROM dial_sessions s LEFT JOIN power_lines pl ON pl.dial_session_id = s.id AND pl.answered_at > now() - interval '30 days'
        WHERE s.workspace_id = $1 AND s.kind = 'power' AND coalesce(s.ended_at, now()) >= $2 AND ($3::uuid IS NULL OR s.user_id = $3::uuid OR s.shared)
        GROUP BY s.id ORDER BY s.started_at DESC LIMIT 20`,
      [ws, from, user],
    )).rows;
    const hourly = (await tx.query<{ hour: number; calls: number; connects: number }>(
      `SELECT extract(hour FROM cs.started_at AT TIME ZONE $4)::int AS hour, count(*) FILTER (WHERE cs.status NOT IN ('failed', 'canceled'))::int AS calls, count(*) FILTER (WHERE cs.amd_result = 'human')::int AS connects
         ${base} GROUP BY 1 ORDER BY 1`,
      [ws, from, user, clock.tz],
    )).rows;
    const rate = (a: number, b: number) => (b ? a / b : 0);
    return {
      range: q.range, from: from.toISOString(), calls: totals.calls, connects: totals.connects, connectRate: rate(totals.connects, totals.calls), talkSeconds: totals.talk,
      idleSeconds: Math.max(0, session.secs - totals.talk), dispositions,
      numbers: numbers.map((n) => ({ ...n, connectRate: rate(n.connects, n.calls) })),
      campaigns: campaigns.map((c) => ({ id: c.id, name: c.name, liveAnswered: c.live, abandoned: c.abandoned, abandonRate: rate(c.abandoned, c.live) })),
      hourly,
    };
  });
}

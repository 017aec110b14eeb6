import { wilson, type BriefFigure, type WeeklyBriefContent } from '@flywheel/contracts';
import type { Tx } from '../../db/client.ts';
import { addDays } from './settings.ts';

/**
 * The brief's figures for one week (Monday 00:00 to the next Monday, in the workspace's zone), each
 * with the previous week beside it and a link to the view it came from. Read from the base tables:
 * one week of one workspace is a small, indexed range (attempts_ws_created_idx,
 * call_sessions_ws_started_idx).
 */

interface Totals { calls: number; attempts: number; connects: number; talk: number; meetings: number; sold: number; followUps: number }

async function totals(tx: Tx, ws: string, from: string, to: string, tz: string): Promise<Totals> {
  const calls = await tx.query<{ calls: number; talk: number }>(
    `SELECT count(*)::int AS calls, coalesce(sum(provider_duration_seconds) FILTER (WHERE answered_at IS NOT NULL), 0)::int AS talk
       FROM call_sessions WHERE workspace_id = $1 AND direction = 'outbound'
        AND started_at >= ($2::date::timestamp AT TIME ZONE $4) AND started_at < ($3::date::timestamp AT TIME ZONE $4)`,
    [ws, from, to, tz],
  );
  const att = await tx.query<{ attempts: number; connects: number; meetings: number; sold: number; follow_ups: number }>(
    `SELECT count(*)::int AS attempts,
            count(*) FILTER (WHERE d.counts_as_connect)::int AS connects,
            count(*) FILTER (WHERE d.effects->>'move_stage' = 'meeting_set' OR a.disposition_key = 'meeting_set')::int AS meetings,
            count(*) FILTER (WHERE d.effects->>'move_stage' = 'won' OR a.disposition_key = 'sold')::int AS sold,
            count(*) FILTER (WHERE d.effects->>'move_stage' = 'follow_up' OR a.disposition_key = 'follow_up')::int AS follow_ups
       FROM attempts a JOIN dispositions d ON d.workspace_id = a.workspace_id AND d.key = a.disposition_key
      WHERE a.workspace_id = $1 AND a.created_at >= ($2::date::timestamp AT TIME ZONE $4) AND a.created_at < ($3::date::timestamp AT TIME ZONE $4)`,
    [ws, from, to, tz],
  );
  const a = att.rows[0];
  return { calls: calls.rows[0].calls, talk: calls.rows[0].talk, attempts: a.attempts, connects: a.connects, meetings: a.meetings, sold: a.sold, followUps: a.follow_ups };
}

const rel = (now: number, before: number | null) => (before === null || before === 0 ? null : (now - before) / before);

/** Wilson score interval lower bound (95 %): how good a rate is at least, given its sample. */
export const wilsonLower = (successes: number, n: number): number => (n === 0 ? 0 : wilson(successes, n).low);

/** Cells with fewer attempts than this are too thin to recommend. */
export const MIN_WINDOW_ATTEMPTS = 30;
const WINDOW_WEEKS = 8;

export async function computeBrief(tx: Tx, ws: string, weekStart: string, tz: string): Promise<WeeklyBriefContent> {
  const weekEnd = addDays(weekStart, 7);
  const prevStart = addDays(weekStart, -7);
  const lastDay = addDays(weekStart, 6);
  const review = (extra = '') => `/review?from=${weekStart}&to=${lastDay}${extra}`;
  const [now, before] = [await totals(tx, ws, weekStart, weekEnd, tz), await totals(tx, ws, prevStart, weekStart, tz)];
  const beforeAny = before.calls + before.attempts > 0;
  const fig = (key: string, label: string, v: number, p: number, unit: BriefFigure['unit'], link: string): BriefFigure => ({
    key, label, value: v, previous: beforeAny ? p : null, delta: beforeAny ? rel(v, p) : null, unit, link,
  });
  const rate = (t: Totals) => (t.attempts ? t.connects / t.attempts : 0);
  const headline: BriefFigure[] = [
    fig('calls', 'Calls', now.calls, before.calls, 'count', review('&outcome=all')),
    fig('connects', 'Connects', now.connects, before.connects, 'count', review()),
    fig('connectRate', 'Connect rate', rate(now), rate(before), 'ratio', '/dashboard?range=7d'),
    fig('talk', 'Talk time', now.talk, before.talk, 'seconds', review()),
    fig('meetings', 'Meetings set', now.meetings, before.meetings, 'count', review('&disposition=meeting_set')),
    fig('sold', 'Sold', now.sold, before.sold, 'count', review('&disposition=sold')),
    fig('followUps', 'Follow-ups', now.followUps, before.followUps, 'count', review('&disposition=follow_up')),
  ];

  const numbers = (await tx.query<{ number: string; calls: number; connects: number }>(
    `SELECT cs.from_number AS number, count(*)::int AS calls, count(*) FILTER (WHERE d.counts_as_connect)::int AS connects
       FROM call_sessions cs
       LEFT JOIN attempts a ON a.call_session_id = cs.id
       LEFT JOIN dispositions d ON d.workspace_id = a.workspace_id AND d.key = a.disposition_key
      WHERE cs.workspace_id = $1 AND cs.direction = 'outbound'
        AND cs.started_at >= ($2::date::timestamp AT TIME ZONE $4) AND cs.started_at < ($3::date::timestamp AT TIME ZONE $4)
      GROUP BY cs.from_number ORDER BY calls DESC, number LIMIT 10`,
    [ws, weekStart, weekEnd, tz],
  )).rows.map((r) => ({ ...r, connectRate: r.calls ? r.connects / r.calls : null, link: '/settings/numbers' }));

  const leadTypes = (await tx.query<{ lead_type: string; attempts: number; connects: number; sold: number }>(
    `SELECT coalesce(nullif(l.lead_type, ''), 'Unspecified') AS lead_type, count(*)::int AS attempts,
            count(*) FILTER (WHERE d.counts_as_connect)::int AS connects,
            count(*) FILTER (WHERE d.effects->>'move_stage' = 'won' OR a.disposition_key = 'sold')::int AS sold
       FROM attempts a JOIN leads l ON l.id = a.lead_id JOIN dispositions d ON d.workspace_id = a.workspace_id AND d.key = a.disposition_key
      WHERE a.workspace_id = $1 AND a.created_at >= ($2::date::timestamp AT TIME ZONE $4) AND a.created_at < ($3::date::timestamp AT TIME ZONE $4)
      GROUP BY 1 ORDER BY attempts DESC, 1 LIMIT 10`,
    [ws, weekStart, weekEnd, tz],
  )).rows.map((r) => ({ leadType: r.lead_type, attempts: r.attempts, connects: r.connects, sold: r.sold, link: '/dashboard?view=cohorts&by=lead_type' }));

  // best call windows: the lead's local weekday × hour over the last 8 weeks, ranked by how good the
  // connect rate is at least (Wilson lower bound); thin cells are never recommended
  const cells = (await tx.query<{ dow: number; hour: number; attempts: number; connects: number }>(
    `SELECT extract(isodow FROM a.created_at AT TIME ZONE coalesce(l.timezone, $4))::int AS dow,
            extract(hour FROM a.created_at AT TIME ZONE coalesce(l.timezone, $4))::int AS hour,
            count(*)::int AS attempts, count(*) FILTER (WHERE d.counts_as_connect)::int AS connects
       FROM attempts a JOIN leads l ON l.id = a.lead_id JOIN dispositions d ON d.workspace_id = a.workspace_id AND d.key = a.disposition_key
      WHERE a.workspace_id = $1 AND a.created_at >= ($2::date::timestamp AT TIME ZONE $4) AND a.created_at < ($3::date::timestamp AT TIME ZONE $4)
      GROUP BY 1, 2`,
    [ws, addDays(weekEnd, -7 * WINDOW_WEEKS), weekEnd, tz],
  )).rows;
  const total = cells.reduce((s, c) => ({ a: s.a + c.attempts, c: s.c + c.connects }), { a: 0, c: 0 });
  const overall = total.a ? total.c / total.a : 0;
  const items = cells
    .filter((c) => c.attempts >= MIN_WINDOW_ATTEMPTS)
    .map((c) => ({ weekday: c.dow, hour: c.hour, attempts: c.attempts, connects: c.connects, rate: c.connects / c.attempts, lower: wilsonLower(c.connects, c.attempts) }))
    .filter((c) => c.lower > overall)
    .sort((x, y) => y.lower - x.lower || y.attempts - x.attempts)
    .slice(0, 3);
  const windows = {
    weeks: WINDOW_WEEKS, items, link: '/dashboard?view=best-time',
    note: items.length ? null : total.a < MIN_WINDOW_ATTEMPTS * 4 ? `Not enough calls yet to name a best window (${total.a} attempts in ${WINDOW_WEEKS} weeks).` : 'No hour stands out from the overall connect rate yet.',
  };

  const changes = headline
    .filter((f) => f.previous !== null && f.delta !== null && Math.max(f.value, f.previous) >= (f.unit === 'ratio' ? 0 : 5))
    .sort((a, b) => Math.abs(b.delta!) - Math.abs(a.delta!))
    .slice(0, 3)
    .map((f) => ({ label: f.label, from: f.previous!, to: f.value, delta: f.delta!, unit: f.unit, link: f.link }));

  const rules = (await tx.query<{ rule_id: string; title: string; uses: number }>(
    `SELECT u.rule_id, r.title, count(*)::int AS uses FROM playbook_rule_uses u JOIN playbook_rules r ON r.id = u.rule_id
      WHERE u.workspace_id = $1 AND u.used_at >= ($2::date::timestamp AT TIME ZONE $4) AND u.used_at < ($3::date::timestamp AT TIME ZONE $4)
      GROUP BY u.rule_id, r.title ORDER BY uses DESC, r.title LIMIT 5`,
    [ws, weekStart, weekEnd, tz],
  )).rows.map((r) => ({ ruleId: r.rule_id, title: r.title, uses: r.uses, link: `/playbook?rule=${r.rule_id}` }));

  return { weekStart, weekEnd: lastDay, timezone: tz, headline, numbers, leadTypes, windows, changes, rules };
}

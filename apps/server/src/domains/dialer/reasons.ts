import type { SqlParams } from '../leads/lead-filters.ts';
import { assertNever } from '../leads/lead-filters.ts';
import type { WorkspaceClock } from '../tasks/index.ts';
import type { ModeQuery } from './modes.ts';

/** "45m", "5h", "3d", "4 months": how long ago, as the queue's "why this lead" says it. */
export function ageSql(since: string, now: string): string {
  const secs = `extract(epoch FROM ${now}::timestamptz - ${since})`;
  return `(CASE WHEN ${secs} < 3600 THEN greatest(1, floor(${secs} / 60))::int || 'm'
    WHEN ${secs} < 86400 THEN floor(${secs} / 3600)::int || 'h'
    WHEN ${secs} < 86400 * 60 THEN floor(${secs} / 86400)::int || 'd'
    ELSE floor(${secs} / 2592000)::int || ' months' END)`;
}

/**
 * The human "why this lead" of a snapshot item, in SQL over the picked row (aliases: l lead,
 * t task, ps stage): "Overdue 3d: Follow up about pricing", "Due today 14:00: Callback",
 * "Fresh lead · added 2d ago", "Showed interest 2d ago", "Nurture: timing, 3 months ago",
 * "From view “Hot Texas”".
 */
export function reasonSql(q: ModeQuery, p: SqlParams, clock: WorkspaceClock): string {
  const now = p.add(clock.now.toJSDate());
  // added on first use: an unreferenced parameter has no type and Postgres refuses the statement
  let tzParam: string | null = null;
  const tz = () => (tzParam ??= p.add(clock.tz));
  const hhmm = (col: string) => `to_char(${col} AT TIME ZONE ${tz()}::text, 'HH24:MI')`;
  switch (q.reasonKind) {
    case 'task':
      return `(CASE WHEN t.due_at < ${now}::timestamptz THEN 'Overdue ' || ${ageSql('t.due_at', now)} ELSE 'Due today ' || ${hhmm('t.due_at')} END || ': ' || t.title)`;
    case 'new':
      return `('Fresh lead · added ' || ${ageSql('l.created_at', now)} || ' ago')`;
    case 'interested': {
      const dayEnd = p.add(clock.dayEnd);
      return `(CASE WHEN l.last_disposition_key = 'meeting_set' AND l.last_attempt_at IS NOT NULL THEN 'Meeting set ' || ${ageSql('l.last_attempt_at', now)} || ' ago'
                    WHEN l.last_disposition_key = 'some_interest' AND l.last_attempt_at IS NOT NULL THEN 'Showed interest ' || ${ageSql('l.last_attempt_at', now)} || ' ago'
                    ELSE 'Stage: ' || coalesce(ps.label, l.stage) END
               || CASE WHEN l.next_task_at < ${dayEnd}::timestamptz THEN ' · due: ' || coalesce(l.next_task_title, 'task') ELSE '' END)`;
    }
    case 'nurture':
      return `(CASE WHEN l.last_disposition_key = 'not_interested' AND l.last_not_interested_reason IN ('money', 'timing') AND l.last_attempt_at IS NOT NULL
                      THEN 'Nurture: ' || l.last_not_interested_reason || ', ' || ${ageSql('l.last_attempt_at', now)} || ' ago'
                    WHEN t.id IS NOT NULL AND t.due_at IS NOT NULL THEN 'Nurture: ' || t.title || ', due ' || to_char(t.due_at AT TIME ZONE ${tz()}::text, 'FMDD Mon')
                    ELSE 'Stage: ' || coalesce(ps.label, l.stage) END)`;
    case 'custom':
      return `${p.add(q.customLabel ?? 'Custom')}::text`;
    default:
      return assertNever(q.reasonKind);
  }
}

/** Prepends the mode's WITH clause (indexed lead match) to our own CTEs. */
export function withCtes(withClause: string, ctes: string): string {
  return withClause ? `${withClause.trimEnd()}, ${ctes}` : `WITH ${ctes}`;
}

/**
 * Keeps only the parameters a statement references, renumbered. The modes build their pick, count
 * and reasons into one parameter list; Postgres refuses a statement with a parameter it never sees
 * ("could not determine data type"), so each statement binds just its own.
 */
export function bindUsed(sql: string, values: unknown[]): { text: string; values: unknown[] } {
  const map = new Map<number, number>();
  const out: unknown[] = [];
  const text = sql.replace(/\$(\d+)\b/g, (_m, d: string) => {
    const n = Number(d);
    let m = map.get(n);
    if (m === undefined) {
      out.push(values[n - 1]);
      m = out.length;
      map.set(n, m);
    }
    return `$${m}`;
  });
  return { text, values: out };
}

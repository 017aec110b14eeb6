import type { LeadFilters, LeadSort } from '@flywheel/contracts';
import { badRequest } from '../../platform/http/errors.ts';

/** Collects positional parameters while a statement is assembled. */
export class SqlParams {
  values: unknown[] = [];
  add(v: unknown): string {
    this.values.push(v);
    return `$${this.values.length}`;
  }
}

/** "a, b,,a" → ["a", "b"] */
export function splitList(s: string | undefined): string[] {
  if (!s) return [];
  return [...new Set(s.split(',').map((x) => x.trim()).filter(Boolean))];
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * What a search looks for: lower-cased text, or the digits of something typed like a phone
 * number, since phones are stored as E.164 ("(415) 555-26" → "41555526").
 */
export function searchNeedle(q: string): string {
  const t = q.trim().toLowerCase();
  const digits = t.replace(/\D/g, '');
  return /^[+\d\s().-]+$/.test(t) && digits.length >= 3 ? digits : t;
}

// lower-cased name, email, phone and city: a stored generated column (0004)
export const SEARCH_EXPR = 'l.search_text';

// start of "today" in the workspace's time zone, as a timestamptz
const todayStart = (ws: string) => `(date_trunc('day', now() AT TIME ZONE (SELECT timezone FROM workspaces WHERE id = ${ws})) AT TIME ZONE (SELECT timezone FROM workspaces WHERE id = ${ws}))`;
const tomorrowStart = (ws: string) =>
  `((date_trunc('day', now() AT TIME ZONE (SELECT timezone FROM workspaces WHERE id = ${ws})) + interval '1 day') AT TIME ZONE (SELECT timezone FROM workspaces WHERE id = ${ws}))`;

export interface FilterScope {
  workspaceId: string;
  userId: string | null;
}

export interface LeadWhere {
  /** conditions on leads aliased l (without the WHERE keyword) */
  where: string;
  /** a WITH clause the statement must start with (the indexed match), or '' */
  withClause: string;
  /** false when only the workspace and not-deleted conditions apply */
  isFiltered: boolean;
}

/**
 * The WHERE clause shared by the list, export and board. Always filters by workspace and hides
 * soft-deleted leads; stage keys are checked against the pipeline by the caller. Search and tags
 * go through lead_match_tids (0004) so their GIN indexes work under RLS; its result is a CTE so a
 * statement that pages and counts calls it once.
 */
export function buildLeadWhere(f: LeadFilters, scope: FilterScope, p: SqlParams): LeadWhere {
  const ws = p.add(scope.workspaceId);
  const where = [`l.workspace_id = ${ws}`, 'l.deleted_at IS NULL'];
  const needle = f.q ? searchNeedle(f.q) : '';
  const stages = splitList(f.stage);
  const tags = splitList(f.tags);
  // trigrams need 3 characters; a shorter needle is matched in place
  const indexedNeedle = needle.length >= 3 ? needle : '';
  if (needle && !indexedNeedle) where.push(`${SEARCH_EXPR} LIKE ${p.add(`%${escapeLike(needle)}%`)}`);
  let withClause = '';
  if (indexedNeedle || tags.length) {
    const args = [ws, p.add(indexedNeedle ? `%${escapeLike(indexedNeedle)}%` : null), p.add(tags.length ? tags : null), p.add(stages.length ? stages : null)];
    withClause = `WITH lead_match AS MATERIALIZED (SELECT ARRAY(SELECT lead_match_tids(${args[0]}, ${args[1]}::text, ${args[2]}::text[], ${args[3]}::text[])) AS tids) `;
    // the cast makes the subquery a scalar array (a TID scan), not an ANY(subquery) row comparison
    where.push('l.ctid = ANY((SELECT tids FROM lead_match)::tid[])');
  }
  if (stages.length) where.push(`l.stage = ANY(${p.add(stages)}::text[])`);
  if (f.owner === 'none') where.push('l.owner_id IS NULL');
  else if (f.owner === 'me') {
    if (!scope.userId) throw badRequest('owner=me needs a signed-in user; API keys have no "me".', { owner: 'API keys have no "me"; use a member id.' });
    where.push(`l.owner_id = ${p.add(scope.userId)}`);
  } else if (f.owner) where.push(`l.owner_id = ${p.add(f.owner)}`);
  if (f.source) where.push(`l.source = ${p.add(f.source)}`);
  if (f.segment) where.push(`l.segment = ${p.add(f.segment)}`);
  switch (f.touched) {
    case undefined:
      break;
    case '7d':
    case '30d':
    case '90d':
      where.push(`l.last_touched_at >= now() - ${p.add(`${parseInt(f.touched, 10)} days`)}::interval`);
      break;
    case 'stale30':
      where.push(`(l.last_touched_at IS NULL OR l.last_touched_at < now() - interval '30 days')`);
      break;
    case 'never':
      where.push('l.last_touched_at IS NULL');
      break;
    default:
      assertNever(f.touched);
  }
  switch (f.nextTask) {
    case undefined:
      break;
    case 'overdue':
      where.push('l.next_task_at < now()');
      break;
    case 'today':
      where.push(`l.next_task_at >= ${todayStart(ws)} AND l.next_task_at < ${tomorrowStart(ws)}`);
      break;
    case 'upcoming':
      where.push(`l.next_task_at >= ${tomorrowStart(ws)}`);
      break;
    case 'none':
      where.push('l.open_task_count = 0');
      break;
    default:
      assertNever(f.nextTask);
  }
  return { where: where.join(' AND '), withClause, isFiltered: where.length > 2 };
}

export function assertNever(x: never): never {
  throw new Error(`unexpected value ${String(x)}`);
}

/**
 * ORDER BY for a sort key, shaped to match an index so a page needs no sort step: the id
 * tie-breaker runs opposite to created_at/updated_at (their 0001/0002 indexes), and an empty value
 * sorts as the extreme it means (never touched = oldest, no value = smallest, no next task =
 * furthest away), one index per column in both directions (0005).
 */
export function buildOrderBy(sort: LeadSort): { orderBy: string; joinStages: boolean } {
  const desc = sort.startsWith('-');
  const key = desc ? sort.slice(1) : sort;
  const dir = desc ? 'DESC' : 'ASC';
  const tie = desc ? 'ASC' : 'DESC';
  switch (key) {
    case 'name':
      return { orderBy: `lower(l.name) ${dir}, l.id ${dir}`, joinStages: false };
    case 'created_at':
    case 'updated_at':
      return { orderBy: `l.${key} ${dir}, l.id ${tie}`, joinStages: false };
    case 'last_touched_at':
    case 'value':
      return { orderBy: `l.${key} ${dir} NULLS ${desc ? 'LAST' : 'FIRST'}, l.id ${dir}`, joinStages: false };
    case 'next_task_at':
      return { orderBy: `l.next_task_at ${dir} NULLS ${desc ? 'FIRST' : 'LAST'}, l.id ${dir}`, joinStages: false };
    case 'stage':
      return { orderBy: `ps.position ${dir}, l.created_at DESC, l.id`, joinStages: true };
    default:
      throw badRequest('Unknown sort.', { sort: `Unknown sort "${sort}".` });
  }
}

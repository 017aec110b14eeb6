import { LeadFiltersSchema, type DialCustomSource, type DialFilters, type DialMode } from '@flywheel/contracts';
import type { Sql } from '../../db/client.ts';
import { badRequest, notFound } from '../../platform/http/errors.ts';
import { buildLeadWhere, SqlParams, assertNever } from '../leads/lead-filters.ts';
import { findVisibleView } from '../leads/saved-view.repo.ts';
import { resolveOwnerFilter, type WorkCtx, type WorkspaceClock } from '../tasks/index.ts';
import { callableNowParams } from './calling-hours.ts';

/**
 * The queue modes as SQL (crm-war-plan Phase 2). Each mode is a `pick` — lead ids (and the task
 * that put them there) in queue order — and a `count` over the same rows. Reasons, contacts and
 * phones are computed after the LIMIT, for the few rows that make the snapshot, never for the
 * 100k that are only counted.
 *
 * Every mode skips deleted, do-not-call and bad-number leads and numbers flagged in phone_flags.
 */
export interface ModeQuery {
  /** WITH clause from the lead-list filters (indexed search/tags), or '' */
  withClause: string;
  /** SELECT lead_id, task_id, source, ord-sorted; LIMIT appended by the caller */
  pick: string;
  count: string;
  /** how the reason text is built for this mode's rows (see reasons.ts) */
  reasonKind: 'task' | 'new' | 'interested' | 'nurture' | 'custom';
  /** for custom: "From view “Hot Texas”", "Stage: Interested" … */
  customLabel?: string;
  label: string;
}

export interface ModeInput {
  mode: DialMode;
  custom?: DialCustomSource;
  filters: DialFilters;
}

const TASK_MODES: ReadonlySet<DialMode> = new Set(['followups', 'callbacks']);

export async function openStageKeys(tx: Sql, workspaceId: string): Promise<{ keys: string[]; labels: Map<string, string> }> {
  const { rows } = await tx.query<{ key: string; label: string; kind: string }>('SELECT key, label, kind FROM pipeline_stages WHERE workspace_id = $1 ORDER BY position', [workspaceId]);
  return { keys: rows.filter((r) => r.kind === 'open').map((r) => r.key), labels: new Map(rows.map((r) => [r.key, r.label])) };
}

/** Conditions on leads l shared by every mode: live, callable, not flagged, and the narrowing filters. */
async function leadConditions(ctx: WorkCtx, p: SqlParams, ws: string, clock: WorkspaceClock, filters: DialFilters, phoneExpr: string, isTaskMode: boolean) {
  const where = [
    `l.workspace_id = ${ws}`, 'l.deleted_at IS NULL', 'l.dnc_at IS NULL', 'l.bad_number_at IS NULL',
    `NOT EXISTS (SELECT 1 FROM phone_flags pf WHERE pf.workspace_id = ${ws} AND pf.phone = ${phoneExpr})`,
  ];
  const joins: string[] = [];
  // in task modes "owner" means whose tasks (below); in lead modes, whose leads
  if (!isTaskMode && filters.owner && filters.owner !== 'all') {
    if (filters.owner === 'none') where.push('l.owner_id IS NULL');
    else if (filters.owner === 'me') {
      if (!ctx.userId) throw badRequest('owner=me needs a signed-in member; use a member id.', { owner: 'API keys have no "me".' });
      where.push(`l.owner_id = ${p.add(ctx.userId)}`);
    } else where.push(`l.owner_id = ${p.add(filters.owner)}`);
  }
  if (filters.segment) where.push(`l.segment = ${p.add(filters.segment)}`);
  if (filters.source) where.push(`l.source = ${p.add(filters.source)}`);
  if (filters.callableNow) {
    const c = await callableNowParams(clock.tz, clock.now.toJSDate());
    // hash joins against the callable zones and area codes: cheap for 100k leads
    joins.push(
      `LEFT JOIN unnest(${p.add(c.zones)}::text[]) AS cz(zone) ON cz.zone = l.timezone`,
      `LEFT JOIN unnest(${p.add(c.prefixes)}::text[], ${p.add(c.prefixOk)}::boolean[]) AS ac(prefix, ok) ON ac.prefix = substr(${phoneExpr}, 1, 5)`,
    );
    where.push(`CASE WHEN nullif(l.timezone, '') IS NOT NULL THEN cz.zone IS NOT NULL WHEN ac.prefix IS NOT NULL THEN ac.ok ELSE ${p.add(c.workspaceOk)}::boolean END`);
  }
  return { where, joins };
}

// the per-mode conditions, shared by each mode's pick/count and by the one-pass counts below
const NEW_COND = 'l.attempt_count = 0';
const INTERESTED_COND = `(l.last_disposition_key IN ('some_interest', 'meeting_set') OR l.stage IN ('interested', 'meeting_set'))`;
/** `n` is the lead's open nurture task (LEFT JOINed), if any. */
const NURTURE_COND = `((l.last_disposition_key = 'not_interested' AND l.last_not_interested_reason IN ('money', 'timing')) OR l.stage = 'nurture' OR n.id IS NOT NULL)`;

function nurtureTaskOwner(ctx: WorkCtx, p: SqlParams): string {
  return ctx.userId ? `AND (nt.owner_id = ${p.add(ctx.userId)} OR nt.owner_id IS NULL)` : '';
}

/** Task modes: whose open tasks (owner defaults to the signed-in rep) and the FROM over tasks t, leads l, contacts tc. */
function taskScope(ctx: WorkCtx, p: SqlParams, ws: string, filters: DialFilters, J: string) {
  const owner = resolveOwnerFilter(ctx, filters.owner, 'me');
  const taskWhere = [`t.workspace_id = ${ws}`, `t.status = 'open'`];
  if (owner.kind === 'user') taskWhere.push(`t.owner_id = ${p.add(owner.id)}`);
  else if (owner.kind === 'none') taskWhere.push('t.owner_id IS NULL');
  return { taskWhere, from: `tasks t JOIN leads l ON l.id = t.lead_id LEFT JOIN contacts tc ON tc.id = t.contact_id ${J}` };
}

function taskModeCond(mode: DialMode, p: SqlParams, clock: WorkspaceClock, now: string): string {
  return mode === 'followups' ? `t.due_at < ${p.add(clock.dayEnd)}` : `(t.kind = 'callback' AND t.due_at <= ${now})`;
}

/** Builds the pick/count SQL of a mode. Parameters accumulate in `p` ($1 = workspace). */
export async function buildModeQuery(ctx: WorkCtx, tx: Sql, p: SqlParams, clock: WorkspaceClock, input: ModeInput): Promise<ModeQuery> {
  const ws = p.add(ctx.workspaceId);
  // added on first use: a parameter neither the pick nor the count references has no type (Postgres refuses it)
  let nowParam: string | null = null;
  const nowRef = () => (nowParam ??= p.add(clock.now.toJSDate()));
  const isTaskMode = TASK_MODES.has(input.mode);
  const phoneExpr = isTaskMode ? 'coalesce(tc.phones[1], l.primary_phone)' : 'l.primary_phone';
  const { where, joins } = await leadConditions(ctx, p, ws, clock, input.filters, phoneExpr, isTaskMode);
  const stages = await openStageKeys(tx, ctx.workspaceId);
  // won/lost leads are never queued by the smart modes (custom may call any stage)
  const openStages = () => `l.stage = ANY(${p.add(stages.keys)}::text[])`;
  const J = joins.join(' ');

  if (isTaskMode) {
    const now = nowRef();
    const t = taskScope(ctx, p, ws, input.filters, J);
    const cond = [...t.taskWhere, taskModeCond(input.mode, p, clock, now), ...where].join(' AND ');
    const from = t.from;
    // one item per lead: its most urgent task (overdue first → priority → due time)
    const urgent = `(t.due_at < ${now}) DESC, t.priority DESC, t.due_at, t.id`;
    return {
      withClause: '',
      pick: `SELECT lead_id, task_id, source FROM (
               SELECT DISTINCT ON (t.lead_id) t.lead_id, t.id AS task_id, CASE WHEN t.kind = 'callback' THEN 'callback' ELSE 'task' END AS source,
                      t.due_at < ${now} AS overdue, t.priority, t.due_at
                 FROM ${from} WHERE ${cond} ORDER BY t.lead_id, ${urgent}
             ) x ORDER BY x.overdue DESC, x.priority DESC, x.due_at, x.lead_id`,
      count: `SELECT count(DISTINCT t.lead_id)::int AS n FROM ${from} WHERE ${cond}`,
      reasonKind: 'task',
      label: input.mode === 'followups' ? 'Follow-ups' : 'Callbacks due',
    };
  }

  const from = `leads l ${J}`;
  switch (input.mode) {
    case 'new': {
      const cond = [...where, NEW_COND, openStages()].join(' AND ');
      return {
        withClause: '', reasonKind: 'new', label: 'New',
        pick: `SELECT l.id AS lead_id, NULL::uuid AS task_id, 'new' AS source FROM ${from} WHERE ${cond} ORDER BY l.created_at, l.id`,
        count: `SELECT count(*)::int AS n FROM ${from} WHERE ${cond}`,
      };
    }
    case 'interested': {
      const cond = [...where, openStages(), INTERESTED_COND].join(' AND ');
      // end of today in the workspace's zone, from the workspace row (a parameter only the ORDER BY used would break the count)
      const dayEnd = `((date_trunc('day', now() AT TIME ZONE (SELECT timezone FROM workspaces WHERE id = ${ws})) + interval '1 day') AT TIME ZONE (SELECT timezone FROM workspaces WHERE id = ${ws}))`;
      return {
        withClause: '', reasonKind: 'interested', label: 'Interested',
        pick: `SELECT l.id AS lead_id, NULL::uuid AS task_id, 'interested' AS source FROM ${from} WHERE ${cond}
                ORDER BY (l.next_task_at IS NOT NULL AND l.next_task_at < ${dayEnd}) DESC, l.last_attempt_at DESC NULLS LAST, l.updated_at DESC, l.id`,
        count: `SELECT count(*)::int AS n FROM ${from} WHERE ${cond}`,
      };
    }
    case 'nurture': {
      const taskOwner = nurtureTaskOwner(ctx, p);
      // each lead's earliest open nurture task, as one hash-joined set (a per-lead lateral probe cost ~0.5 s at 100k leads)
      const nurtureTask = `SELECT DISTINCT ON (nt.lead_id) nt.lead_id, nt.id, nt.due_at FROM tasks nt
        WHERE nt.workspace_id = ${ws} AND nt.status = 'open' AND nt.kind = 'nurture' ${taskOwner} ORDER BY nt.lead_id, nt.due_at NULLS LAST, nt.id`;
      const cond = [...where, openStages(), NURTURE_COND].join(' AND ');
      const nfrom = `${from} LEFT JOIN (${nurtureTask}) n ON n.lead_id = l.id`;
      return {
        withClause: '', reasonKind: 'nurture', label: 'Nurture',
        pick: `SELECT l.id AS lead_id, n.id AS task_id, 'nurture' AS source FROM ${nfrom} WHERE ${cond} ORDER BY n.due_at NULLS LAST, l.last_touched_at NULLS FIRST, l.id`,
        count: `SELECT count(*)::int AS n FROM ${nfrom} WHERE ${cond}`,
      };
    }
    case 'custom': {
      const src = input.custom;
      if (!src) throw badRequest('Custom needs a saved view, a stage or filters.', { custom: 'Choose a saved view, a stage or filters.' });
      let extra: string[] = [];
      let withClause = '';
      let customLabel: string;
      let order = 'l.next_task_at NULLS LAST, l.created_at, l.id';
      if ('leadIds' in src) {
        const known = await tx.query('SELECT 1 FROM leads WHERE workspace_id = $1 AND id = ANY($2::uuid[]) AND deleted_at IS NULL LIMIT 1', [ctx.workspaceId, src.leadIds]);
        if (!known.rows.length) throw notFound('Lead');
        const ids = p.add(src.leadIds);
        extra = [`l.id = ANY(${ids}::uuid[])`];
        order = `array_position(${ids}::uuid[], l.id)`;
        customLabel = 'Picked by you';
      } else if ('stage' in src) {
        if (!stages.labels.has(src.stage)) throw badRequest(`There is no stage "${src.stage}".`, { 'custom.stage': 'Unknown stage.' });
        extra = [`l.stage = ${p.add(src.stage)}`];
        customLabel = `Stage: ${stages.labels.get(src.stage) ?? src.stage}`;
      } else {
        let filters: unknown;
        if ('viewId' in src) {
          const view = await findVisibleView(tx, ctx.workspaceId, ctx.userId, src.viewId);
          if (!view) throw notFound('Saved view');
          filters = view.filters;
          customLabel = `From view “${view.name}”`;
        } else {
          filters = src.filters;
          customLabel = 'From your filters';
        }
        const parsed = LeadFiltersSchema.safeParse(filters);
        if (!parsed.success) throw badRequest(`Those filters are not valid: ${parsed.error.issues[0]?.message ?? 'unknown filter'}.`, { custom: 'Invalid lead filters.' });
        const lw = buildLeadWhere(parsed.data, { workspaceId: ctx.workspaceId, userId: ctx.userId }, p);
        extra = [lw.where];
        withClause = lw.withClause;
      }
      const cond = [...where, ...extra].join(' AND ');
      return {
        withClause, reasonKind: 'custom', customLabel, label: `Custom · ${customLabel}`,
        pick: `SELECT l.id AS lead_id, NULL::uuid AS task_id, 'custom' AS source FROM ${from} WHERE ${cond} ORDER BY ${order}`,
        count: `SELECT count(*)::int AS n FROM ${from} WHERE ${cond}`,
      };
    }
    case 'followups':
    case 'callbacks':
      throw new Error('task modes are handled above');
    default:
      return assertNever(input.mode);
  }
}

/**
 * Every mode's count in one statement (the session-setup cards): one pass over the workspace's
 * leads with `count(*) FILTER (…)` per lead mode (New, Interested, Nurture, Custom with no
 * filters) and one pass over open tasks for Follow-ups and Callbacks due. Each FILTER is exactly
 * the WHERE its mode's pick adds to the shared conditions, so a count is the size of the session
 * that mode would start (up to the session limit). Six separate counts were six scans of 100k leads.
 */
export async function buildModeCounts(ctx: WorkCtx, tx: Sql, p: SqlParams, clock: WorkspaceClock, filters: DialFilters): Promise<string> {
  const ws = p.add(ctx.workspaceId);
  const lead = await leadConditions(ctx, p, ws, clock, filters, 'l.primary_phone', false);
  const task = await leadConditions(ctx, p, ws, clock, filters, 'coalesce(tc.phones[1], l.primary_phone)', true);
  const stages = await openStageKeys(tx, ctx.workspaceId);
  const open = `l.stage = ANY(${p.add(stages.keys)}::text[])`;
  // Custom on the setup screen is "every callable lead under the filters": the lead list's empty filter
  const custom = buildLeadWhere({}, { workspaceId: ctx.workspaceId, userId: ctx.userId }, p);
  const nurtureLeads = `SELECT DISTINCT nt.lead_id, nt.lead_id AS id FROM tasks nt
    WHERE nt.workspace_id = ${ws} AND nt.status = 'open' AND nt.kind = 'nurture' ${nurtureTaskOwner(ctx, p)}`;
  const leadPass = `SELECT count(*) FILTER (WHERE ${NEW_COND} AND ${open})::int AS new,
      count(*) FILTER (WHERE ${open} AND ${INTERESTED_COND})::int AS interested,
      count(*) FILTER (WHERE ${open} AND ${NURTURE_COND})::int AS nurture,
      count(*) FILTER (WHERE ${custom.where})::int AS custom
    FROM leads l ${lead.joins.join(' ')} LEFT JOIN (${nurtureLeads}) n ON n.lead_id = l.id
    WHERE ${lead.where.join(' AND ')}`;
  const scope = taskScope(ctx, p, ws, filters, task.joins.join(' '));
  const now = p.add(clock.now.toJSDate());
  const fu = taskModeCond('followups', p, clock, now);
  const cb = taskModeCond('callbacks', p, clock, now);
  const taskPass = `SELECT count(DISTINCT t.lead_id) FILTER (WHERE ${fu})::int AS followups,
      count(DISTINCT t.lead_id) FILTER (WHERE ${cb})::int AS callbacks
    FROM ${scope.from} WHERE ${[...scope.taskWhere, `(${fu} OR ${cb})`, ...task.where].join(' AND ')}`;
  return `${custom.withClause}SELECT * FROM (${leadPass}) lp CROSS JOIN (${taskPass}) tp`;
}

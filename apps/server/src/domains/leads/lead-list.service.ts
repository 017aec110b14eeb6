import type { z } from 'zod';
import Papa from 'papaparse';
import type { BoardResponse, LeadFacets, LeadFilters, LeadListQuerySchema, LeadListResponse, LeadSort } from '@flywheel/contracts';
import type { Sql } from '../../db/client.ts';
import type { LeadsCtx } from './leads-ctx.ts';
import { toIso, toLeadListItem } from './lead.mapper.ts';
import { getWorkspaceSettings, listStageRows } from './lead.repo.ts';
import { requireStages } from './lead-rules.ts';
import { buildLeadWhere, buildOrderBy, splitList, SqlParams } from './lead-filters.ts';
import {
  countAllLeads, countByStage, countLeads, foldLeadCount, selectBoardLeads, selectExportRows, selectFacetCounts, selectLeadIds, selectLeadPage,
  selectMembers, selectTagCounts, type ExportRow, type LeadQuery,
} from './lead-list.repo.ts';

type ListQuery = z.output<typeof LeadListQuerySchema>;

/** Validates the filters against this workspace (stage keys, "me") and assembles the statement parts. */
async function prepareQuery(tx: Sql, ctx: LeadsCtx, filters: LeadFilters, sort: LeadSort): Promise<LeadQuery> {
  const stages = splitList(filters.stage);
  if (stages.length) requireStages(await listStageRows(tx, ctx.workspaceId), stages, 'stage');
  const p = new SqlParams();
  const where = buildLeadWhere(filters, { workspaceId: ctx.workspaceId, userId: ctx.userId }, p);
  return { ...where, params: p.values, ...buildOrderBy(sort) };
}

export function listLeads(ctx: LeadsCtx, query: ListQuery): Promise<LeadListResponse> {
  return ctx.tx(async (tx) => {
    const q = await prepareQuery(tx, ctx, query, query.sort);
    const rows = await selectLeadPage(tx, q, query.limit, query.offset);
    // each row carries the total; only a page past the end needs its own count
    let total: number;
    if (rows.length) total = Number(rows[0].total);
    else if (query.offset === 0) total = 0;
    else total = q.isFiltered ? await countLeads(tx, q) : await countAllLeads(tx, ctx.workspaceId);
    if (Number(rows[0]?.total_parts ?? 0) > 50) await foldLeadCount(tx, ctx.workspaceId);
    return { data: rows.map(toLeadListItem), total };
  });
}

const EXPORT_BATCH = 2000;
const CSV_HEADER = [
  'id', 'name', 'stage', 'stage_label', 'owner_name', 'owner_email', 'source', 'segment', 'tags', 'value', 'primary_email', 'primary_phone',
  'website', 'address', 'city', 'region', 'postal_code', 'country', 'timezone', 'last_touched_at', 'next_task_at', 'next_task_title',
  'open_task_count', 'created_at', 'updated_at',
];
// Cells a spreadsheet would run as a formula get a leading ' (lead data comes from web forms and
// imports); "+14155552671" and "-12.50" stay as they are.
const FORMULA_RE = /^(?:[=@\t\r]|[+-](?![\d\s().-]*$))/;

function toCsvCells(r: ExportRow): (string | number | null)[] {
  return [
    r.id, r.name, r.stage, r.stage_label, r.owner_name, r.owner_email, r.source, r.segment, r.tags.join(', '), r.value === null ? null : Number(r.value),
    r.primary_email, r.primary_phone, r.website, r.address, r.city, r.region, r.postal_code, r.country, r.timezone, toIso(r.last_touched_at),
    toIso(r.next_task_at), r.next_task_title, Number(r.open_task_count), toIso(r.created_at), toIso(r.updated_at),
  ];
}

const unparse = (rows: (string | number | null)[][]) => `${Papa.unparse(rows, { newline: '\r\n', escapeFormulae: FORMULA_RE })}\r\n`;

/**
 * Fixes the set and order of exported leads up front (so validation errors are a 400 before any
 * byte is sent), then the CSV is produced in batches, each in its own short transaction so a slow
 * download never holds a connection (or PGlite's only one) open.
 */
export async function prepareLeadsCsv(ctx: LeadsCtx, filters: LeadFilters, sort: LeadSort): Promise<{ filename: string; chunks: AsyncGenerator<string> }> {
  const { ids, timezone } = await ctx.tx(async (tx) => ({
    ids: await selectLeadIds(tx, await prepareQuery(tx, ctx, filters, sort)),
    timezone: (await getWorkspaceSettings(tx, ctx.workspaceId)).timezone,
  }));
  // the date the user sees on their calendar, in the workspace's time zone
  const date = new Intl.DateTimeFormat('en-CA', { timeZone: timezone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
  async function* chunks() {
    yield unparse([CSV_HEADER]);
    for (let i = 0; i < ids.length; i += EXPORT_BATCH) {
      const rows = await ctx.tx((tx) => selectExportRows(tx, ctx.workspaceId, ids.slice(i, i + EXPORT_BATCH)));
      if (rows.length) yield unparse(rows.map(toCsvCells));
    }
  }
  return { filename: `leads-${date}.csv`, chunks: chunks() };
}

export function getFacets(ctx: LeadsCtx): Promise<LeadFacets> {
  const ws = ctx.workspaceId;
  return ctx.tx(async (tx) => {
    const stages = await listStageRows(tx, ws);
    const counts = await selectFacetCounts(tx, ws);
    return {
      sources: counts.sources,
      segments: counts.segments,
      tags: await selectTagCounts(tx, ws),
      owners: await selectMembers(tx, ws),
      stages: stages.map((s) => ({ key: s.key, label: s.label, kind: s.kind, color: s.color, count: counts.stages.get(s.key) ?? 0 })),
    };
  });
}

export const BOARD_LEADS_PER_STAGE = 50;

/** Kanban columns; with a stage filter only those stages are shown. */
export function getBoard(ctx: LeadsCtx, filters: LeadFilters): Promise<BoardResponse> {
  return ctx.tx(async (tx) => {
    const stages = await listStageRows(tx, ctx.workspaceId);
    const keys = splitList(filters.stage);
    requireStages(stages, keys, 'stage');
    const p = new SqlParams();
    const q = { ...buildLeadWhere(filters, { workspaceId: ctx.workspaceId, userId: ctx.userId }, p), params: p.values };
    const shown = keys.length ? stages.filter((s) => keys.includes(s.key)) : stages;
    const counts = await countByStage(tx, q);
    const leads = await selectBoardLeads(tx, q, shown.map((s) => s.key), BOARD_LEADS_PER_STAGE);
    return {
      stages: shown.map((s) => ({
        key: s.key, label: s.label, kind: s.kind, color: s.color, count: counts.get(s.key)?.count ?? 0, totalValue: counts.get(s.key)?.totalValue ?? 0,
        leads: leads.filter((l) => l.board_stage === s.key).map(toLeadListItem),
      })),
    };
  });
}

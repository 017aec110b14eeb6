import type { Sql } from '../../db/client.ts';
import { LEAD_FROM, LIST_COLUMNS, type LeadDetailRow, type LeadListRow } from './lead.mapper.ts';

export interface LeadQuery {
  where: string;
  isFiltered: boolean;
  /** prefix from buildLeadWhere (the indexed search/tag match) */
  withClause: string;
  params: unknown[];
  orderBy: string;
  joinStages: boolean;
}
type FilterPart = Pick<LeadQuery, 'where' | 'withClause' | 'params'>;

// The unfiltered total comes from the running count kept by triggers (0004) instead of counting
// 100k index entries per request; `parts` tells when its delta rows want folding.
const RUNNING_TOTAL = (ws: string) =>
  `(SELECT coalesce(sum(delta), 0)::bigint FROM lead_count_deltas WHERE workspace_id = ${ws}) AS total,
   (SELECT count(*)::int FROM lead_count_deltas WHERE workspace_id = ${ws}) AS total_parts`;

/** Exact number of live leads in the workspace (the running count). */
export async function countAllLeads(tx: Sql, workspaceId: string): Promise<number> {
  const { rows } = await tx.query<{ total: string | number }>(`SELECT ${RUNNING_TOTAL('$1')}`, [workspaceId]);
  return Number(rows[0].total);
}

/** Folds a workspace's count deltas into one row; concurrent folds delete disjoint rows, so the sum holds. */
export async function foldLeadCount(tx: Sql, workspaceId: string): Promise<void> {
  await tx.query(
    `WITH gone AS (DELETE FROM lead_count_deltas WHERE workspace_id = $1 RETURNING delta)
     INSERT INTO lead_count_deltas (workspace_id, delta) SELECT $1, sum(delta) FROM gone HAVING count(*) > 0`,
    [workspaceId],
  );
}

const fromClause = (q: LeadQuery) => `${LEAD_FROM}${q.joinStages ? ' JOIN pipeline_stages ps ON ps.workspace_id = l.workspace_id AND ps.key = l.stage' : ''}`;

export type PageRow = LeadListRow & { total: string | number; total_parts?: number };

/**
 * One page, with the exact total of all matches computed in the same statement (one round trip;
 * the indexed match CTE is evaluated once for both). `$1` is always the workspace id.
 */
export async function selectLeadPage(tx: Sql, q: LeadQuery, limit: number, offset: number): Promise<PageRow[]> {
  const n = q.params.length;
  const total = q.isFiltered ? `(SELECT count(*)::int FROM leads l WHERE ${q.where}) AS total` : RUNNING_TOTAL('$1');
  const { rows } = await tx.query<PageRow>(
    `${q.withClause}SELECT ${LIST_COLUMNS}, ${total} FROM ${fromClause(q)} WHERE ${q.where} ORDER BY ${q.orderBy} LIMIT $${n + 1} OFFSET $${n + 2}`,
    [...q.params, limit, offset],
  );
  return rows;
}

export async function countLeads(tx: Sql, q: FilterPart): Promise<number> {
  const { rows } = await tx.query<{ n: number }>(`${q.withClause}SELECT count(*)::int AS n FROM leads l WHERE ${q.where}`, q.params);
  return Number(rows[0].n);
}

/** Ids of every matching lead in order: the export fixes its row set first, then reads it in batches. */
export async function selectLeadIds(tx: Sql, q: LeadQuery): Promise<string[]> {
  const { rows } = await tx.query<{ id: string }>(`${q.withClause}SELECT l.id FROM ${fromClause(q)} WHERE ${q.where} ORDER BY ${q.orderBy}`, q.params);
  return rows.map((r) => r.id);
}

export interface ExportRow extends LeadListRow, Pick<LeadDetailRow, 'website' | 'address' | 'region' | 'postal_code' | 'country' | 'timezone'> {
  stage_label: string;
  owner_email: string | null;
}

/** Rows for a batch of ids, in the order given; leads deleted since the ids were taken drop out. */
export async function selectExportRows(tx: Sql, workspaceId: string, ids: string[]): Promise<ExportRow[]> {
  const { rows } = await tx.query<ExportRow>(
    `SELECT ${LIST_COLUMNS}, ps.label AS stage_label, u.email AS owner_email, l.website, l.address, l.region, l.postal_code, l.country, l.timezone
       FROM unnest($2::uuid[]) WITH ORDINALITY AS x(id, ord)
       JOIN leads l ON l.id = x.id AND l.workspace_id = $1 AND l.deleted_at IS NULL
       LEFT JOIN users u ON u.id = l.owner_id
       LEFT JOIN pipeline_stages ps ON ps.workspace_id = l.workspace_id AND ps.key = l.stage
      ORDER BY x.ord`,
    [workspaceId, ids],
  );
  return rows;
}

export async function countByStage(tx: Sql, q: FilterPart): Promise<Map<string, { count: number; totalValue: number }>> {
  const { rows } = await tx.query<{ stage: string; n: number; total: number }>(
    `${q.withClause}SELECT l.stage, count(*)::int AS n, coalesce(sum(l.value), 0)::float8 AS total FROM leads l WHERE ${q.where} GROUP BY l.stage`,
    q.params,
  );
  return new Map(rows.map((r) => [r.stage, { count: Number(r.n), totalValue: Number(r.total) }]));
}

/** The first `perStage` leads of each listed stage by most recently updated (the board's columns). */
export async function selectBoardLeads(tx: Sql, q: FilterPart, stageKeys: string[], perStage: number): Promise<(LeadListRow & { board_stage: string })[]> {
  const n = q.params.length;
  const { rows } = await tx.query<LeadListRow & { board_stage: string }>(
    `${q.withClause}SELECT s.key AS board_stage, x.* FROM unnest($${n + 1}::text[]) AS s(key)
       CROSS JOIN LATERAL (
         SELECT ${LIST_COLUMNS} FROM ${LEAD_FROM}
          WHERE ${q.where} AND l.stage = s.key
          ORDER BY l.updated_at DESC, l.id ASC LIMIT $${n + 2}
       ) x`,
    [...q.params, stageKeys, perStage],
  );
  return rows;
}

export interface FacetCounts {
  sources: { value: string; count: number }[];
  segments: { value: string; count: number }[];
  stages: Map<string, number>;
}

/** Source, segment and stage counts of live leads in one pass over the workspace (grouping sets). */
export async function selectFacetCounts(tx: Sql, workspaceId: string): Promise<FacetCounts> {
  const { rows } = await tx.query<{ source: string | null; segment: string | null; stage: string | null; g: number; n: number }>(
    `SELECT source, segment, stage, GROUPING(source, segment, stage) AS g, count(*)::int AS n
       FROM leads WHERE workspace_id = $1 AND deleted_at IS NULL
      GROUP BY GROUPING SETS ((source), (segment), (stage))`,
    [workspaceId],
  );
  const list = (pick: (r: (typeof rows)[number]) => string | null, g: number) =>
    rows
      .filter((r) => Number(r.g) === g)
      .flatMap((r) => {
        const value = pick(r);
        return value ? [{ value, count: Number(r.n) }] : [];
      })
      .sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0))
      .slice(0, 500);
  // GROUPING() sets a bit for each column not grouped in that set: source → 0b011, segment → 0b101, stage → 0b110
  return {
    sources: list((r) => r.source, 0b011),
    segments: list((r) => r.segment, 0b101),
    stages: new Map(rows.filter((r) => Number(r.g) === 0b110 && r.stage).map((r) => [r.stage ?? '', Number(r.n)])),
  };
}

export async function selectTagCounts(tx: Sql, workspaceId: string): Promise<{ value: string; count: number }[]> {
  // unnest in the select list (one set-returning projection) is about a third cheaper than a lateral join per row
  const { rows } = await tx.query<{ value: string; count: number }>(
    `SELECT t AS value, count(*)::int AS count
       FROM (SELECT unnest(tags) AS t FROM leads WHERE workspace_id = $1 AND deleted_at IS NULL AND tags <> '{}') x
      GROUP BY t ORDER BY count(*) DESC, t LIMIT 500`,
    [workspaceId],
  );
  return rows.map((r) => ({ value: r.value, count: Number(r.count) }));
}

export async function selectMembers(tx: Sql, workspaceId: string): Promise<{ id: string; name: string; email: string }[]> {
  const { rows } = await tx.query<{ id: string; name: string; email: string }>(
    `SELECT u.id, u.name, u.email FROM memberships m JOIN users u ON u.id = m.user_id WHERE m.workspace_id = $1 ORDER BY lower(coalesce(nullif(u.name, ''), u.email))`,
    [workspaceId],
  );
  return rows;
}

export async function countLeadsPerStage(tx: Sql, workspaceId: string): Promise<Map<string, number>> {
  const { rows } = await tx.query<{ stage: string; n: number }>(
    'SELECT stage, count(*)::int AS n FROM leads WHERE workspace_id = $1 AND deleted_at IS NULL GROUP BY stage',
    [workspaceId],
  );
  return new Map(rows.map((r) => [r.stage, Number(r.n)]));
}

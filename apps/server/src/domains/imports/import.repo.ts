import { ImportMappingSchema, ImportSourceSchema, ImportStatusSchema, type ImportCounts, type ImportMapping, type ImportRecord, type ImportSource } from '@flywheel/contracts';
import type { Sql } from '../../db/client.ts';

export interface ImportRow {
  id: string;
  workspace_id: string;
  user_id: string | null;
  filename: string;
  source: string;
  status: string;
  mapping: unknown;
  options: unknown;
  file_path: string | null;
  total_rows: number;
  processed_rows: number;
  imported: number;
  updated: number;
  skipped: number;
  rejected: number;
  report_path: string | null;
  error: string | null;
  created_at: Date | string;
  started_at: Date | string | null;
  finished_at: Date | string | null;
}

const COLUMNS = `id, workspace_id, user_id, filename, source, status, mapping, options, file_path, total_rows, processed_rows,
  imported, updated, skipped, rejected, report_path, error, created_at, started_at, finished_at`;

export async function insertImport(tx: Sql, r: { id: string; workspaceId: string; userId: string | null; filename: string; source: ImportSource; filePath: string; totalRows: number }) {
  await tx.query(
    `INSERT INTO imports (id, workspace_id, user_id, filename, source, status, file_path, total_rows) VALUES ($1, $2, $3, $4, $5, 'uploaded', $6, $7)`,
    [r.id, r.workspaceId, r.userId, r.filename, r.source, r.filePath, r.totalRows],
  );
}

export async function findImport(tx: Sql, workspaceId: string, id: string): Promise<ImportRow | null> {
  const { rows } = await tx.query<ImportRow>(`SELECT ${COLUMNS} FROM imports WHERE workspace_id = $1 AND id = $2`, [workspaceId, id]);
  return rows[0] ?? null;
}

export async function listImports(tx: Sql, workspaceId: string, limit = 50): Promise<ImportRow[]> {
  const { rows } = await tx.query<ImportRow>(`SELECT ${COLUMNS} FROM imports WHERE workspace_id = $1 ORDER BY created_at DESC, id LIMIT $2`, [workspaceId, limit]);
  return rows;
}

export async function markQueued(tx: Sql, workspaceId: string, id: string, mapping: ImportMapping, options: unknown) {
  await tx.query(`UPDATE imports SET status = 'queued', mapping = $3, options = $4, error = NULL, finished_at = NULL WHERE workspace_id = $1 AND id = $2`,
    [workspaceId, id, JSON.stringify(mapping), JSON.stringify(options)]);
}

/** A run beats every batch (a couple of seconds); this long without one means its process died. */
export const STALE_AFTER_SECONDS = 120;

/**
 * Claims the import for this run, atomically: only a queued or failed import, or a running one
 * whose heartbeat went stale, can be claimed. Returns the row, or null when another run owns it.
 */
export async function claimRun(tx: Sql, workspaceId: string, id: string): Promise<ImportRow | null> {
  const { rows } = await tx.query<ImportRow>(
    `UPDATE imports SET status = 'running', error = NULL, heartbeat_at = now(), started_at = coalesce(started_at, now())
      WHERE workspace_id = $1 AND id = $2
        AND (status IN ('queued', 'failed') OR (status = 'running' AND (heartbeat_at IS NULL OR heartbeat_at < now() - make_interval(secs => $3))))
      RETURNING ${COLUMNS}`,
    [workspaceId, id, STALE_AFTER_SECONDS],
  );
  return rows[0] ?? null;
}

export async function saveProgress(tx: Sql, workspaceId: string, id: string, processed: number, c: ImportCounts) {
  await tx.query(
    `UPDATE imports SET processed_rows = $3, imported = $4, updated = $5, skipped = $6, rejected = $7, heartbeat_at = now() WHERE workspace_id = $1 AND id = $2`,
    [workspaceId, id, processed, c.imported, c.updated, c.skipped, c.rejected],
  );
}

export async function markFinished(tx: Sql, workspaceId: string, id: string, r: { status: 'done' | 'failed'; reportPath?: string | null; error?: string | null }) {
  await tx.query(
    `UPDATE imports SET status = $3, report_path = coalesce($4, report_path), error = $5, finished_at = now() WHERE workspace_id = $1 AND id = $2`,
    [workspaceId, id, r.status, r.reportPath ?? null, r.error ?? null],
  );
}

export async function findSavedMapping(tx: Sql, workspaceId: string, source: ImportSource): Promise<Record<string, unknown> | null> {
  const { rows } = await tx.query<{ mapping: unknown }>('SELECT mapping FROM import_mappings WHERE workspace_id = $1 AND source = $2', [workspaceId, source]);
  const m = rows[0]?.mapping;
  return typeof m === 'object' && m !== null && !Array.isArray(m) ? (m as Record<string, unknown>) : null;
}

export async function upsertMapping(tx: Sql, workspaceId: string, source: ImportSource, mapping: ImportMapping) {
  await tx.query(
    `INSERT INTO import_mappings (workspace_id, source, mapping, updated_at) VALUES ($1, $2, $3, now())
     ON CONFLICT (workspace_id, source) DO UPDATE SET mapping = excluded.mapping, updated_at = now()`,
    [workspaceId, source, JSON.stringify(mapping)],
  );
}

export async function listMappings(tx: Sql, workspaceId: string) {
  const { rows } = await tx.query<{ source: string; mapping: unknown; updated_at: Date | string }>(
    'SELECT source, mapping, updated_at FROM import_mappings WHERE workspace_id = $1 ORDER BY source', [workspaceId]);
  return rows.flatMap((r) => {
    const source = ImportSourceSchema.safeParse(r.source);
    const mapping = ImportMappingSchema.safeParse(r.mapping);
    return source.success && mapping.success ? [{ source: source.data, mapping: mapping.data, updatedAt: iso(r.updated_at) }] : [];
  });
}

const iso = (d: Date | string) => new Date(d).toISOString();

export const countsOf = (r: ImportRow): ImportCounts => ({ imported: r.imported, updated: r.updated, skipped: r.skipped, rejected: r.rejected });

export function toRecord(r: ImportRow): ImportRecord {
  const source = ImportSourceSchema.safeParse(r.source);
  return {
    id: r.id, filename: r.filename, source: source.success ? source.data : 'generic', status: ImportStatusSchema.parse(r.status), userId: r.user_id,
    totalRows: r.total_rows, processedRows: r.processed_rows, progress: r.total_rows > 0 ? Math.min(1, r.processed_rows / r.total_rows) : r.status === 'done' ? 1 : 0,
    ...countsOf(r), error: r.error, hasReport: r.report_path !== null, reportUrl: r.report_path !== null ? `/api/v1/imports/${r.id}/rejected.csv` : null,
    createdAt: iso(r.created_at), startedAt: r.started_at ? iso(r.started_at) : null, finishedAt: r.finished_at ? iso(r.finished_at) : null,
  };
}

import type { ImportMapping, ImportOptions, ImportPreviewRow } from '@flywheel/contracts';
import type { Db, Tx } from '../../../db/client.ts';
import { withWorkspace } from '../../../platform/tenancy/with-workspace.ts';
import { validateMapping } from '../mapping/auto-map.ts';
import type { TableSource } from '../parse/source.ts';
import { openTable } from '../parse/table.ts';
import { loadWorkspaceContext, ownerResolver, resolveOptions, stageResolver } from './context.ts';
import { loadExisting } from './dedupe.ts';
import { Planner, type PlannedRow } from './plan.ts';
import { RejectedReport, type RejectedRow } from './report.ts';
import { compileMapping, transformRow } from './transform.ts';
import { writeBatch, type WriteContext } from './write.ts';

export interface RowCounts {
  create: number;
  update: number;
  skip: number;
  reject: number;
}

export interface Progress {
  processed: number;
  counts: RowCounts;
}

export interface RunImportParams {
  db: Db;
  workspaceId: string;
  /** The imports row: stamped on every lead, and where progress is committed (ignored by a dry run). */
  importId: string;
  source: TableSource;
  filename: string;
  mapping: ImportMapping;
  options: ImportOptions;
  actor: { userId: string | null; label: string };
  /** Plan everything, write nothing (the preview). */
  dryRun?: boolean;
  /** Where rejected rows go (not for dry runs). */
  reportPath?: string;
  /** Rows already committed by an interrupted run, with their counts: they are not planned again. */
  resume?: Progress;
  batchSize?: number;
  previewLimit?: number;
  /** Runs inside each batch's transaction: the caller commits progress atomically with the rows. */
  onBatch?: (p: Progress, tx: Tx) => Promise<void>;
  /** Called after each batch is committed and its rejected rows reported. */
  onProgress?: (p: Progress) => Promise<void> | void;
}

export interface RunImportResult extends Progress {
  preview: ImportPreviewRow[];
  rejectedRows: number;
}

const previewRow = (p: PlannedRow): ImportPreviewRow => {
  if (p.status === 'reject') return { row: p.row, status: 'reject', reason: p.reason, warnings: p.warnings, name: null, email: null, phone: null };
  const { c } = p;
  return {
    row: c.row, status: p.status, reason: p.status === 'create' ? null : p.reason, warnings: c.warnings,
    name: c.leadName, email: c.contact?.emails[0] ?? null, phone: c.contact?.phones[0] ?? null,
  };
};

/**
 * The import engine, shared by the preview, the job and the CLI: streams the table, turns each
 * row into a plan (create / update / skip / reject) and, unless dry, commits every batch in its
 * own workspace-scoped transaction together with the import's progress — so a crash loses at most
 * the batch in flight and a resumed run continues after the last committed row.
 */
export async function runImport(p: RunImportParams): Promise<RunImportResult> {
  const batchSize = p.batchSize ?? 2000;
  const table = await openTable(p.source, p.filename);
  try {
    const mapping = validateMapping(table.headers, p.mapping);
    const compiled = compileMapping(table.headers, mapping);
    const { ws, existing } = await withWorkspace(p.db, p.workspaceId, async (tx) => {
      const ws = await loadWorkspaceContext(tx, p.workspaceId);
      return { ws, existing: await loadExisting(tx, p.workspaceId, p.importId, ws.defaultCountry) };
    });
    const opts = resolveOptions(ws, p.options);
    const rowCtx = {
      headers: table.headers, maxWidth: table.info.format === 'csv' ? table.width : null, defaultCountry: ws.defaultCountry,
      resolveStage: stageResolver(ws.stages), resolveOwner: ownerResolver(ws.members),
      defaultStageLabel: opts.defaultStageLabel, hasDefaultOwner: opts.defaultOwnerId !== null,
    };
    const writeCtx: WriteContext = {
      workspaceId: p.workspaceId, importId: p.importId, filename: p.filename, actorUserId: p.actor.userId, actorLabel: p.actor.label,
      defaultStage: opts.defaultStage, defaultOwnerId: opts.defaultOwnerId, extraTags: opts.extraTags,
    };
    const planner = new Planner(existing.index, opts.dedupe, p.resume ? existing.importLeads : new Map());
    const counts: RowCounts = { ...(p.resume?.counts ?? { create: 0, update: 0, skip: 0, reject: 0 }) };
    const skipRows = p.resume?.processed ?? 0;
    const report = !p.dryRun && p.reportPath ? await RejectedReport.open(p.reportPath, table.headers, counts.reject) : null;
    const preview: ImportPreviewRow[] = [];
    const previewLimit = p.previewLimit ?? 50;
    let seen = 0;
    let processed = skipRows;
    let batch: PlannedRow[] = [];
    // Writing batch N overlaps planning batch N+1 (PostgreSQL works in its own process meanwhile);
    // at most one batch is in flight and batches commit in file order. Rows the database refused
    // in the per-row fallback move from their planned outcome to rejected via `corrections`.
    let inflight: Promise<void> | null = null;
    const corrections: RowCounts = { create: 0, update: 0, skip: 0, reject: 0 };

    const flush = async () => {
      if (batch.length === 0) return;
      const rows = batch;
      batch = [];
      if (p.dryRun) return;
      const at = { processed, counts: { ...counts } };
      const previous = inflight;
      const current = (async () => {
        await previous;
        await commitBatch(p, writeCtx, rows, at, corrections, report);
        await p.onProgress?.({ processed: at.processed, counts: addCounts(at.counts, corrections) });
      })();
      current.catch(() => undefined); // handled where it is awaited; never an unhandled rejection
      inflight = current;
      await previous;
    };

    try {
      for await (const r of table.rows) {
        if (++seen <= skipRows) continue;
        const planned = planner.plan(transformRow(r, compiled, rowCtx));
        counts[planned.status]++;
        processed++;
        if (preview.length < previewLimit) preview.push(previewRow(planned));
        batch.push(planned);
        if (batch.length >= batchSize) await flush();
      }
      await flush();
      await inflight;
    } finally {
      // a failed read must not leave a write running on its own
      await (inflight as Promise<void> | null)?.catch(() => undefined);
    }
    const final = addCounts(counts, corrections);
    if (report && final.reject === 0) await report.remove();
    return { processed, counts: final, preview, rejectedRows: final.reject };
  } finally {
    await table.close();
  }
}

const addCounts = (a: RowCounts, b: RowCounts): RowCounts => ({ create: a.create + b.create, update: a.update + b.update, skip: a.skip + b.skip, reject: a.reject + b.reject });

/**
 * Writes a batch and its progress atomically. The batch's rejected rows are appended to the report
 * before the commit, so a run that dies in between leaves extra lines that the resumed run drops
 * (RejectedReport.open keeps as many as the committed count), never missing ones.
 * If the batch fails as a whole (something the validation did not foresee), each row is retried
 * on its own so one bad row is rejected with the database's reason and its neighbours are saved.
 */
async function commitBatch(p: RunImportParams, ctx: WriteContext, rows: PlannedRow[], at: Progress, corrections: RowCounts, report: RejectedReport | null) {
  const rejected: RejectedRow[] = rows.flatMap((r) => (r.status === 'reject' ? [{ row: r.row, cells: r.cells, reason: r.reason }] : []));
  const mark = report ? await report.size() : 0;
  try {
    await withWorkspace(p.db, p.workspaceId, async (tx) => {
      await writeBatch(tx, ctx, rows);
      await report?.append(rejected);
      await p.onBatch?.({ processed: at.processed, counts: addCounts(at.counts, corrections) }, tx);
    });
    return;
  } catch {
    await report?.rewind(mark); // this batch's lines are written again below
  }
  for (const r of rows) {
    if (r.status !== 'create' && r.status !== 'update') continue;
    try {
      await withWorkspace(p.db, p.workspaceId, (tx) => writeBatch(tx, ctx, [r]));
    } catch (err) {
      corrections[r.status]--;
      corrections.reject++;
      rejected.push({ row: r.c.row, cells: r.c.cells, reason: `Could not be saved: ${err instanceof Error ? err.message : String(err)}` });
    }
  }
  rejected.sort((a, b) => a.row - b.row);
  await withWorkspace(p.db, p.workspaceId, async (tx) => {
    await report?.append(rejected);
    await p.onBatch?.({ processed: at.processed, counts: addCounts(at.counts, corrections) }, tx);
  });
}

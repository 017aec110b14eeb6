import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { z } from 'zod';
import {
  IMPORT_FIELDS, ImportMappingSchema, ImportOptionsSchema, type ImportCounts, type ImportOptions, type ImportPreviewRequest,
  type ImportPreviewResponse, type ImportProgressEvent, type ImportRecord, type ImportRunRequest, type ImportStatus, type ImportUploadResponse,
} from '@flywheel/contracts';
import type { Deps } from '../../platform/deps.ts';
import { AppError, badRequest, conflict, notFound } from '../../platform/http/errors.ts';
import { withWorkspace } from '../../platform/tenancy/with-workspace.ts';
import type { Sql } from '../../db/client.ts';
import { loadWorkspaceContext, resolveOptions } from './engine/context.ts';
import { runImport, type Progress, type RowCounts } from './engine/run.ts';
import { detectSource, mergeMapping, validateMapping } from './mapping/auto-map.ts';
import { ImportFileError } from './parse/source.ts';
import { inspectTable, openTable, type TableSummary } from './parse/table.ts';
import * as repo from './import.repo.ts';

export const IMPORT_JOB = 'imports.run';
export const MAX_UPLOAD_MB = 100;
export const MAX_UPLOAD_BYTES = MAX_UPLOAD_MB * 1024 * 1024;

export interface Actor {
  userId: string | null;
  label: string;
}

// What the job needs besides the options: who started it (API keys and the CLI have no user).
const StoredOptionsSchema = ImportOptionsSchema.extend({ actorLabel: z.string().default('Import') });

const relDir = (id: string) => path.join('imports', id);
const inDataDir = (deps: Deps, rel: string) => path.join(deps.config.dataDir, rel);
const toCounts = (c: RowCounts): ImportCounts => ({ imported: c.create, updated: c.update, skipped: c.skip, rejected: c.reject });

/** A display name for the upload: no directories, no control characters. */
export const safeFilename = (name: string) =>
  [...path.basename(name.replace(/\\/g, '/'))].filter((ch) => ch >= ' ' && ch !== '"').join('').slice(0, 200) || 'upload';

/** Any failure to read what the user uploaded is their file's problem (400), never a 500. */
async function readingFile<T>(deps: Deps, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof AppError) throw err;
    if (err instanceof ImportFileError) throw badRequest(err.message, { file: err.message });
    deps.log.warn({ err }, 'unreadable import file');
    throw badRequest('This file could not be read as a table. Export it as CSV or Excel (.xlsx) and upload it again.', { file: 'Unreadable file.' });
  }
}

/**
 * What went wrong while receiving the bytes: too large, or a broken/aborted multipart body (the
 * client's problem, 400); the disk failing while writing (an errno with a syscall) is ours.
 */
export function uploadError(err: unknown): unknown {
  if (err instanceof AppError) return err;
  const e = typeof err === 'object' && err !== null ? (err as { code?: unknown; syscall?: unknown }) : {};
  if (e.code === 'FST_REQ_FILE_TOO_LARGE') {
    return badRequest(`The file is larger than ${MAX_UPLOAD_MB} MB. Split it into smaller files and import them one after another.`, { file: 'Too large.' });
  }
  if (typeof e.syscall === 'string') return err;
  return badRequest('The upload was incomplete or malformed. Try again.', { file: 'Incomplete upload.' });
}

/** Stores an upload under the data dir, reads its header and rows, and proposes a mapping. */
export async function receiveUpload(deps: Deps, workspaceId: string, actor: Actor, upload: { filename: string; stream: Readable; truncated: () => boolean }): Promise<ImportUploadResponse> {
  const id = crypto.randomUUID();
  const dir = inDataDir(deps, relDir(id));
  const filename = safeFilename(upload.filename);
  await fs.promises.mkdir(dir, { recursive: true });
  try {
    const part = path.join(dir, 'upload.part');
    await pipeline(upload.stream, fs.createWriteStream(part)).catch((err: unknown) => {
      throw uploadError(err);
    });
    if (upload.truncated()) throw uploadError({ code: 'FST_REQ_FILE_TOO_LARGE' });
    const summary: TableSummary = await readingFile(deps, () => inspectTable({ path: part }, filename));
    const rel = path.join(relDir(id), `source.${summary.format}`);
    await fs.promises.rename(part, inDataDir(deps, rel));
    const detectedSource = detectSource(summary.headers);
    const saved = await withWorkspace(deps.db, workspaceId, async (tx) => {
      await repo.insertImport(tx, { id, workspaceId, userId: actor.userId, filename, source: detectedSource, filePath: rel, totalRows: summary.totalRows });
      return repo.findSavedMapping(tx, workspaceId, detectedSource);
    });
    const { mapping, origin } = mergeMapping(summary.headers, saved);
    return {
      importId: id, filename, format: summary.format, encoding: summary.encoding, delimiter: summary.delimiter, headers: summary.headers,
      sampleRows: summary.sampleRows, totalRows: summary.totalRows, detectedSource, mapping, mappingOrigin: origin, fields: IMPORT_FIELDS,
    };
  } catch (err) {
    await fs.promises.rm(dir, { recursive: true, force: true });
    throw err;
  }
}

async function loadImport(deps: Deps, workspaceId: string, id: string) {
  const row = await withWorkspace(deps.db, workspaceId, (tx) => repo.findImport(tx, workspaceId, id));
  if (!row) throw notFound('Import');
  if (!row.file_path || !fs.existsSync(inDataDir(deps, row.file_path))) {
    throw new AppError(410, 'gone', 'The uploaded file of this import is no longer available. Upload it again.');
  }
  return { row, file: inDataDir(deps, row.file_path) };
}

/** The dry run: the whole file through the same engine as the real run, nothing written. */
export async function previewImport(deps: Deps, workspaceId: string, actor: Actor, id: string, req: { mapping: ImportPreviewRequest['mapping']; options: ImportOptions }): Promise<ImportPreviewResponse> {
  const { row, file } = await loadImport(deps, workspaceId, id);
  const result = await readingFile(deps, () => runImport({
    db: deps.db, workspaceId, importId: id, source: { path: file }, filename: row.filename, mapping: req.mapping, options: req.options, actor, dryRun: true,
  }));
  return { totalRows: row.total_rows, counts: result.counts, rows: result.preview };
}

/** Checks mapping and options now (a 400 here beats a failed job later), then queues the job. */
export async function queueImport(deps: Deps, workspaceId: string, actor: Actor, id: string, req: { mapping: ImportRunRequest['mapping']; options: ImportOptions; saveMapping: boolean }) {
  const { row, file } = await loadImport(deps, workspaceId, id);
  if (row.status === 'queued' || row.status === 'running') throw conflict('This import is already running.');
  if (row.status === 'done') throw conflict('This import has already run. Upload the file again to import it once more.');
  const mapping = await readingFile(deps, async () => {
    const table = await openTable({ path: file }, row.filename);
    await table.close();
    return validateMapping(table.headers, req.mapping);
  });
  const source = repo.toRecord(row).source;
  await withWorkspace(deps.db, workspaceId, async (tx) => {
    resolveOptions(await loadWorkspaceContext(tx, workspaceId), req.options);
    // a failed run resumes after its last committed row, with the mapping given now
    await repo.markQueued(tx, workspaceId, id, mapping, { ...req.options, actorLabel: actor.label });
    if (req.saveMapping) await repo.upsertMapping(tx, workspaceId, source, mapping);
  });
  try {
    await deps.jobs.send(IMPORT_JOB, { workspaceId, importId: id }, { singletonKey: id });
  } catch (err) {
    await withWorkspace(deps.db, workspaceId, (tx) => repo.markFinished(tx, workspaceId, id, { status: 'failed', error: 'The import could not be queued. Try again.' }));
    throw err;
  }
  return { importId: id, status: 'queued' as const };
}

async function publishProgress(deps: Deps, tx: Sql, row: repo.ImportRow, status: ImportStatus, p: Progress | null) {
  const payload: ImportProgressEvent = {
    importId: row.id, processed: p?.processed ?? row.processed_rows, total: row.total_rows, status, counts: p ? toCounts(p.counts) : repo.countsOf(row),
  };
  await deps.events.publish({ type: 'import.progress', workspaceId: row.workspace_id, ...(row.user_id ? { userId: row.user_id } : {}), payload }, tx);
}

/**
 * Runs a queued import (the `imports.run` job, and the CLI directly). Idempotent: a finished
 * import, or one another worker is running, is left alone; an interrupted one resumes after the
 * last committed batch.
 */
export async function executeImport(deps: Deps, workspaceId: string, importId: string, hooks: { onProgress?: (e: ImportProgressEvent) => void } = {}): Promise<ImportRecord | null> {
  const row = await withWorkspace(deps.db, workspaceId, async (tx) => {
    const claimed = await repo.claimRun(tx, workspaceId, importId);
    if (claimed) await publishProgress(deps, tx, claimed, 'running', null);
    return claimed;
  });
  if (!row) {
    // done, never queued, or being run right now by another worker: nothing to do here
    const now = await withWorkspace(deps.db, workspaceId, (tx) => repo.findImport(tx, workspaceId, importId));
    return now ? repo.toRecord(now) : null;
  }
  const file = row.file_path ? inDataDir(deps, row.file_path) : null;
  const resume = row.processed_rows > 0
    ? { processed: row.processed_rows, counts: { create: row.imported, update: row.updated, skip: row.skipped, reject: row.rejected } }
    : undefined;
  const reportRel = path.join(relDir(importId), 'rejected.csv');
  try {
    // from here on every way out leaves the import done or failed, never stuck in "running"
    if (!file || !fs.existsSync(file)) throw new ImportFileError('The uploaded file of this import is no longer available. Upload it again.');
    const stored = StoredOptionsSchema.parse(row.options);
    const mapping = ImportMappingSchema.parse(row.mapping);
    const result = await runImport({
      db: deps.db, workspaceId, importId, source: { path: file }, filename: row.filename, mapping, options: stored,
      actor: { userId: row.user_id, label: stored.actorLabel }, reportPath: inDataDir(deps, reportRel), resume,
      onBatch: async (p, tx) => {
        await repo.saveProgress(tx, workspaceId, importId, p.processed, toCounts(p.counts));
        await publishProgress(deps, tx, row, 'running', p);
      },
      onProgress: (p) => hooks.onProgress?.({ importId, processed: p.processed, total: row.total_rows, status: 'running', counts: toCounts(p.counts) }),
    });
    return await withWorkspace(deps.db, workspaceId, async (tx) => {
      await repo.saveProgress(tx, workspaceId, importId, result.processed, toCounts(result.counts));
      await repo.markFinished(tx, workspaceId, importId, { status: 'done', reportPath: result.counts.reject > 0 ? reportRel : null });
      await publishProgress(deps, tx, row, 'done', result);
      const done = await repo.findImport(tx, workspaceId, importId);
      return done ? repo.toRecord(done) : null;
    });
  } catch (err) {
    const expected = err instanceof ImportFileError || err instanceof AppError;
    const message = expected ? err.message : `The import stopped unexpectedly (${err instanceof Error ? err.message : String(err)}). Rows saved so far are kept; run it again to continue.`;
    const failed = await withWorkspace(deps.db, workspaceId, async (tx) => {
      await repo.markFinished(tx, workspaceId, importId, { status: 'failed', error: message });
      const now = await repo.findImport(tx, workspaceId, importId);
      if (now) await publishProgress(deps, tx, now, 'failed', null);
      return now;
    });
    // unexpected failures go back to the queue, whose retry resumes the run
    if (!expected) throw err;
    return failed ? repo.toRecord(failed) : null;
  }
}

export async function getImport(deps: Deps, workspaceId: string, id: string): Promise<ImportRecord> {
  const row = await withWorkspace(deps.db, workspaceId, (tx) => repo.findImport(tx, workspaceId, id));
  if (!row) throw notFound('Import');
  return repo.toRecord(row);
}

export async function listImportHistory(deps: Deps, workspaceId: string): Promise<ImportRecord[]> {
  return (await withWorkspace(deps.db, workspaceId, (tx) => repo.listImports(tx, workspaceId, 50))).map(repo.toRecord);
}

export async function listSavedMappings(deps: Deps, workspaceId: string) {
  return withWorkspace(deps.db, workspaceId, (tx) => repo.listMappings(tx, workspaceId));
}

/** Absolute path of the rejected-rows report, or null when the import has none (yet). */
export async function rejectedReport(deps: Deps, workspaceId: string, id: string): Promise<{ file: string; filename: string } | null> {
  const row = await withWorkspace(deps.db, workspaceId, (tx) => repo.findImport(tx, workspaceId, id));
  if (!row) throw notFound('Import');
  if (!row.report_path) return null;
  const file = inDataDir(deps, row.report_path);
  if (!fs.existsSync(file)) return null;
  return { file, filename: `${row.filename.replace(/\.[^.]*$/, '')}-rejected.csv` };
}

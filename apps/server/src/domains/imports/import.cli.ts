import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { ImportOptionsSchema, type ImportProgressEvent, type ImportSource } from '@flywheel/contracts';
import type { Deps } from '../../platform/deps.ts';
import { withWorkspace } from '../../platform/tenancy/with-workspace.ts';
import { loadWorkspaceContext, resolveOptions } from './engine/context.ts';
import { detectSource, mergeMapping, validateMapping } from './mapping/auto-map.ts';
import { ImportFileError } from './parse/source.ts';
import { inspectTable, type TableSummary } from './parse/table.ts';
import { executeImport, safeFilename } from './import.service.ts';
import * as repo from './import.repo.ts';

export interface CliImportArgs {
  file: string;
  workspaceId: string;
  source?: ImportSource;
  dedupe: 'skip' | 'update';
  stage?: string;
  onProgress?: (e: ImportProgressEvent) => void;
  /** From checkImportFile, when the caller already looked at the file. */
  summary?: TableSummary;
}

export interface CliImportResult {
  imported: number;
  updated: number;
  skipped: number;
  rejected: number;
  reportPath: string | null;
}

/** A problem the operator can fix; the CLI prints the message and exits 1. */
export class CliError extends Error {}

/** Readable, and a table? Checked before the database is opened, so a wrong path fails fast. */
export async function checkImportFile(file: string): Promise<TableSummary> {
  try {
    const stat = await fs.promises.stat(file);
    if (!stat.isFile()) throw new CliError(`Cannot read ${file}: not a file.`);
    await fs.promises.access(file, fs.constants.R_OK);
  } catch (err) {
    if (err instanceof CliError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    throw new CliError(`Cannot read ${file}: ${code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : String(err)}.`);
  }
  try {
    return await inspectTable({ path: file }, safeFilename(file));
  } catch (err) {
    if (err instanceof ImportFileError) throw new CliError(`${file}: ${err.message}`);
    throw err;
  }
}

/**
 * `flywheel import leads FILE`: the same engine and import record as the web import, run
 * synchronously in this process (no queue), with the saved mapping of the source when there is one.
 */
export async function importLeadsFromFile(deps: Deps, args: CliImportArgs): Promise<CliImportResult> {
  const summary = args.summary ?? (await checkImportFile(args.file));
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(args.workspaceId)) throw new CliError(`Workspace ${args.workspaceId} not found (expected a workspace id).`);
  const ws = await deps.db.query('SELECT id FROM workspaces WHERE id = $1', [args.workspaceId]);
  if (ws.rows.length === 0) throw new CliError(`Workspace ${args.workspaceId} not found.`);
  const filename = safeFilename(args.file);
  const source = args.source ?? detectSource(summary.headers);
  const options = ImportOptionsSchema.parse({ dedupe: args.dedupe, ...(args.stage ? { defaultStage: args.stage } : {}) });
  const id = crypto.randomUUID();
  const rel = path.join('imports', id, `source.${summary.format}`);
  const stored = path.join(deps.config.dataDir, rel);
  await fs.promises.mkdir(path.dirname(stored), { recursive: true });
  await fs.promises.copyFile(args.file, stored);
  try {
    await withWorkspace(deps.db, args.workspaceId, async (tx) => {
      // checks --stage and the mapping before anything is recorded
      resolveOptions(await loadWorkspaceContext(tx, args.workspaceId), options);
      const saved = await repo.findSavedMapping(tx, args.workspaceId, source);
      const mapping = validateMapping(summary.headers, mergeMapping(summary.headers, saved).mapping);
      await repo.insertImport(tx, { id, workspaceId: args.workspaceId, userId: null, filename, source, filePath: rel, totalRows: summary.totalRows });
      await repo.markQueued(tx, args.workspaceId, id, mapping, { ...options, actorLabel: 'CLI import' });
    });
  } catch (err) {
    await fs.promises.rm(path.dirname(stored), { recursive: true, force: true });
    throw err;
  }
  const record = await executeImport(deps, args.workspaceId, id, { onProgress: args.onProgress });
  if (!record) throw new CliError('The import record disappeared while running.');
  if (record.status === 'failed') throw new CliError(record.error ?? 'The import failed.');
  return {
    imported: record.imported, updated: record.updated, skipped: record.skipped, rejected: record.rejected,
    reportPath: record.hasReport ? path.join(deps.config.dataDir, 'imports', id, 'rejected.csv') : null,
  };
}

export interface ImportLeadsOptions {
  workspace: string;
  json?: boolean;
  source?: ImportSource;
  dedupe: 'skip' | 'update';
  stage?: string;
}

/** The command's output: exactly the result as JSON, or a progress line on stderr and a summary. */
export async function importLeadsCommand(deps: Deps, file: string, summary: TableSummary, o: ImportLeadsOptions) {
  const progress = (e: ImportProgressEvent) => {
    const pct = e.total ? Math.floor((e.processed / e.total) * 100) : 100;
    process.stderr.write(`\rImporting ${e.processed.toLocaleString('en-US')} / ${e.total.toLocaleString('en-US')} rows (${pct}%)`);
  };
  const r = await importLeadsFromFile(deps, {
    file, summary, workspaceId: o.workspace, source: o.source, dedupe: o.dedupe, stage: o.stage, ...(o.json ? {} : { onProgress: progress }),
  });
  if (o.json) {
    console.log(JSON.stringify(r));
    return;
  }
  process.stderr.write('\n');
  console.log(`Imported ${r.imported}, updated ${r.updated}, skipped ${r.skipped}, rejected ${r.rejected}.`);
  if (r.reportPath) console.log(`Rejected rows and reasons: ${r.reportPath}`);
}

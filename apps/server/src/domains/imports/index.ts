export { importRoutes } from './import.routes.ts';
export { registerImportJobs } from './import.jobs.ts';
export { importLeadsFromFile, importLeadsCommand, checkImportFile, CliError, type CliImportResult, type ImportLeadsOptions } from './import.cli.ts';
export { executeImport, IMPORT_JOB } from './import.service.ts';
export { runImport, type RunImportParams, type RunImportResult } from './engine/run.ts';
export { parseTable, inspectTable, openTable } from './parse/table.ts';
export { autoMap, detectSource } from './mapping/auto-map.ts';

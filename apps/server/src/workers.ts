import type { Deps } from './platform/deps.ts';
import { registerImportJobs } from './domains/imports/index.ts';

/** Registers every domain's job handlers and crons. Runs in processes with role worker/all. */
export async function startWorkers(deps: Deps) {
  await deps.jobs.start();
  await registerImportJobs(deps);
}

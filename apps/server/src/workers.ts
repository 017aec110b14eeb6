import type { Deps } from './platform/deps.ts';

/** Registers every domain's job handlers and crons. Runs in processes with role worker/all. */
export async function startWorkers(deps: Deps) {
  await deps.jobs.start();
}

import type { Deps } from '../../platform/deps.ts';
import { registerWorkspaceCron, type RegisteredCron } from '../../platform/jobs/fan-out.ts';
import { foldWorkspace, refoldRecent } from './rollups.ts';

export const ROLLUP_CRON = 'dashboard.rollup';
export const ROLLUP_NIGHTLY_CRON = 'dashboard.rollup-nightly';

/**
 * Dashboard rollups: every 5 minutes each workspace folds what changed since its watermark
 * (incremental); every night at 03:15 UTC the last 14 days are re-folded whatever the watermark
 * says (late webhook updates, edited attempts and leads).
 */
export async function registerDashboardJobs(deps: Deps): Promise<{ incremental: RegisteredCron; nightly: RegisteredCron }> {
  const incremental = await registerWorkspaceCron(deps.jobs, deps.db, deps.log, {
    name: ROLLUP_CRON,
    cron: '*/5 * * * *',
    handler: async (workspaceId) => {
      const r = await foldWorkspace(deps.db, workspaceId);
      if (r.days > 0) deps.log.debug({ workspaceId, ...r }, 'dashboard rollup folded');
    },
  });
  const nightly = await registerWorkspaceCron(deps.jobs, deps.db, deps.log, {
    name: ROLLUP_NIGHTLY_CRON,
    cron: '15 3 * * *',
    handler: async (workspaceId) => {
      await refoldRecent(deps.db, workspaceId);
    },
  });
  return { incremental, nightly };
}

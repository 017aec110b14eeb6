import type { AnyRoute } from '../../platform/http/route.ts';
import type { Deps } from '../../platform/deps.ts';
import { registerWorkspaceCron } from '../../platform/jobs/fan-out.ts';
import { briefRoutes } from './brief.routes.ts';
import { runScheduledBrief } from './brief.service.ts';

/** Every HTTP route of this domain, for the route table (src/routes.ts). */
export const weeklyBriefRoutes: AnyRoute[] = [...briefRoutes];

export { generateBrief, runScheduledBrief } from './brief.service.ts';
export { computeBrief, wilsonLower } from './compute.ts';

/** Every 15 minutes each workspace checks whether its brief is due (its weekday and hour, in its zone). */
export async function registerBriefJobs(deps: Deps) {
  return registerWorkspaceCron(deps.jobs, deps.db, deps.log, {
    name: 'brief.weekly', cron: '*/15 * * * *',
    handler: async (workspaceId) => {
      await runScheduledBrief(deps, workspaceId);
    },
  });
}

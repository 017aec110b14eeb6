import type { AnyRoute } from '../../platform/http/route.ts';
import { experimentRoutes } from './experiments.routes.ts';

/** Every HTTP route of this domain, for the route table (src/routes.ts). */
export const experimentsRoutes: AnyRoute[] = [...experimentRoutes];

// for the dialers: variants are assigned in the transaction that inserts the call session, and an
// outcome logged for a call may complete an experiment (call after the attempt's commit)
export { assignExperimentVariants, type AssignedVariant } from './experiments.repo.ts';
export { experimentOutcomeLogged, completeDueExperiments, notifyCompleted, type CompletedExperiment } from './experiments.service.ts';
export { analyzeExperiment } from './stats.ts';

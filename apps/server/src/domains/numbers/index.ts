import type { AnyRoute } from '../../platform/http/route.ts';
import { numberRoutes } from './numbers.routes.ts';

/** Every route of the number pool for the route table. */
export const numbersRoutes: AnyRoute[] = numberRoutes;
export { pickCallerId, type CallerIdPick } from './caller-id.ts';
export { checkNumbers, connectStats, registerNumberJobs, HEALTH_CRON } from './health.ts';
export { scoreNumber } from './scoring.ts';
export { routeCallerId } from './routing.ts';
export { reportSpam } from './numbers.repo.ts';

import type { AnyRoute } from '../../platform/http/route.ts';
import { reviewRoutes as routes } from './review.routes.ts';

/** Every HTTP route of this domain, for the route table (src/routes.ts). */
export const reviewRoutes: AnyRoute[] = [...routes];

import type { AnyRoute } from '../../platform/http/route.ts';

/** Every HTTP route of this domain, for the route table (src/routes.ts). */
export const dashboardRoutes: AnyRoute[] = [];

import type { AuthzPart } from './part.ts';

/** Authorization samples for the dashboard routes: one per route in the route table. */
export const dashboardAuthz: AuthzPart = {
  samples: {},
};

import type { AuthzPart } from './part.ts';

/** Authorization samples for the experiments routes: one per route in the route table. */
export const experimentsAuthz: AuthzPart = {
  samples: {},
};

import type { AuthzPart } from './part.ts';

/** Authorization samples for the scripts routes: one per route in the route table. */
export const scriptsAuthz: AuthzPart = {
  samples: {},
};

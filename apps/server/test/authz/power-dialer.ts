import type { AuthzPart } from './part.ts';

/** Authorization samples for the power-dialer routes: one per route in the route table. */
export const powerDialerAuthz: AuthzPart = {
  samples: {},
};

import type { AuthzPart } from './part.ts';

/** Authorization samples for the messaging routes: one per route in the route table. */
export const messagingAuthz: AuthzPart = {
  samples: {},
};

import type { AuthzPart } from './part.ts';

/** Authorization samples for the review routes: one per route in the route table. */
export const reviewAuthz: AuthzPart = {
  samples: {},
};

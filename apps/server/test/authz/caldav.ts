import type { AuthzPart } from './part.ts';

/** Authorization samples for the caldav routes: one per route in the route table. */
export const caldavAuthz: AuthzPart = {
  samples: {},
};

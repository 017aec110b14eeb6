import type { AuthzPart } from './part.ts';

/** Authorization samples for the call-insights routes (AI suggestions): one per route in the route table. */
export const callInsightsAuthz: AuthzPart = {
  samples: {},
};

import type { AuthzPart } from './part.ts';

/** Authorization samples for the playbook routes: one per route in the route table. */
export const playbookAuthz: AuthzPart = {
  samples: {},
};

import type { AnyRoute } from '../../platform/http/route.ts';
import { playbookRuleRoutes } from './playbook.routes.ts';

/** Every HTTP route of this domain, for the route table (src/routes.ts). */
export const playbookRoutes: AnyRoute[] = [...playbookRuleRoutes];

export {
  createRuleWithEvidence, matchingRules, mapEvidenceConstraint, loadPrepLead, recordShown, NEEDS_EVIDENCE_MESSAGE, type LeadTargeting,
} from './playbook.repo.ts';

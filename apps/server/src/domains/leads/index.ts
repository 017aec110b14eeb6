import type { AnyRoute } from '../../platform/http/route.ts';
import { leadRoutesCore } from './lead.routes.ts';
import { contactRoutes } from './contact.routes.ts';
import { pipelineRoutes } from './pipeline.routes.ts';
import { savedViewRoutes } from './saved-view.routes.ts';

/** Leads, contacts, pipeline and saved views: every route of the domain for the route table. */
export const leadRoutes: AnyRoute[] = [...leadRoutesCore, ...contactRoutes, ...pipelineRoutes, ...savedViewRoutes];

export { refreshLeadTaskSummary, refreshLeadPrimaryContact } from './lead-summary.ts';
export { loadLeadDetail } from './lead.service.ts';
export { recordActivities, type ActivityRow } from './lead-bulk.repo.ts';
export type { LeadsCtx } from './leads-ctx.ts';

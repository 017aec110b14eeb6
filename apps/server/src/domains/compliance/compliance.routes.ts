import {
  ComplianceCheckSchema, ComplianceDecisionListSchema, ComplianceDecisionSchema, ComplianceDecisionsQuerySchema, ComplianceSettingsSchema,
} from '@flywheel/contracts';
import { defineRoute } from '../../platform/http/route.ts';
import { workCtx } from '../tasks/index.ts';
import { previewDial } from './compliance.service.ts';
import { listDecisions } from './decisions.repo.ts';
import { getComplianceSettings, putComplianceSettings } from './settings.ts';

const tags = ['compliance'];

/** The workspace's compliance rules, the decision log, and the "may I call now?" check. */
export const complianceRoutes = [
  defineRoute({
    method: 'GET', url: '/api/v1/settings/compliance', auth: 'workspace', minRole: 'admin', tags,
    summary: 'Calling hours, stricter state rules, minimum gap between calls, 10DLC status',
    response: ComplianceSettingsSchema,
    handler: (c) => getComplianceSettings(workCtx(c)),
  }),
  defineRoute({
    method: 'PUT', url: '/api/v1/settings/compliance', auth: 'workspace', minRole: 'admin', tags,
    summary: 'Replace the compliance rules (state rules can only narrow the calling hours)',
    body: ComplianceSettingsSchema, response: ComplianceSettingsSchema,
    handler: (c) => putComplianceSettings(workCtx(c), c.body),
  }),
  defineRoute({
    method: 'GET', url: '/api/v1/compliance/decisions', auth: 'workspace', minRole: 'manager', tags,
    summary: 'Every decision of the compliance gate, newest first (optionally for one lead)',
    query: ComplianceDecisionsQuerySchema, response: ComplianceDecisionListSchema,
    handler: async (c) => ({ data: await workCtx(c).tx((tx) => listDecisions(tx, c.workspace.id, c.query)) }),
  }),
  defineRoute({
    method: 'POST', url: '/api/v1/compliance/check', auth: 'workspace', tags,
    summary: 'May I call (or text) this lead now? If not: why, and from when (nextAllowedAt)',
    body: ComplianceCheckSchema, response: ComplianceDecisionSchema,
    handler: (c) => previewDial(workCtx(c), c.body),
  }),
];

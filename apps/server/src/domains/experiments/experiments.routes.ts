import { z } from 'zod';
import { CallExperimentsSchema, fillScript, ExperimentCreateSchema, ExperimentListQuerySchema, ExperimentListSchema, ExperimentPromoteSchema, ExperimentSchema } from '@flywheel/contracts';
import { notFound } from '../../platform/http/errors.ts';
import { defineRoute, uuidParam } from '../../platform/http/route.ts';
import { variantsForCall } from './experiments.repo.ts';
import {
  completeDueExperiments, createExperiment, loadExperiment, loadExperiments, notifyCompleted, promoteVariant, startExperiment, stopExperiment,
} from './experiments.service.ts';
import { mapEvidenceConstraint } from '../playbook/index.ts';
import { loadLeadScriptValues } from '../scripts/index.ts';

const tags = ['experiments'];

// Everyone reads experiments (reps see what they are testing); managers create, start, stop and promote.
// Reading also completes a running experiment that reached its target (a safety net for outcomes
// logged by paths that do not check), and tells the managers after the commit.
export const experimentRoutes = [
  defineRoute({
    method: 'GET', url: '/api/v1/experiments', auth: 'workspace', tags,
    summary: 'Experiments (optionally of one status), running first, each with its progress per variant and its result (live, or frozen when completed/stopped)',
    query: ExperimentListQuerySchema, response: ExperimentListSchema,
    handler: async ({ workspace, query, tx, deps }) => {
      const { data, done } = await tx(async (t) => {
        const done = await completeDueExperiments(t, workspace.id);
        return { done, data: await loadExperiments(t, workspace.id, query) };
      });
      await notifyCompleted(deps, workspace.id, done);
      return { data };
    },
  }),
  defineRoute({
    method: 'POST', url: '/api/v1/experiments', auth: 'workspace', minRole: 'manager', tags,
    summary: "Create an experiment: 2–4 variants, a target number of calls with an outcome, the outcomes that count as a success (default: the workspace's positive ones), who it applies to; running at once unless start=false",
    body: ExperimentCreateSchema, response: ExperimentSchema, successStatus: 201,
    handler: ({ workspace, principal, body, tx }) => tx(async (t) => loadExperiment(t, workspace.id, await createExperiment(t, workspace.id, principal.userId, body))),
  }),
  defineRoute({
    method: 'GET', url: '/api/v1/experiments/for-call/:callSessionId', auth: 'workspace', tags,
    summary: 'The variants a call was given (experiment, subject, variant label and text): what the rep says on this call',
    params: z.object({ callSessionId: z.uuid() }), response: CallExperimentsSchema,
    handler: ({ workspace, params, tx }) =>
      tx(async (t) => {
        const { rows } = await t.query<{ lead_id: string | null; contact_id: string | null; user_id: string | null; live: boolean }>(
          `SELECT c.lead_id, c.contact_id, c.user_id, (l.id IS NOT NULL AND l.deleted_at IS NULL) AS live
             FROM call_sessions c LEFT JOIN leads l ON l.workspace_id = c.workspace_id AND l.id = c.lead_id
            WHERE c.workspace_id = $1 AND c.id = $2`,
          [workspace.id, params.callSessionId],
        );
        const call = rows[0];
        if (!call) throw notFound('Call');
        const data = await variantsForCall(t, workspace.id, params.callSessionId);
        if (!data.length || !call.lead_id || !call.live) return { data };
        // the variant as the rep says it: {FirstName}, {Company}… filled like the script
        const { values } = await loadLeadScriptValues(t, workspace.id, call.lead_id, call.user_id, call.contact_id);
        return { data: data.map((v) => ({ ...v, variantText: fillScript(v.variantText, values).body })) };
      }),
  }),
  defineRoute({
    method: 'GET', url: '/api/v1/experiments/:id', auth: 'workspace', tags,
    summary: 'One experiment with its progress and its result computed from the outcomes of its calls (a call without an outcome yet is not counted)',
    params: uuidParam, response: ExperimentSchema,
    handler: async ({ workspace, params, tx, deps }) => {
      const { data, done } = await tx(async (t) => {
        await loadExperiment(t, workspace.id, params.id); // 404 first
        const done = await completeDueExperiments(t, workspace.id, [params.id]);
        return { done, data: await loadExperiment(t, workspace.id, params.id) };
      });
      await notifyCompleted(deps, workspace.id, done);
      return data;
    },
  }),
  defineRoute({
    method: 'POST', url: '/api/v1/experiments/:id/start', auth: 'workspace', minRole: 'manager', tags,
    summary: 'Start a draft experiment: calls placed from now on get a variant',
    params: uuidParam, response: ExperimentSchema,
    handler: ({ workspace, params, tx }) =>
      tx(async (t) => {
        await startExperiment(t, workspace.id, params.id);
        return loadExperiment(t, workspace.id, params.id);
      }),
  }),
  defineRoute({
    method: 'POST', url: '/api/v1/experiments/:id/stop', auth: 'workspace', minRole: 'manager', tags,
    summary: 'Stop an experiment before its target: no more calls get a variant; the result so far is frozen',
    params: uuidParam, response: ExperimentSchema,
    handler: ({ workspace, params, tx }) =>
      tx(async (t) => {
        await stopExperiment(t, workspace.id, params.id);
        return loadExperiment(t, workspace.id, params.id);
      }),
  }),
  defineRoute({
    method: 'POST', url: '/api/v1/experiments/:id/promote', auth: 'workspace', minRole: 'manager', tags,
    summary: 'Promote the winning variant (completed, or stopped with a significant result) to a playbook rule, with the result as its metric evidence',
    params: uuidParam, body: ExperimentPromoteSchema, response: ExperimentSchema,
    handler: ({ workspace, principal, params, body, tx }) =>
      tx(async (t) => {
        await promoteVariant(t, workspace.id, principal.userId, params.id, body.variant);
        return loadExperiment(t, workspace.id, params.id);
      }).catch(mapEvidenceConstraint),
  }),
];

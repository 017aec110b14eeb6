import { z } from 'zod';
import {
  CallScriptCreateSchema, CallScriptListQuerySchema, CallScriptListSchema, CallScriptSchema, CallScriptUpdateSchema, SCRIPT_VARIABLES,
  ScriptDraftPreviewSchema, ScriptPreviewQuerySchema, ScriptPreviewSchema, fillScript, unknownScriptVariables,
} from '@flywheel/contracts';
import { badRequest } from '../../platform/http/errors.ts';
import { defineRoute, uuidParam } from '../../platform/http/route.ts';
import { deleteScript, getScript, insertScript, listCategories, listScripts, updateScript } from './scripts.repo.ts';
import { loadLeadScriptValues } from './variables.ts';

const tags = ['scripts'];

/** A body may only use variables the Dialer can fill: a typo like {Frist Name} is caught when saving. */
function checkVariables(body: string | undefined): void {
  if (body === undefined) return;
  const unknown = unknownScriptVariables(body);
  if (unknown.length === 0) return;
  const list = unknown.map((v) => `{${v}}`).join(', ');
  throw badRequest(`Unknown variable${unknown.length === 1 ? '' : 's'} ${list}. Use: ${SCRIPT_VARIABLES.map((v) => `{${v}}`).join(' ')}.`, { body: `Unknown variable${unknown.length === 1 ? '' : 's'}: ${list}` });
}

// Reps read scripts (the Dialer shows them); managers write them.
export const callScriptRoutes = [
  defineRoute({
    method: 'GET', url: '/api/v1/scripts', auth: 'workspace', tags,
    summary: 'Call scripts (active ones unless includeArchived=true), optionally of one category; with the categories in use and the variables',
    query: CallScriptListQuerySchema, response: CallScriptListSchema,
    handler: ({ workspace, query, tx }) =>
      tx(async (t) => ({
        data: await listScripts(t, workspace.id, query),
        categories: await listCategories(t, workspace.id),
        variables: [...SCRIPT_VARIABLES],
      })),
  }),
  defineRoute({
    method: 'POST', url: '/api/v1/scripts', auth: 'workspace', minRole: 'manager', tags,
    summary: 'Create a script; defaultForModes makes it the default of those dial modes (taking them from other scripts)',
    body: CallScriptCreateSchema, response: CallScriptSchema, successStatus: 201,
    handler: ({ workspace, principal, body, tx }) => {
      checkVariables(body.body);
      return tx(async (t) => getScript(t, workspace.id, await insertScript(t, workspace.id, principal.userId, body)));
    },
  }),
  defineRoute({
    method: 'GET', url: '/api/v1/scripts/:id', auth: 'workspace', tags,
    summary: 'One call script', params: uuidParam, response: CallScriptSchema,
    handler: ({ workspace, params, tx }) => tx((t) => getScript(t, workspace.id, params.id)),
  }),
  defineRoute({
    method: 'PATCH', url: '/api/v1/scripts/:id', auth: 'workspace', minRole: 'manager', tags,
    summary: 'Edit a script, change the modes it is the default for, or archive it (active=false; an archived script is nobody’s default)',
    params: uuidParam, body: CallScriptUpdateSchema, response: CallScriptSchema,
    handler: ({ workspace, params, body, tx }) => {
      checkVariables(body.body);
      return tx(async (t) => {
        await updateScript(t, workspace.id, params.id, body);
        return getScript(t, workspace.id, params.id);
      });
    },
  }),
  defineRoute({
    method: 'DELETE', url: '/api/v1/scripts/:id', auth: 'workspace', minRole: 'manager', tags,
    summary: 'Delete a script for good (archive it with PATCH active=false to keep it)',
    params: uuidParam, response: z.object({ ok: z.literal(true) }),
    handler: async ({ workspace, params, tx }) => {
      await tx((t) => deleteScript(t, workspace.id, params.id));
      return { ok: true as const };
    },
  }),
  defineRoute({
    method: 'GET', url: '/api/v1/scripts/:id/preview', auth: 'workspace', tags,
    summary: "The script filled with a lead's data (its primary contact, and you as the rep), with the variables it has no value for",
    params: uuidParam, query: ScriptPreviewQuerySchema, response: ScriptPreviewSchema,
    handler: ({ workspace, principal, params, query, tx }) =>
      tx(async (t) => {
        const script = await getScript(t, workspace.id, params.id);
        const { lead, values } = await loadLeadScriptValues(t, workspace.id, query.leadId, principal.userId);
        const filled = fillScript(script.body, values);
        return { scriptId: script.id, lead, body: filled.body, values, missing: filled.missing };
      }),
  }),
  defineRoute({
    method: 'POST', url: '/api/v1/scripts/preview', auth: 'workspace', tags,
    summary: "A draft script (the editor's unsaved text) filled with a lead's data, with the variables it has no value for",
    body: ScriptDraftPreviewSchema, response: ScriptPreviewSchema,
    handler: ({ workspace, principal, body, tx }) =>
      tx(async (t) => {
        const { lead, values } = await loadLeadScriptValues(t, workspace.id, body.leadId, principal.userId);
        const filled = fillScript(body.body, values);
        return { scriptId: null, lead, body: filled.body, values, missing: filled.missing };
      }),
  }),
];

import { ReviewSuggestionsSchema } from '@flywheel/contracts';
import { defineRoute, uuidParam } from '../../platform/http/route.ts';
import { callSuggestions } from './suggestions.service.ts';

const tags = ['calls'];

export const suggestionsRoutes = [
  defineRoute({
    method: 'GET', url: '/api/v1/calls/:id/suggestions', auth: 'workspace', tags,
    summary: "AI review suggestions for a call (tags, rubric scores with rationale, objections, evidence snippets), each backed by transcript quotes; cached per provider. 409 when the call has no transcript yet",
    params: uuidParam, response: ReviewSuggestionsSchema,
    handler: ({ deps, workspace, params, tx }) => callSuggestions(deps, workspace.id, tx, params.id, { refresh: false }),
  }),
  defineRoute({
    method: 'POST', url: '/api/v1/calls/:id/suggestions/refresh', auth: 'workspace', tags,
    summary: 'Recompute the AI review suggestions for a call (after the transcript or the AI settings changed)',
    params: uuidParam, response: ReviewSuggestionsSchema,
    handler: ({ deps, workspace, params, tx }) => callSuggestions(deps, workspace.id, tx, params.id, { refresh: true }),
  }),
];

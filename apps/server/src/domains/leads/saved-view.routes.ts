import { OkResponseSchema, SavedViewCreateBodySchema, SavedViewSchema, SavedViewsResponseSchema, SavedViewUpdateBodySchema } from '@flywheel/contracts';
import { defineRoute, uuidParam } from '../../platform/http/route.ts';
import { leadsCtx } from './leads-ctx.ts';
import { createView, listViews, patchView, removeView } from './saved-view.service.ts';

const tags = ['views'];

export const savedViewRoutes = [
  defineRoute({
    method: 'GET', url: '/api/v1/views', auth: 'workspace', tags,
    summary: 'Saved lead views: mine and shared ones',
    response: SavedViewsResponseSchema,
    handler: (c) => listViews(leadsCtx(c)),
  }),
  defineRoute({
    method: 'POST', url: '/api/v1/views', auth: 'workspace', tags,
    summary: 'Save the current filters and sort as a view',
    body: SavedViewCreateBodySchema, response: SavedViewSchema, successStatus: 201,
    handler: (c) => createView(leadsCtx(c), c.body),
  }),
  defineRoute({
    method: 'PATCH', url: '/api/v1/views/:id', auth: 'workspace', tags,
    summary: 'Rename, re-filter or (un)share a view (its author or an admin)',
    params: uuidParam, body: SavedViewUpdateBodySchema, response: SavedViewSchema,
    handler: (c) => patchView(leadsCtx(c), c.params.id, c.body),
  }),
  defineRoute({
    method: 'DELETE', url: '/api/v1/views/:id', auth: 'workspace', tags,
    summary: 'Delete a view (its author or an admin)',
    params: uuidParam, response: OkResponseSchema,
    handler: (c) => removeView(leadsCtx(c), c.params.id),
  }),
];

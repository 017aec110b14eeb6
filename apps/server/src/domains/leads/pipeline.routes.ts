import { BoardResponseSchema, LeadBoardQuerySchema, StagesPutBodySchema, StagesResponseSchema } from '@flywheel/contracts';
import { defineRoute } from '../../platform/http/route.ts';
import { leadsCtx } from './leads-ctx.ts';
import { listStages, replaceStages } from './pipeline.service.ts';
import { getBoard } from './lead-list.service.ts';

const tags = ['pipeline'];

export const pipelineRoutes = [
  defineRoute({
    method: 'GET', url: '/api/v1/pipeline/stages', auth: 'workspace', tags,
    summary: 'Pipeline stages in order, with lead counts',
    response: StagesResponseSchema,
    handler: (c) => listStages(leadsCtx(c)),
  }),
  defineRoute({
    method: 'PUT', url: '/api/v1/pipeline/stages', auth: 'workspace', minRole: 'admin', tags,
    summary: 'Reorder, rename, add and remove stages (moveTo says where leads of removed stages go)',
    body: StagesPutBodySchema, response: StagesResponseSchema,
    handler: (c) => replaceStages(leadsCtx(c), c.body),
  }),
  defineRoute({
    method: 'GET', url: '/api/v1/pipeline/board', auth: 'workspace', tags,
    summary: 'Kanban board: per stage the count and the 50 most recently updated leads',
    query: LeadBoardQuerySchema, response: BoardResponseSchema,
    handler: (c) => getBoard(leadsCtx(c), c.query),
  }),
];

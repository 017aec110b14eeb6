import { Readable } from 'node:stream';

import {
  LeadBulkBodySchema, LeadBulkResponseSchema, LeadCreateBodySchema, LeadDetailSchema, LeadExportQuerySchema, LeadFacetsSchema, LeadListQuerySchema,
  LeadListResponseSchema, LeadUpdateBodySchema, OkResponseSchema, TimelineQuerySchema, TimelineResponseSchema,
} from '@flywheel/contracts';
import { defineRoute, uuidParam } from '../../platform/http/route.ts';
import { leadsCtx } from './leads-ctx.ts';
import { getFacets, listLeads, prepareLeadsCsv } from './lead-list.service.ts';
import { createLead, deleteLead, getLead, updateLead } from './lead.service.ts';
import { bulkUpdateLeads } from './lead-bulk.service.ts';
import { getTimeline } from './timeline.service.ts';

const tags = ['leads'];

export const leadRoutesCore = [
  defineRoute({
    method: 'GET', url: '/api/v1/leads', auth: 'workspace', tags,
    summary: 'List leads with filters, search, sort and paging',
    query: LeadListQuerySchema, response: LeadListResponseSchema,
    handler: (c) => listLeads(leadsCtx(c), c.query),
  }),
  defineRoute({
    method: 'GET', url: '/api/v1/leads/export.csv', auth: 'workspace', tags,
    summary: 'Export the leads matching the list filters as CSV',
    query: LeadExportQuerySchema,
    handler: async (c) => {
      const { filename, chunks } = await prepareLeadsCsv(leadsCtx(c), c.query, c.query.sort);
      c.reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${filename}"`);
      return c.reply.send(Readable.from(chunks));
    },
  }),
  defineRoute({
    method: 'GET', url: '/api/v1/leads/facets', auth: 'workspace', tags,
    summary: 'Values and counts for the filter dropdowns',
    response: LeadFacetsSchema,
    handler: (c) => getFacets(leadsCtx(c)),
  }),
  defineRoute({
    method: 'POST', url: '/api/v1/leads', auth: 'workspace', tags,
    summary: 'Create a lead (optionally with its first contact)',
    body: LeadCreateBodySchema, response: LeadDetailSchema, successStatus: 201,
    handler: (c) => createLead(leadsCtx(c), c.body),
  }),
  defineRoute({
    method: 'POST', url: '/api/v1/leads/bulk', auth: 'workspace', tags,
    summary: 'Assign, tag, untag, move, delete or restore many leads at once',
    body: LeadBulkBodySchema, response: LeadBulkResponseSchema,
    handler: (c) => bulkUpdateLeads(leadsCtx(c), c.body),
  }),
  defineRoute({
    method: 'GET', url: '/api/v1/leads/:id', auth: 'workspace', tags,
    summary: 'A lead with its contacts and task summary',
    params: uuidParam, response: LeadDetailSchema,
    handler: (c) => getLead(leadsCtx(c), c.params.id),
  }),
  defineRoute({
    method: 'PATCH', url: '/api/v1/leads/:id', auth: 'workspace', tags,
    summary: 'Edit a lead; a stage change is logged as stage.changed',
    params: uuidParam, body: LeadUpdateBodySchema, response: LeadDetailSchema,
    handler: (c) => updateLead(leadsCtx(c), c.params.id, c.body),
  }),
  defineRoute({
    method: 'DELETE', url: '/api/v1/leads/:id', auth: 'workspace', tags,
    summary: 'Soft-delete a lead (restore it with the bulk restore action)',
    params: uuidParam, response: OkResponseSchema,
    handler: (c) => deleteLead(leadsCtx(c), c.params.id),
  }),
  defineRoute({
    method: 'GET', url: '/api/v1/leads/:id/timeline', auth: 'workspace', tags,
    summary: "The lead's unified timeline, newest first",
    params: uuidParam, query: TimelineQuerySchema, response: TimelineResponseSchema,
    handler: (c) => getTimeline(leadsCtx(c), c.params.id, c.query),
  }),
];


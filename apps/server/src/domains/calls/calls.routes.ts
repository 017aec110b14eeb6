import { CallCaptionsSchema, CallListQuerySchema, CallListResponseSchema, CallSessionSchema, LinkCallSchema } from '@flywheel/contracts';
import { defineRoute, uuidParam } from '../../platform/http/route.ts';
import { serviceCtx } from '../../platform/http/service-ctx.ts';
import { getCall, linkCall, listCalls } from './calls.service.ts';
import { sandboxCaptions } from './captions.service.ts';

const tags = ['calls'];

const callsCtx = serviceCtx;

export const callRoutes = [
  defineRoute({
    method: 'GET', url: '/api/v1/calls', auth: 'workspace', tags,
    summary: 'List call sessions (by dial session, lead, rep, or the unmatched ones), newest first',
    query: CallListQuerySchema, response: CallListResponseSchema,
    handler: (c) => listCalls(callsCtx(c), c.query),
  }),
  defineRoute({
    method: 'GET', url: '/api/v1/calls/:id', auth: 'workspace', tags,
    summary: 'One call session: provider status history, duration, recording, transcript, and the logged attempt',
    params: uuidParam, response: CallSessionSchema,
    handler: (c) => getCall(callsCtx(c), c.params.id),
  }),
  defineRoute({
    method: 'POST', url: '/api/v1/calls/:id/link', auth: 'workspace', tags,
    summary: 'Link an unmatched call to the lead it was with (409 if it is linked to another lead)',
    params: uuidParam, body: LinkCallSchema, response: CallSessionSchema,
    handler: (c) => linkCall(callsCtx(c), c.params.id, c.body.leadId),
  }),
  defineRoute({
    method: 'GET', url: '/api/v1/calls/:id/captions', auth: 'workspace', tags,
    summary: "Sandbox calls: the sample conversation as timed captions for the simulated device (409 for calls through a real provider)",
    params: uuidParam, response: CallCaptionsSchema,
    handler: (c) => sandboxCaptions(callsCtx(c), c.params.id),
  }),
];

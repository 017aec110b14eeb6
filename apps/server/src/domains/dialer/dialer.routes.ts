import { z } from 'zod';
import {
  CallSessionSchema, DispositionListSchema, ItemContextSchema, LogDispositionResponseSchema, LogDispositionSchema, PlaceCallResponseSchema, PlaceCallSchema, SkipItemSchema,
  DialFiltersSchema, DialModesResponseSchema, DialSessionListQuerySchema, DialSessionListSchema, DialSessionSchema, DialerHomeSchema,
  DialerSettingsSchema, DialerTargetSchema, SessionSummarySchema, StartSessionSchema,
} from '@flywheel/contracts';
import { defineRoute, uuidParam } from '../../platform/http/route.ts';
import { workCtx } from '../tasks/index.ts';
import { listDispositions } from '../calls/index.ts';
import { getDialerHome } from './home.service.ts';
import { hangupCall, placeCall } from './call.service.ts';
import { getItemContext } from './context.service.ts';
import { logDisposition, skipItem } from './disposition.service.ts';
import { endSession, getModes, getSession, getSummary, listSessions, startSession } from './session.service.ts';
import { getDialerSettings, putDialerSettings, setDailyTarget } from './settings.ts';

const tags = ['dialer'];

/** Dialer home, settings, modes and snapshot sessions. */
export const dialerSessionRoutes = [
  defineRoute({
    method: 'GET', url: '/api/v1/dialer/home', auth: 'workspace', tags,
    summary: "Today's mission control: attempts vs target, pace, connects, follow-up health, callbacks due, the active session",
    response: DialerHomeSchema,
    handler: (c) => getDialerHome(workCtx(c)),
  }),
  defineRoute({
    method: 'PATCH', url: '/api/v1/dialer/target', auth: 'workspace', tags,
    summary: "Set the signed-in rep's daily attempt target",
    body: DialerTargetSchema, response: DialerTargetSchema,
    handler: (c) => setDailyTarget(workCtx(c), c.body.dailyAttemptTarget),
  }),
  defineRoute({
    method: 'GET', url: '/api/v1/dialer/settings', auth: 'workspace', tags,
    summary: 'The call script and working day', response: DialerSettingsSchema,
    handler: (c) => getDialerSettings(workCtx(c)),
  }),
  defineRoute({
    method: 'PUT', url: '/api/v1/dialer/settings', auth: 'workspace', minRole: 'manager', tags,
    summary: 'Replace the call script and working day', body: DialerSettingsSchema, response: DialerSettingsSchema,
    handler: (c) => putDialerSettings(workCtx(c), c.body),
  }),
  defineRoute({
    method: 'GET', url: '/api/v1/dialer/modes', auth: 'workspace', tags,
    summary: 'Session modes with their live counts (optional owner, segment, source, callableNow filters)',
    query: DialFiltersSchema, response: DialModesResponseSchema,
    handler: (c) => getModes(workCtx(c), c.query),
  }),
  defineRoute({
    method: 'POST', url: '/api/v1/dialer/sessions', auth: 'workspace', tags,
    summary: 'Start a dial session: the queue is frozen (snapshot) with a reason per lead',
    body: StartSessionSchema, response: DialSessionSchema, successStatus: 201,
    handler: (c) => startSession(workCtx(c), c.body),
  }),
  defineRoute({
    method: 'GET', url: '/api/v1/dialer/sessions', auth: 'workspace', tags,
    summary: 'Dial sessions (status=active for the running one)',
    query: DialSessionListQuerySchema, response: DialSessionListSchema,
    handler: (c) => listSessions(workCtx(c), c.query),
  }),
  defineRoute({
    method: 'GET', url: '/api/v1/dialer/sessions/:id', auth: 'workspace', tags,
    summary: 'A dial session and its frozen queue (reading never changes it)',
    params: uuidParam, response: DialSessionSchema,
    handler: (c) => getSession(workCtx(c), c.params.id),
  }),
  defineRoute({
    method: 'POST', url: '/api/v1/dialer/sessions/:id/end', auth: 'workspace', tags,
    summary: 'End a dial session and get its summary', params: uuidParam, response: SessionSummarySchema,
    handler: (c) => endSession(workCtx(c), c.params.id),
  }),
  defineRoute({
    method: 'GET', url: '/api/v1/dialer/sessions/:id/summary', auth: 'workspace', tags,
    summary: 'Calls, attempts, connects, talk time (provider data) and dispositions of a session', params: uuidParam, response: SessionSummarySchema,
    handler: (c) => getSummary(workCtx(c), c.params.id),
  }),
];

const itemParams = z.object({ id: z.uuid(), itemId: z.uuid() });

/** Working a queue item: its context, calling, logging and skipping; hanging up; the disposition list. */
export const dialerItemRoutes = [
  defineRoute({
    method: 'GET', url: '/api/v1/dialer/sessions/:id/items/:itemId/context', auth: 'workspace', tags,
    summary: "A queue item's lead, contacts, open tasks, recent activity, filled script and calls",
    params: itemParams, response: ItemContextSchema,
    handler: (c) => getItemContext(workCtx(c), c.params.id, c.params.itemId),
  }),
  defineRoute({
    method: 'POST', url: '/api/v1/dialer/sessions/:id/items/:itemId/call', auth: 'workspace', tags,
    summary: 'Call the item: creates a call session (never an attempt) and places the call or returns a tel: link',
    params: itemParams, body: PlaceCallSchema, response: PlaceCallResponseSchema, successStatus: 201,
    handler: (c) => placeCall(workCtx(c), c.params.id, c.params.itemId, c.body),
  }),
  defineRoute({
    method: 'POST', url: '/api/v1/dialer/sessions/:id/items/:itemId/disposition', auth: 'workspace', tags,
    summary: "Log the outcome: the attempt, the disposition's effects, and the next item",
    params: itemParams, body: LogDispositionSchema, response: LogDispositionResponseSchema, successStatus: 201,
    handler: (c) => logDisposition(workCtx(c), c.params.id, c.params.itemId, c.body),
  }),
  defineRoute({
    method: 'POST', url: '/api/v1/dialer/sessions/:id/items/:itemId/skip', auth: 'workspace', tags,
    summary: 'Skip the item with a reason (no attempt)',
    params: itemParams, body: SkipItemSchema, response: z.object({ nextItemId: z.uuid().nullable() }),
    handler: (c) => skipItem(workCtx(c), c.params.id, c.params.itemId, c.body.reason),
  }),
  defineRoute({
    method: 'POST', url: '/api/v1/dialer/calls/:callSessionId/hangup', auth: 'workspace', tags,
    summary: 'Hang up a call placed through the workspace provider',
    params: z.object({ callSessionId: z.uuid() }), response: CallSessionSchema,
    handler: (c) => hangupCall(workCtx(c), c.params.callSessionId),
  }),
  defineRoute({
    method: 'GET', url: '/api/v1/dispositions', auth: 'workspace', tags,
    summary: "The workspace's outcomes for the disposition panel, in order",
    response: DispositionListSchema,
    handler: (c) => workCtx(c).tx(async (tx) => ({ data: await listDispositions(tx, c.workspace.id) })),
  }),
];

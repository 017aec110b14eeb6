import { z } from 'zod';
import { PowerDashboardQuerySchema, PowerDashboardSchema, PowerSessionStateSchema, PowerSessionListItemSchema, StartPowerSessionSchema, UpdatePowerConfigSchema } from '@flywheel/contracts';
import { defineRoute, uuidParam } from '../../platform/http/route.ts';
import { workCtx } from '../tasks/index.ts';
import { endPowerSession, getPowerState, reportCallerIdSpam, joinPowerSession, leavePowerSession, listPowerSessions, setRepState, setRunning, startPowerSession, updatePowerConfig } from './power.service.ts';
import { getPowerDashboard } from './dashboard.service.ts';

const tags = ['power dialer'];
const idParams = uuidParam;

export const powerRoutes = [
  defineRoute({
    method: 'POST', url: '/api/v1/power-sessions', auth: 'workspace', tags, successStatus: 201,
    summary: 'Start a power session: the chosen queue is frozen and the server starts dialing on 1–3 lines per rep',
    body: StartPowerSessionSchema, response: PowerSessionStateSchema,
    handler: (c) => startPowerSession(workCtx(c), c.body),
  }),
  defineRoute({
    method: 'GET', url: '/api/v1/power-sessions', auth: 'workspace', tags,
    summary: 'Running power sessions: mine, and shared campaigns anyone may join',
    response: z.object({ items: z.array(PowerSessionListItemSchema) }),
    handler: (c) => listPowerSessions(workCtx(c)),
  }),
  defineRoute({
    method: 'GET', url: '/api/v1/power-sessions/:id', auth: 'workspace', tags,
    summary: 'A power session live: lines, reps, next leads, stats and the abandonment rate against the 3% cap',
    params: idParams, response: PowerSessionStateSchema,
    handler: (c) => getPowerState(workCtx(c), c.params.id),
  }),
  defineRoute({
    method: 'POST', url: '/api/v1/power-sessions/:id/pause', auth: 'workspace', tags,
    summary: 'Stop placing new calls (lines already ringing play out)', params: idParams, response: PowerSessionStateSchema,
    handler: (c) => setRunning(workCtx(c), c.params.id, false),
  }),
  defineRoute({
    method: 'POST', url: '/api/v1/power-sessions/:id/resume', auth: 'workspace', tags,
    summary: 'Start placing calls again', params: idParams, response: PowerSessionStateSchema,
    handler: (c) => setRunning(workCtx(c), c.params.id, true),
  }),
  defineRoute({
    method: 'POST', url: '/api/v1/power-sessions/:id/end', auth: 'workspace', tags,
    summary: 'End the session: ringing lines are released, queued leads stay uncalled', params: idParams, response: PowerSessionStateSchema,
    handler: (c) => endPowerSession(workCtx(c), c.params.id),
  }),
  defineRoute({
    method: 'POST', url: '/api/v1/power-sessions/:id/ready', auth: 'workspace', tags,
    summary: 'The signed-in rep is ready for the next call (after the disposition)', params: idParams, response: PowerSessionStateSchema,
    handler: (c) => setRepState(workCtx(c), c.params.id, 'available'),
  }),
  defineRoute({
    method: 'POST', url: '/api/v1/power-sessions/:id/break', auth: 'workspace', tags,
    summary: 'The signed-in rep takes a break: no call is bridged to them until ready', params: idParams, response: PowerSessionStateSchema,
    handler: (c) => setRepState(workCtx(c), c.params.id, 'paused'),
  }),
  defineRoute({
    method: 'POST', url: '/api/v1/power-sessions/:id/join', auth: 'workspace', tags,
    summary: "Join a shared campaign: the rep's lines pool over its queue", params: idParams, response: PowerSessionStateSchema,
    handler: (c) => joinPowerSession(workCtx(c), c.params.id),
  }),
  defineRoute({
    method: 'POST', url: '/api/v1/power-sessions/:id/leave', auth: 'workspace', tags,
    summary: 'Stop taking calls from a campaign', params: idParams, response: PowerSessionStateSchema,
    handler: (c) => leavePowerSession(workCtx(c), c.params.id),
  }),
  defineRoute({
    method: 'PATCH', url: '/api/v1/power-sessions/:id/config', auth: 'workspace', tags,
    summary: 'Change lines, pacing, redial, voicemail or caller id of a running session', params: idParams, body: UpdatePowerConfigSchema, response: PowerSessionStateSchema,
    handler: (c) => updatePowerConfig(workCtx(c), c.params.id, c.body),
  }),
  defineRoute({
    method: 'POST', url: '/api/v1/power-sessions/:id/lines/:callSessionId/report-spam', auth: 'workspace', tags,
    summary: 'The person says our caller id shows as spam: counted on that pool number for its health check',
    params: z.object({ id: z.uuid(), callSessionId: z.uuid() }), response: z.object({ number: z.string(), spamReportsByReps: z.number() }),
    handler: (c) => reportCallerIdSpam(workCtx(c), c.params.id, c.params.callSessionId),
  }),
  defineRoute({
    method: 'GET', url: '/api/v1/power-dashboard', auth: 'workspace', tags,
    summary: 'Live call dashboard: calls, connects, talk vs idle, dispositions, number performance, abandonment by campaign',
    query: PowerDashboardQuerySchema, response: PowerDashboardSchema,
    handler: (c) => getPowerDashboard(workCtx(c), c.query),
  }),
];

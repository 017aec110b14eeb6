import type { AuthzPart } from './part.ts';
import { withWorkspace } from '../../src/platform/tenancy/with-workspace.ts';
import { insertCallSessions } from '../../src/domains/calls/index.ts';

/** Authorization samples for the tasks and Dialer routes (see authz.samples.ts). */
export const dialerAuthz: AuthzPart = {
  async build(t, a, fx) {
    const as = t.as({ cookie: a.cookie });
    const task = (await as({ method: 'POST', url: '/api/v1/tasks', payload: { leadId: fx.extra.leadId, title: 'Marker-7f3a task', dueAt: new Date(Date.now() - 3600_000).toISOString() } })).json();
    fx.extra.taskId = task.id;
    const session = (await as({ method: 'POST', url: '/api/v1/dialer/sessions', payload: { mode: 'custom', custom: { leadIds: [fx.extra.leadId] }, callVia: 'tel' } })).json();
    fx.extra.dialSessionId = session.id;
    fx.extra.dialItemId = session.items[0].id;
    // a call on that item, as the provider webhook would have left it (placing one needs calling hours)
    const [callId] = await withWorkspace(t.db, a.workspaceId, (tx) => insertCallSessions(tx, a.workspaceId, [{
      provider: 'sandbox', providerCallId: null, direction: 'outbound', from: '+12125550100', to: '+12125550199', status: 'initiated',
      statusHistory: [], startedAt: new Date(), leadId: fx.extra.leadId, userId: a.userId, dialSessionId: session.id, dialSessionItemId: session.items[0].id,
    }]));
    fx.extra.dialCallId = callId;
  },
  samples: {
    'GET /api/v1/tasks': { url: () => '/api/v1/tasks', collection: true },
    'POST /api/v1/tasks': { url: () => '/api/v1/tasks', body: (fx) => ({ leadId: fx.extra.leadId, title: 'Outsider task' }) },
    'POST /api/v1/tasks/bulk': { url: () => '/api/v1/tasks/bulk', body: (fx) => ({ action: 'complete', ids: [fx.extra.taskId] }) },
    'PATCH /api/v1/tasks/:id': { url: (fx) => `/api/v1/tasks/${fx.extra.taskId}`, body: () => ({ title: 'Renamed by outsider' }) },
    'POST /api/v1/tasks/:id/complete': { url: (fx) => `/api/v1/tasks/${fx.extra.taskId}/complete` },
    'POST /api/v1/tasks/:id/reopen': { url: (fx) => `/api/v1/tasks/${fx.extra.taskId}/reopen` },
    'POST /api/v1/tasks/:id/snooze': { url: (fx) => `/api/v1/tasks/${fx.extra.taskId}/snooze`, body: () => ({ preset: '1h' }) },
    'GET /api/v1/dialer/home': { url: () => '/api/v1/dialer/home', collection: true },
    'PATCH /api/v1/dialer/target': { url: () => '/api/v1/dialer/target', body: () => ({ dailyAttemptTarget: 5 }), collection: true },
    'GET /api/v1/dialer/settings': { url: () => '/api/v1/dialer/settings', collection: true },
    'PUT /api/v1/dialer/settings': { url: () => '/api/v1/dialer/settings', body: () => ({ script: 'Outsider script' }), collection: true },
    'GET /api/v1/dialer/modes': { url: () => '/api/v1/dialer/modes', collection: true },
    'POST /api/v1/dialer/sessions': { url: () => '/api/v1/dialer/sessions', body: (fx) => ({ mode: 'custom', custom: { leadIds: [fx.extra.leadId] } }) },
    'GET /api/v1/dialer/sessions': { url: () => '/api/v1/dialer/sessions', collection: true },
    'GET /api/v1/dialer/sessions/:id': { url: (fx) => `/api/v1/dialer/sessions/${fx.extra.dialSessionId}` },
    'POST /api/v1/dialer/sessions/:id/end': { url: (fx) => `/api/v1/dialer/sessions/${fx.extra.dialSessionId}/end` },
    'GET /api/v1/dialer/sessions/:id/summary': { url: (fx) => `/api/v1/dialer/sessions/${fx.extra.dialSessionId}/summary` },
    'GET /api/v1/dialer/sessions/:id/items/:itemId/context': { url: (fx) => `/api/v1/dialer/sessions/${fx.extra.dialSessionId}/items/${fx.extra.dialItemId}/context` },
    'POST /api/v1/dialer/sessions/:id/items/:itemId/call': { url: (fx) => `/api/v1/dialer/sessions/${fx.extra.dialSessionId}/items/${fx.extra.dialItemId}/call`, body: () => ({}) },
    'POST /api/v1/dialer/sessions/:id/items/:itemId/disposition': { url: (fx) => `/api/v1/dialer/sessions/${fx.extra.dialSessionId}/items/${fx.extra.dialItemId}/disposition`, body: () => ({ dispositionKey: 'no_answer' }) },
    'POST /api/v1/dialer/sessions/:id/items/:itemId/skip': { url: (fx) => `/api/v1/dialer/sessions/${fx.extra.dialSessionId}/items/${fx.extra.dialItemId}/skip`, body: () => ({ reason: 'outsider' }) },
    'POST /api/v1/dialer/calls/:callSessionId/hangup': { url: (fx) => `/api/v1/dialer/calls/${fx.extra.dialCallId}/hangup` },
    'GET /api/v1/dispositions': { url: () => '/api/v1/dispositions', collection: true },
  },
};

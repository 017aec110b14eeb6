import { withWorkspace } from '../../src/platform/tenancy/with-workspace.ts';
import { insertCallSessions } from '../../src/domains/calls/index.ts';
import type { AuthzPart } from './part.ts';

/** Authorization samples for the call-insights routes (AI suggestions, Settings → AI): one per route in the route table. */
export const callInsightsAuthz: AuthzPart = {
  async build(t, a, fx) {
    // a transcribed call of workspace A with cached suggestions, and an AI endpoint A configured
    const [callId] = await withWorkspace(t.db, a.workspaceId, (tx) =>
      insertCallSessions(tx, a.workspaceId, [{
        provider: 'sandbox', providerCallId: 'CAmarker7f3ainsights', direction: 'outbound', from: '+12125550142', to: '+13125550198',
        status: 'completed', statusHistory: [{ status: 'completed', at: new Date().toISOString(), source: 'provider' }], startedAt: new Date(), leadId: null,
        transcript: [
          { speaker: 'rep', start: 0, end: 3, text: 'Hi, Alex with Flywheel. Did I catch you at a bad time?' },
          { speaker: 'prospect', start: 3, end: 6, text: 'Marker-7f3a has no budget for anything new.' },
        ],
      }]),
    );
    fx.extra.insightsCallId = callId;
    const as = t.as({ cookie: a.cookie });
    const s = await as({ method: 'GET', url: `/api/v1/calls/${callId}/suggestions` });
    if (s.statusCode !== 200) throw new Error(`call-insights fixture: ${s.statusCode} ${s.body}`);
    const put = await as({ method: 'PUT', url: '/api/v1/settings/ai', payload: { baseUrl: 'http://127.0.0.1:9/marker-7f3a/v1', model: 'marker-7f3a-model', apiKey: 'sk-marker-7f3a' } });
    if (put.statusCode !== 200) throw new Error(`ai settings fixture: ${put.statusCode} ${put.body}`);
  },
  samples: {
    'GET /api/v1/calls/:id/suggestions': { url: (fx) => `/api/v1/calls/${fx.extra.insightsCallId}/suggestions` },
    'POST /api/v1/calls/:id/suggestions/refresh': { url: (fx) => `/api/v1/calls/${fx.extra.insightsCallId}/suggestions/refresh` },
    // settings routes act on the caller's own workspace: the outsider must see none of A's
    'GET /api/v1/settings/ai': { url: () => '/api/v1/settings/ai', collection: true },
    'PUT /api/v1/settings/ai': { url: () => '/api/v1/settings/ai', body: () => ({ baseUrl: 'http://127.0.0.1:9/v1', model: 'outsider-model' }), collection: true },
    'DELETE /api/v1/settings/ai': { url: () => '/api/v1/settings/ai', collection: true },
    'POST /api/v1/settings/ai/test': { url: () => '/api/v1/settings/ai/test', body: () => ({}), collection: true },
  },
};

import { withWorkspace } from '../../src/platform/tenancy/with-workspace.ts';
import { insertCallSessions } from '../../src/domains/calls/index.ts';
import type { AuthzPart } from './part.ts';

/** Authorization samples for the calls routes (see authz.samples.ts). */
export const callsAuthz: AuthzPart = {
  // No API route creates a call session by itself (the dialer and the provider webhooks do), so
  // workspace A's unmatched call is written directly; the samples aim at it.
  async build(t, a, fx) {
    const [callId] = await withWorkspace(t.db, a.workspaceId, (tx) =>
      insertCallSessions(tx, a.workspaceId, [{
        provider: 'openphone', providerCallId: 'ACmarker7f3a', direction: 'outbound', from: '+12125550142', to: '+13125550199',
        status: 'completed', statusHistory: [{ status: 'completed', at: new Date().toISOString(), source: 'provider' }], startedAt: new Date(), leadId: null,
      }]),
    );
    fx.extra.callId = callId;
  },
  samples: {
    'GET /api/v1/calls': { url: () => '/api/v1/calls?unmatched=true', collection: true },
    'GET /api/v1/calls/:id': { url: (fx) => `/api/v1/calls/${fx.extra.callId}` },
    'POST /api/v1/calls/:id/link': { url: (fx) => `/api/v1/calls/${fx.extra.callId}/link`, body: (fx) => ({ leadId: fx.extra.leadId }) },
    'GET /api/v1/calls/:id/captions': { url: (fx) => `/api/v1/calls/${fx.extra.callId}/captions` },
  },
};

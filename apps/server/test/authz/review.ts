import { withWorkspace } from '../../src/platform/tenancy/with-workspace.ts';
import { insertCallSessions } from '../../src/domains/calls/index.ts';
import type { AuthzPart } from './part.ts';

/** Authorization samples for the review routes: one per route in the route table. */
export const reviewAuthz: AuthzPart = {
  // An answered, recorded sandbox call in workspace A (the provider webhooks would have left it so),
  // reviewed by A's owner through the API; the samples aim at both.
  async build(t, a, fx) {
    const started = new Date(Date.now() - 600_000);
    const [callId] = await withWorkspace(t.db, a.workspaceId, (tx) =>
      insertCallSessions(tx, a.workspaceId, [{
        provider: 'sandbox', providerCallId: 'CAreviewmarker7f3a', direction: 'outbound', from: '+12125550143', to: '+13125550198',
        status: 'completed', statusHistory: [], startedAt: started, answeredAt: new Date(started.getTime() + 5000), endedAt: new Date(started.getTime() + 50_000),
        providerDurationSeconds: 45, recordingUrl: 'https://carrier.test/recordings/RE0123456789abcdef0123456789abcdef', recordingStatus: 'completed',
        transcript: [{ speaker: 'rep', start: 0, end: 3, text: 'Marker-7f3a opener' }], leadId: fx.extra.leadId, userId: a.userId, record: true,
      }]),
    );
    fx.extra.reviewCallId = callId;
    const r = await t.as({ cookie: a.cookie })({ method: 'PUT', url: `/api/v1/review/calls/${callId}/review`, payload: { tags: ['marker-7f3a'], marketInsight: 'Marker-7f3a insight' } });
    if (r.statusCode !== 200) throw new Error(`review fixture: ${r.statusCode} ${r.body}`);
    fx.extra.reviewId = r.json().id;
  },
  samples: {
    'GET /api/v1/review/calls': { url: () => '/api/v1/review/calls', collection: true },
    'GET /api/v1/review/calls/:callSessionId': { url: (fx) => `/api/v1/review/calls/${fx.extra.reviewCallId}` },
    'PUT /api/v1/review/calls/:callSessionId/review': { url: (fx) => `/api/v1/review/calls/${fx.extra.reviewCallId}/review`, body: () => ({ tags: ['outsider'] }) },
    'PATCH /api/v1/reviews/:id': { url: (fx) => `/api/v1/reviews/${fx.extra.reviewId}`, body: () => ({ tags: ['outsider'] }) },
    'DELETE /api/v1/reviews/:id': { url: (fx) => `/api/v1/reviews/${fx.extra.reviewId}` },
    'GET /api/v1/review/top': { url: () => '/api/v1/review/top', collection: true },
    'GET /api/v1/review/tags': { url: () => '/api/v1/review/tags', collection: true },
    'GET /api/v1/calls/:id/recording': { url: (fx) => `/api/v1/calls/${fx.extra.reviewCallId}/recording` },
  },
};

import type { AuthzPart } from './part.ts';

/** Authorization samples for the power dialer routes (see authz.samples.ts); TwiML routes are public (signed). */
export const powerDialerAuthz: AuthzPart = {
  async build(t, a, fx) {
    const as = t.as({ cookie: a.cookie });
    const res = await as({ method: 'POST', url: '/api/v1/power-sessions', payload: { mode: 'custom', custom: { leadIds: [fx.extra.leadId] }, name: 'Marker-7f3a campaign', config: { linesPerRep: 1 } } });
    if (res.statusCode !== 201) throw new Error(`power session fixture: ${res.statusCode} ${res.body}`);
    fx.extra.powerSessionId = res.json().id;
    await as({ method: 'POST', url: `/api/v1/power-sessions/${fx.extra.powerSessionId}/pause` });
  },
  samples: {
    'POST /api/v1/power-sessions': { url: () => '/api/v1/power-sessions', body: (fx) => ({ mode: 'custom', custom: { leadIds: [fx.extra.leadId] } }) },
    'GET /api/v1/power-sessions': { url: () => '/api/v1/power-sessions', collection: true },
    'GET /api/v1/power-sessions/:id': { url: (fx) => `/api/v1/power-sessions/${fx.extra.powerSessionId}` },
    'POST /api/v1/power-sessions/:id/pause': { url: (fx) => `/api/v1/power-sessions/${fx.extra.powerSessionId}/pause` },
    'POST /api/v1/power-sessions/:id/resume': { url: (fx) => `/api/v1/power-sessions/${fx.extra.powerSessionId}/resume` },
    'POST /api/v1/power-sessions/:id/end': { url: (fx) => `/api/v1/power-sessions/${fx.extra.powerSessionId}/end` },
    'POST /api/v1/power-sessions/:id/ready': { url: (fx) => `/api/v1/power-sessions/${fx.extra.powerSessionId}/ready` },
    'POST /api/v1/power-sessions/:id/break': { url: (fx) => `/api/v1/power-sessions/${fx.extra.powerSessionId}/break` },
    'POST /api/v1/power-sessions/:id/join': { url: (fx) => `/api/v1/power-sessions/${fx.extra.powerSessionId}/join` },
    'POST /api/v1/power-sessions/:id/leave': { url: (fx) => `/api/v1/power-sessions/${fx.extra.powerSessionId}/leave` },
    'PATCH /api/v1/power-sessions/:id/config': { url: (fx) => `/api/v1/power-sessions/${fx.extra.powerSessionId}/config`, body: () => ({ linesPerRep: 3 }) },
    'POST /api/v1/power-sessions/:id/lines/:callSessionId/report-spam': { url: (fx) => `/api/v1/power-sessions/${fx.extra.powerSessionId}/lines/00000000-0000-4000-8000-000000000001/report-spam` },
    'GET /api/v1/power-dashboard': { url: () => '/api/v1/power-dashboard', collection: true },
  },
};

import type { AuthzPart } from './part.ts';

/** Authorization samples for the weekly brief and notification channel routes. */
export const weeklyBriefAuthz: AuthzPart = {
  async build(t, a, fx) {
    const as = t.as({ cookie: a.cookie });
    const ch = await as({ method: 'POST', url: '/api/v1/notification-channels', payload: { kind: 'email', name: 'Marker-7f3a channel', recipients: ['marker-7f3a@example.test'] } });
    if (ch.statusCode !== 201) throw new Error(`channel fixture: ${ch.statusCode} ${ch.body}`);
    fx.extra.channelId = ch.json().id;
    const b = await as({ method: 'POST', url: '/api/v1/briefs/generate', payload: { deliver: false } });
    if (b.statusCode !== 201) throw new Error(`brief fixture: ${b.statusCode} ${b.body}`);
    fx.extra.briefId = b.json().id;
  },
  samples: {
    'GET /api/v1/briefs': { url: () => '/api/v1/briefs', collection: true },
    'GET /api/v1/briefs/:id': { url: (fx) => `/api/v1/briefs/${fx.extra.briefId}` },
    'POST /api/v1/briefs/generate': { url: () => '/api/v1/briefs/generate', body: () => ({ deliver: false }), collection: true },
    'GET /api/v1/settings/weekly-brief': { url: () => '/api/v1/settings/weekly-brief', collection: true },
    'PUT /api/v1/settings/weekly-brief': { url: () => '/api/v1/settings/weekly-brief', body: () => ({ enabled: false, weekday: 2, hour: 9, timezone: 'UTC', audience: 'everyone' }), collection: true },
    'GET /api/v1/notification-channels': { url: () => '/api/v1/notification-channels', collection: true },
    'POST /api/v1/notification-channels': { url: () => '/api/v1/notification-channels', body: () => ({ kind: 'email', name: 'Outsider', recipients: ['o@example.test'] }), collection: true },
    'PATCH /api/v1/notification-channels/:id': { url: (fx) => `/api/v1/notification-channels/${fx.extra.channelId}`, body: () => ({ name: 'Taken over', enabled: false }) },
    'DELETE /api/v1/notification-channels/:id': { url: (fx) => `/api/v1/notification-channels/${fx.extra.channelId}` },
    'POST /api/v1/notification-channels/:id/test': { url: (fx) => `/api/v1/notification-channels/${fx.extra.channelId}/test` },
  },
};

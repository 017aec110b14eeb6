import type { AuthzPart } from './part.ts';

/** Authorization samples for the number pool routes (see authz.samples.ts). */
export const numbersAuthz: AuthzPart = {
  async build(t, a, fx) {
    const res = await t.as({ cookie: a.cookie })({ method: 'POST', url: '/api/v1/numbers', payload: { e164: '+13125550177', label: 'Marker-7f3a line', provider: 'twilio' } });
    if (res.statusCode !== 201) throw new Error(`numbers fixture: ${res.statusCode} ${res.body}`);
    fx.extra.phoneNumberId = res.json().id;
  },
  samples: {
    // list/collection routes answer about the caller's own workspace: none of A's numbers may appear
    'GET /api/v1/numbers': { url: () => '/api/v1/numbers', collection: true },
    'POST /api/v1/numbers': { url: () => '/api/v1/numbers', body: () => ({ e164: '+13125550178', label: 'outsider' }), collection: true },
    'POST /api/v1/numbers/check': { url: () => '/api/v1/numbers/check', collection: true },
    'GET /api/v1/numbers/reputation-sources': { url: () => '/api/v1/numbers/reputation-sources', collection: true },
    'PUT /api/v1/numbers/reputation-sources': { url: () => '/api/v1/numbers/reputation-sources', body: () => ({ sources: [] }), collection: true },
    'PATCH /api/v1/numbers/:id': { url: (fx) => `/api/v1/numbers/${fx.extra.phoneNumberId}`, body: () => ({ label: 'taken over', cnam: 'Outsider' }) },
    'DELETE /api/v1/numbers/:id': { url: (fx) => `/api/v1/numbers/${fx.extra.phoneNumberId}` },
    'POST /api/v1/numbers/:id/report-spam': { url: (fx) => `/api/v1/numbers/${fx.extra.phoneNumberId}/report-spam`, body: () => ({ note: 'outsider' }) },
    'POST /api/v1/numbers/:id/check': { url: (fx) => `/api/v1/numbers/${fx.extra.phoneNumberId}/check` },
  },
};

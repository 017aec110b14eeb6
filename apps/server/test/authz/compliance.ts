import type { AuthzPart } from './part.ts';

/** Authorization samples for the compliance routes (see authz.samples.ts). */
export const complianceAuthz: AuthzPart = {
  // a logged decision about A's lead, so the outsider's decision list has something to leak
  async build(t, a, fx) {
    const res = await t.as({ cookie: a.cookie })({ method: 'POST', url: '/api/v1/compliance/check', payload: { leadId: fx.extra.leadId, kind: 'call' } });
    if (res.statusCode !== 200) throw new Error(`compliance fixture: ${res.statusCode} ${res.body}`);
  },
  samples: {
    'GET /api/v1/settings/compliance': { url: () => '/api/v1/settings/compliance', collection: true },
    'PUT /api/v1/settings/compliance': {
      url: () => '/api/v1/settings/compliance', collection: true,
      body: () => ({ callingHours: { start: 9, end: 20 }, stateRules: {}, minGapMinutes: 0, tenDlcStatus: 'none' }),
    },
    'GET /api/v1/compliance/decisions': { url: (fx) => `/api/v1/compliance/decisions?leadId=${fx.extra.leadId}`, collection: true },
    'POST /api/v1/compliance/check': { url: () => '/api/v1/compliance/check', body: (fx) => ({ leadId: fx.extra.leadId, kind: 'call' }) },
  },
};

import type { AuthzPart } from './part.ts';

/** Authorization samples for the playbook routes: one per route in the route table. */
export const playbookAuthz: AuthzPart = {
  // workspace A's rule with two pieces of evidence: a moment of A's call and a metric
  async build(t, a, fx) {
    const as = t.as({ cookie: a.cookie });
    const res = await as({
      method: 'POST', url: '/api/v1/playbook/rules',
      payload: {
        title: 'Marker-7f3a rule', category: 'marker-7f3a', segments: ['marker-7f3a'],
        evidence: [{ kind: 'call', callSessionId: fx.extra.callId, start: 1, end: 2, snippet: 'Marker-7f3a said this' }, { kind: 'metric', name: 'Marker-7f3a rate', value: 1 }],
      },
    });
    if (res.statusCode !== 201) throw new Error(`playbook fixture: ${res.statusCode} ${res.body}`);
    fx.extra.playbookRuleId = res.json().id;
    fx.extra.playbookEvidenceId = res.json().evidence[0].id;
  },
  samples: {
    'GET /api/v1/playbook/rules': { url: () => '/api/v1/playbook/rules?status=all&q=marker', collection: true },
    'POST /api/v1/playbook/rules': {
      url: () => '/api/v1/playbook/rules', collection: true,
      body: (fx) => ({ title: 'Outsider rule', evidence: [{ kind: 'call', callSessionId: fx.extra.callId, start: 0, end: 1, snippet: 'stolen' }] }),
    },
    'GET /api/v1/playbook/categories': { url: () => '/api/v1/playbook/categories', collection: true },
    'GET /api/v1/playbook/rules/:id': { url: (fx) => `/api/v1/playbook/rules/${fx.extra.playbookRuleId}` },
    'PATCH /api/v1/playbook/rules/:id': { url: (fx) => `/api/v1/playbook/rules/${fx.extra.playbookRuleId}`, body: () => ({ title: 'Taken over', status: 'archived' }) },
    'DELETE /api/v1/playbook/rules/:id': { url: (fx) => `/api/v1/playbook/rules/${fx.extra.playbookRuleId}` },
    'GET /api/v1/playbook/rules/:id/history': { url: (fx) => `/api/v1/playbook/rules/${fx.extra.playbookRuleId}/history` },
    'POST /api/v1/playbook/rules/:id/evidence': { url: (fx) => `/api/v1/playbook/rules/${fx.extra.playbookRuleId}/evidence`, body: () => ({ kind: 'metric', name: 'Outsider', value: 1 }) },
    'DELETE /api/v1/playbook/evidence/:id': { url: (fx) => `/api/v1/playbook/evidence/${fx.extra.playbookEvidenceId}` },
    'POST /api/v1/playbook/rules/:id/uses': { url: (fx) => `/api/v1/playbook/rules/${fx.extra.playbookRuleId}/uses`, body: (fx) => ({ action: 'opened', leadId: fx.extra.leadId }) },
    'GET /api/v1/playbook/prep': { url: (fx) => `/api/v1/playbook/prep?leadId=${fx.extra.leadId}` },
  },
};

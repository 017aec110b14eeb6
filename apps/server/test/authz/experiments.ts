import type { AuthzPart } from './part.ts';

/** Authorization samples for the experiments routes: one per route in the route table. */
export const experimentsAuthz: AuthzPart = {
  async build(t, a, fx) {
    const as = t.as({ cookie: a.cookie });
    const payload = { name: 'Marker-7f3a experiment', variants: [{ label: 'Marker-7f3a A', text: 'Hi' }, { label: 'Marker-7f3a B', text: 'Hello' }], targetCalls: 4 };
    const e = await as({ method: 'POST', url: '/api/v1/experiments', payload });
    if (e.statusCode !== 201) throw new Error(`experiments fixture: ${e.statusCode} ${e.body}`);
    fx.extra.experimentId = e.json().id;
    const d = await as({ method: 'POST', url: '/api/v1/experiments', payload: { ...payload, name: 'Marker-7f3a draft', start: false } });
    fx.extra.draftExperimentId = d.json().id;
    // a call of workspace A (the for-call route aims at it)
    const { rows } = await t.db.query<{ id: string }>(
      `INSERT INTO call_sessions (workspace_id, provider, direction, from_number, to_number, lead_id) VALUES ($1, 'sandbox', 'outbound', '+12125550100', '+12125550177', $2) RETURNING id`,
      [a.workspaceId, fx.extra.leadId],
    );
    fx.extra.experimentCallId = rows[0].id;
    await t.db.query(`INSERT INTO experiment_assignments (workspace_id, experiment_id, call_session_id, lead_id, variant) VALUES ($1, $2, $3, $4, 'A')`, [a.workspaceId, fx.extra.experimentId, rows[0].id, fx.extra.leadId]);
  },
  samples: {
    'GET /api/v1/experiments': { url: () => '/api/v1/experiments', collection: true },
    'POST /api/v1/experiments': { url: () => '/api/v1/experiments', body: () => ({ name: 'Outsider', variants: [{ label: 'A', text: 'a' }, { label: 'B', text: 'b' }] }), collection: true },
    'GET /api/v1/experiments/for-call/:callSessionId': { url: (fx) => `/api/v1/experiments/for-call/${fx.extra.experimentCallId}` },
    'GET /api/v1/experiments/:id': { url: (fx) => `/api/v1/experiments/${fx.extra.experimentId}` },
    'POST /api/v1/experiments/:id/start': { url: (fx) => `/api/v1/experiments/${fx.extra.draftExperimentId}/start` },
    'POST /api/v1/experiments/:id/stop': { url: (fx) => `/api/v1/experiments/${fx.extra.experimentId}/stop` },
    'POST /api/v1/experiments/:id/promote': { url: (fx) => `/api/v1/experiments/${fx.extra.experimentId}/promote`, body: () => ({ variant: 'A' }) },
  },
};

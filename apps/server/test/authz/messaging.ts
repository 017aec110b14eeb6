import type { AuthzPart } from './part.ts';

/** Authorization samples for the messaging routes: one per route in the route table. */
export const messagingAuthz: AuthzPart = {
  async build(t, a, fx) {
    const res = await t.as({ cookie: a.cookie })({ method: 'POST', url: '/api/v1/sms-templates', payload: { name: 'Marker-7f3a template', body: 'Hi {FirstName}, Marker-7f3a here.' } });
    if (res.statusCode !== 201) throw new Error(`sms template fixture: ${res.statusCode} ${res.body}`);
    fx.extra.smsTemplateId = res.json().id;
  },
  samples: {
    'GET /api/v1/leads/:id/messages': { url: (fx) => `/api/v1/leads/${fx.extra.leadId}/messages` },
    'POST /api/v1/leads/:id/messages': { url: (fx) => `/api/v1/leads/${fx.extra.leadId}/messages`, body: () => ({ body: 'Hello from an outsider' }) },
    'GET /api/v1/sms-templates': { url: () => '/api/v1/sms-templates?includeArchived=true', collection: true },
    'POST /api/v1/sms-templates': { url: () => '/api/v1/sms-templates', body: () => ({ name: 'outsider', body: 'hi' }), collection: true },
    'GET /api/v1/sms-templates/:id': { url: (fx) => `/api/v1/sms-templates/${fx.extra.smsTemplateId}` },
    'PATCH /api/v1/sms-templates/:id': { url: (fx) => `/api/v1/sms-templates/${fx.extra.smsTemplateId}`, body: () => ({ name: 'taken over' }) },
    'DELETE /api/v1/sms-templates/:id': { url: (fx) => `/api/v1/sms-templates/${fx.extra.smsTemplateId}` },
    'POST /api/v1/sms-templates/preview': { url: () => '/api/v1/sms-templates/preview', body: (fx) => ({ leadId: fx.extra.leadId, body: 'Hi {FirstName}' }) },
    'GET /api/v1/settings/messaging': { url: () => '/api/v1/settings/messaging', collection: true },
    'PUT /api/v1/settings/messaging': {
      url: () => '/api/v1/settings/messaging', collection: true,
      body: () => ({ helpText: 'Outsider help', autoExhausted: { enabled: false, templateId: null }, autoMissedCall: { enabled: false, templateId: null } }),
    },
    'POST /api/v1/messaging/sandbox/inbound': { url: () => '/api/v1/messaging/sandbox/inbound', body: () => ({ from: '+13125550190', body: 'hello' }), collection: true },
  },
};

import { expect } from 'vitest';
import type { TestContext, TestWorkspace } from './harness.ts';
import type { AuthzPart } from './authz/part.ts';
import { dialerAuthz } from './authz/dialer.ts';
import { callsAuthz } from './authz/calls.ts';
import { telephonyAuthz } from './authz/telephony.ts';
import { numbersAuthz } from './authz/numbers.ts';
import { complianceAuthz } from './authz/compliance.ts';
import { calendarFeedAuthz } from './authz/calendar-feed.ts';
import { powerDialerAuthz } from './authz/power-dialer.ts';
import { messagingAuthz } from './authz/messaging.ts';
import { scriptsAuthz } from './authz/scripts.ts';
import { caldavAuthz } from './authz/caldav.ts';
import { reviewAuthz } from './authz/review.ts';
import { playbookAuthz } from './authz/playbook.ts';
import { experimentsAuthz } from './authz/experiments.ts';
import { callInsightsAuthz } from './authz/call-insights.ts';
import { dashboardAuthz } from './authz/dashboard.ts';
import { weeklyBriefAuthz } from './authz/weekly-brief.ts';

// domains added after the foundation keep their samples in test/authz/<domain>.ts
const PARTS: AuthzPart[] = [dialerAuthz, callsAuthz, telephonyAuthz, numbersAuthz, complianceAuthz, calendarFeedAuthz, powerDialerAuthz, messagingAuthz, scriptsAuthz, caldavAuthz, reviewAuthz, playbookAuthz, experimentsAuthz, callInsightsAuthz, dashboardAuthz, weeklyBriefAuthz];

/** Ids of workspace A's resources that the outsider aims at. */
export interface TenantFixture {
  ownerId: string;
  workspaceId: string;
  apiKeyId: string;
  invitationId: string;
  extra: Record<string, string>;
  ids(): string[];
  assertUnchanged(t: TestContext, a: TestWorkspace): Promise<void>;
}

export interface Sample {
  url: (fx: TenantFixture) => string;
  body?: (fx: TenantFixture) => Record<string, unknown>;
  /** A collection/self route: the outsider gets an answer about their own workspace/account. */
  collection?: boolean;
}

/** Creates a realistic set of resources in workspace A through the API. */
export async function buildTenantFixture(t: TestContext, a: TestWorkspace): Promise<TenantFixture> {
  const as = t.as({ cookie: a.cookie });
  const key = (await as({ method: 'POST', url: '/api/v1/api-keys', payload: { name: 'Marker-7f3a key' } })).json();
  const inv = (await as({ method: 'POST', url: '/api/v1/invitations', payload: { email: 'marker-7f3a@example.test', role: 'rep' } })).json();
  const fx: TenantFixture = {
    ownerId: a.userId,
    workspaceId: a.workspaceId,
    apiKeyId: key.id,
    invitationId: inv.id,
    extra: {},
    ids() {
      return [this.workspaceId, this.apiKeyId, this.invitationId, ...Object.values(this.extra)];
    },
    async assertUnchanged(tc, ws) {
      const me = tc.as({ cookie: ws.cookie });
      expect((await me({ method: 'GET', url: '/api/v1/workspace' })).json().name).toBe('Tenant A Marker-7f3a');
      expect((await me({ method: 'GET', url: '/api/v1/api-keys' })).json().data.map((k: { id: string }) => k.id)).toContain(this.apiKeyId);
      expect((await me({ method: 'GET', url: '/api/v1/invitations' })).json().data.map((k: { id: string }) => k.id)).toContain(this.invitationId);
      expect((await me({ method: 'GET', url: `/api/v1/leads/${this.extra.leadId}` })).json()).toMatchObject({ name: 'Marker-7f3a lead', stage: 'new', contacts: [{ firstName: 'Marker' }] });
      expect((await me({ method: 'GET', url: '/api/v1/views' })).json().data.map((v: { id: string }) => v.id)).toContain(this.extra.viewId);
      expect((await me({ method: 'GET', url: '/api/v1/pipeline/stages' })).json().data.map((st: { key: string }) => st.key)).toContain('won');
      expect((await me({ method: 'GET', url: `/api/v1/imports/${this.extra.importId}` })).json()).toMatchObject({ status: 'uploaded', imported: 0 });
    },
  };
  // leads domain
  const lead = (await as({ method: 'POST', url: '/api/v1/leads', payload: { name: 'Marker-7f3a lead', contact: { firstName: 'Marker' } } })).json();
  const view = (await as({ method: 'POST', url: '/api/v1/views', payload: { name: 'Marker-7f3a view', shared: true } })).json();
  Object.assign(fx.extra, { leadId: lead.id, contactId: lead.contacts[0].id, viewId: view.id });
  // imports domain: an uploaded file (multipart)
  const csv = 'Company,Email\r\nMarker-7f3a Co,marker-7f3a@example.test\r\n';
  const upload = await as({
    method: 'POST', url: '/api/v1/imports', headers: { 'content-type': 'multipart/form-data; boundary=marker7f3a' },
    payload: `--marker7f3a\r\nContent-Disposition: form-data; name="file"; filename="marker.csv"\r\nContent-Type: text/csv\r\n\r\n${csv}\r\n--marker7f3a--\r\n`,
  });
  fx.extra.importId = upload.json().importId;
  for (const part of PARTS) await part.build?.(t, a, fx);
  return fx;
}

export const SAMPLES: Record<string, Sample> = {
  // identity & workspace
  'GET /api/v1/auth/me': { url: () => '/api/v1/auth/me', collection: true },
  'POST /api/v1/workspaces': { url: () => '/api/v1/workspaces', body: () => ({ name: 'Outsider second' }), collection: true },
  'POST /api/v1/workspaces/switch': { url: () => '/api/v1/workspaces/switch', body: (fx) => ({ workspaceId: fx.workspaceId }) },
  'GET /api/v1/workspace': { url: () => '/api/v1/workspace', collection: true },
  'PATCH /api/v1/workspace': { url: () => '/api/v1/workspace', body: () => ({ name: 'Renamed by outsider' }), collection: true },
  'GET /api/v1/members': { url: () => '/api/v1/members', collection: true },
  'PATCH /api/v1/members/:userId': { url: (fx) => `/api/v1/members/${fx.ownerId}`, body: () => ({ role: 'rep' }) },
  'DELETE /api/v1/members/:userId': { url: (fx) => `/api/v1/members/${fx.ownerId}` },
  'GET /api/v1/invitations': { url: () => '/api/v1/invitations', collection: true },
  'POST /api/v1/invitations': { url: () => '/api/v1/invitations', body: () => ({ email: 'someone@example.test', role: 'rep' }), collection: true },
  'DELETE /api/v1/invitations/:id': { url: (fx) => `/api/v1/invitations/${fx.invitationId}` },
  'GET /api/v1/api-keys': { url: () => '/api/v1/api-keys', collection: true },
  'POST /api/v1/api-keys': { url: () => '/api/v1/api-keys', body: () => ({ name: 'outsider' }), collection: true },
  'DELETE /api/v1/api-keys/:id': { url: (fx) => `/api/v1/api-keys/${fx.apiKeyId}` },
  'GET /api/v1/mailbox': { url: () => '/api/v1/mailbox', collection: true },
  // providers & notifications (platform)
  'GET /api/v1/providers': { url: () => '/api/v1/providers', collection: true },
  'GET /api/v1/notifications': { url: () => '/api/v1/notifications', collection: true },
  'POST /api/v1/notifications/read': { url: () => '/api/v1/notifications/read', body: () => ({ all: true }), collection: true },
  // leads, contacts, pipeline, saved views
  'GET /api/v1/leads': { url: () => '/api/v1/leads?q=marker', collection: true },
  'GET /api/v1/leads/export.csv': { url: () => '/api/v1/leads/export.csv', collection: true },
  'GET /api/v1/leads/facets': { url: () => '/api/v1/leads/facets', collection: true },
  'POST /api/v1/leads': { url: () => '/api/v1/leads', body: () => ({ name: 'Outsider lead' }), collection: true },
  'POST /api/v1/leads/bulk': { url: () => '/api/v1/leads/bulk', body: (fx) => ({ ids: [fx.extra.leadId], action: 'delete' }), collection: true },
  'GET /api/v1/leads/:id': { url: (fx) => `/api/v1/leads/${fx.extra.leadId}` },
  'PATCH /api/v1/leads/:id': { url: (fx) => `/api/v1/leads/${fx.extra.leadId}`, body: () => ({ name: 'Renamed by outsider', stage: 'won' }) },
  'DELETE /api/v1/leads/:id': { url: (fx) => `/api/v1/leads/${fx.extra.leadId}` },
  'GET /api/v1/leads/:id/timeline': { url: (fx) => `/api/v1/leads/${fx.extra.leadId}/timeline` },
  'POST /api/v1/leads/:id/contacts': { url: (fx) => `/api/v1/leads/${fx.extra.leadId}/contacts`, body: () => ({ firstName: 'Intruder' }) },
  'PATCH /api/v1/contacts/:id': { url: (fx) => `/api/v1/contacts/${fx.extra.contactId}`, body: () => ({ firstName: 'Intruder' }) },
  'DELETE /api/v1/contacts/:id': { url: (fx) => `/api/v1/contacts/${fx.extra.contactId}` },
  'POST /api/v1/contacts/:id/make-primary': { url: (fx) => `/api/v1/contacts/${fx.extra.contactId}/make-primary` },
  'GET /api/v1/pipeline/stages': { url: () => '/api/v1/pipeline/stages', collection: true },
  'PUT /api/v1/pipeline/stages': { url: () => '/api/v1/pipeline/stages', body: () => ({ stages: [{ key: 'new', label: 'New', kind: 'open' }] }), collection: true },
  'GET /api/v1/pipeline/board': { url: () => '/api/v1/pipeline/board', collection: true },
  'GET /api/v1/views': { url: () => '/api/v1/views', collection: true },
  'POST /api/v1/views': { url: () => '/api/v1/views', body: () => ({ name: 'Outsider view', shared: true }), collection: true },
  'PATCH /api/v1/views/:id': { url: (fx) => `/api/v1/views/${fx.extra.viewId}`, body: () => ({ name: 'Renamed by outsider' }) },
  'DELETE /api/v1/views/:id': { url: (fx) => `/api/v1/views/${fx.extra.viewId}` },
  // imports
  'POST /api/v1/imports': { url: () => '/api/v1/imports', body: () => ({ file: 'not multipart' }), collection: true },
  'POST /api/v1/imports/:id/preview': { url: (fx) => `/api/v1/imports/${fx.extra.importId}/preview`, body: () => ({ mapping: { Company: 'name' } }) },
  'POST /api/v1/imports/:id/run': { url: (fx) => `/api/v1/imports/${fx.extra.importId}/run`, body: () => ({ mapping: { Company: 'name' } }) },
  'GET /api/v1/imports': { url: () => '/api/v1/imports', collection: true },
  'GET /api/v1/imports/:id': { url: (fx) => `/api/v1/imports/${fx.extra.importId}` },
  'GET /api/v1/imports/:id/rejected.csv': { url: (fx) => `/api/v1/imports/${fx.extra.importId}/rejected.csv` },
  'GET /api/v1/import-mappings': { url: () => '/api/v1/import-mappings', collection: true },
  ...Object.assign({}, ...PARTS.map((p) => p.samples)),
};

import { expect } from 'vitest';
import type { TestContext, TestWorkspace } from './harness.ts';

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
  body?: (fx: TenantFixture) => unknown;
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
    },
  };
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
};

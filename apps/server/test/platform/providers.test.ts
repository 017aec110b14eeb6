import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, testDbKind, type TestContext, type TestWorkspace } from '../harness.ts';
import { createUser } from '../../src/domains/identity/index.ts';
import { getProviderRegistry } from '../../src/platform/providers/registry.ts';
import type { NotifierPort } from '../../src/platform/providers/notifier/port.ts';

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext();
});
afterAll(async () => t?.close());

interface ProviderStatus {
  capability: string;
  mode: string;
  adapter: string | null;
  reason: string | null;
  adapters: { name: string; mode: string; available: boolean; reason: string | null }[];
  health: { lastSuccessAt: string | null; lastErrorAt: string | null; lastError: string | null } | null;
}

async function providers(w: { cookie?: string; apiKey?: string }): Promise<Record<string, ProviderStatus>> {
  const res = await t.as(w)({ method: 'GET', url: '/api/v1/providers' });
  expect(res.statusCode).toBe(200);
  return Object.fromEntries((res.json().data as ProviderStatus[]).map((p) => [p.capability, p]));
}

async function setProviderSettings(workspaceId: string, providersSetting: object) {
  await t.db.query(`UPDATE workspaces SET settings = jsonb_set(settings, '{providers}', $2::jsonb) WHERE id = $1`, [workspaceId, JSON.stringify(providersSetting)]);
}

async function addMember(w: TestWorkspace, role: 'rep' | 'manager') {
  const email = `m-${crypto.randomUUID()}@example.test`;
  const userId = await createUser(t.db, { email, password: 'password123', name: role });
  await t.db.query('INSERT INTO memberships (workspace_id, user_id, role) VALUES ($1, $2, $3)', [w.workspaceId, userId, role]);
  return { userId, cookie: await t.signIn(email, 'password123') };
}

async function notifier(workspaceId: string): Promise<NotifierPort> {
  const r = await getProviderRegistry(t.deps).resolve(workspaceId, 'notifier');
  if (!r.configured) throw new Error(r.reason);
  return r.port;
}

describe(`providers on ${testDbKind}`, () => {
  it('lists every capability honestly: sandbox defaults, and "not configured" where no adapter exists yet', async () => {
    const w = await t.newWorkspace();
    const p = await providers({ cookie: w.cookie });
    expect(Object.keys(p).sort()).toEqual(['ai', 'calendar', 'email', 'notifier', 'sms', 'telephony']);
    expect(p.email).toMatchObject({ mode: 'sandbox', adapter: 'capture', reason: null, health: null });
    expect(p.email.adapters).toEqual([
      { name: 'smtp', mode: 'live', available: false, reason: 'Set SMTP_URL to send real email.' },
      { name: 'capture', mode: 'sandbox', available: true, reason: null },
    ]);
    expect(p.notifier).toMatchObject({ mode: 'sandbox', adapter: 'in-app' });
    // voice calls: the sandbox carrier until the workspace connects Twilio
    expect(p.telephony).toMatchObject({ mode: 'sandbox', adapter: 'sandbox', reason: null, health: null });
    expect(p.telephony.adapters).toEqual([
      { name: 'twilio', mode: 'live', available: false, reason: expect.stringMatching(/Settings → Telephony/) },
      { name: 'sandbox', mode: 'sandbox', available: true, reason: null },
    ]);
    // texts: the SMS sandbox until the workspace connects Twilio
    expect(p.sms).toMatchObject({ mode: 'sandbox', adapter: 'sandbox', reason: null });
    // AI: the offline analyzer until the workspace configures an endpoint
    expect(p.ai).toMatchObject({ mode: 'sandbox', adapter: 'offline', reason: null, health: null });
    expect(p.ai.adapters).toEqual([
      { name: 'openai-compatible', mode: 'live', available: false, reason: expect.stringMatching(/Settings → AI/) },
      { name: 'offline', mode: 'sandbox', available: true, reason: null },
    ]);
    for (const c of ['calendar']) {
      expect(p[c]).toMatchObject({ mode: 'not configured', adapter: null, adapters: [], health: null });
      expect(p[c].reason).toMatch(/available in this version yet/);
    }
    // API keys read it too (automation checks the setup)
    expect((await providers({ apiKey: w.apiKey })).email.adapter).toBe('capture');
  });

  it("records the email port's last success for the workspace that sent", async () => {
    const w = await t.newWorkspace();
    const inv = await t.as({ cookie: w.cookie })({ method: 'POST', url: '/api/v1/invitations', payload: { email: `inv-${Date.now()}@example.test`, role: 'rep' } });
    expect(inv.statusCode).toBe(200);
    const p = await providers({ cookie: w.cookie });
    expect(p.email.health?.lastSuccessAt).toBeTruthy();
    expect(p.email.health?.lastError).toBeNull();
    // another workspace sees nothing of it
    const other = await t.newWorkspace();
    expect((await providers({ cookie: other.cookie })).email.health).toBeNull();
  });

  it('follows the workspace setting: a pinned mode, or an adapter this version lacks', async () => {
    const w = await t.newWorkspace();
    await setProviderSettings(w.workspaceId, { telephony: { adapter: 'twilio' }, email: { mode: 'live' }, sms: { adapter: 'twilio' }, ai: { adapter: 'openai' } });
    const p = await providers({ cookie: w.cookie });
    // chosen but not connected: says what to do rather than falling back to the sandbox
    expect(p.telephony).toMatchObject({ mode: 'not configured', reason: expect.stringMatching(/Add your Twilio account/) });
    expect(p.sms).toMatchObject({ mode: 'not configured', reason: expect.stringMatching(/Add your Twilio account/) });
    expect(p.ai).toMatchObject({ mode: 'not configured', reason: 'The workspace chose "openai", which this version does not have.' });
    expect(p.email).toMatchObject({ mode: 'not configured', adapter: null, reason: 'Set SMTP_URL to send real email.' });
    // malformed settings fall back to defaults instead of breaking the capability
    await setProviderSettings(w.workspaceId, { email: { mode: 42 } });
    expect((await providers({ cookie: w.cookie })).email.adapter).toBe('capture');
  });

  it('uses SMTP when SMTP_URL is set, unless the workspace pins the sandbox', async () => {
    const live = await createTestContext({ env: { SMTP_URL: 'smtp://127.0.0.1:2525' } });
    try {
      const w = await live.newWorkspace();
      const get = async () => (await live.as({ cookie: w.cookie })({ method: 'GET', url: '/api/v1/providers' })).json().data.find((x: ProviderStatus) => x.capability === 'email');
      expect(await get()).toMatchObject({ mode: 'live', adapter: 'smtp' });
      await live.db.query(`UPDATE workspaces SET settings = '{"providers":{"email":{"mode":"sandbox"}}}' WHERE id = $1`, [w.workspaceId]);
      expect(await get()).toMatchObject({ mode: 'sandbox', adapter: 'capture' });
    } finally {
      await live.close();
    }
  });
});

describe(`in-app notifications on ${testDbKind}`, () => {
  it('notifies a member, lists newest first with the unread count, and marks read', async () => {
    const w = await t.newWorkspace();
    const n = await notifier(w.workspaceId);
    const first = await n.notify({ workspaceId: w.workspaceId, userId: w.userId }, { kind: 'callback.due', title: 'Call back Acme', link: '/dialer', severity: 'warning' });
    const second = await n.notify({ workspaceId: w.workspaceId, userId: w.userId }, { kind: 'alert.fired', title: 'Connect rate dropped' });
    expect(first).toMatchObject({ channel: 'in_app', delivered: 1 });
    const as = t.as({ cookie: w.cookie });
    const list = (await as({ method: 'GET', url: '/api/v1/notifications' })).json();
    expect(list.unreadCount).toBe(2);
    expect(list.data.map((x: { title: string }) => x.title)).toEqual(['Connect rate dropped', 'Call back Acme']);
    expect(list.data[1]).toMatchObject({ kind: 'callback.due', severity: 'warning', link: '/dialer', readAt: null });

    const read = await as({ method: 'POST', url: '/api/v1/notifications/read', payload: { ids: first.ids } });
    expect(read.json()).toEqual({ updated: 1 });
    const unread = (await as({ method: 'GET', url: '/api/v1/notifications?unread=true' })).json();
    expect(unread.data.map((x: { id: string }) => x.id)).toEqual(second.ids);
    expect(unread.unreadCount).toBe(1);
    expect((await as({ method: 'POST', url: '/api/v1/notifications/read', payload: { all: true } })).json()).toEqual({ updated: 1 });
    expect((await as({ method: 'GET', url: '/api/v1/notifications' })).json().unreadCount).toBe(0);
  });

  it('pages with a cursor', async () => {
    const w = await t.newWorkspace();
    const n = await notifier(w.workspaceId);
    for (let i = 0; i < 5; i++) await n.notify({ workspaceId: w.workspaceId, userId: w.userId }, { kind: 'k', title: `n${i}` });
    const as = t.as({ cookie: w.cookie });
    const p1 = (await as({ method: 'GET', url: '/api/v1/notifications?limit=3' })).json();
    expect(p1.data).toHaveLength(3);
    const p2 = (await as({ method: 'GET', url: `/api/v1/notifications?limit=3&before=${p1.nextCursor}` })).json();
    expect(p2.data).toHaveLength(2);
    expect(p2.nextCursor).toBeNull();
    expect([...p1.data, ...p2.data].map((x: { title: string }) => x.title).sort()).toEqual(['n0', 'n1', 'n2', 'n3', 'n4']);
    expect((await as({ method: 'GET', url: '/api/v1/notifications?before=garbage' })).statusCode).toBe(400);
  });

  it('notifies once per dedupe key, reaches members by minimum role, and never a non-member', async () => {
    const w = await t.newWorkspace();
    const rep = await addMember(w, 'rep');
    const manager = await addMember(w, 'manager');
    const outsider = await t.newWorkspace();
    const n = await notifier(w.workspaceId);
    const msg = { kind: 'alert.fired', title: 'Spam label on +1 312', dedupeKey: 'alert:1' };
    const r1 = await n.notify({ workspaceId: w.workspaceId, minRole: 'manager' }, msg);
    const r2 = await n.notify({ workspaceId: w.workspaceId, minRole: 'manager' }, msg);
    expect(r1.delivered).toBe(2); // owner and manager
    expect(r2.delivered).toBe(0);
    const count = async (cookie: string) => (await t.as({ cookie })({ method: 'GET', url: '/api/v1/notifications' })).json().data.length;
    expect(await count(w.cookie)).toBe(1);
    expect(await count(manager.cookie)).toBe(1);
    expect(await count(rep.cookie)).toBe(0);
    expect((await n.notify({ workspaceId: w.workspaceId, userId: outsider.userId }, { kind: 'x', title: 'leak?' })).delivered).toBe(0);
    expect(await count(outsider.cookie)).toBe(0);
  });

  it('refuses API keys (a key has no inbox)', async () => {
    const w = await t.newWorkspace();
    expect((await t.as({ apiKey: w.apiKey })({ method: 'GET', url: '/api/v1/notifications' })).statusCode).toBe(403);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, testDbKind, type TestContext } from '../../../test/harness.ts';

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext();
});
afterAll(async () => t?.close());

describe(`identity on ${testDbKind}`, () => {
  it('signs up an owner with a first workspace and default pipeline', async () => {
    const email = `new-${Date.now()}-${Math.random()}@example.test`;
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/auth/signup', payload: { name: 'Ana', email, password: 'password123', workspaceName: 'Ana Co' } });
    expect(res.statusCode).toBe(200);
    const cookie = `fw_session=${res.cookies.find((c) => c.name === 'fw_session')!.value}`;
    const me = await t.as({ cookie })({ method: 'GET', url: '/api/v1/auth/me' });
    expect(me.json().workspaces).toHaveLength(1);
    expect(me.json().role).toBe('owner');
    const ws = await t.as({ cookie })({ method: 'GET', url: '/api/v1/workspace' });
    expect(ws.json().name).toBe('Ana Co');
  });

  it('refuses a duplicate email and weak passwords with field messages', async () => {
    const w = await t.newWorkspace();
    const dup = await t.app.inject({ method: 'POST', url: '/api/v1/auth/signup', payload: { name: 'X', email: w.email.toUpperCase(), password: 'password123', workspaceName: 'X' } });
    expect(dup.statusCode).toBe(409);
    const weak = await t.app.inject({ method: 'POST', url: '/api/v1/auth/signup', payload: { name: 'X', email: 'x@example.test', password: 'short', workspaceName: 'X' } });
    expect(weak.statusCode).toBe(400);
    expect(weak.json().error.fields.password).toMatch(/8/);
  });

  it('rejects a wrong password and signs out', async () => {
    const w = await t.newWorkspace();
    const bad = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: w.email, password: 'nope-nope' } });
    expect(bad.statusCode).toBe(401);
    const out = await t.as({ cookie: w.cookie })({ method: 'POST', url: '/api/v1/auth/logout' });
    expect(out.statusCode).toBe(204);
    const me = await t.as({ cookie: w.cookie })({ method: 'GET', url: '/api/v1/auth/me' });
    expect(me.statusCode).toBe(401);
  });

  it('invites a member by link who then joins with the chosen role', async () => {
    const w = await t.newWorkspace('Inviting');
    const invitee = `rep-${Date.now()}@example.test`;
    const inv = await t.as({ cookie: w.cookie })({ method: 'POST', url: '/api/v1/invitations', payload: { email: invitee, role: 'rep' } });
    expect(inv.statusCode).toBe(200);
    const token = new URL(inv.json().link).searchParams.get('token')!;
    const mail = await t.as({ cookie: w.cookie })({ method: 'GET', url: '/api/v1/mailbox' });
    expect(mail.json().data.some((m: { to: string; text: string }) => m.to === invitee && m.text.includes(token))).toBe(true);
    const look = await t.app.inject({ method: 'GET', url: `/api/v1/invitations/lookup?token=${token}` });
    expect(look.json()).toMatchObject({ email: invitee, workspaceName: 'Inviting', hasAccount: false });
    const acc = await t.app.inject({ method: 'POST', url: '/api/v1/invitations/accept', payload: { token, name: 'Rep', password: 'password123' } });
    expect(acc.statusCode).toBe(200);
    const cookie = `fw_session=${acc.cookies.find((c) => c.name === 'fw_session')!.value}`;
    const me = await t.as({ cookie })({ method: 'GET', url: '/api/v1/auth/me' });
    expect(me.json().role).toBe('rep');
    // a rep cannot manage API keys; the link cannot be used twice
    expect((await t.as({ cookie })({ method: 'GET', url: '/api/v1/api-keys' })).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/invitations/accept', payload: { token, password: 'password123' } })).statusCode).toBe(404);
  });

  it('creates, uses and revokes API keys', async () => {
    const w = await t.newWorkspace();
    const created = await t.as({ cookie: w.cookie })({ method: 'POST', url: '/api/v1/api-keys', payload: { name: 'zapier' } });
    const { key, id } = created.json();
    expect((await t.as({ apiKey: key })({ method: 'GET', url: '/api/v1/workspace' })).json().id).toBe(w.workspaceId);
    await t.as({ cookie: w.cookie })({ method: 'DELETE', url: `/api/v1/api-keys/${id}` });
    expect((await t.as({ apiKey: key })({ method: 'GET', url: '/api/v1/workspace' })).statusCode).toBe(401);
  });

  it('switches between several workspaces but never into a foreign one', async () => {
    const a = await t.newWorkspace('A');
    const b = await t.newWorkspace('B');
    const second = await t.as({ cookie: a.cookie })({ method: 'POST', url: '/api/v1/workspaces', payload: { name: 'A2' } });
    expect((await t.as({ cookie: a.cookie })({ method: 'GET', url: '/api/v1/workspace' })).json().name).toBe('A2');
    await t.as({ cookie: a.cookie })({ method: 'POST', url: '/api/v1/workspaces/switch', payload: { workspaceId: a.workspaceId } });
    expect((await t.as({ cookie: a.cookie })({ method: 'GET', url: '/api/v1/workspace' })).json().name).toBe('A');
    const foreign = await t.as({ cookie: a.cookie })({ method: 'POST', url: '/api/v1/workspaces/switch', payload: { workspaceId: b.workspaceId } });
    expect(foreign.statusCode).toBe(403);
    expect(second.json().workspaceId).toBeTruthy();
  });

  it('resets a password through the emailed link', async () => {
    const w = await t.newWorkspace();
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/auth/password-reset', payload: { email: w.email } })).statusCode).toBe(202);
    const { rows } = await t.db.query<{ text_body: string }>('SELECT text_body FROM mail_messages WHERE to_address = $1', [w.email]);
    const token = /token=([\w-]+)/.exec(rows[0].text_body)![1];
    const ok = await t.app.inject({ method: 'POST', url: '/api/v1/auth/password-reset/confirm', payload: { token, password: 'brand-new-pass' } });
    expect(ok.statusCode).toBe(200);
    await expect(t.signIn(w.email, 'brand-new-pass')).resolves.toMatch(/fw_session=/);
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/auth/password-reset/confirm', payload: { token, password: 'again-again' } })).statusCode).toBe(400);
  });
});

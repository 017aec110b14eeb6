import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import Fastify from 'fastify';
import cookie from '@fastify/cookie';
import websocket from '@fastify/websocket';
import { createTestContext, testDbKind, type TestContext, type TestWorkspace } from '../harness.ts';
import { createUser } from '../../src/domains/identity/index.ts';
import { withWorkspace } from '../../src/platform/tenancy/with-workspace.ts';
import { registerRealtime, WS_CLOSE_UNAUTHORIZED, WS_CLOSE_WORKSPACE_CHANGED } from '../../src/platform/events/realtime.ts';
import { createPgListener } from '../../src/platform/events/pg-listener.ts';
import { openSocket, type TestSocket } from './ws-client.ts';
import { waitFor } from './helpers.ts';

let t: TestContext;
let url: string;
let a: TestWorkspace;
let b: TestWorkspace;
const sockets: TestSocket[] = [];

function connect(cookieHeader?: string, at = url) {
  const s = openSocket(at, cookieHeader);
  sockets.push(s);
  return s;
}

/** A second member of workspace `w`, signed in. */
async function addMember(w: TestWorkspace, role: 'rep' | 'manager' = 'rep') {
  const email = `member-${crypto.randomUUID()}@example.test`;
  const userId = await createUser(t.db, { email, password: 'password123', name: 'Member' });
  await t.db.query('INSERT INTO memberships (workspace_id, user_id, role) VALUES ($1, $2, $3)', [w.workspaceId, userId, role]);
  return { userId, cookie: await t.signIn(email, 'password123') };
}

beforeAll(async () => {
  t = await createTestContext();
  await t.deps.events.start();
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  const addr = t.app.server.address();
  if (!addr || typeof addr === 'string') throw new Error('no port');
  url = `ws://127.0.0.1:${addr.port}/api/ws`;
  a = await t.newWorkspace('Realtime A');
  b = await t.newWorkspace('Realtime B');
});
afterAll(async () => {
  for (const s of sockets) s.close();
  await t?.close();
});

describe(`realtime on ${testDbKind}`, () => {
  it('greets a signed-in socket and delivers an event published through the database', async () => {
    const s = connect(a.cookie);
    const hello = await s.next('hello');
    expect(hello.payload).toEqual({ userId: a.userId, workspaceId: a.workspaceId });
    await t.deps.events.publish({ type: 'lead.updated', workspaceId: a.workspaceId, payload: { leadId: 'L1' } });
    const m = await s.next('lead.updated');
    expect(m).toEqual({ type: 'lead.updated', payload: { leadId: 'L1' }, workspaceId: a.workspaceId });
  });

  it("never delivers one workspace's events to a member of another", async () => {
    const sa = connect(a.cookie);
    const sb = connect(b.cookie);
    await Promise.all([sa.next('hello'), sb.next('hello')]);
    await t.deps.events.publish({ type: 'secret.a', workspaceId: a.workspaceId, payload: { marker: 'only-A' } });
    await t.deps.events.publish({ type: 'public.b', workspaceId: b.workspaceId });
    // B's own event arrives after A's was published: had A's been delivered, it would be here
    await sb.next('public.b');
    await sa.next('secret.a');
    expect(sb.events().map((m) => m.type)).toEqual(['public.b']);
    expect(JSON.stringify(sb.messages)).not.toContain('only-A');
  });

  it('delivers a user-addressed event to that user only, not to other members', async () => {
    const other = await addMember(a);
    const mine = connect(a.cookie);
    const theirs = connect(other.cookie);
    await Promise.all([mine.next('hello'), theirs.next('hello')]);
    await t.deps.events.publish({ type: 'task.due', workspaceId: a.workspaceId, userId: other.userId, payload: { n: 1 } });
    await t.deps.events.publish({ type: 'everyone', workspaceId: a.workspaceId });
    await theirs.next('task.due');
    await mine.next('everyone');
    await theirs.next('everyone');
    expect(mine.events().map((m) => m.type)).not.toContain('task.due');
  });

  it('closes an anonymous or forged socket with 4401', async () => {
    expect((await connect().closed).code).toBe(WS_CLOSE_UNAUTHORIZED);
    expect((await connect('fw_session=not-a-real-token').closed).code).toBe(WS_CLOSE_UNAUTHORIZED);
  });

  it('publishes inside a transaction only when it commits', async () => {
    const s = connect(a.cookie);
    await s.next('hello');
    await expect(
      withWorkspace(t.db, a.workspaceId, async (tx) => {
        await t.deps.events.publish({ type: 'rolled.back', workspaceId: a.workspaceId }, tx);
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    await withWorkspace(t.db, a.workspaceId, async (tx) => {
      await t.deps.events.publish({ type: 'committed', workspaceId: a.workspaceId }, tx);
    });
    await s.next('committed');
    expect(s.events().map((m) => m.type)).toEqual(['committed']);
  });

  it('refuses events without a workspace and events too large for NOTIFY', async () => {
    // @ts-expect-error the type requires a workspace; the runtime check backs it up
    await expect(t.deps.events.publish({ type: 'global' })).rejects.toThrow(/workspaceId/);
    await expect(t.deps.events.publish({ type: 'big', workspaceId: a.workspaceId, payload: 'x'.repeat(9000) })).rejects.toThrow(/bytes/);
  });

  it('closes sockets whose session ended (4401) or whose workspace was switched (4409)', async () => {
    // a second app on the same deps with a short revalidation interval
    const app = Fastify();
    await app.register(cookie);
    await app.register(websocket);
    await registerRealtime(app, t.deps, { revalidateMs: 100 });
    await app.listen({ port: 0, host: '127.0.0.1' });
    try {
      const addr = app.server.address();
      if (!addr || typeof addr === 'string') throw new Error('no port');
      const at = `ws://127.0.0.1:${addr.port}/api/ws`;
      const w = await t.newWorkspace('Revalidate');
      const leaving = connect(w.cookie, at);
      await leaving.next('hello');
      await t.as({ cookie: w.cookie })({ method: 'POST', url: '/api/v1/auth/logout' });
      expect((await leaving.closed).code).toBe(WS_CLOSE_UNAUTHORIZED);

      const cookie2 = await t.signIn(w.email, w.password);
      const switching = connect(cookie2, at);
      await switching.next('hello');
      const created = await t.as({ cookie: cookie2 })({ method: 'POST', url: '/api/v1/workspaces', payload: { name: 'Second' } });
      expect(created.statusCode).toBe(200);
      expect((await switching.closed).code).toBe(WS_CLOSE_WORKSPACE_CHANGED);
    } finally {
      await app.close();
    }
  });

  it.runIf(testDbKind === 'postgres')('PostgreSQL: the LISTEN connection comes back after the server drops it', async () => {
    const channel = `test_${crypto.randomUUID().replace(/-/g, '')}`;
    const got: string[] = [];
    const listener = createPgListener(inject('pgTestUrl'), channel, (p) => got.push(p));
    await listener.start();
    try {
      await t.db.query('SELECT pg_notify($1, $2)', [channel, 'before']);
      await waitFor(() => got.includes('before'), 'the first notification');
      const pid = listener.backendPid();
      expect(pid).toBeTypeOf('number');
      await t.db.query('SELECT pg_terminate_backend($1)', [pid]);
      await waitFor(() => listener.backendPid() !== null && listener.backendPid() !== pid, 'a new LISTEN connection');
      await t.db.query('SELECT pg_notify($1, $2)', [channel, 'after']);
      await waitFor(() => got.includes('after'), 'a notification after the reconnect');
    } finally {
      await listener.stop();
    }
  });
});

import crypto from 'node:crypto';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { openTestDb, testDbKind } from '../harness.ts';
import { createWorkspaceWithOwner } from '../../src/domains/identity/index.ts';
import { createDbEventBus } from '../../src/platform/events/bus.ts';
import { createInAppNotifier } from '../../src/platform/providers/notifier/in-app.ts';
import type { Db } from '../../src/db/client.ts';
import { startServerProcess, type ServerProcess } from './processes.ts';
import { openSocket, type TestSocket } from './ws-client.ts';

const started: ServerProcess[] = [];
const sockets: TestSocket[] = [];
let db: Db | null = null;

afterAll(async () => {
  for (const s of sockets) s.close();
  await Promise.all(started.map((p) => p.stop()));
  await db?.close();
});

describe(`realtime across processes on ${testDbKind}`, () => {
  // One PGlite data dir belongs to one process, so this proof needs a PostgreSQL server
  // (CI runs the suite with DATABASE_URL set).
  it.runIf(testDbKind === 'postgres')(
    'PostgreSQL: two API processes both deliver events published by one of them and by a third process',
    async () => {
      const url = inject('pgTestUrl');
      const [a, b] = await Promise.all([
        startServerProcess({ args: ['--role=api'], env: { DATABASE_URL: url } }),
        startServerProcess({ args: ['--role=api'], env: { DATABASE_URL: url } }),
      ]);
      started.push(a, b);

      // the test process is the third: it owns the user and publishes on its own connection
      db = await openTestDb();
      const email = `two-proc-${crypto.randomUUID()}@example.test`;
      const { workspaceId, userId } = await createWorkspaceWithOwner(db, { name: 'Two processes', ownerEmail: email, ownerPassword: 'password123' });
      const login = await fetch(`${a.baseUrl}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password: 'password123' }) });
      expect(login.status).toBe(200);
      const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0];
      expect(cookie).toMatch(/^fw_session=/);

      const onA = openSocket(`ws://127.0.0.1:${a.port}/api/ws`, cookie);
      const onB = openSocket(`ws://127.0.0.1:${b.port}/api/ws`, cookie);
      sockets.push(onA, onB);
      expect((await onA.next('hello')).payload).toEqual({ userId, workspaceId });
      expect((await onB.next('hello')).payload).toEqual({ userId, workspaceId });

      // 1) published by the test process's own connection
      const bus = createDbEventBus(db);
      await bus.publish({ type: 'test.ping', workspaceId, payload: { from: 'test process' } });
      expect((await onA.next('test.ping')).payload).toEqual({ from: 'test process' });
      expect((await onB.next('test.ping')).payload).toEqual({ from: 'test process' });

      // 2) published by process A: marking a notification read there tells every tab of the user
      const { ids } = await createInAppNotifier(db, bus).notify({ workspaceId, userId }, { kind: 'callback.due', title: 'Call back Acme' });
      await Promise.all([onA.next('notification.created'), onB.next('notification.created')]);
      const read = await fetch(`${a.baseUrl}/api/v1/notifications/read`, { method: 'POST', headers: { cookie, 'content-type': 'application/json' }, body: JSON.stringify({ ids }) });
      expect(read.status).toBe(200);
      expect((await onA.next('notifications.read')).payload).toEqual({ ids });
      expect((await onB.next('notifications.read')).payload).toEqual({ ids });
    },
    180_000,
  );
});

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { openDb, type Db } from '../../src/db/client.ts';
import { createJobQueue, type JobData, type JobQueue } from '../../src/platform/jobs/queue.ts';
import { registerWorkspaceCron } from '../../src/platform/jobs/fan-out.ts';
import { openTestDb, testDbKind } from '../harness.ts';
import { recordingLogger, waitFor } from './helpers.ts';

const log = recordingLogger();
let db: Db;
const open: JobQueue[] = [];

// On PostgreSQL the queue uses its own pool (as in production); on PGlite, our connection.
function newQueue(opts: { overOurConnection?: boolean } = {}): JobQueue {
  const q = createJobQueue(db, log, testDbKind === 'postgres' && !opts.overOurConnection ? inject('pgTestUrl') : undefined);
  open.push(q);
  return q;
}
// queues are shared by every test file on the Postgres test database: unique names per test
const qname = (what: string) => `test.${what}.${crypto.randomUUID().slice(0, 8)}`;
const ws = () => crypto.randomUUID();

beforeAll(async () => {
  db = await openTestDb();
});
afterAll(async () => {
  for (const q of open) await q.stop();
  await db?.close();
});

describe(`jobs on ${testDbKind}`, () => {
  it('works a job that was sent, with its data', async () => {
    const q = newQueue();
    const name = qname('send');
    const seen: JobData[] = [];
    await q.work(name, async (data) => {
      seen.push(data);
    });
    const workspaceId = ws();
    const id = await q.send(name, { workspaceId, n: 42 });
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    await waitFor(() => seen.length === 1, 'the job to run');
    expect(seen[0]).toEqual({ workspaceId, n: 42 });
    await waitFor(async () => (await q.getJobState(name, id!)) === 'completed', 'the job to be completed');
  });

  it('also works over our own connection (pg-boss executeSql hook), as tests and PGlite do', async () => {
    const q = newQueue({ overOurConnection: true });
    const name = qname('executor');
    const seen: JobData[] = [];
    await q.work(name, async (data) => {
      seen.push(data);
    });
    await q.send(name, { workspaceId: ws(), list: [1, 2], nested: { ok: true } });
    await waitFor(() => seen.length === 1, 'the job to run');
    expect(seen[0]).toMatchObject({ list: [1, 2], nested: { ok: true } });
  });

  it('refuses a job without a workspaceId', async () => {
    const q = newQueue();
    // @ts-expect-error the type requires workspaceId; the runtime check backs it up
    await expect(q.send(qname('nows'), { n: 1 })).rejects.toThrow(/workspaceId/);
  });

  it('drops a duplicate singletonKey while the first is queued, and keeps keyless jobs apart', async () => {
    const q = newQueue();
    const name = qname('dedupe');
    const workspaceId = ws();
    const first = await q.send(name, { workspaceId, v: 1 }, { singletonKey: 'lead:1' });
    const dup = await q.send(name, { workspaceId, v: 2 }, { singletonKey: 'lead:1' });
    const other = await q.send(name, { workspaceId, v: 3 }, { singletonKey: 'lead:2' });
    const a = await q.send(name, { workspaceId, v: 4 });
    const b = await q.send(name, { workspaceId, v: 5 });
    expect(first).toBeTruthy();
    expect(dup).toBeNull();
    expect(other).toBeTruthy();
    expect(a).toBeTruthy();
    expect(b).toBeTruthy();
    expect(new Set([first, other, a, b]).size).toBe(4);

    const seen: number[] = [];
    await q.work<{ workspaceId: string; v: number }>(name, async (data) => {
      seen.push(data.v);
    });
    await waitFor(() => seen.length === 4, 'four jobs to run');
    expect(seen.sort()).toEqual([1, 3, 4, 5]);
    // once the keyed job ran, the same key can be queued again
    expect(await q.send(name, { workspaceId, v: 6 }, { singletonKey: 'lead:1' })).toBeTruthy();
    await waitFor(() => seen.length === 5, 'the re-queued job to run');
  });

  it('upgrades a queue created with another policy, so keys deduplicate there too', async () => {
    const name = qname('upgrade');
    const workspaceId = ws();
    await newQueue().send(name, { workspaceId }, { singletonKey: 'warm-up' });
    await db.query(`UPDATE pgboss.queue SET policy = 'standard' WHERE name = $1`, [name]);
    const later = newQueue(); // another process, started after the change
    expect(await later.send(name, { workspaceId }, { singletonKey: 'k' })).toBeTruthy();
    expect(await later.send(name, { workspaceId }, { singletonKey: 'k' })).toBeNull();
  });

  it('retries a failing job and finally marks it failed', async () => {
    const q = newQueue();
    const name = qname('fail');
    let calls = 0;
    await q.work(name, async () => {
      calls++;
      throw new Error('boom');
    });
    const id = await q.send(name, { workspaceId: ws() }, { retryLimit: 1, retryDelaySeconds: 0 });
    await waitFor(async () => (await q.getJobState(name, id!)) === 'failed', 'the job to fail', 15_000);
    expect(calls).toBe(2);
  });

  it('registers a cron schedule with its time zone', async () => {
    const q = newQueue();
    const name = qname('cron');
    await q.schedule(name, '30 8 * * 1-5', {}, { tz: 'America/Chicago' });
    const s = (await q.listSchedules()).find((x) => x.name === name);
    expect(s).toEqual({ name, cron: '30 8 * * 1-5', timezone: 'America/Chicago' });
    await expect(q.schedule(name, 'not a cron')).rejects.toThrow();
  });

  it('fans a cron out to one job per workspace; one tenant failing does not stop the others', async () => {
    const q = newQueue();
    const name = qname('fanout');
    const [good1, bad, good2] = [ws(), ws(), ws()];
    const done: string[] = [];
    let badCalls = 0;
    const cron = await registerWorkspaceCron(q, db, log, {
      name,
      cron: '0 3 * * *',
      tz: 'America/New_York',
      retryLimit: 0,
      listWorkspaces: async () => [good1, bad, good2],
      handler: async (workspaceId) => {
        if (workspaceId === bad) {
          badCalls++;
          throw new Error('tenant data is broken');
        }
        done.push(workspaceId);
      },
    });
    expect((await q.listSchedules()).find((s) => s.name === name)).toMatchObject({ cron: '0 3 * * *', timezone: 'America/New_York' });
    const r = await cron.fanOut();
    expect(r).toEqual({ queued: 3, alreadyQueued: 0, failed: [] });
    await waitFor(() => done.length === 2 && badCalls === 1, 'the tenant jobs to run');
    expect(done.sort()).toEqual([good1, good2].sort());
    expect(log.warnings.some((w) => JSON.stringify(w).includes(bad))).toBe(true);
  });
});

describe(`jobs survive a restart on ${testDbKind}`, () => {
  it.runIf(testDbKind === 'pglite')('PGlite: a job queued before the process stopped runs after the data dir is reopened', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'flywheel-jobs-'));
    try {
      const name = qname('restart');
      const workspaceId = ws();
      const first = await openDb({ dataDir: dir });
      const q1 = createJobQueue(first, log);
      const id = await q1.send(name, { workspaceId, payload: 'kept' });
      await q1.stop();
      await first.close();

      const second = await openDb({ dataDir: dir });
      const q2 = createJobQueue(second, log);
      const seen: { data: JobData; id: string }[] = [];
      await q2.work(name, async (data, jobId) => {
        seen.push({ data, id: jobId });
      });
      await waitFor(() => seen.length === 1, 'the queued job to run after the restart');
      expect(seen[0]).toEqual({ data: { workspaceId, payload: 'kept' }, id });
      await q2.stop();
      await second.close();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it.runIf(testDbKind === 'postgres')('PostgreSQL: a job queued by a stopped queue is run by another queue on the same database', async () => {
    const name = qname('restart');
    const workspaceId = ws();
    const q1 = newQueue();
    const id = await q1.send(name, { workspaceId, payload: 'kept' });
    await q1.stop();
    const q2 = newQueue();
    const seen: { data: JobData; id: string }[] = [];
    await q2.work(name, async (data, jobId) => {
      seen.push({ data, id: jobId });
    });
    await waitFor(() => seen.length === 1, 'the queued job to run on the second queue');
    expect(seen[0]).toEqual({ data: { workspaceId, payload: 'kept' }, id });
  });
});

import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext, type TestWorkspace } from '../../../test/harness.ts';
import { createHttpReputationSource } from '../../platform/providers/reputation/http.ts';
import { withWorkspace } from '../../platform/tenancy/with-workspace.ts';
import { registerNumberJobs, HEALTH_CRON } from './health.ts';

// A local stand-in for a spam-lookup service: the last four digits of the number choose the answer.
const answers: Record<string, { status?: number; body: string; delayMs?: number }> = {
  '0101': { body: JSON.stringify({ score: 12, label: null }) },
  '0102': { body: JSON.stringify({ spamScore: 87, label: 'Spam Likely' }) },
  '0103': { body: JSON.stringify({ probability: 0.35 }) },
  '0104': { body: JSON.stringify({ spam: true, label: 'Scam' }) },
  '0105': { status: 500, body: 'oops' },
  '0106': { body: '<html>not json</html>' },
  '0107': { body: JSON.stringify({ verdict: 'bad' }) },
  '0108': { body: JSON.stringify({ score: 10 }), delayMs: 1500 },
  '0109': { body: JSON.stringify({ score: 400 }) },
};
const seen: string[] = [];
let server: http.Server;
let base = '';
let t: TestContext;
let w: TestWorkspace;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    seen.push(req.url ?? '');
    const num = decodeURIComponent((req.url ?? '').split('/').pop() ?? '');
    const a = answers[num.slice(-4)] ?? { body: JSON.stringify({ score: 0 }) };
    setTimeout(() => {
      res.writeHead(a.status ?? 200, { 'content-type': 'application/json' });
      res.end(a.body);
    }, a.delayMs ?? 0);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  t = await createTestContext();
  w = await t.newWorkspace('Reputation');
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
  await t?.close();
});

describe('HTTP reputation source', () => {
  it.each([
    ['+13125550101', { score: 12, label: null, error: null }],
    ['+13125550102', { score: 87, label: 'Spam Likely', error: null }],
    ['+13125550103', { score: 35, label: null, error: null }],
    ['+13125550104', { score: 100, label: 'Scam', error: null }],
    ['+13125550105', { score: null, error: 'HTTP 500' }],
    ['+13125550106', { score: null, error: 'not JSON' }],
    ['+13125550107', { score: null, error: 'no score in the verdict' }],
    ['+13125550108', { score: null, error: 'timed out' }],
    ['+13125550109', { score: null, error: 'unrecognised verdict' }],
  ])('%s → %o', async (e164, verdict) => {
    const src = createHttpReputationSource({ name: 'stub', urlTemplate: `${base}/lookup/{number}`, timeoutMs: 500 });
    expect(await src.check(e164)).toMatchObject({ source: 'stub', ...verdict });
    // the number is URL-encoded into the template
    expect(seen.at(-1)).toBe(`/lookup/${encodeURIComponent(e164)}`);
  });

  it('an unreachable source is an error, never a clean verdict', async () => {
    const src = createHttpReputationSource({ name: 'down', urlTemplate: 'http://127.0.0.1:1/{number}', timeoutMs: 500 });
    expect(await src.check('+13125550101')).toMatchObject({ score: null, error: expect.stringMatching(/unreachable|timed out/) });
  });
});

describe('health check with configured sources', () => {
  it('refuses bad source configuration with 400', async () => {
    const api = t.as({ cookie: w.cookie });
    for (const urlTemplate of ['not a url', 'ftp://x.example/{number}', `${base}/lookup/`]) {
      const res = await api({ method: 'PUT', url: '/api/v1/numbers/reputation-sources', payload: { sources: [{ name: 'x', urlTemplate }] } });
      expect(res.statusCode).toBe(400);
    }
  });

  it('flags a number the source calls spam, keeps the sources it asked, and notifies admins once', async () => {
    const api = t.as({ cookie: w.cookie });
    const put = await api({ method: 'PUT', url: '/api/v1/numbers/reputation-sources', payload: { sources: [{ name: 'stub', urlTemplate: `${base}/lookup/{number}` }, { name: 'broken', urlTemplate: `${base}/lookup/x{number}0105` }] } });
    expect(put.statusCode).toBe(200);
    expect((await api({ method: 'GET', url: '/api/v1/numbers/reputation-sources' })).json().sources).toHaveLength(2);
    const bad = (await api({ method: 'POST', url: '/api/v1/numbers', payload: { e164: '+13125550102', provider: 'twilio' } })).json();
    const ok = (await api({ method: 'POST', url: '/api/v1/numbers', payload: { e164: '+13125550101', provider: 'twilio' } })).json();
    const r = await api({ method: 'POST', url: `/api/v1/numbers/${bad.id}/check` });
    expect(r.json()).toMatchObject({ status: 'flagged', spamScore: 87, healthScore: 50 });
    expect(r.json().spamSources).toEqual([
      { source: 'stub', score: 87, label: 'Spam Likely', error: null },
      { source: 'broken', score: null, label: null, error: 'HTTP 500' },
    ]);
    expect((await api({ method: 'POST', url: `/api/v1/numbers/${ok.id}/check` })).json()).toMatchObject({ status: 'healthy', spamScore: 12 });
    await api({ method: 'POST', url: `/api/v1/numbers/${bad.id}/check` });
    const notes = await withWorkspace(t.db, w.workspaceId, (tx) => tx.query<{ title: string }>(`SELECT title FROM notifications WHERE kind = 'number.flagged'`));
    expect(notes.rows).toEqual([{ title: '+13125550102 flagged: calls skip it' }]);
  });
});

describe('scheduled check', () => {
  it('registers one 12-hourly cron however often workers start; a tick checks the workspaces with numbers', async () => {
    const first = await registerNumberJobs(t.deps);
    await registerNumberJobs(t.deps);
    const schedules = (await t.deps.jobs.listSchedules()).filter((s) => s.name === HEALTH_CRON);
    expect(schedules).toEqual([{ name: HEALTH_CRON, cron: '0 */12 * * *', timezone: 'UTC' }]);
    const api = t.as({ cookie: w.cookie });
    const n = (await api({ method: 'POST', url: '/api/v1/numbers', payload: { e164: '+13125550199', provider: 'twilio' } })).json();
    const r = await first.fanOut();
    expect(r.failed).toEqual([]);
    expect(r.queued + r.alreadyQueued).toBeGreaterThanOrEqual(1);
    const checkedAt = () => withWorkspace(t.db, w.workspaceId, async (tx) => (await tx.query<{ last_checked_at: Date | null }>('SELECT last_checked_at FROM phone_numbers WHERE id = $1', [n.id])).rows[0]?.last_checked_at ?? null);
    const deadline = Date.now() + 20_000;
    while (!(await checkedAt()) && Date.now() < deadline) await new Promise((res) => setTimeout(res, 200));
    expect(await checkedAt()).not.toBeNull();
  });
});

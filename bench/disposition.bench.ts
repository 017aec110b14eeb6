/**
 * Disposition → next item ready, at 100,000 leads: POST …/items/:itemId/disposition (attempt,
 * activity rows, the follow-up task the disposition creates, the explicit stage change, completing
 * the task the item came from, the next item) immediately followed by GET …/items/:next/context
 * (the run screen's next lead), through the real routes via Fastify's in-process app.inject.
 * Also: the session-setup mode counts (GET /dialer/modes) on the same data, and the same-run
 * baseline (the cheapest authenticated route).
 *
 *   npx tsx bench/disposition.bench.ts                        # PGlite
 *   DATABASE_URL=postgres://… npx tsx bench/disposition.bench.ts   # PGlite, then a fresh Postgres database
 *
 * Target: p95 < 100 ms for disposition + next context.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { loadConfig } from '../apps/server/src/config.ts';
import { createApp } from '../apps/server/src/app.ts';
import { openDb, type Db } from '../apps/server/src/db/client.ts';
import { closeDeps, createDeps } from '../apps/server/src/platform/runtime.ts';
import type { Logger } from '../apps/server/src/platform/deps.ts';
import { createWorkspaceWithOwner } from '../apps/server/src/domains/identity/index.ts';
import { withFreshDatabase } from './fresh-database.ts';
import { seed } from './lead-list.bench.ts';

const SESSION_ITEMS = 200;
const SESSIONS = 2; // 400 dispositions: the first 20 warm up, the rest are measured
const WARMUP = 20;
const silent: Logger = { info() {}, warn() {}, debug() {}, error(o, m) { console.error(m ?? '', o); } };

interface Figures { p50: number; p95: number; p99: number; mean: number; n: number }
const round = (n: number) => Math.round(n * 100) / 100;
function figures(times: number[]): Figures {
  const s = [...times].sort((a, b) => a - b);
  const p = (q: number) => s[Math.min(s.length - 1, Math.ceil((q / 100) * s.length) - 1)];
  return { p50: round(p(50)), p95: round(p(95)), p99: round(p(99)), mean: round(s.reduce((a, x) => a + x, 0) / s.length), n: s.length };
}

async function runOn(kind: 'pglite' | 'postgres', db: Db, dataDir: string) {
  const config = loadConfig({ FLYWHEEL_DATA_DIR: dataDir, LOG_LEVEL: 'silent', PUBLIC_URL: 'http://localhost:3000' });
  const deps = await createDeps(config, { db, log: silent });
  const app: FastifyInstance = await createApp(deps);
  await app.ready();
  try {
    const password = 'bench-password-1';
    const email = `bench-${Date.now()}@example.test`;
    const { workspaceId, userId } = await createWorkspaceWithOwner(db, { name: 'Bench', ownerEmail: email, ownerPassword: password, ownerName: 'Bench Owner' });
    const t0 = performance.now();
    await seed(db, workspaceId, [userId]);
    // overdue follow-ups on never-called "new" leads: the Follow-ups queue the sessions freeze
    await db.query(
      `INSERT INTO tasks (workspace_id, lead_id, owner_id, kind, title, due_at)
       SELECT $1, id, $2, 'follow_up', 'Follow up about pricing', now() - interval '2 days'
         FROM leads WHERE workspace_id = $1 AND stage = 'new' ORDER BY created_at LIMIT ${SESSION_ITEMS * SESSIONS}`,
      [workspaceId, userId],
    );
    await db.exec('VACUUM ANALYZE leads');
    await db.exec('VACUUM ANALYZE tasks');
    console.log(`[${kind}] seeded 100,000 leads + ${SESSION_ITEMS * SESSIONS} due tasks in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    const login = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password } });
    const c = login.cookies.find((x) => x.name === 'fw_session');
    if (!c) throw new Error(`login failed: ${login.statusCode}`);
    const headers = { cookie: `fw_session=${c.value}` };
    const call = async (method: 'GET' | 'POST', url: string, payload?: object) => {
      const res = await app.inject({ method, url, payload, headers });
      if (res.statusCode >= 300) throw new Error(`${method} ${url}: ${res.statusCode} ${res.body}`);
      return res.json();
    };

    const modes: number[] = [];
    for (let i = 0; i < 25; i++) {
      const s = performance.now();
      await call('GET', '/api/v1/dialer/modes');
      if (i >= 5) modes.push(performance.now() - s);
    }
    const starts: number[] = [];
    const both: number[] = [];
    const dispOnly: number[] = [];
    let n = 0;
    for (let k = 0; k < SESSIONS; k++) {
      const s0 = performance.now();
      const session = await call('POST', '/api/v1/dialer/sessions', { mode: 'followups', callVia: 'tel', limit: SESSION_ITEMS });
      starts.push(performance.now() - s0);
      let item: string | null = session.currentItemId;
      while (item) {
        const started = performance.now();
        const logged = await call('POST', `/api/v1/dialer/sessions/${session.id}/items/${item}/disposition`, { dispositionKey: 'some_interest', notes: 'Asked for pricing' });
        const mid = performance.now();
        if (logged.nextItemId) await call('GET', `/api/v1/dialer/sessions/${session.id}/items/${logged.nextItemId}/context`);
        const done = performance.now();
        if (n++ >= WARMUP) {
          both.push(done - started);
          dispOnly.push(mid - started);
        }
        item = logged.nextItemId;
      }
    }
    const baseline: number[] = [];
    for (let i = 0; i < 230; i++) {
      const s = performance.now();
      await call('GET', '/api/v1/workspace');
      if (i >= 30) baseline.push(performance.now() - s);
    }
    const r = { db: kind, dispositionPlusContext: figures(both), dispositionOnly: figures(dispOnly), modes: figures(modes), sessionStart: figures(starts), baseline: figures(baseline) };
    const line = (name: string, f: Figures) => console.log(`[${kind}] ${name.padEnd(24)} p50 ${f.p50.toFixed(1)} ms  p95 ${f.p95.toFixed(1)} ms  p99 ${f.p99.toFixed(1)} ms  (n ${f.n}; load ${os.loadavg()[0].toFixed(1)})`);
    line('disposition + context', r.dispositionPlusContext);
    line('disposition alone', r.dispositionOnly);
    line('GET /dialer/modes', r.modes);
    line('start session (200)', r.sessionStart);
    line('baseline /workspace', r.baseline);
    console.log(`[${kind}] p95 ratio disposition+context / baseline: ${round(r.dispositionPlusContext.p95 / r.baseline.p95)}×`);
    return r;
  } finally {
    await app.close();
    await closeDeps(deps);
  }
}

const results = [];
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'flywheel-bench-'));
try {
  if (process.env.BENCH_SKIP_PGLITE !== '1') results.push(await runOn('pglite', await openDb({ dataDir: path.join(tmp, 'pglite') }), path.join(tmp, 'files-pglite')));
  const adminUrl = process.env.DATABASE_URL;
  if (adminUrl) {
    await withFreshDatabase(adminUrl, 'flywheel_bench', async (url) => {
      results.push(await runOn('postgres', await openDb({ databaseUrl: url }), path.join(tmp, 'files-pg')));
    });
  }
} finally {
  fs.rmSync(tmp, { recursive: true, force: true });
}
const ok = results.every((r) => r.dispositionPlusContext.p95 < 100);
console.log(ok ? 'target met: disposition + next context p95 < 100 ms everywhere' : 'TARGET MISSED: some p95 >= 100 ms');
console.log(JSON.stringify({ bench: 'disposition', via: 'app.inject (in-process)', machine: `${os.cpus().length} cores, ${os.cpus()[0]?.model ?? '?'}`, node: process.version, loadavg1: round(os.loadavg()[0]), results }));

/**
 * Dashboard at scale: a workspace with 1,000,000 call records (a year of them), 200,000 attempts,
 * 50,000 leads and 50,000 stage changes. Measured: the first full fold of the rollups; p50/p95 of
 * every dashboard view through the real route (authentication, validation, RLS transaction,
 * rollup reads, JSON) via app.inject; the incremental refresh cost per 10,000 new calls (with
 * 2,000 attempts logged on them). Baseline in the same run: GET /api/health.
 *
 *   npx tsx bench/dashboard.bench.ts                                  # PGlite
 *   DATABASE_URL=postgres://… npx tsx bench/dashboard.bench.ts        # PGlite, then a fresh Postgres database
 *   options: --calls N (1000000) --attempts N (200000) --only pglite|postgres --runs N (60)
 *
 * Target (issue 5): p95 < 300 ms for each view.
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
import { createUser, createWorkspaceWithOwner } from '../apps/server/src/domains/identity/index.ts';
import { foldWorkspace } from '../apps/server/src/domains/dashboard/index.ts';
import { withFreshDatabase } from './fresh-database.ts';

const silent: Logger = { info() {}, warn() {}, debug() {}, error(o, m) { console.error(m ?? '', o); } };
const arg = (name: string, dflt: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1]! : dflt;
};
const CALLS = Number(arg('calls', '1000000'));
const ATTEMPTS = Number(arg('attempts', '200000'));
const LEADS = 50_000;
const RUNS = Number(arg('runs', '60'));
const WARMUP = 5;
const ONLY = arg('only', '');

const VIEWS = {
  'trends 90d/week': '/api/v1/dashboard/trends?range=90d&bucket=week',
  'trends 90d/month': '/api/v1/dashboard/trends?range=90d&bucket=month',
  'funnel 90d': '/api/v1/dashboard/funnel?range=90d&bucket=week',
  'velocity 90d': '/api/v1/dashboard/velocity?range=90d',
  aging: '/api/v1/dashboard/aging',
  'cohorts segment': '/api/v1/dashboard/cohorts?by=segment&range=90d',
  'breakdown number': '/api/v1/dashboard/breakdown?by=number&range=90d',
  'breakdown hour×weekday': '/api/v1/dashboard/breakdown?by=hour_weekday&range=90d',
  'breakdown rep': '/api/v1/dashboard/breakdown?by=rep&range=90d',
  'source-roi': '/api/v1/dashboard/source-roi?range=90d',
  'best-time tz': '/api/v1/dashboard/best-time?by=tz&range=90d',
  'best-time state': '/api/v1/dashboard/best-time?by=state&range=90d',
  'trends csv': '/api/v1/dashboard/trends/export.csv?range=90d',
} as const;

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return Math.round(s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]! * 10) / 10;
};
const median = (xs: number[]) => pct(xs, 50);

const ZONES = `ARRAY['America/New_York','America/Chicago','America/Denver','America/Los_Angeles','America/Phoenix','Europe/London']`;
const STATES = `ARRAY['NY','IL','CO','CA','AZ','TX','FL','WA']`;
const KEYS = `ARRAY['no_answer','no_answer','no_answer','left_voicemail','left_voicemail','gatekeeper','not_interested','some_interest','follow_up','meeting_set','sold','bad_number']`;
const NUMBERS = `ARRAY['+13125550101','+13125550102','+12125550103','+12125550104','+14155550105','+14155550106','+17185550107','+16465550108']`;

/** Leads, a year of calls, attempts on the first calls, stage changes: generate_series, a few statements. */
async function seed(db: Db, ws: string, reps: string[], calls: number, attempts: number, offset = 0, spanSeconds = 365 * 86400) {
  if (offset === 0) {
    await db.query(
      `INSERT INTO leads (id, workspace_id, name, stage, segment, source, lead_type, timezone, region, created_at, last_touched_at)
       SELECT md5('lead' || i)::uuid, $1, 'Lead ' || i, (ARRAY['new','contacted','interested','follow_up','meeting_set','nurture','won','lost'])[1 + (i * 7919) % 8],
         (ARRAY['dental','legal','hvac','roofing','insurance'])[1 + i % 5], (ARRAY['ads','referral','import','cold','event','web'])[1 + (i * 31) % 6],
         (ARRAY['b2b','b2c','partner'])[1 + (i * 17) % 3], CASE WHEN i % 10 = 0 THEN NULL ELSE (${ZONES})[1 + i % 6] END, (${STATES})[1 + (i * 13) % 8],
         now() - interval '400 days' + (i * 600) * interval '1 second', now() - ((i * 37) % 200) * interval '1 day'
       FROM generate_series(1, ${LEADS}) AS i`,
      [ws],
    );
    await db.query(
      `INSERT INTO activities (workspace_id, lead_id, kind, summary, before, after, occurred_at)
       SELECT $1, md5('lead' || i)::uuid, 'stage.changed', 'Stage: New → Contacted', '{"stage":"new"}', '{"stage":"contacted"}',
         now() - ((i * 53) % 360) * interval '1 day' - (i % 86400) * interval '1 second'
       FROM generate_series(1, ${LEADS}) AS i`,
      [ws],
    );
  }
  // calls spread evenly over the span, the newest last (i = calls is the most recent)
  await db.query(
    `INSERT INTO call_sessions (id, workspace_id, provider, direction, from_number, to_number, status, started_at, answered_at, ended_at, provider_duration_seconds, lead_id, user_id, created_at, updated_at)
     SELECT md5('call' || (i + $4))::uuid, $1, 'sandbox', 'outbound', (${NUMBERS})[1 + (i * 7) % 8], '+15550001111',
       CASE WHEN (i * 2654435761) % 100 < 35 THEN 'completed' ELSE 'no_answer' END, t,
       CASE WHEN (i * 2654435761) % 100 < 35 THEN t END, t + interval '40 seconds',
       CASE WHEN (i * 2654435761) % 100 < 35 THEN 20 + (i * 13) % 400 ELSE 0 END,
       md5('lead' || (1 + (i::bigint * 7919) % ${LEADS}))::uuid, ($2::uuid[])[1 + i % array_length($2::uuid[], 1)], t, t
     FROM generate_series(1, $3::int) AS i, LATERAL (SELECT now() - ($5::double precision * ($3::int - i) / $3::int) * interval '1 second' AS t) x`,
    [ws, reps, calls, offset, spanSeconds],
  );
  // attempts: the most recent `attempts` calls get a logged outcome
  await db.query(
    `INSERT INTO attempts (workspace_id, call_session_id, lead_id, user_id, disposition_key, dm_reached, created_at)
     SELECT $1, cs.id, cs.lead_id, cs.user_id, (${KEYS})[1 + (abs(hashtext(cs.id::text)) % 12)], false, cs.started_at + interval '1 minute'
     FROM call_sessions cs WHERE cs.workspace_id = $1 AND cs.id IN (SELECT md5('call' || (i + $2))::uuid FROM generate_series($3::int - $4::int + 1, $3::int) AS i)`,
    [ws, offset, calls, attempts],
  );
}

async function measure(app: FastifyInstance, cookie: string | null, url: string): Promise<{ p50: number; p95: number; bytes: number }> {
  let bytes = 0;
  const once = async () => {
    const t0 = performance.now();
    const res = await app.inject({ method: 'GET', url, headers: cookie ? { cookie } : {} });
    const ms = performance.now() - t0;
    if (res.statusCode !== 200) throw new Error(`${url}: ${res.statusCode} ${res.body.slice(0, 300)}`);
    bytes = res.body.length;
    return ms;
  };
  for (let i = 0; i < WARMUP; i++) await once();
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) times.push(await once());
  return { p50: pct(times, 50), p95: pct(times, 95), bytes };
}

async function runOn(kind: 'pglite' | 'postgres', db: Db, dataDir: string) {
  const config = loadConfig({ FLYWHEEL_DATA_DIR: dataDir, LOG_LEVEL: 'silent', PUBLIC_URL: 'http://localhost:3000' } as NodeJS.ProcessEnv);
  const deps = await createDeps(config, { db, log: silent });
  const app = await createApp(deps);
  await app.ready();
  try {
    const password = 'bench-password-1';
    const email = `dash-bench-${Date.now()}@example.test`;
    const { workspaceId, userId } = await createWorkspaceWithOwner(db, { name: 'Dashboard bench', ownerEmail: email, ownerPassword: password, ownerName: 'Bench Owner' });
    const reps = [userId];
    for (let i = 1; i <= 4; i++) {
      const id = await createUser(db, { email: `dash-rep${i}-${Date.now()}@example.test`, password, name: `Rep ${i}` });
      await db.query(`INSERT INTO memberships (workspace_id, user_id, role) VALUES ($1, $2, 'rep')`, [workspaceId, id]);
      reps.push(id);
    }
    let t0 = performance.now();
    await seed(db, workspaceId, reps, CALLS, ATTEMPTS);
    await db.exec('ANALYZE leads; ANALYZE call_sessions; ANALYZE attempts; ANALYZE activities');
    const seedS = (performance.now() - t0) / 1000;
    console.log(`[${kind}] seeded ${CALLS.toLocaleString()} calls, ${ATTEMPTS.toLocaleString()} attempts, ${LEADS.toLocaleString()} leads + stage changes in ${seedS.toFixed(1)} s`);

    t0 = performance.now();
    const full = await foldWorkspace(db, workspaceId);
    const fullS = (performance.now() - t0) / 1000;
    const { rows: [rc] } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM rollup_daily WHERE workspace_id = $1', [workspaceId]);
    console.log(`[${kind}] first full fold: ${full.days} days in ${fullS.toFixed(1)} s → ${rc!.n.toLocaleString()} rollup rows`);

    const login = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password } });
    const session = login.cookies.find((c) => c.name === 'fw_session');
    if (!session) throw new Error(`login failed: ${login.statusCode} ${login.body}`);
    const cookie = `fw_session=${session.value}`;

    const health = await measure(app, null, '/api/health');
    console.log(`[${kind}] baseline /api/health p50 ${health.p50} ms p95 ${health.p95} ms`);
    const views: Record<string, { p50: number; p95: number; bytes: number }> = {};
    for (const [name, url] of Object.entries(VIEWS)) {
      views[name] = await measure(app, cookie, url);
      console.log(`[${kind}] ${name.padEnd(24)} p50 ${String(views[name]!.p50).padStart(6)} ms  p95 ${String(views[name]!.p95).padStart(6)} ms  (${views[name]!.bytes} B; load ${os.loadavg()[0]!.toFixed(1)})`);
    }

    // incremental: 10,000 new calls over the last hour (2,000 of them with a logged outcome), then a fold
    const refresh: { ms: number; days: number }[] = [];
    for (let r = 0; r < 3; r++) {
      // the watermark lags the clock by a minute (late commits); the job runs every 5 minutes, so
      // by the next run everything before these rows is behind it — as here
      await db.query('UPDATE rollup_state SET watermark = now() WHERE workspace_id = $1', [workspaceId]);
      await seed(db, workspaceId, reps, 10_000, 2_000, CALLS + r * 10_000, 3600);
      const t = performance.now();
      const f = await foldWorkspace(db, workspaceId);
      refresh.push({ ms: Math.round(performance.now() - t), days: f.days });
      console.log(`[${kind}] refresh after +10,000 calls: ${refresh[r]!.ms} ms (${f.days} day(s) re-folded)`);
    }
    await db.query('UPDATE rollup_state SET watermark = now() WHERE workspace_id = $1', [workspaceId]);
    const idle = performance.now();
    await foldWorkspace(db, workspaceId);
    const idleMs = Math.round(performance.now() - idle);
    const worst = Math.max(...Object.values(views).map((v) => v.p95));
    console.log(`[${kind}] worst view p95 ${worst} ms (target < 300); refresh per 10,000 calls median ${median(refresh.map((r) => r.ms))} ms; fold with nothing new ${idleMs} ms`);
    return { db: kind, calls: CALLS, attempts: ATTEMPTS, seedS: Math.round(seedS), fullFoldS: Math.round(fullS * 10) / 10, rollupRows: rc!.n, health, views, refreshMs: refresh.map((r) => r.ms), idleFoldMs: idleMs, worstP95: worst };
  } finally {
    await app.close();
    await closeDeps(deps);
  }
}

async function main() {
  const results = [];
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'flywheel-dash-bench-'));
  try {
    if (ONLY !== 'postgres') {
      const lite = await openDb({ dataDir: path.join(tmp, 'pglite') });
      results.push(await runOn('pglite', lite, path.join(tmp, 'files-pglite')));
    }
    const adminUrl = process.env.DATABASE_URL;
    if (adminUrl && ONLY !== 'pglite') {
      await withFreshDatabase(adminUrl, 'flywheel_dash_bench', async (url) => {
        results.push(await runOn('postgres', await openDb({ databaseUrl: url }), path.join(tmp, 'files-pg')));
      });
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  console.log(JSON.stringify({ machine: `${os.cpus().length} vCPU ${os.cpus()[0]?.model ?? ''}`, node: process.version, date: new Date().toISOString(), results }));
}

await main();

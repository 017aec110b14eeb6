/**
 * Lead list latency at 100,000 leads: GET /api/v1/leads through the real route (authentication,
 * validation, workspace transaction with RLS, list + count queries, JSON) via Fastify's in-process
 * app.inject — no network socket, so the figures are server time without TCP.
 *
 *   npx tsx bench/lead-list.bench.ts                      # PGlite (data dir in a temp folder)
 *   DATABASE_URL=postgres://… npx tsx bench/lead-list.bench.ts   # PGlite, then a fresh Postgres database
 *
 * Prints p50/p95/p99 per scenario and a final JSON line. Target: p95 < 50 ms.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { loadConfig } from '../apps/server/src/config.ts';
import { createApp } from '../apps/server/src/app.ts';
import { withFreshDatabase } from './fresh-database.ts';
import { openDb, type Db } from '../apps/server/src/db/client.ts';
import { closeDeps, createDeps } from '../apps/server/src/platform/runtime.ts';
import type { Logger } from '../apps/server/src/platform/deps.ts';
import { createUser, createWorkspaceWithOwner } from '../apps/server/src/domains/identity/index.ts';

const LEADS = 100_000;
const WARMUP = 30;
const RUNS = 200;
const silent: Logger = { info() {}, warn() {}, debug() {}, error(o, m) { console.error(m ?? '', o); } };

// The (b) scenario: what a rep filtering a big book does — two stages, a tag, a search, recent first.
const SCENARIOS = {
  default: '/api/v1/leads',
  filtered: '/api/v1/leads?stage=interested,follow_up&tags=vip&q=plumb&sort=-last_touched_at',
} as const;

/** Wall-clock latency per request; cpu = this process's CPU time per request (for PGlite that is the
 * whole request including the database, and it moves much less than wall time on a busy machine). */
interface Figures { p50: number; p95: number; p99: number; mean: number; cpuP50: number; cpuP95: number; total: number; rows: number }
type Result = { db: 'pglite' | 'postgres'; leads: number; seedMs: number; runs: number; baseline: Figures; ratioDefault: number; ratioFiltered: number } & Record<keyof typeof SCENARIOS, Figures>;

// Baseline in the same run: the cheapest authenticated route (session lookup + one-row query), so a
// lead-list figure reads as "N× the floor every request pays" on whatever machine this runs.
const BASELINE = '/api/v1/workspace';

function percentile(sorted: number[], p: number) {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}
const round = (n: number) => Math.round(n * 100) / 100;

/** 100k leads in one statement: names from word lists (so substring search has realistic hit rates), 8 stages, 5 owners, tags, times. */
export async function seed(db: Db, workspaceId: string, ownerIds: string[]) {
  await db.transaction(async (tx) => {
    // a larger GIN pending list makes the trigram/tags index inserts batch up (merged by VACUUM below)
    await tx.query(`SET LOCAL gin_pending_list_limit = '64MB'`);
    await tx.query(
      `INSERT INTO leads (workspace_id, name, stage, owner_id, source, segment, tags, value, city, primary_email, primary_phone,
                          last_touched_at, next_task_at, open_task_count, created_at, updated_at)
       SELECT $1,
         w1 || ' ' || w2 || ' ' || (ARRAY['LLC','Inc','Co','Group','& Sons'])[1 + (i / 1250) % 5],
         (ARRAY['new','contacted','interested','follow_up','meeting_set','nurture','won','lost'])[1 + (i * 7919) % 8],
         CASE WHEN i % 11 = 0 THEN NULL ELSE ($2::uuid[])[1 + i % array_length($2::uuid[], 1)] END,
         (ARRAY['web','referral','import','cold','event'])[1 + (i * 31) % 5],
         (ARRAY['smb','mid','enterprise'])[1 + (i * 17) % 3],
         CASE WHEN i % 5 = 0 THEN ARRAY['vip'] WHEN i % 5 = 1 THEN ARRAY['vip','hot'] WHEN i % 5 = 2 THEN ARRAY['cold'] ELSE ARRAY[]::text[] END,
         CASE WHEN i % 4 = 0 THEN NULL ELSE (i % 997) * 25 END,
         (ARRAY['Austin','Boston','Chicago','Denver','Phoenix','Seattle','Miami','Atlanta','Dallas','Portland'])[1 + (i * 13) % 10],
         'contact' || i || '@' || lower(w1) || '.example',
         '+1' || (200 + i % 700)::text || lpad(((i * 7) % 10000000)::text, 7, '0'),
         CASE WHEN i % 6 = 0 THEN NULL ELSE now() - ((i * 37) % 525600) * interval '1 minute' END,
         CASE WHEN i % 3 = 0 THEN now() + (((i * 53) % 20000) - 5000) * interval '1 minute' END,
         CASE WHEN i % 3 = 0 THEN 1 ELSE 0 END,
         now() - (i * 5) * interval '1 minute',
         now() - ((i * 101) % 1000000) * interval '1 minute'
       FROM generate_series(1, ${LEADS}) AS i,
         LATERAL (SELECT
           (ARRAY['Summit','Harbor','Pioneer','Cedar','Atlas','Beacon','Liberty','Granite','Maple','Sterling','Evergreen','Northstar','Riverbend','Keystone',
                  'Blue Ridge','Silver Oak','Redwood','Lakeside','Ironwood','Golden Gate','Prairie','Coastal','Highland','Meridian','Oakmont','Pinnacle',
                  'Sunrise','Timberline','Westfield','Crescent','Frontier','Heritage','Landmark','Magnolia','Orchard','Paramount','Quarry','Ridgeline',
                  'Sagebrush','Trident','Union','Vanguard','Willow','Yellowstone','Zenith','Apex','Bridgeport','Canyon','Dover','Eastgate'])[1 + (i * 7) % 50] AS w1,
           (ARRAY['Plumbing','Roofing','Dental','Insurance','Realty','Bakery','Auto Body','Law','HVAC','Landscaping','Fitness','Accounting','Electric',
                  'Pest Control','Flooring','Catering','Chiropractic','Veterinary','Printing','Storage','Moving','Cleaning','Solar','Pools','Painting'])[1 + (i / 50) % 25] AS w2
         ) words`,
      [workspaceId, ownerIds],
    );
  });
}

async function measure(app: FastifyInstance, cookie: string, url: string): Promise<Figures> {
  let rows = 0;
  let total = 0;
  const cpu: number[] = [];
  const once = async () => {
    const cpu0 = process.cpuUsage();
    const started = performance.now();
    const res = await app.inject({ method: 'GET', url, headers: { cookie } });
    const ms = performance.now() - started;
    const used = process.cpuUsage(cpu0);
    cpu.push((used.user + used.system) / 1000);
    if (res.statusCode !== 200) throw new Error(`${url}: ${res.statusCode} ${res.body}`);
    const body = res.json();
    rows = body.data?.length ?? 0;
    total = body.total ?? 0;
    return ms;
  };
  for (let i = 0; i < WARMUP; i++) await once();
  cpu.length = 0;
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) times.push(await once());
  times.sort((a, b) => a - b);
  return {
    p50: round(percentile(times, 50)), p95: round(percentile(times, 95)), p99: round(percentile(times, 99)),
    mean: round(times.reduce((s, x) => s + x, 0) / times.length),
    cpuP50: round(percentile(cpu.sort((a, b) => a - b), 50)), cpuP95: round(percentile(cpu, 95)), total, rows,
  };
}

async function runOn(kind: 'pglite' | 'postgres', db: Db, dataDir: string): Promise<Result> {
  const config = loadConfig({ FLYWHEEL_DATA_DIR: dataDir, LOG_LEVEL: 'silent', PUBLIC_URL: 'http://localhost:3000' });
  const deps = await createDeps(config, { db, log: silent });
  const app = await createApp(deps);
  await app.ready();
  try {
    const password = 'bench-password-1';
    const email = `bench-${Date.now()}@example.test`;
    const { workspaceId, userId } = await createWorkspaceWithOwner(db, { name: 'Bench', ownerEmail: email, ownerPassword: password, ownerName: 'Bench Owner' });
    const owners = [userId];
    for (let i = 1; i <= 4; i++) {
      const id = await createUser(db, { email: `rep${i}-${Date.now()}@example.test`, password, name: `Rep ${i}` });
      await db.query(`INSERT INTO memberships (workspace_id, user_id, role) VALUES ($1, $2, 'rep')`, [workspaceId, id]);
      owners.push(id);
    }
    const seedStart = performance.now();
    await seed(db, workspaceId, owners);
    // fresh bulk data has no statistics and no visibility map yet; Postgres's autovacuum would do
    // this shortly after a load, PGlite has no autovacuum, so both get it explicitly
    await db.exec('VACUUM ANALYZE leads');
    const seedMs = Math.round(performance.now() - seedStart);
    console.log(`[${kind}] seeded ${LEADS.toLocaleString()} leads in ${(seedMs / 1000).toFixed(1)} s`);

    const login = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password } });
    const session = login.cookies.find((c) => c.name === 'fw_session');
    if (!session) throw new Error(`login failed: ${login.statusCode} ${login.body}`);
    const cookie = `fw_session=${session.value}`;

    const out: Partial<Result> = { db: kind, leads: LEADS, seedMs, runs: RUNS };
    for (const [name, url] of Object.entries(SCENARIOS)) {
      const f = await measure(app, cookie, url);
      if (name === 'default' || name === 'filtered') out[name] = f;
      console.log(
        `[${kind}] ${name.padEnd(8)} p50 ${f.p50.toFixed(1)} ms  p95 ${f.p95.toFixed(1)} ms  p99 ${f.p99.toFixed(1)} ms  ` +
          `(cpu p50 ${f.cpuP50.toFixed(1)} / p95 ${f.cpuP95.toFixed(1)} ms; rows ${f.rows}, total ${f.total}; load ${os.loadavg()[0].toFixed(1)})  ${url}`,
      );
    }
    if (!out.default || !out.filtered) throw new Error('missing scenario');
    const baseline = await measure(app, cookie, BASELINE);
    const ratioDefault = round(out.default.p95 / baseline.p95);
    const ratioFiltered = round(out.filtered.p95 / baseline.p95);
    console.log(`[${kind}] baseline p50 ${baseline.p50.toFixed(1)} ms  p95 ${baseline.p95.toFixed(1)} ms  (${BASELINE}); p95 ratios: default ${ratioDefault}×, filtered ${ratioFiltered}×`);
    return { db: kind, leads: LEADS, seedMs, runs: RUNS, default: out.default, filtered: out.filtered, baseline, ratioDefault, ratioFiltered };
  } finally {
    await app.close();
    await closeDeps(deps);
  }
}

async function main() {
  const results: Result[] = [];
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'flywheel-bench-'));
  try {
    const lite = await openDb({ dataDir: path.join(tmp, 'pglite') });
    results.push(await runOn('pglite', lite, path.join(tmp, 'files-pglite')));

    const adminUrl = process.env.DATABASE_URL;
    if (adminUrl) {
      await withFreshDatabase(adminUrl, 'flywheel_bench', async (url) => {
        results.push(await runOn('postgres', await openDb({ databaseUrl: url }), path.join(tmp, 'files-pg')));
      });
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  const ok = results.every((r) => r.default.p95 < 50 && r.filtered.p95 < 50);
  console.log(ok ? 'target met: p95 < 50 ms everywhere' : 'TARGET MISSED: some p95 >= 50 ms');
  console.log(JSON.stringify({
    bench: 'lead-list', via: 'app.inject (in-process)', machine: `${os.cpus().length} cores, ${os.cpus()[0]?.model ?? '?'}`, node: process.version,
    loadavg1: round(os.loadavg()[0]), results,
  }));
}

// importable (seed) without running
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();

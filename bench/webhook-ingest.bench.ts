/**
 * Signed provider webhooks ingested per second, over real HTTP (a listening socket, keep-alive
 * client with bounded concurrency), with 20% exact duplicates mixed in; then the processor runs
 * in a child process that is killed with SIGKILL mid-run and restarted, and the result is checked:
 * every stored event processed, one call session per call, each call completed.
 *
 *   npx tsx bench/webhook-ingest.bench.ts                              # PGlite (data dir in a temp folder)
 *   DATABASE_URL=postgres://… npx tsx bench/webhook-ingest.bench.ts    # PGlite, then a fresh Postgres database
 *   options: --calls N (default 2000 → 6000 distinct events + 20% duplicates), --concurrency C (default 64)
 *
 * Baseline in the same run: the same client posting the same form bodies to a route that answers
 * 204 without verifying or storing anything (the HTTP + Fastify floor on this machine).
 */
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { AddressInfo } from 'node:net';
import { loadConfig } from '../apps/server/src/config.ts';
import { createApp } from '../apps/server/src/app.ts';
import { openDb } from '../apps/server/src/db/client.ts';
import { closeDeps, createDeps } from '../apps/server/src/platform/runtime.ts';
import type { Logger } from '../apps/server/src/platform/deps.ts';
import { createWorkspaceWithOwner } from '../apps/server/src/domains/identity/index.ts';
import { newSid, saveAccount } from '../apps/server/src/platform/providers/accounts.ts';
import { signTwilioRequest } from '../apps/server/src/platform/providers/telephony/webhook/twilio.ts';
import { processPendingWebhooks } from '../apps/server/src/domains/calls/index.ts';
import { withFreshDatabase } from './fresh-database.ts';

const silent: Logger = { info() {}, warn() {}, debug() {}, error(o, m) { console.error(m ?? '', o); } };
const arg = (name: string, dflt: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
};
const round = (n: number) => Math.round(n);
const PUBLIC_URL = 'http://bench.flywheel.local';

interface Delivery { body: string; signature: string }

/** N calls × (ringing, in-progress, completed), signed; 20% of them sent twice, shuffled. */
function buildDeliveries(calls: number, accountSid: string, token: string): { deliveries: Delivery[]; distinct: number } {
  const url = `${PUBLIC_URL}/webhooks/twilio/voice`;
  const out: Delivery[] = [];
  const t0 = Date.now() - 3_600_000;
  for (let c = 0; c < calls; c++) {
    const callSid = `CA${crypto.randomBytes(16).toString('hex')}`;
    const to = `+1312555${String(c % 10000).padStart(4, '0')}`;
    const steps: [string, number, Record<string, string>][] = [['ringing', 1, {}], ['in-progress', 6, {}], ['completed', 60, { CallDuration: '54' }]];
    for (const [status, s, extra] of steps) {
      const params = { CallSid: callSid, AccountSid: accountSid, From: '+12125550100', To: to, Direction: 'outbound-api', CallStatus: status, Timestamp: new Date(t0 + c * 1000 + s * 1000).toUTCString(), ...extra };
      out.push({ body: new URLSearchParams(params).toString(), signature: signTwilioRequest(token, url, params) });
    }
  }
  const distinct = out.length;
  const dups = Array.from({ length: Math.round(distinct * 0.25) }, () => out[crypto.randomInt(distinct)]); // 25% of distinct = 20% of all
  const all = [...out, ...dups];
  for (let i = all.length - 1; i > 0; i--) {
    const j = crypto.randomInt(i + 1);
    [all[i], all[j]] = [all[j], all[i]];
  }
  return { deliveries: all, distinct };
}

/** Posts every delivery with at most `concurrency` in flight; returns requests/s and any non-2xx. */
async function send(port: number, urlPath: string, deliveries: Delivery[], concurrency: number) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  let next = 0;
  let failed = 0;
  const started = performance.now();
  const worker = async () => {
    while (next < deliveries.length) {
      const d = deliveries[next++];
      const status = await new Promise<number>((resolve, reject) => {
        const req = http.request({ host: '127.0.0.1', port, path: urlPath, method: 'POST', agent, headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-length': Buffer.byteLength(d.body), 'x-twilio-signature': d.signature } }, (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
        });
        req.on('error', reject);
        req.end(d.body);
      });
      if (status < 200 || status >= 300) failed++;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const seconds = (performance.now() - started) / 1000;
  agent.destroy();
  return { perSecond: deliveries.length / seconds, seconds, failed };
}

/** Child-process mode: drain the processor until nothing is left, report, exit. */
async function processorChild(target: string) {
  const db = target.startsWith('postgres') ? await openDb({ databaseUrl: target, poolSize: 2 }) : await openDb({ dataDir: target });
  const config = loadConfig({ PUBLIC_URL, FLYWHEEL_DATA_DIR: os.tmpdir() } as NodeJS.ProcessEnv, { logLevel: 'silent', role: 'worker' });
  const deps = await createDeps(config, { db, log: silent });
  const started = performance.now();
  let processed = 0;
  let oneByOne = 0;
  for (;;) {
    const r = await processPendingWebhooks(deps, { limit: 200 });
    processed += r.processed;
    oneByOne += r.oneByOne;
    if (r.claimed === 0) break;
    process.stdout.write(`progress ${processed}\n`);
  }
  process.stdout.write(`${JSON.stringify({ done: true, processed, oneByOne, ms: performance.now() - started })}\n`);
  await closeDeps(deps);
}

function runChild(target: string, killAfter: number | null): Promise<{ killed: boolean; processed: number; oneByOne: number; ms: number }> {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(here, 'webhook-ingest.bench.ts'), '--processor', target], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve) => {
    let out = '';
    let killed = false;
    let lastProgress = 0;
    child.stdout.on('data', (b: Buffer) => {
      out += b.toString();
      const progress = [...out.matchAll(/progress (\d+)/g)].at(-1);
      if (progress) lastProgress = Number(progress[1]);
      if (!killed && killAfter !== null && progress && Number(progress[1]) >= killAfter) {
        killed = true;
        child.kill('SIGKILL'); // mid-run: a batch is in flight
      }
    });
    child.on('exit', () => {
      const last = out.trim().split('\n').reverse().find((l) => l.startsWith('{'));
      // a killed child prints no summary: what it had committed is its last progress line
      const r = last ? (JSON.parse(last) as { processed: number; oneByOne: number; ms: number }) : { processed: lastProgress, oneByOne: 0, ms: 0 };
      resolve({ killed, processed: r.processed, oneByOne: r.oneByOne, ms: r.ms });
    });
  });
}

async function benchOne(kind: 'pglite' | 'postgres', url: string | undefined, calls: number, concurrency: number) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'flywheel-webhook-bench-'));
  const dbDir = path.join(dataDir, 'db');
  const db = url ? await openDb({ databaseUrl: url, poolSize: 10 }) : await openDb({ dataDir: dbDir });
  const config = loadConfig({ PUBLIC_URL, FLYWHEEL_DATA_DIR: dataDir } as NodeJS.ProcessEnv, { logLevel: 'silent', role: 'api' });
  const deps = await createDeps(config, { db, log: silent });
  const app = await createApp(deps);
  // the baseline: same client, same bodies, no verification, no storage
  app.post('/bench/noop', async (_req, reply) => reply.code(204).send());
  await app.listen({ port: 0, host: '127.0.0.1' });
  const port = (app.server.address() as AddressInfo).port;

  const { workspaceId } = await createWorkspaceWithOwner(db, { name: 'Webhook bench', ownerEmail: `bench-${Date.now()}@example.test`, ownerPassword: 'correct horse battery', ownerName: 'Bench' });
  const accountSid = newSid('AC');
  const token = crypto.randomBytes(16).toString('hex');
  await saveAccount(deps, { workspaceId, provider: 'sandbox', accountId: accountSid, secret: token });
  const { deliveries, distinct } = buildDeliveries(calls, accountSid, token);

  await send(port, '/bench/noop', deliveries.slice(0, 500), concurrency); // warm-up
  const before = await send(port, '/bench/noop', deliveries, concurrency);
  const ingest = await send(port, '/webhooks/twilio/voice', deliveries, concurrency);
  // the baseline before and after the measured run, averaged, so a load change mid-run shows less
  const after = await send(port, '/bench/noop', deliveries, concurrency);
  const baseline = { perSecond: (before.perSecond + after.perSecond) / 2 };
  const stored = Number((await db.query<{ n: number }>('SELECT count(*)::int AS n FROM webhook_events')).rows[0].n);
  await app.close();
  await closeDeps(deps);

  // processing in a child process: SIGKILL at ~40%, then a fresh child finishes the job
  const target = url ?? dbDir;
  const first = await runChild(target, Math.round(stored * 0.4));
  const second = await runChild(target, null);

  const check = url ? await openDb({ databaseUrl: url, poolSize: 2 }) : await openDb({ dataDir: dbDir });
  const q = async (sql: string) => Number((await check.query<{ n: number }>(sql)).rows[0].n);
  const verify = {
    stored,
    unprocessed: await q('SELECT count(*)::int AS n FROM webhook_events WHERE processed_at IS NULL'),
    withError: await q('SELECT count(*)::int AS n FROM webhook_events WHERE error IS NOT NULL'),
    callSessions: await q('SELECT count(*)::int AS n FROM call_sessions'),
    duplicateSessions: await q('SELECT count(*)::int AS n FROM (SELECT provider_call_id FROM call_sessions GROUP BY 1 HAVING count(*) > 1) d'),
    notCompleted: await q(`SELECT count(*)::int AS n FROM call_sessions WHERE status <> 'completed' OR provider_duration_seconds IS DISTINCT FROM 54`),
  };
  await check.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
  const ok = verify.stored === distinct && verify.unprocessed === 0 && verify.callSessions === calls && verify.duplicateSessions === 0 && verify.notCompleted === 0 && ingest.failed === 0;
  return {
    db: kind, deliveries: deliveries.length, distinct, concurrency,
    acceptedPerSecond: round(ingest.perSecond), baselinePerSecond: round(baseline.perSecond), ratioToBaseline: Math.round((ingest.perSecond / baseline.perSecond) * 100) / 100,
    ingestFailed: ingest.failed,
    processedPerSecond: second.ms > 0 ? round(second.processed / (second.ms / 1000)) : null,
    killedMidRun: first.killed, processedBeforeKill: first.processed, processedAfterRestart: second.processed,
    // events the restarted child applied through the one-call path instead of the set-based batch
    oneByOneAfterRestart: second.oneByOne,
    verify, ok, loadavg1: Math.round(os.loadavg()[0] * 10) / 10,
  };
}

async function main() {
  const calls = arg('calls', 2000);
  const concurrency = arg('concurrency', 64);
  const results = [await benchOne('pglite', undefined, Math.min(calls, 1000), concurrency)];
  console.log(JSON.stringify(results[0]));
  if (process.env.DATABASE_URL) {
    const r = await withFreshDatabase(process.env.DATABASE_URL, 'flywheel_webhook_bench', (url) => benchOne('postgres', url, calls, concurrency));
    console.log(JSON.stringify(r));
    results.push(r);
  }
  console.log(JSON.stringify({ bench: 'webhook-ingest', via: 'HTTP on 127.0.0.1', machine: `${os.cpus().length} cores, ${os.cpus()[0]?.model ?? '?'}`, node: process.version, results }));
  if (results.some((r) => !r.ok)) process.exitCode = 1;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const i = process.argv.indexOf('--processor');
  if (i > 0) await processorChild(process.argv[i + 1]);
  else await main();
}

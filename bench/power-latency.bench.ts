/**
 * Power dialer, the real engine at campaign scale: one shared campaign of R reps × L lines (default
 * 50 × 3 = 150 calls in flight) against the in-process sandbox carrier, over real HTTP and a real
 * WebSocket. Measured: webhook-to-browser latency — from posting one signed provider callback
 * (ringing, then no-answer) for a live line to the rep's socket receiving the campaign's
 * `power.updated` event — sequentially, p50/p95 over N samples. The no-answer samples include the
 * engine's whole reaction (line ended, lead re-queued, next call placed at the carrier).
 * Baseline in the same run: an unsigned request to GET /api/health (the HTTP floor).
 *
 *   npx tsx bench/power-latency.bench.ts                             # PGlite
 *   DATABASE_URL=postgres://… npx tsx bench/power-latency.bench.ts   # PGlite, then a fresh Postgres database
 *   options: --reps R (50) --lines L (3) --samples N (200)
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import WebSocket from 'ws';
import { loadConfig } from '../apps/server/src/config.ts';
import { createApp } from '../apps/server/src/app.ts';
import { openDb } from '../apps/server/src/db/client.ts';
import { closeDeps, createDeps } from '../apps/server/src/platform/runtime.ts';
import type { Logger } from '../apps/server/src/platform/deps.ts';
import { createUser, createWorkspaceWithOwner } from '../apps/server/src/domains/identity/index.ts';
import { ensureSandboxAccount } from '../apps/server/src/platform/providers/accounts.ts';
import { signTwilioRequest } from '../apps/server/src/platform/providers/telephony/webhook/twilio.ts';
import { getSandboxCarrier } from '../apps/server/src/platform/providers/sandbox-carrier/index.ts';
import { startWebhookProcessor } from '../apps/server/src/domains/calls/index.ts';
import { startPowerRunner } from '../apps/server/src/domains/power-dialer/index.ts';
import { withFreshDatabase } from './fresh-database.ts';

const silent: Logger = { info() {}, warn() {}, debug() {}, error(o, m) { console.error(m ?? '', o); } };
const arg = (name: string, dflt: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
};
const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return Math.round(s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] * 10) / 10;
};
const PASSWORD = 'correct horse battery';

async function benchOne(kind: 'pglite' | 'postgres', url: string | undefined, reps: number, lines: number, samples: number) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'flywheel-power-bench-'));
  const db = url ? await openDb({ databaseUrl: url, poolSize: 10 }) : await openDb({ dataDir: path.join(dataDir, 'db') });
  const config0 = loadConfig({ FLYWHEEL_DATA_DIR: dataDir } as NodeJS.ProcessEnv, { logLevel: 'silent', role: 'all' });
  const deps0 = await createDeps(config0, { db, log: silent });
  await deps0.events.start();
  const app = await createApp(deps0);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const port = (app.server.address() as AddressInfo).port;
  const base = `http://127.0.0.1:${port}`;
  // the app signs and checks webhook URLs against its public URL: this listening address
  deps0.config.publicUrl = base;
  const deps = deps0;
  // calls ring "forever" at the carrier: only the callbacks this bench posts move them
  getSandboxCarrier(deps).configure({ timeScale: 1000 });
  const runner = startPowerRunner(deps, { intervalMs: 250 });
  const processor = await startWebhookProcessor(deps, { pollMs: 1000, onProcessed: (calls) => runner.onCalls(calls) });

  const owner = `power-bench-${Date.now()}@example.test`;
  const { workspaceId } = await createWorkspaceWithOwner(db, { name: 'Power bench', ownerEmail: owner, ownerPassword: PASSWORD, ownerName: 'Owner' });
  const login = async (email: string) => {
    const r = await fetch(`${base}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password: PASSWORD }) });
    if (!r.ok) throw new Error(`login ${r.status} ${await r.text()}`);
    return (r.headers.get('set-cookie') ?? '').split(';')[0];
  };
  const cookie = await login(owner);
  const call = async (method: string, p: string, body?: unknown, as = cookie) => {
    const r = await fetch(`${base}${p}`, { method, headers: { cookie: as, ...(body ? { 'content-type': 'application/json' } : {}) }, body: body ? JSON.stringify(body) : undefined });
    if (!r.ok) throw new Error(`${method} ${p} → ${r.status} ${await r.text()}`);
    return r.json() as Promise<Record<string, unknown>>;
  };

  // leads callable now (their zone at 13:00), three per line so redials always find someone
  const leadIds: string[] = [];
  for (let i = 0; i < reps * lines * 3; i++) {
    const l = await call('POST', '/api/v1/leads', { name: `Bench lead ${i}`, contact: { firstName: 'Bench', lastName: String(i), phone: `+1312${200 + (i % 700)}${String(1000 + i).slice(-4)}` } });
    leadIds.push(String(l.id));
  }
  const offset = ((13 - new Date().getUTCHours()) % 24 + 24) % 24;
  const zone = offset === 0 ? 'Etc/UTC' : `Etc/GMT${offset <= 12 ? '-' : '+'}${offset <= 12 ? offset : 24 - offset}`;
  await db.query('UPDATE leads SET timezone = $2 WHERE workspace_id = $1', [workspaceId, zone]);

  const started = await call('POST', '/api/v1/power-sessions', { mode: 'custom', custom: { leadIds }, limit: leadIds.length, shared: true, name: 'Bench campaign', config: { linesPerRep: lines, pacing: 'fixed', maxAttempts: 3, voicemail: 'hangup' } });
  const sessionId = String(started.id);
  for (let r = 1; r < reps; r++) {
    const email = `rep-${r}-${Date.now()}@example.test`;
    const userId = await createUser(db, { email, password: PASSWORD, name: `Rep ${r}` });
    await db.query('INSERT INTO memberships (workspace_id, user_id, role) VALUES ($1, $2, $3)', [workspaceId, userId, 'rep']);
    await call('POST', `/api/v1/power-sessions/${sessionId}/join`, undefined, await login(email));
  }
  const openLines = async () => (await db.query<{ id: string; p: string | null; to_number: string; from_number: string; state: string }>(
    `SELECT cs.id, cs.provider_call_id AS p, cs.to_number, cs.from_number, pl.state FROM power_lines pl JOIN call_sessions cs ON cs.id = pl.call_session_id
      WHERE pl.dial_session_id = $1 AND pl.state IN ('dialing', 'ringing') AND cs.provider_call_id IS NOT NULL`,
    [sessionId],
  )).rows;
  for (let i = 0; i < 100 && (await openLines()).length < reps * lines; i++) await new Promise((r) => setTimeout(r, 100));
  const inFlight = (await openLines()).length;

  const account = await ensureSandboxAccount(deps, workspaceId);
  const ws = new WebSocket(`ws://127.0.0.1:${port}/api/ws`, { headers: { cookie } });
  await new Promise((resolve, reject) => { ws.once('open', resolve); ws.once('error', reject); });
  let waiter: ((at: number) => void) | null = null;
  ws.on('message', (data) => {
    const msg = JSON.parse(String(data)) as { type: string; payload?: { sessionId?: string } };
    if (process.env.BENCH_DEBUG) console.error(msg);
    if (msg.type === 'power.updated' && msg.payload?.sessionId === sessionId && waiter) waiter(performance.now());
  });
  const post = async (line: { id: string; p: string | null; to_number: string; from_number: string }, status: 'ringing' | 'no-answer', seq: number) => {
    const u = `${base}/webhooks/twilio/voice?cs=${line.id}`;
    const params: Record<string, string> = { CallSid: line.p ?? '', AccountSid: account.accountId, From: line.from_number, To: line.to_number, Direction: 'outbound-api', CallStatus: status, SequenceNumber: String(seq), Timestamp: new Date().toUTCString(), ...(status === 'no-answer' ? { CallDuration: '0' } : {}) };
    const body = new URLSearchParams(params).toString();
    const r = await fetch(u, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signTwilioRequest(account.secret, u, params) }, body });
    if (r.status >= 300) throw new Error(`webhook ${r.status} ${await r.text()}`);
  };

  const latencies: { ringing: number[]; noAnswer: number[] } = { ringing: [], noAnswer: [] };
  for (let i = 0; i < samples; i++) {
    const candidates = await openLines();
    const line = candidates[i % candidates.length];
    if (!line) break;
    const status = line.state === 'dialing' ? 'ringing' : 'no-answer';
    const got = new Promise<number>((resolve) => { waiter = resolve; });
    const t0 = performance.now();
    await post(line, status, status === 'ringing' ? 1 : 2);
    const at = await Promise.race([got, new Promise<number>((r) => setTimeout(() => r(Number.NaN), 5000))]);
    waiter = null;
    if (process.env.BENCH_DEBUG) console.error(status, at - t0, (await db.query("SELECT count(*)::int AS n, count(processed_at)::int AS p, max(error) AS e FROM webhook_events")).rows);
    if (!Number.isNaN(at)) (status === 'ringing' ? latencies.ringing : latencies.noAnswer).push(at - t0);
    // the next sample starts from a quiet campaign
    await new Promise((r) => setTimeout(r, 20));
  }
  const health: number[] = [];
  for (let i = 0; i < 50; i++) {
    const t0 = performance.now();
    await fetch(`${base}/api/health`);
    health.push(performance.now() - t0);
  }
  const all = [...latencies.ringing, ...latencies.noAnswer];
  ws.close();
  await processor.stop();
  await runner.stop();
  await app.close();
  await closeDeps(deps);
  fs.rmSync(dataDir, { recursive: true, force: true });
  return {
    db: kind, reps, linesPerRep: lines, callsInFlight: inFlight, samples: all.length,
    ringing: { n: latencies.ringing.length, p50: pct(latencies.ringing, 50), p95: pct(latencies.ringing, 95) },
    noAnswer: { n: latencies.noAnswer.length, p50: pct(latencies.noAnswer, 50), p95: pct(latencies.noAnswer, 95) },
    allP95: pct(all, 95), healthP50: pct(health, 50), healthP95: pct(health, 95),
    loadavg1: Math.round(os.loadavg()[0] * 10) / 10,
  };
}

async function main() {
  const reps = arg('reps', 50);
  const lines = arg('lines', 3);
  const samples = arg('samples', 200);
  console.log(JSON.stringify(await benchOne('pglite', undefined, reps, lines, samples)));
  if (process.env.DATABASE_URL) {
    console.log(JSON.stringify(await withFreshDatabase(process.env.DATABASE_URL, 'power_bench', (u) => benchOne('postgres', u, reps, lines, samples))));
  }
  process.exit(0);
}

void main();

#!/usr/bin/env node
// Cold start of `npm start` (what it runs once the web app is built: `flywheel serve` on the
// embedded PGlite): time from spawning the process to the first 200 from /api/health.
//   first start: a fresh data dir (initdb + every migration)
//   warm start:  the same data dir again (open + no-op migration check)
// Usage: node bench/cold-start.mjs [--runs 5] [--demo]   → prints JSON (medians in seconds)
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = path.join(root, 'apps/server/bin/flywheel.mjs');
const args = process.argv.slice(2);
const runs = Number(args[args.indexOf('--runs') + 1]) || 5;
const demo = args.includes('--demo');

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/** Spawns the server on dataDir (or, baseline, a bare Node HTTP server), returns seconds until /api/health answered 200, then stops it. */
async function timeStart(dataDir, baseline = false) {
  const port = await freePort();
  const env = { ...process.env, FLYWHEEL_DATA_DIR: dataDir, LOG_LEVEL: 'warn' };
  delete env.DATABASE_URL; // the laptop path: embedded PGlite
  delete env.PORT;
  const started = process.hrtime.bigint();
  const argv = baseline
    ? ['-e', `require('node:http').createServer((q, s) => s.end('ok')).listen(${port})`]
    : [bin, 'serve', '--port', String(port), ...(demo ? ['--demo'] : [])];
  const child = spawn(process.execPath, argv, { cwd: root, env, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const exited = new Promise((resolve) => child.once('exit', resolve));
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`server exited (${child.exitCode}) before answering:\n${stderr}`);
      const ok = await fetch(`http://127.0.0.1:${port}/api/health`).then((r) => r.status === 200, () => false);
      if (ok) return Number(process.hrtime.bigint() - started) / 1e9;
      if (Number(process.hrtime.bigint() - started) / 1e9 > 180) throw new Error(`no answer within 180 s:\n${stderr}`);
      await new Promise((r) => setTimeout(r, 25));
    }
  } finally {
    // a clean shutdown, so the next warm start opens a consistent data dir
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    await exited;
    clearTimeout(timer);
  }
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const round = (x) => Math.round(x * 100) / 100;

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'flywheel-cold-'));
try {
  const first = [];
  let lastDir = '';
  for (let i = 0; i < runs; i++) {
    lastDir = path.join(tmp, `first-${i}`);
    first.push(await timeStart(lastDir));
  }
  const warm = [];
  for (let i = 0; i < runs; i++) warm.push(await timeStart(lastDir));
  // baseline in the same run: a bare Node process answering HTTP, polled the same way
  const base = [];
  for (let i = 0; i < runs; i++) base.push(await timeStart(tmp, true));
  console.log(
    JSON.stringify(
      {
        bench: 'cold-start',
        command: `flywheel serve${demo ? ' --demo' : ''} (PGlite)`,
        runs,
        firstStartMedianSeconds: round(median(first)),
        warmStartMedianSeconds: round(median(warm)),
        firstStartSeconds: first.map(round),
        warmStartSeconds: warm.map(round),
        baselineBareNodeMedianSeconds: round(median(base)),
        firstVsBaseline: round(median(first) / median(base)),
        warmVsBaseline: round(median(warm) / median(base)),
        machine: { node: process.version, platform: `${os.platform()} ${os.arch()}`, cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, memoryGb: Math.round(os.totalmem() / 2 ** 30), loadAverage: os.loadavg().map(round) },
      },
      null,
      2,
    ),
  );
} finally {
  fs.rmSync(tmp, { recursive: true, force: true });
}

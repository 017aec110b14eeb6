/**
 * Power dialer pacing on the virtual clock: the engine's own `decidePacing` and `nextForItem`
 * driving a discrete-event simulation of a campaign with the issue's sandbox statistics (human 25%,
 * voicemail 35%, no-answer/busy 40% ringing out at 25 s, answer after U(5,20) s, AMD 3 s, talk
 * log-normal mean 180 s σ 0.75, wrap-up 10 s; a human is bridged within 2 s of the AMD verdict or
 * hears the safe-harbor message). Each policy runs ≥ 200 virtual rep-hours per seed, several fixed
 * seeds; the medians are reported.
 *
 *   npx tsx bench/dialer-pacing.bench.ts            # all policies, 3 seeds (~1–1.5 min on 2 cores)
 *   BENCH_SEEDS=5 npx tsx bench/dialer-pacing.bench.ts   # 5 seeds
 *
 * Targets: the lone rep's adaptive pacing beats one line with abandonment ≤ 3%; a pooled campaign
 * of 10 reps reaches ≥ 15 conversations per rep-hour (ceiling ≈ 18.9) with abandonment ≤ 3%.
 */
import os from 'node:os';
import { simulateCampaign, type SimResult } from '../apps/server/src/domains/power-dialer/engine/sim/index.ts';
import type { PowerConfig } from '../apps/server/src/domains/power-dialer/engine/index.ts';

const SEEDS = [101, 202, 303, 404, 505].slice(0, Math.max(1, Math.min(5, Number(process.env.BENCH_SEEDS ?? 3))));
const REP_HOURS = 200;

interface Policy {
  name: string;
  reps: number;
  config: Partial<PowerConfig>;
  note?: string;
}

const POLICIES: Policy[] = [
  { name: 'one line', reps: 1, config: { linesPerRep: 1, pacing: 'fixed' } },
  { name: 'fixed 2 lines (no cap)', reps: 1, config: { linesPerRep: 2, pacing: 'fixed' }, note: 'comparison only' },
  { name: 'fixed 3 lines (no cap)', reps: 1, config: { linesPerRep: 3, pacing: 'fixed' }, note: 'comparison only' },
  { name: 'adaptive lone rep, 2 lines', reps: 1, config: { linesPerRep: 2, pacing: 'adaptive' } },
  { name: 'adaptive lone rep, 3 lines', reps: 1, config: { linesPerRep: 3, pacing: 'adaptive' } },
  { name: 'adaptive lone rep, 3 lines, cap 4.5%', reps: 1, config: { linesPerRep: 3, pacing: 'adaptive', abandonCap: 0.045 }, note: "comparison only: fixed 2 lines' abandonment" },
  { name: 'pooled 10 reps, adaptive 3 lines', reps: 10, config: { linesPerRep: 3, pacing: 'adaptive' } },
  { name: 'scale: 50 reps × 3 lines, adaptive', reps: 50, config: { linesPerRep: 3, pacing: 'adaptive' } },
];

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const r2 = (x: number) => Math.round(x * 100) / 100;

interface Row {
  policy: string;
  reps: number;
  repHoursPerSeed: number;
  seeds: number;
  conversationsPerRepHour: number;
  talkMinutesPerRepHour: number;
  abandonPct: number;
  abandonPctPooled: number;
  abandonPctMax: number;
  callsPerRepHour: number;
  meanDialLevel: number;
  idlePct: number;
  wallMsPerRun: number;
  eventsPerSecond: number;
  decisionsPerSecond: number;
  maxInFlight: number;
  lineLimit: number;
  perSeed: { seed: number; conv: number; abandonPct: number }[];
}

const rows: Row[] = [];
const started = performance.now();
for (const p of POLICIES) {
  const runs: SimResult[] = [];
  for (const seed of SEEDS) runs.push(simulateCampaign({ reps: p.reps, hours: REP_HOURS / p.reps, seed, config: p.config, traceEveryMs: 0 }));
  const live = runs.reduce((s, r) => s + r.liveAnswered, 0);
  const ab = runs.reduce((s, r) => s + r.abandoned, 0);
  const wall = runs.reduce((s, r) => s + r.wallMs, 0);
  const row: Row = {
    policy: p.name,
    reps: p.reps,
    repHoursPerSeed: REP_HOURS,
    seeds: runs.length,
    conversationsPerRepHour: r2(median(runs.map((r) => r.conversationsPerRepHour))),
    talkMinutesPerRepHour: r2(median(runs.map((r) => r.talkMinutesPerRepHour))),
    abandonPct: r2(100 * median(runs.map((r) => r.abandonRate))),
    abandonPctPooled: r2((100 * ab) / Math.max(1, live)),
    abandonPctMax: r2(100 * Math.max(...runs.map((r) => r.abandonRate))),
    callsPerRepHour: r2(median(runs.map((r) => r.callsPerRepHour))),
    meanDialLevel: r2(median(runs.map((r) => r.meanDialLevel))),
    idlePct: r2(100 * median(runs.map((r) => r.idleShare))),
    wallMsPerRun: Math.round(median(runs.map((r) => r.wallMs))),
    eventsPerSecond: Math.round(runs.reduce((s, r) => s + r.events, 0) / (wall / 1000)),
    decisionsPerSecond: Math.round(runs.reduce((s, r) => s + r.pacingDecisions, 0) / (wall / 1000)),
    maxInFlight: Math.max(...runs.map((r) => r.maxInFlight)),
    lineLimit: runs[0].lineLimit,
    perSeed: runs.map((r, i) => ({ seed: SEEDS[i], conv: r2(r.conversationsPerRepHour), abandonPct: r2(100 * r.abandonRate) })),
  };
  rows.push(row);
  console.log(
    `${p.name.padEnd(36)} conv/rep-h ${row.conversationsPerRepHour.toFixed(2).padStart(5)}  talk min/rep-h ${row.talkMinutesPerRepHour.toFixed(1).padStart(4)}  ` +
      `abandon ${row.abandonPct.toFixed(2)}% (pooled ${row.abandonPctPooled.toFixed(2)}%, worst seed ${row.abandonPctMax.toFixed(2)}%)  level ${row.meanDialLevel.toFixed(2)}  ` +
      `idle ${row.idlePct.toFixed(0)}%  wall ${row.wallMsPerRun} ms/run  ${row.eventsPerSecond.toLocaleString('en')} events/s${p.note ? `  [${p.note}]` : ''}`,
  );
}

const by = (name: string) => rows.find((r) => r.policy === name) as Row;
const one = by('one line');
const fixed2 = by('fixed 2 lines (no cap)');
const lone = by('adaptive lone rep, 3 lines');
const pooled = by('pooled 10 reps, adaptive 3 lines');
const loneAtFixed2 = by('adaptive lone rep, 3 lines, cap 4.5%');
const checks = [
  { target: 'lone adaptive beats one line', ok: lone.conversationsPerRepHour > one.conversationsPerRepHour },
  { target: 'lone adaptive abandonment ≤ 3% (every seed)', ok: lone.abandonPctMax <= 3 },
  { target: 'pooled 10 reps ≥ 15 conversations/rep-hour', ok: pooled.conversationsPerRepHour >= 15 },
  { target: 'pooled 10 reps abandonment ≤ 3% (every seed)', ok: pooled.abandonPctMax <= 3 },
  { target: 'never more calls in flight than reps × lines', ok: rows.every((r) => r.maxInFlight <= r.lineLimit) },
];
for (const c of checks) console.log(`${c.ok ? 'met   ' : 'MISSED'} ${c.target}`);
console.log(
  `lone adaptive vs fixed 2 lines: ${lone.conversationsPerRepHour.toFixed(2)} vs ${fixed2.conversationsPerRepHour.toFixed(2)} conv/rep-h ` +
    `(${lone.conversationsPerRepHour >= fixed2.conversationsPerRepHour ? '+' : ''}${(((lone.conversationsPerRepHour / fixed2.conversationsPerRepHour) - 1) * 100).toFixed(1)}%), ` +
    `abandonment ${lone.abandonPct.toFixed(2)}% vs ${fixed2.abandonPct.toFixed(2)}%`,
);
console.log(
  `at fixed 2 lines' abandonment (cap 4.5%): adaptive ${loneAtFixed2.conversationsPerRepHour.toFixed(2)} conv/rep-h at ${loneAtFixed2.abandonPct.toFixed(2)}% ` +
    `vs fixed 2 lines ${fixed2.conversationsPerRepHour.toFixed(2)} at ${fixed2.abandonPct.toFixed(2)}%`,
);
console.log(`total wall ${((performance.now() - started) / 1000).toFixed(1)} s`);
console.log(JSON.stringify({ bench: 'dialer-pacing', date: new Date().toISOString(), machine: `${os.cpus().length} cores, ${os.cpus()[0]?.model ?? '?'}`, node: process.version, loadavg1: r2(os.loadavg()[0]), seeds: SEEDS, checks, rows }));

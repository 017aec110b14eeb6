import type { CallEstimates, InFlightCall, PacingDecision, PacingSnapshot, PowerConfig, RepBusy } from './types.ts';

/**
 * Pacing: how many new calls a campaign places right now.
 *
 * `fixed` keeps `linesPerRep` calls in flight for every available rep and nothing while reps are
 * busy (first-connect-wins dialing). `adaptive` is predictive over the whole campaign (a lone rep
 * or N pooled reps): it counts the reps that will be free when a call placed now would reach a
 * human (available now, plus busy reps likely to finish before then), counts the calls already in
 * flight by their remaining chance of producing a human, and places calls up to
 * `dialLevel × free reps` fresh-call equivalents. The dial level (fractional, 1..linesPerRep) is
 * the controller state: lowered as the campaign's abandonment rate — judged by a Bayesian upper
 * bound, cautious with little data — approaches the cap, raised when it is comfortably below.
 */

/** The sandbox statistics (issue 4): the pacer's prior when the campaign has no history yet. */
export const DEFAULT_ESTIMATES: CallEstimates = Object.freeze({
  pHuman: 0.25,
  pMachine: 0.35,
  answerMeanMs: 12_500,
  talkMeanMs: 180_000,
  wrapMs: 10_000,
  amdMs: 3_000,
  ringOutMs: 25_000,
});

/** Spread of talk time (log-normal σ) the pacer assumes. */
export const TALK_SIGMA = 0.75;
/** Answer times are taken as uniform over [LO, HI] × the mean (5–20 s around 12.5 s). */
const ANSWER_LO = 0.4;
const ANSWER_HI = 1.6;

/** Prior on the abandonment rate: `PRIOR_WEIGHT` pseudo live answers at half the cap. */
export const PRIOR_WEIGHT = 60;
/** The upper bound judged against the cap: posterior mean + Z posterior standard deviations. */
const Z = 1;
/** Below LOW × cap the level may rise to the full line count; at HIGH × cap it is pinned to 1. */
const LOW = 0.45;
const HIGH = 0.85;
/** Share of the gap to the target level closed per decision (smooths the level). */
const SMOOTHING = 0.25;
/** A placement is made when the free capacity left is at least 1 − SLACK fresh-call equivalents. */
const SLACK = 0.15;

const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));
const finite = (x: number, fallback: number) => (Number.isFinite(x) ? x : fallback);

export function estimatesOf(partial?: Partial<CallEstimates>): CallEstimates {
  const e = { ...DEFAULT_ESTIMATES };
  if (partial) for (const k of Object.keys(e) as (keyof CallEstimates)[]) {
    const v = partial[k];
    if (typeof v === 'number' && Number.isFinite(v) && v >= 0) e[k] = v;
  }
  e.pHuman = clamp(e.pHuman, 0.01, 1);
  e.pMachine = clamp(e.pMachine, 0, 1 - e.pHuman);
  e.talkMeanMs = Math.max(1000, e.talkMeanMs);
  return e;
}

/** Lines a rep may hold: 1..3 (bad config never reaches the carrier as 0 or 10 lines). */
export function linesOf(config: PowerConfig): number {
  return clamp(Math.round(finite(config.linesPerRep, 1)), 1, 3);
}

// ───────────── the abandonment controller ─────────────

/** A cautious estimate of the campaign's abandonment rate: Beta posterior mean + Z·sd, prior at cap/2. */
export function abandonUpperBound(abandon: { liveAnswered: number; abandoned: number }, cap: number): number {
  const live = Math.max(0, finite(abandon.liveAnswered, 0));
  const ab = clamp(finite(abandon.abandoned, 0), 0, live);
  const a = PRIOR_WEIGHT * cap * 0.5 + ab;
  const b = PRIOR_WEIGHT * (1 - cap * 0.5) + (live - ab);
  const n = a + b;
  const mean = a / n;
  const sd = Math.sqrt((mean * (1 - mean)) / (n + 1));
  return mean + Z * sd;
}

/** The level the controller steers to for a given bound: full lines when far under the cap, 1 near it. */
export function targetLevel(upper: number, cap: number, lines: number): number {
  if (cap <= 0) return 1;
  const x = clamp((HIGH * cap - upper) / ((HIGH - LOW) * cap), 0, 1);
  return 1 + (lines - 1) * x;
}

// ───────────── predictions ─────────────

function erf(x: number): number {
  // Abramowitz–Stegun 7.1.26 (|error| < 1.5e-7)
  const s = Math.sign(x);
  const t = 1 / (1 + 0.3275911 * Math.abs(x));
  const y = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-x * x);
  return s * y;
}

function talkCdf(ms: number, meanMs: number): number {
  if (ms <= 0) return 0;
  const mu = Math.log(meanMs) - (TALK_SIGMA * TALK_SIGMA) / 2;
  return 0.5 * (1 + erf((Math.log(ms) - mu) / (TALK_SIGMA * Math.SQRT2)));
}

/** P(the remaining busy time of this rep is over within `ms`). */
function freeWithin(rep: RepBusy, ms: number, e: CallEstimates): number {
  const since = Math.max(0, finite(rep.sinceMs, 0));
  if (rep.phase === 'wrap_up') return e.wrapMs - since <= ms ? 1 : 0;
  const talkLeft = ms - e.wrapMs;
  if (talkLeft <= 0) return 0;
  const survived = 1 - talkCdf(since, e.talkMeanMs);
  if (survived <= 1e-9) return 1;
  return clamp((talkCdf(since + talkLeft, e.talkMeanMs) - talkCdf(since, e.talkMeanMs)) / survived, 0, 1);
}

const QUAD = 8;

/** P(a busy rep is free by the time a call placed now reaches its human verdict). */
export function freeByArrival(rep: RepBusy, e: CallEstimates): number {
  const lo = ANSWER_LO * e.answerMeanMs + e.amdMs;
  const hi = ANSWER_HI * e.answerMeanMs + e.amdMs;
  let p = 0;
  for (let i = 0; i < QUAD; i++) p += freeWithin(rep, lo + ((i + 0.5) / QUAD) * (hi - lo), e);
  return p / QUAD;
}

/** P(a call in flight still turns into a human), given its phase and age. */
export function humanChance(call: InFlightCall, e: CallEstimates): number {
  const answered = e.pHuman + e.pMachine;
  if (call.phase === 'amd') return answered > 0 ? e.pHuman / answered : 0;
  const lo = ANSWER_LO * e.answerMeanMs;
  const hi = ANSWER_HI * e.answerMeanMs;
  const age = Math.max(0, finite(call.ageMs, 0));
  const notYet = clamp((hi - age) / Math.max(1, hi - lo), 0, 1);
  const denom = 1 - answered * (1 - notYet);
  return denom > 0 ? (e.pHuman * notYet) / denom : 0;
}

const pct = (x: number) => `${(Math.round(x * 1000) / 10).toFixed(1)}%`;

// ───────────── the decision ─────────────

export function decidePacing(s: PacingSnapshot, _rng?: () => number): PacingDecision {
  const cfg = s.config;
  const lines = linesOf(cfg);
  const repsTotal = Math.max(0, Math.floor(finite(s.repsTotal, 0)));
  const available = clamp(Math.floor(finite(s.repsAvailable, 0)), 0, repsTotal);
  const inFlight = s.inFlight.length;
  const room = Math.max(0, repsTotal * lines - inFlight);
  const cap = clamp(finite(cfg.abandonCap, 0.03), 0, 1);
  const live = Math.max(0, finite(s.abandon.liveAnswered, 0));
  const ab = clamp(finite(s.abandon.abandoned, 0), 0, live);
  const rate = live > 0 ? ab / live : 0;
  const rateText = `abandonment ${pct(rate)} of ${pct(cap).replace('.0%', '%')} cap`;

  if (repsTotal === 0) return { place: 0, dialLevel: 1, reason: 'No rep is dialing' };

  if (cfg.pacing === 'fixed' || lines === 1) {
    const want = available * lines;
    const place = Math.min(room, Math.max(0, want - inFlight));
    const reason = available === 0 ? `${lines} ${lines === 1 ? 'line' : 'lines'}: waiting for a rep` : `${lines} ${lines === 1 ? 'line' : 'lines'} (fixed): ${rateText}`;
    return { place, dialLevel: lines, reason };
  }

  const e = estimatesOf(s.estimates);
  const upper = abandonUpperBound({ liveAnswered: live, abandoned: ab }, cap);
  const target = targetLevel(upper, cap, lines);
  const prev = clamp(finite(s.dialLevel, 1), 1, lines);
  // falls at once when the bound crosses the cap, rises gradually
  const level = upper >= cap ? 1 : clamp(prev + SMOOTHING * (target - prev), 1, lines);

  // reps free when a call placed now reaches a human; only reps already free are counted when the
  // bound is over the cap (no look-ahead)
  let free = available;
  if (upper < cap) for (const r of s.repsBusy) free += freeByArrival(r, e);
  // calls in flight, in fresh-call equivalents
  let committed = 0;
  for (const c of s.inFlight) committed += humanChance(c, e) / e.pHuman;
  const capacity = level * free - committed;
  const place = Math.min(room, Math.max(0, Math.floor(capacity + SLACK)));
  const levelText = `${(Math.round(level * 10) / 10).toFixed(1)} lines`;
  const reason = free < 0.05 && inFlight === 0 ? `${levelText}: waiting for a rep` : `${levelText}: ${rateText}${live < 50 ? ' (little data yet: cautious)' : ''}`;
  return { place, dialLevel: level, reason };
}

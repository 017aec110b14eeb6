import type { CallEstimates, InFlightCall, PacingDecision, PacingSnapshot, PowerConfig, RepBusy } from './types.ts';

/**
 * Pacing: how many new calls a campaign places right now.
 *
 * `fixed` keeps `linesPerRep` calls in flight for every available rep and nothing while reps are
 * busy (first-connect-wins dialing). `adaptive` is predictive over the whole campaign (a lone rep
 * or N pooled reps). For each further call it could place it estimates the chance that the call's
 * human would be abandoned, from
 *  - the reps free when that human would arrive: available now, plus busy reps likely to be done
 *    by then (deterministic wrap-up, log-normal talk time conditioned on how long they have talked);
 *  - the calls already in flight, each by its remaining chance of producing a human given its
 *    phase and age (a call ringing past the last likely answer time counts for nothing);
 *  - pooled: the Poisson-binomial tail "humans arriving + reps still busy ≥ reps";
 *    lone rep: the rep still busy, or another line's person answering within the AMD window
 *    (a lone rep's other ringing lines are cancelled when a human is bridged, so only overlapping
 *    answers can be abandoned),
 * and places calls while that risk stays under a threshold. The dial level (fractional,
 * 1..linesPerRep) is the controller state: it sets the risk threshold (and at 1, one line per rep);
 * it is lowered as the campaign's abandonment rate — judged by a Bayesian upper bound,
 * cautious with little data — approaches the cap, and raised when comfortably below it.
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
  holdMs: 0,
});

/** Spread of talk time (log-normal σ) the pacer assumes. */
export const TALK_SIGMA = 0.75;
/** Answer times are taken as uniform over [LO, HI] × the mean (5–20 s around 12.5 s). */
const ANSWER_LO = 0.4;
const ANSWER_HI = 1.6;

/**
 * Prior on the abandonment rate: `PRIOR_WEIGHT` pseudo live answers at `PRIOR_SHARE` of the cap, so
 * a campaign without history starts near 1 line and earns its dial level as answers accumulate.
 */
export const PRIOR_WEIGHT = 60;
const PRIOR_SHARE = 0.8;
/** The upper bound judged against the cap: posterior mean + Z posterior standard deviations. */
const Z = 0.5;
/** Below LOW × cap the level may rise to the full line count; at HIGH × cap it is pinned to 1. */
const LOW = 0.8;
const HIGH = 1;
/** Share of the gap to the target level closed per decision (smooths the level). */
const SMOOTHING = 0.25;
/**
 * The marginal abandonment risk a new call may carry, as a share of the cap: RISK_MIN at dial level
 * 1, RISK_MAX at the full line count.
 */
const RISK_MIN = 0.3;
const RISK_MAX = 3;

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

/** A cautious estimate of the campaign's abandonment rate: Beta posterior mean + Z·sd. */
export function abandonUpperBound(abandon: { liveAnswered: number; abandoned: number }, cap: number): number {
  const live = Math.max(0, finite(abandon.liveAnswered, 0));
  const ab = clamp(finite(abandon.abandoned, 0), 0, live);
  const a = PRIOR_WEIGHT * cap * PRIOR_SHARE + ab;
  const b = PRIOR_WEIGHT * (1 - cap * PRIOR_SHARE) + (live - ab);
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

const QUAD = 8;

/** P(a busy rep is free by the time a call placed now reaches its human verdict (+ the hold window)). */
export function freeByArrival(rep: RepBusy, e: CallEstimates): number {
  const lo = ANSWER_LO * e.answerMeanMs + e.amdMs + e.holdMs;
  const hi = ANSWER_HI * e.answerMeanMs + e.amdMs + e.holdMs;
  const since = Math.max(0, finite(rep.sinceMs, 0));
  if (rep.phase === 'wrap_up') {
    // deterministic: free once the rest of the wrap-up is over; the arrival is uniform over [lo, hi]
    const left = e.wrapMs - since;
    return clamp((hi - left) / Math.max(1, hi - lo), 0, 1);
  }
  // talking: P(talk ends within (arrival − wrap-up) | it has lasted `since`), averaged over the arrival
  const before = talkCdf(since, e.talkMeanMs);
  const survived = 1 - before;
  if (survived <= 1e-9) return 1;
  let p = 0;
  for (let k = 0; k < QUAD; k++) {
    const talkLeft = lo + ((k + 0.5) / QUAD) * (hi - lo) - e.wrapMs;
    if (talkLeft > 0) p += (talkCdf(since + talkLeft, e.talkMeanMs) - before) / survived;
  }
  return clamp(p / QUAD, 0, 1);
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

/** P(two answers land within `windowMs` of each other): the new call's answer ~ U(lo, hi), the other's ~ U(a, b). */
function overlapChance(lo: number, hi: number, a: number, b: number, windowMs: number): number {
  if (b <= a) return 0;
  let p = 0;
  for (let i = 0; i < QUAD; i++) {
    const t = a + ((i + 0.5) / QUAD) * (b - a);
    const from = Math.max(lo, t - windowMs);
    const to = Math.min(hi, t + windowMs);
    if (to > from) p += (to - from) / Math.max(1, hi - lo);
  }
  return p / QUAD;
}

/**
 * Adds one Bernoulli(p) to a Poisson-binomial distribution kept up to its last bucket, which holds
 * P(≥ that count) — the tail is all the pacer asks of it.
 */
function addBernoulli(dist: Float64Array, p: number): void {
  const top = dist.length - 1;
  if (top === 0) return;
  dist[top] += dist[top - 1] * p;
  for (let k = top - 1; k > 0; k--) dist[k] = dist[k] * (1 - p) + dist[k - 1] * p;
  dist[0] *= 1 - p;
}

/**
 * A pooled campaign (no call is tied to a rep, ringing lines are not cancelled): a human from the
 * next call is abandoned when the humans already in flight plus the reps still busy at its arrival
 * fill every rep. Returns that probability for each successive new call.
 */
function pooledRisks(s: PacingSnapshot, e: CallEstimates, upTo: number): number[] {
  const reps = Math.max(0, Math.floor(s.repsAvailable)) + s.repsBusy.length;
  // dist[k] = P(humans in flight + reps still busy = k) for k < reps; dist[reps] = P(≥ reps)
  const dist = new Float64Array(reps + 1);
  dist[0] = 1;
  for (const c of s.inFlight) addBernoulli(dist, humanChance(c, e));
  for (const r of s.repsBusy) addBernoulli(dist, 1 - freeByArrival(r, e));
  const risks: number[] = [];
  for (let k = 0; k < upTo; k++) {
    risks.push(dist[reps]);
    addBernoulli(dist, e.pHuman);
  }
  return risks;
}

/**
 * A lone rep (first human wins; the other lines still ringing are cancelled): the next call's human
 * is abandoned when the rep is still busy at its arrival, or when another line's person answers
 * within the AMD window of it (both answered, only one can be bridged).
 */
function loneRisks(s: PacingSnapshot, e: CallEstimates, upTo: number): number[] {
  const lo = ANSWER_LO * e.answerMeanMs;
  const hi = ANSWER_HI * e.answerMeanMs;
  const base = s.repsAvailable > 0 ? 0 : s.repsBusy.length ? 1 - freeByArrival(s.repsBusy[0], e) : 1;
  const calls = s.inFlight.map((c) => ({ h: humanChance(c, e), age: Math.max(0, finite(c.ageMs, 0)), phase: c.phase }));
  const risks: number[] = [];
  for (let i = 0; i < upTo; i++) {
    let overlap = 0;
    for (const c of calls) {
      if (c.h <= 0) continue;
      // the other call answers in [a, b] ms from now (in AMD: it already did, its verdict is close)
      const a = c.phase === 'amd' ? -e.amdMs : Math.max(0, lo - c.age);
      const b = c.phase === 'amd' ? 0 : Math.max(0, hi - c.age);
      overlap += c.h * overlapChance(lo, hi, a, Math.max(a + 1, b), e.amdMs);
    }
    risks.push(base + (1 - base) * Math.min(1, overlap));
    calls.push({ h: e.pHuman, age: 0, phase: 'dialing' });
  }
  return risks;
}

// ───────────── the decision ─────────────

/**
 * How many new calls to place right now for one campaign, the updated dial level and a sentence
 * for the panel. Pure and deterministic: the same snapshot gives the same decision (`_rng` is
 * accepted for policies that randomize; this one does not).
 */
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
  const plural = (n: number) => (n === 1 ? 'line' : 'lines');

  if (repsTotal === 0) return { place: 0, dialLevel: 1, reason: 'No rep is dialing' };

  if (cfg.pacing === 'fixed' || lines === 1) {
    const want = available * lines;
    const place = Math.min(room, Math.max(0, want - inFlight));
    const reason = available === 0 ? `${lines} ${plural(lines)}: waiting for a rep` : `${lines} ${plural(lines)} (fixed): ${rateText}`;
    return { place, dialLevel: lines, reason };
  }

  const e = estimatesOf(s.estimates);
  const upper = abandonUpperBound({ liveAnswered: live, abandoned: ab }, cap);
  const target = targetLevel(upper, cap, lines);
  const prev = clamp(finite(s.dialLevel, 1), 1, lines);
  // falls at once when the bound crosses the cap, rises gradually
  const level = upper >= cap ? 1 : clamp(prev + SMOOTHING * (target - prev), 1, lines);
  // the level sets how much abandonment risk the next call may carry; pinned at 1 (over the cap) it
  // is also one line per rep
  const limit = level <= 1 + 1e-9 ? repsTotal : repsTotal * lines;
  const x = lines > 1 ? (level - 1) / (lines - 1) : 0;
  const maxRisk = cap * (RISK_MIN + (RISK_MAX - RISK_MIN) * x);
  const upTo = Math.max(0, Math.min(room, limit - inFlight));
  const shared = s.shared ?? repsTotal > 1;
  const risks = upTo === 0 ? [] : shared ? pooledRisks(s, e, upTo) : loneRisks(s, e, upTo);
  let place = 0;
  while (place < risks.length && risks[place] <= maxRisk) place++;
  const levelText = `${(Math.round(level * 10) / 10).toFixed(1)} lines`;
  const waitingForRep = available === 0 && place === 0 && inFlight === 0;
  const reason = waitingForRep ? `${levelText}: waiting for a rep` : `${levelText}: ${rateText}${live < 50 ? ' (little data yet: cautious)' : ''}`;
  return { place, dialLevel: level, reason };
}

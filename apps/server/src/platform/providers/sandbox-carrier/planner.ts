/**
 * What happens to one sandbox call, decided up front from a seeded random source: the outcome,
 * how long it rings and talks, the AMD verdict, and every webhook with its (simulated) time.
 * Pure: the carrier schedules a plan; tests check statistics on plans without any HTTP.
 */

export type Outcome = 'human' | 'machine' | 'no_answer' | 'busy' | 'failed';
export const OUTCOMES: readonly Outcome[] = ['human', 'machine', 'no_answer', 'busy', 'failed'];

export interface Range {
  min: number;
  max: number;
}

export interface CarrierStats {
  /** Relative weights of the outcomes (normalised). */
  outcomes: Record<Outcome, number>;
  /** Seconds from ringing until a person picks up. */
  humanRingSeconds: Range;
  /** Seconds from ringing until voicemail picks up. */
  machineRingSeconds: Range;
  /** Talk time of a person: log-normal around the median, clamped to the range. */
  humanTalkSeconds: { median: number; sigma: number; min: number; max: number };
  /** Greeting + message left on a voicemail. */
  machineTalkSeconds: Range;
  busyAfterSeconds: Range;
  failAfterSeconds: Range;
  /** Answering-machine detection decision time, milliseconds. */
  amdMs: Range;
  /** Share of AMD verdicts that come back 'unknown'. */
  amdUnknownRate: number;
  /** Chance that a given webhook is delivered twice. */
  duplicateRate: number;
  /** Chance that a call has one adjacent pair of webhooks delivered in swapped order. */
  reorderRate: number;
}

export const DEFAULT_STATS: CarrierStats = {
  outcomes: { human: 0.3, machine: 0.25, no_answer: 0.35, busy: 0.05, failed: 0.05 },
  humanRingSeconds: { min: 3, max: 18 },
  machineRingSeconds: { min: 12, max: 24 },
  humanTalkSeconds: { median: 75, sigma: 0.9, min: 4, max: 1200 },
  machineTalkSeconds: { min: 18, max: 45 },
  busyAfterSeconds: { min: 1, max: 4 },
  failAfterSeconds: { min: 0.5, max: 2 },
  amdMs: { min: 1500, max: 4500 },
  amdUnknownRate: 0.03,
  duplicateRate: 0.02,
  reorderRate: 0.02,
};

/** Twilio's error for "this is not a valid phone number" on a placed call (→ bad number). */
export const INVALID_NUMBER_ERROR = '13224';

/**
 * Destinations with a fixed fate, by the last four digits (like Twilio's magic test numbers).
 * No randomness, no duplicates or reordering — except 0009, which exists to exercise exactly that.
 */
export const MAGIC_NUMBERS = {
  '0001': 'A person answers after 5 s and talks for 45 s.',
  '0002': 'Voicemail answers after 12 s (AMD: machine); the call lasts 25 s.',
  '0003': 'Nobody answers: it rings until the ring timeout (no-answer).',
  '0004': 'Busy after 2 s.',
  '0005': 'The call fails with ErrorCode 13224 (invalid number → bad number).',
  '0006': "Refused when placed: REST error 21211 (invalid 'To' number → bad number).",
  '0009': 'A person answers (as 0001), and every webhook is delivered twice with one pair out of order.',
} as const;

export type MagicSuffix = keyof typeof MAGIC_NUMBERS;
const isMagic = (s: string): s is MagicSuffix => Object.hasOwn(MAGIC_NUMBERS, s);

export function magicSuffix(to: string): MagicSuffix | null {
  const suffix = to.slice(-4);
  return isMagic(suffix) ? suffix : null;
}

// ───────────── seeded randomness ─────────────

export type Rng = () => number;

/** mulberry32: small, fast and good enough for simulation; same seed → same sequence. */
export function createRng(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The random source of the n-th call of a carrier: independent of timing and of other calls. */
export function callRng(seed: number, n: number): Rng {
  // FNV-1a over "seed:n" spreads neighbouring call numbers over unrelated streams
  let h = 0x811c9dc5;
  for (const ch of `${seed}:${n}`) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193) >>> 0;
  return createRng(h);
}

const uniform = (rng: Rng, r: Range) => r.min + rng() * (r.max - r.min);
const round1 = (x: number) => Math.round(x * 10) / 10;

function logNormal(rng: Rng, median: number, sigma: number): number {
  // Box–Muller; 1 - rng() keeps the logarithm finite
  const z = Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
  return median * Math.exp(sigma * z);
}

function pickOutcome(rng: Rng, weights: Record<Outcome, number>): Outcome {
  const total = OUTCOMES.reduce((s, o) => s + Math.max(0, weights[o]), 0);
  let x = rng() * total;
  for (const o of OUTCOMES) {
    x -= Math.max(0, weights[o]);
    if (x < 0) return o;
  }
  return 'no_answer';
}

// ───────────── the plan ─────────────

export type AmdMode = 'off' | 'Enable' | 'DetectMessageEnd';

export interface PlanInput {
  to: string;
  /** Seconds the caller lets it ring (Twilio's Timeout). */
  timeoutSeconds: number;
  amd: AmdMode;
  /** Record=true was asked for. */
  record: boolean;
}

export type AnsweredBy = 'human' | 'machine_start' | 'machine_end_beep' | 'machine_end_silence' | 'unknown';

/**
 * One thing the carrier will do, at `atMs` of simulated time after the call was created. Status
 * events carry Twilio's SequenceNumber, which stays in logical order when delivery is reordered.
 */
export type PlannedEvent =
  | { atMs: number; kind: 'status'; status: 'initiated' | 'ringing' | 'in-progress' | 'completed' | 'busy' | 'no-answer' | 'failed' | 'canceled'; seq: number }
  | { atMs: number; kind: 'twiml' }
  | { atMs: number; kind: 'amd' }
  | { atMs: number; kind: 'recording'; status: 'in-progress' | 'completed' }
  | { atMs: number; kind: 'transcription' };

export interface CallPlan {
  outcome: Outcome;
  ringSeconds: number;
  /** Seconds from answer to hang-up (Twilio's CallDuration); 0 when never answered. */
  talkSeconds: number;
  answeredBy: AnsweredBy | null;
  amdMs: number | null;
  errorCode: string | null;
  /** Index into the carrier's transcript corpus. */
  transcript: number;
  /** In delivery order (which may differ from the sequence order when reordered). */
  events: PlannedEvent[];
  /** Indexes into `events` delivered a second time. */
  duplicates: number[];
  reordered: boolean;
}

function decide(rng: Rng, input: PlanInput, stats: CarrierStats, magic: MagicSuffix | null) {
  const timeout = input.timeoutSeconds;
  switch (magic) {
    case '0001':
    case '0009':
      return { outcome: 'human' as const, ring: 5, talk: 45 };
    case '0002':
      return { outcome: 'machine' as const, ring: 12, talk: 25 };
    case '0003':
      return { outcome: 'no_answer' as const, ring: timeout, talk: 0 };
    case '0004':
      return { outcome: 'busy' as const, ring: 2, talk: 0 };
    case '0005':
      return { outcome: 'failed' as const, ring: 1, talk: 0 };
    case '0006': // refused before a plan is made; treated as failed if it ever gets here
      return { outcome: 'failed' as const, ring: 0.5, talk: 0 };
    case null:
      break;
  }
  const outcome = pickOutcome(rng, stats.outcomes);
  // nobody answers after the caller stopped ringing: clamp answer times below the timeout
  const answerCap = (r: Range) => ({ min: Math.min(r.min, timeout - 1), max: Math.min(r.max, timeout - 1) });
  switch (outcome) {
    case 'human': {
      const h = stats.humanTalkSeconds;
      return { outcome, ring: round1(uniform(rng, answerCap(stats.humanRingSeconds))), talk: Math.round(Math.min(h.max, Math.max(h.min, logNormal(rng, h.median, h.sigma)))) };
    }
    case 'machine':
      return { outcome, ring: round1(uniform(rng, answerCap(stats.machineRingSeconds))), talk: Math.round(uniform(rng, stats.machineTalkSeconds)) };
    case 'no_answer':
      return { outcome, ring: timeout, talk: 0 };
    case 'busy':
      return { outcome, ring: round1(uniform(rng, stats.busyAfterSeconds)), talk: 0 };
    case 'failed':
      return { outcome, ring: round1(uniform(rng, stats.failAfterSeconds)), talk: 0 };
  }
}

function amdVerdict(rng: Rng, outcome: 'human' | 'machine', amd: AmdMode, stats: CarrierStats, magic: boolean): AnsweredBy {
  if (!magic && rng() < stats.amdUnknownRate) return 'unknown';
  if (outcome === 'human') return 'human';
  return amd === 'DetectMessageEnd' ? 'machine_end_beep' : 'machine_start';
}

/** The whole life of one call. `rng` should come from `callRng(seed, n)`. */
export function planCall(rng: Rng, input: PlanInput, stats: CarrierStats = DEFAULT_STATS): CallPlan {
  const magic = magicSuffix(input.to);
  const d = decide(rng, input, stats, magic);
  const events: PlannedEvent[] = [{ atMs: 200, kind: 'status', status: 'initiated', seq: 0 }];
  const ringAt = 800;
  let answeredBy: AnsweredBy | null = null;
  let amdMs: number | null = null;
  let errorCode: string | null = null;
  const transcript = Math.floor(rng() * 1_000_000);

  switch (d.outcome) {
    case 'human':
    case 'machine': {
      const answerAt = ringAt + d.ring * 1000;
      const endAt = answerAt + d.talk * 1000;
      events.push({ atMs: ringAt, kind: 'status', status: 'ringing', seq: 1 });
      events.push({ atMs: answerAt, kind: 'status', status: 'in-progress', seq: 2 });
      events.push({ atMs: answerAt + 100, kind: 'twiml' });
      if (input.amd !== 'off') {
        answeredBy = amdVerdict(rng, d.outcome, input.amd, stats, magic !== null);
        amdMs = magic ? 2500 : Math.round(uniform(rng, stats.amdMs));
        // DetectMessageEnd waits for the beep: about the greeting's length for a machine
        const decidedAfter = input.amd === 'DetectMessageEnd' && d.outcome === 'machine' ? Math.min(d.talk * 1000 - 500, amdMs + 6000) : amdMs;
        events.push({ atMs: answerAt + Math.max(200, Math.min(decidedAfter, d.talk * 1000 - 200)), kind: 'amd' });
      }
      if (input.record) events.push({ atMs: answerAt + 300, kind: 'recording', status: 'in-progress' });
      events.push({ atMs: endAt, kind: 'status', status: 'completed', seq: 3 });
      if (input.record) events.push({ atMs: endAt + 1500, kind: 'recording', status: 'completed' });
      // every answered call gets a transcript (sent to the recording callback URL)
      events.push({ atMs: endAt + 4000, kind: 'transcription' });
      break;
    }
    case 'no_answer':
      events.push({ atMs: ringAt, kind: 'status', status: 'ringing', seq: 1 });
      events.push({ atMs: ringAt + d.ring * 1000, kind: 'status', status: 'no-answer', seq: 2 });
      break;
    case 'busy':
      events.push({ atMs: ringAt, kind: 'status', status: 'ringing', seq: 1 });
      events.push({ atMs: ringAt + d.ring * 1000, kind: 'status', status: 'busy', seq: 2 });
      break;
    case 'failed':
      // the network rejects the number before it ever rings
      errorCode = INVALID_NUMBER_ERROR;
      events.push({ atMs: ringAt + d.ring * 1000, kind: 'status', status: 'failed', seq: 1 });
      break;
  }
  events.sort((a, b) => a.atMs - b.atMs);

  // real providers retry and race: a few webhooks twice, the odd pair out of order
  const chaos = magic === '0009' ? 'all' : magic ? 'none' : 'random';
  let reordered = false;
  if ((chaos === 'all' || (chaos === 'random' && rng() < stats.reorderRate)) && events.length >= 3) {
    const i = chaos === 'all' ? 0 : Math.floor(rng() * (events.length - 1));
    const a = events[i];
    const b = events[i + 1];
    [a.atMs, b.atMs] = [b.atMs, a.atMs];
    events[i] = b;
    events[i + 1] = a;
    reordered = true;
  }
  const duplicates: number[] = [];
  events.forEach((_, i) => {
    if (chaos === 'all' || (chaos === 'random' && rng() < stats.duplicateRate)) duplicates.push(i);
  });

  return { outcome: d.outcome, ringSeconds: d.ring, talkSeconds: d.talk, answeredBy, amdMs, errorCode, transcript, events, duplicates, reordered };
}

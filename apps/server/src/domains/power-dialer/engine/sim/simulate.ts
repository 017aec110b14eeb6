import { callRng, type Rng } from '../../../../platform/providers/sandbox-carrier/planner.ts';
import { VirtualClock } from '../clock.ts';
import { decidePacing } from '../pacing.ts';
import { nextForItem } from '../redial.ts';
import { DEFAULT_POWER_CONFIG, type CallEstimates, type CallOutcome, type PowerConfig } from '../types.ts';

/**
 * A deterministic discrete-event simulation of one power-dialer campaign on a virtual clock: reps,
 * a lead queue (fresh leads + the redial queue), and a carrier drawing each call's fate from the
 * issue's statistics. It drives the SAME `decidePacing` and `nextForItem` the real engine uses,
 * after every state change and at least once a second of virtual time.
 *
 * Rules: first human wins → bridged to an available rep (pooled campaigns: the rep idle longest);
 * a lone rep's other lines still ringing are cancelled (no attempt burned, back to the front); a
 * human whose AMD verdict finds no rep free waits at most `bridgeWindowMs`, then hears the
 * safe-harbor message (abandoned); machines get the voicemail drop or a hang-up.
 */

export interface SimStats {
  /** Share of calls a person answers. */
  pHuman: number;
  /** Share answered by voicemail; the rest (no-answer/busy) rings out. */
  pMachine: number;
  /** Seconds from placing until someone (person or machine) answers: uniform. */
  answerSeconds: { min: number; max: number };
  /** Unanswered calls ring out after this (capped by the config's ring timeout). */
  ringOutSeconds: number;
  /** AMD decision time after answer. */
  amdMs: number;
  /** Talk time: log-normal with this mean and σ. */
  talkMeanSeconds: number;
  talkSigma: number;
  /** Rep wrap-up after each conversation. */
  wrapSeconds: number;
  /** A voicemail drop keeps the line busy this much longer. */
  voicemailDropSeconds: number;
  /** The safe-harbor message keeps the line this long. */
  safeHarborSeconds: number;
  /** From placing until the carrier reports ringing. */
  dialingMs: number;
  /** A human is bridged within this of the AMD verdict, or abandoned. */
  bridgeWindowMs: number;
}

/** The issue's sandbox statistics. */
export const ISSUE_STATS: SimStats = Object.freeze({
  pHuman: 0.25,
  pMachine: 0.35,
  answerSeconds: { min: 5, max: 20 },
  ringOutSeconds: 25,
  amdMs: 3000,
  talkMeanSeconds: 180,
  talkSigma: 0.75,
  wrapSeconds: 10,
  voicemailDropSeconds: 30,
  safeHarborSeconds: 8,
  dialingMs: 1000,
  bridgeWindowMs: 2000,
}) as SimStats;

export interface SimOptions {
  reps: number;
  config?: Partial<PowerConfig>;
  /** Virtual hours to run. */
  hours: number;
  seed: number;
  stats?: Partial<SimStats>;
  /** Leads in the list (default unlimited: fresh leads never run out; 'end' redials wait behind them). */
  leads?: number;
  /** The campaign's abandonment history before this run (rolling counts the pacer starts from). */
  history?: { liveAnswered: number; abandoned: number };
  /** What the pacer is told about call statistics (default: its own defaults). */
  estimates?: Partial<CallEstimates>;
  /** Sample the dial level this often (virtual ms); 0 = no trace. Default 60 s. */
  traceEveryMs?: number;
}

export interface SimResult {
  reps: number;
  hours: number;
  repHours: number;
  conversations: number;
  conversationsPerRepHour: number;
  talkMinutesPerRepHour: number;
  /** abandoned / liveAnswered (0 when nobody answered). */
  abandonRate: number;
  liveAnswered: number;
  abandoned: number;
  callsPlaced: number;
  callsPerRepHour: number;
  canceledBeforeAnswer: number;
  voicemailsDropped: number;
  /** Leads dialed at least once, and the mean attempts burned per such lead. */
  leadsTouched: number;
  attemptsPerLead: number;
  leadsExhausted: number;
  /** Most calls in flight (dialing/ringing/AMD) at once, and the limit repsTotal × lines. */
  maxInFlight: number;
  lineLimit: number;
  /** Share of rep time spent available (waiting for a call). */
  idleShare: number;
  meanDialLevel: number;
  dialLevelTrace?: { t: number; level: number }[];
  /** Virtual events processed and wall time taken. */
  events: number;
  pacingDecisions: number;
  wallMs: number;
}

type RepState = 'available' | 'talking' | 'wrap_up';
interface Rep {
  id: number;
  state: RepState;
  since: number;
  idleMs: number;
}
type Phase = 'dialing' | 'ringing' | 'amd' | 'waiting' | 'bridged' | 'voicemail' | 'safe_harbor' | 'ended';
interface Call {
  id: number;
  lead: Lead;
  owner: number | null;
  phase: Phase;
  placedAt: number;
  timers: unknown[];
}
interface Lead {
  id: number;
  attempts: number;
  readyAt: number;
}

function logNormal(rng: Rng, mean: number, sigma: number): number {
  const z = Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
  return Math.exp(Math.log(mean) - (sigma * sigma) / 2 + sigma * z);
}

export function simulateCampaign(opts: SimOptions): SimResult {
  const started = performance.now();
  const st: SimStats = { ...ISSUE_STATS, ...opts.stats };
  const config: PowerConfig = { ...DEFAULT_POWER_CONFIG, ...opts.config };
  const lines = Math.min(3, Math.max(1, Math.round(config.linesPerRep)));
  const nReps = Math.max(1, Math.floor(opts.reps));
  const pooled = nReps > 1;
  const endAt = Math.max(0, opts.hours) * 3_600_000;
  const clock = new VirtualClock(0);
  const seed = opts.seed >>> 0;

  const reps: Rep[] = Array.from({ length: nReps }, (_, id) => ({ id, state: 'available', since: 0, idleMs: 0 }));
  const calls = new Map<number, Call>();
  const front: Lead[] = [];
  const endQueue: Lead[] = [];
  const touched = new Set<number>();
  let nextFresh = 0;
  const totalLeads = opts.leads ?? Infinity;
  const waiting: Call[] = [];

  let callsPlaced = 0;
  let conversations = 0;
  let talkMs = 0;
  let liveAnswered = 0;
  let abandoned = 0;
  let canceled = 0;
  let vmDropped = 0;
  let exhausted = 0;
  let attemptsBurned = 0;
  let maxInFlight = 0;
  let dialLevel = 1;
  let levelSum = 0;
  let decisions = 0;
  const trace: { t: number; level: number }[] = [];
  const historyLive = opts.history?.liveAnswered ?? 0;
  const historyAb = opts.history?.abandoned ?? 0;

  const inFlight = () => {
    const out: { phase: 'dialing' | 'ringing' | 'amd'; ageMs: number }[] = [];
    for (const c of calls.values()) if (c.phase === 'dialing' || c.phase === 'ringing' || c.phase === 'amd') out.push({ phase: c.phase, ageMs: clock.now() - c.placedAt });
    return out;
  };

  const setRep = (rep: Rep, state: RepState) => {
    const now = clock.now();
    if (rep.state === 'available') rep.idleMs += Math.min(now, endAt) - Math.min(rep.since, endAt);
    rep.state = state;
    rep.since = now;
  };

  const pickLead = (): Lead | null => {
    const now = clock.now();
    for (let i = 0; i < front.length; i++) if (front[i].readyAt <= now) return front.splice(i, 1)[0];
    if (nextFresh < totalLeads) return { id: nextFresh++, attempts: 0, readyAt: now };
    for (let i = 0; i < endQueue.length; i++) if (endQueue[i].readyAt <= now) return endQueue.splice(i, 1)[0];
    return null;
  };

  const settle = (call: Call, outcome: CallOutcome) => {
    const r = nextForItem({ attempts: call.lead.attempts }, outcome, config, clock.now());
    if (r.burnAttempt) {
      call.lead.attempts++;
      attemptsBurned++;
    }
    const next = r.next;
    if (next.kind === 'redial') {
      call.lead.readyAt = next.readyAt;
      if (next.where === 'front') front.unshift(call.lead);
      else endQueue.push(call.lead);
    } else if (next.kind === 'exhausted') exhausted++;
  };

  const end = (call: Call, outcome: CallOutcome | null) => {
    for (const t of call.timers) clock.clearTimeout(t);
    call.timers.length = 0;
    call.phase = 'ended';
    calls.delete(call.id);
    if (outcome) settle(call, outcome);
    poke();
  };

  const later = (call: Call, ms: number, fn: () => void) => {
    call.timers.push(clock.setTimeout(fn, ms));
  };

  const freeRep = (): Rep | undefined => {
    if (!pooled) return reps[0].state === 'available' ? reps[0] : undefined;
    let best: Rep | undefined;
    for (const r of reps) if (r.state === 'available' && (!best || r.since < best.since)) best = r;
    return best;
  };

  const bridge = (call: Call, rep: Rep) => {
    const now = clock.now();
    for (const t of call.timers) clock.clearTimeout(t);
    call.timers.length = 0;
    call.phase = 'bridged';
    liveAnswered++;
    conversations++;
    setRep(rep, 'talking');
    settle(call, 'bridged');
    // first human wins: a lone rep's other lines still ringing are released
    if (!pooled) {
      for (const other of [...calls.values()]) {
        if (other !== call && (other.phase === 'dialing' || other.phase === 'ringing')) {
          canceled++;
          end(other, 'canceled_before_answer');
        }
      }
    }
    const rng = callRng(seed ^ 0x5bd1e995, call.id);
    const talk = logNormal(rng, st.talkMeanSeconds * 1000, st.talkSigma);
    clock.setTimeout(() => {
      talkMs += Math.min(clock.now(), endAt) - Math.min(now, endAt);
      calls.delete(call.id);
      call.phase = 'ended';
      setRep(rep, 'wrap_up');
      poke();
      clock.setTimeout(() => {
        setRep(rep, 'available');
        // a human waiting inside the bridge window takes the rep at once
        const w = waiting.shift();
        if (w) bridge(w, rep);
        poke();
      }, st.wrapSeconds * 1000);
    }, talk);
  };

  const onVerdict = (call: Call, human: boolean) => {
    if (human) {
      const rep = freeRep();
      if (rep) return bridge(call, rep);
      call.phase = 'waiting';
      waiting.push(call);
      later(call, st.bridgeWindowMs, () => {
        const i = waiting.indexOf(call);
        if (i >= 0) waiting.splice(i, 1);
        liveAnswered++;
        abandoned++;
        call.phase = 'safe_harbor';
        settle(call, 'abandoned');
        later(call, st.safeHarborSeconds * 1000, () => end(call, null));
        poke();
      });
      poke();
      return;
    }
    if (config.voicemail === 'drop') {
      vmDropped++;
      call.phase = 'voicemail';
      settle(call, 'voicemail_dropped');
      later(call, st.voicemailDropSeconds * 1000, () => end(call, null));
      poke();
    } else end(call, 'machine');
  };

  const place = (owner: number | null): boolean => {
    const lead = pickLead();
    if (!lead) return false;
    touched.add(lead.id);
    const n = callsPlaced++;
    const rng = callRng(seed, n);
    const u = rng();
    const kind = u < st.pHuman ? 'human' : u < st.pHuman + st.pMachine ? 'machine' : 'none';
    const answerMs = (st.answerSeconds.min + rng() * (st.answerSeconds.max - st.answerSeconds.min)) * 1000;
    const ringOutMs = Math.min(st.ringOutSeconds, config.ringTimeoutSeconds) * 1000;
    const call: Call = { id: n, lead, owner, phase: 'dialing', placedAt: clock.now(), timers: [] };
    calls.set(n, call);
    later(call, st.dialingMs, () => {
      if (call.phase === 'dialing') call.phase = 'ringing';
    });
    if (kind === 'none' || answerMs >= ringOutMs) {
      later(call, ringOutMs, () => end(call, 'no_answer'));
    } else {
      later(call, answerMs, () => {
        call.phase = 'amd';
        poke();
        if (st.amdMs > config.amdTimeoutMs) later(call, config.amdTimeoutMs, () => end(call, 'amd_unknown'));
        else later(call, st.amdMs, () => onVerdict(call, kind === 'human'));
      });
    }
    return true;
  };

  // the pacer knows how long this engine holds a human for a rep
  const estimates: Partial<CallEstimates> = { holdMs: st.bridgeWindowMs, ...opts.estimates };
  let pokeScheduled = false;
  function poke() {
    if (pokeScheduled) return;
    pokeScheduled = true;
    clock.setTimeout(() => {
      pokeScheduled = false;
      decide();
    }, 0);
  }

  function decide() {
    if (clock.now() >= endAt) return;
    const now = clock.now();
    const flight = inFlight();
    const busy: { phase: 'talking' | 'wrap_up'; sinceMs: number }[] = [];
    let available = 0;
    for (const r of reps) {
      if (r.state === 'available') available++;
      else busy.push({ phase: r.state, sinceMs: now - r.since });
    }
    // humans waiting inside the bridge window will take the next free reps
    available = Math.max(0, available - waiting.length);
    const d = decidePacing({
      now, config, repsTotal: nReps, repsAvailable: available, repsBusy: busy, inFlight: flight,
      abandon: { liveAnswered: historyLive + liveAnswered, abandoned: historyAb + abandoned }, dialLevel, estimates: estimates,
    });
    decisions++;
    dialLevel = d.dialLevel;
    for (let i = 0; i < d.place; i++) if (!place(pooled ? null : 0)) break;
    maxInFlight = Math.max(maxInFlight, flight.length + d.place);
  }

  const tick = () => {
    if (clock.now() >= endAt) return;
    decide();
    levelSum += dialLevel;
    clock.setTimeout(tick, 1000);
  };
  clock.setTimeout(tick, 0);
  const every = opts.traceEveryMs ?? 60_000;
  if (every > 0) {
    const sample = () => {
      if (clock.now() > endAt) return;
      trace.push({ t: clock.now(), level: Math.round(dialLevel * 1000) / 1000 });
      clock.setTimeout(sample, every);
    };
    clock.setTimeout(sample, 0);
  }

  clock.runUntil(endAt);
  // conversations still going at the horizon count up to it
  for (const r of reps) {
    if (r.state === 'talking') talkMs += endAt - Math.min(r.since, endAt);
    setRep(r, r.state);
  }

  const repHours = nReps * (endAt / 3_600_000);
  const per = (x: number) => (repHours > 0 ? x / repHours : 0);
  return {
    reps: nReps,
    hours: opts.hours,
    repHours,
    conversations,
    conversationsPerRepHour: per(conversations),
    talkMinutesPerRepHour: per(talkMs / 60_000),
    abandonRate: liveAnswered > 0 ? abandoned / liveAnswered : 0,
    liveAnswered,
    abandoned,
    callsPlaced,
    callsPerRepHour: per(callsPlaced),
    canceledBeforeAnswer: canceled,
    voicemailsDropped: vmDropped,
    leadsTouched: touched.size,
    attemptsPerLead: touched.size ? attemptsBurned / touched.size : 0,
    leadsExhausted: exhausted,
    maxInFlight,
    lineLimit: nReps * lines,
    idleShare: endAt > 0 ? reps.reduce((s, r) => s + r.idleMs, 0) / (nReps * endAt) : 0,
    meanDialLevel: decisions ? levelSum / Math.max(1, Math.floor(endAt / 1000)) : dialLevel,
    ...(every > 0 ? { dialLevelTrace: trace } : {}),
    events: clock.eventsRun,
    pacingDecisions: decisions,
    wallMs: performance.now() - started,
  };
}

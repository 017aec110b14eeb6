/**
 * The power dialer's engine core: pure types shared by the pacing policy, the redial state machine,
 * the discrete-event simulator and the DB-backed driver (`../driver.ts`). No DB, no HTTP, no timers.
 */

/** When a redial becomes due: back of the queue now, or the front after 5 s / 30 s. */
export type RedialDelay = 'end' | '5s' | '30s';

export interface PowerConfig {
  /** 1..3 lines per rep. */
  linesPerRep: number;
  /** `fixed` = always `linesPerRep` (used for 1 line, and for comparison in the bench). */
  pacing: 'adaptive' | 'fixed';
  /** 1..5 attempts per lead within the campaign. */
  maxAttempts: number;
  redialDelay: RedialDelay;
  voicemail: 'drop' | 'hangup';
  /** >= 15 (SPEC §6: ring at least 15 s); default 25. */
  ringTimeoutSeconds: number;
  /** Bounded AMD decision time, default 3000. */
  amdTimeoutMs: number;
  /** Abandoned / live-answered over the rolling 30 days, default 0.03. */
  abandonCap: number;
}

export const DEFAULT_POWER_CONFIG: PowerConfig = Object.freeze({
  linesPerRep: 2,
  pacing: 'adaptive',
  maxAttempts: 3,
  redialDelay: 'end',
  voicemail: 'drop',
  ringTimeoutSeconds: 25,
  amdTimeoutMs: 3000,
  abandonCap: 0.03,
}) as PowerConfig;

/** Per-call statistics the pacer plans with: learned from history, defaults otherwise. */
export interface CallEstimates {
  /** Probability a placed call is answered by a human. */
  pHuman: number;
  /** Probability a placed call is answered by a machine. */
  pMachine: number;
  /** Mean time from placing to answer (ms). */
  answerMeanMs: number;
  /** Mean conversation length (ms). */
  talkMeanMs: number;
  /** Rep wrap-up after a call (ms). */
  wrapMs: number;
  /** AMD decision time after answer (ms). */
  amdMs: number;
  /** Time until an unanswered call gives up (ms). */
  ringOutMs: number;
  /** How long a human may wait after the AMD verdict for a rep to free up before being abandoned (ms). */
  holdMs: number;
}

export interface RepBusy {
  phase: 'talking' | 'wrap_up';
  /** How long the rep has been in that phase (ms). */
  sinceMs: number;
}

export interface InFlightCall {
  phase: 'dialing' | 'ringing' | 'amd';
  /** Time since the call was placed (ms). */
  ageMs: number;
}

/** What the pacer sees at one instant for one campaign (a lone rep's session or a shared campaign). */
export interface PacingSnapshot {
  /** ms (virtual or real). */
  now: number;
  config: PowerConfig;
  /** Reps in the campaign, not paused. */
  repsTotal: number;
  /** Idle, can take a bridged call now. */
  repsAvailable: number;
  /** Per busy rep, how long in that phase. */
  repsBusy: RepBusy[];
  /** Placed calls not yet resolved. */
  inFlight: InFlightCall[];
  /** The campaign's rolling-30-day counts (including this session). */
  abandon: { liveAnswered: number; abandoned: number };
  /** The controller state carried from the last decision (fractional, 1..linesPerRep). */
  dialLevel: number;
  /** Learned from history; defaults otherwise. */
  estimates?: Partial<CallEstimates>;
  /**
   * A shared campaign pools every rep's lines over one queue and cancels nothing when a human is
   * bridged; a lone rep's session cancels its other ringing lines. Default: `repsTotal > 1`.
   */
  shared?: boolean;
}

export interface PacingDecision {
  /** How many NEW calls to place right now. */
  place: number;
  /** Updated dial level, fractional in [1, linesPerRep]. */
  dialLevel: number;
  /** A short human sentence for the panel ("2 lines: abandonment 1.2% of 3% cap"). */
  reason: string;
}

export type CallOutcome =
  | 'bridged'
  | 'abandoned'
  | 'machine'
  | 'voicemail_dropped'
  | 'no_answer'
  | 'busy'
  | 'failed'
  | 'bad_number'
  | 'canceled_before_answer'
  | 'amd_unknown';

export type ItemNext =
  /** A conversation happened (bridged). */
  | { kind: 'done' }
  /** Attempts used up → auto-SMS may follow. */
  | { kind: 'exhausted' }
  /** Back in the queue: due at `readyAt`, placed at the front or the end. */
  | { kind: 'redial'; readyAt: number; where: 'front' | 'end' }
  /** Bad number / DNC: never again. */
  | { kind: 'dead' };

export interface ItemTransition {
  burnAttempt: boolean;
  next: ItemNext;
}

import type { CallOutcome, ItemTransition, PowerConfig, RedialDelay } from './types.ts';

/** An abandoned person heard the safe-harbor message: never re-dialed within this window. */
export const ABANDON_REDIAL_MS = 60_000;

const DELAY_MS: Record<RedialDelay, number> = { end: 0, '5s': 5_000, '30s': 30_000 };

/** Outcomes that used one of the lead's attempts but leave it dialable. */
const BURN_AND_RETRY: ReadonlySet<CallOutcome> = new Set(['machine', 'voicemail_dropped', 'no_answer', 'busy', 'amd_unknown']);

/**
 * The auto-redial state machine (SPEC §3.3, §6; blueprint §7–8): what happens to a queue item after
 * one of its calls ends. `item.attempts` is the count BEFORE this call's outcome is applied.
 */
export function nextForItem(item: { attempts: number }, outcome: CallOutcome, config: PowerConfig, now: number): ItemTransition {
  switch (outcome) {
    case 'bridged':
      return { burnAttempt: true, next: { kind: 'done' } };
    case 'canceled_before_answer':
      // our own doing (another line won): the lead goes back to the front, nothing used up
      return { burnAttempt: false, next: { kind: 'redial', readyAt: now, where: 'front' } };
    case 'abandoned':
      // the person heard the safe-harbor message; not their fault, but never re-dialed instantly
      return { burnAttempt: false, next: { kind: 'redial', readyAt: now + ABANDON_REDIAL_MS, where: 'front' } };
    case 'bad_number':
      return { burnAttempt: true, next: { kind: 'dead' } };
    case 'failed':
      return { burnAttempt: true, next: { kind: 'exhausted' } };
    default: {
      if (!BURN_AND_RETRY.has(outcome)) throw new Error(`unknown call outcome: ${String(outcome)}`);
      const used = Math.max(0, Math.floor(item.attempts)) + 1;
      if (used >= Math.max(1, config.maxAttempts)) return { burnAttempt: true, next: { kind: 'exhausted' } };
      const delay = DELAY_MS[config.redialDelay] ?? 0;
      return { burnAttempt: true, next: { kind: 'redial', readyAt: now + delay, where: config.redialDelay === 'end' ? 'end' : 'front' } };
    }
  }
}

import { describe, expect, it } from 'vitest';
import { ABANDON_REDIAL_MS, nextForItem } from './redial.ts';
import { DEFAULT_POWER_CONFIG, type CallOutcome, type PowerConfig, type RedialDelay } from './types.ts';

const NOW = 1_000_000;
const cfg = (redialDelay: RedialDelay, maxAttempts = 3): PowerConfig => ({ ...DEFAULT_POWER_CONFIG, redialDelay, maxAttempts });
const MODES: RedialDelay[] = ['end', '5s', '30s'];
const DELAY: Record<RedialDelay, number> = { end: 0, '5s': 5000, '30s': 30_000 };

describe('nextForItem: the auto-redial state machine', () => {
  for (const mode of MODES) {
    describe(`redial delay "${mode}"`, () => {
      it('bridged → done', () => {
        expect(nextForItem({ attempts: 0 }, 'bridged', cfg(mode), NOW)).toEqual({ burnAttempt: true, next: { kind: 'done' } });
      });

      it('canceled before answer → front at once, no attempt burned (even on the last attempt)', () => {
        for (const attempts of [0, 2]) {
          expect(nextForItem({ attempts }, 'canceled_before_answer', cfg(mode), NOW)).toEqual({ burnAttempt: false, next: { kind: 'redial', readyAt: NOW, where: 'front' } });
        }
      });

      it('abandoned → front after the safe-harbor pause (60 s), no attempt burned', () => {
        expect(nextForItem({ attempts: 2 }, 'abandoned', cfg(mode), NOW)).toEqual({ burnAttempt: false, next: { kind: 'redial', readyAt: NOW + 60_000, where: 'front' } });
        expect(ABANDON_REDIAL_MS).toBe(60_000);
      });

      for (const outcome of ['machine', 'voicemail_dropped', 'no_answer', 'busy', 'amd_unknown'] as CallOutcome[]) {
        it(`${outcome} burns one attempt: redial while attempts remain, then exhausted`, () => {
          const first = nextForItem({ attempts: 0 }, outcome, cfg(mode, 3), NOW);
          expect(first.burnAttempt).toBe(true);
          expect(first.next).toEqual({ kind: 'redial', readyAt: NOW + DELAY[mode], where: mode === 'end' ? 'end' : 'front' });
          expect(nextForItem({ attempts: 1 }, outcome, cfg(mode, 3), NOW).next.kind).toBe('redial');
          // the third attempt was the last of 3
          expect(nextForItem({ attempts: 2 }, outcome, cfg(mode, 3), NOW)).toEqual({ burnAttempt: true, next: { kind: 'exhausted' } });
          // one attempt allowed: the first outcome exhausts
          expect(nextForItem({ attempts: 0 }, outcome, cfg(mode, 1), NOW).next).toEqual({ kind: 'exhausted' });
          // five allowed: redial up to the fourth
          expect(nextForItem({ attempts: 3 }, outcome, cfg(mode, 5), NOW).next.kind).toBe('redial');
          expect(nextForItem({ attempts: 4 }, outcome, cfg(mode, 5), NOW).next.kind).toBe('exhausted');
        });
      }

      it('failed burns and exhausts', () => {
        expect(nextForItem({ attempts: 0 }, 'failed', cfg(mode, 5), NOW)).toEqual({ burnAttempt: true, next: { kind: 'exhausted' } });
      });

      it('bad number → dead, never again', () => {
        expect(nextForItem({ attempts: 0 }, 'bad_number', cfg(mode, 5), NOW)).toEqual({ burnAttempt: true, next: { kind: 'dead' } });
      });
    });
  }

  it('rejects an outcome it does not know instead of guessing', () => {
    expect(() => nextForItem({ attempts: 0 }, 'ringing' as CallOutcome, DEFAULT_POWER_CONFIG, NOW)).toThrow(/unknown call outcome/);
  });
});

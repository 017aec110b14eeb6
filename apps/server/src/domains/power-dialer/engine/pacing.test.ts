import { describe, expect, it } from 'vitest';
import { createRng } from '../../../platform/providers/sandbox-carrier/planner.ts';
import { abandonUpperBound, decidePacing, humanChance, DEFAULT_ESTIMATES } from './pacing.ts';
import { DEFAULT_POWER_CONFIG, type PacingSnapshot, type PowerConfig } from './types.ts';

const cfg = (p: Partial<PowerConfig> = {}): PowerConfig => ({ ...DEFAULT_POWER_CONFIG, ...p });
/** A campaign with a long, clean history (0.5% abandonment over 4,000 live answers). */
const CLEAN = { liveAnswered: 4000, abandoned: 20 };

function snap(p: Partial<PacingSnapshot> = {}): PacingSnapshot {
  return { now: 0, config: cfg(), repsTotal: 1, repsAvailable: 1, repsBusy: [], inFlight: [], abandon: CLEAN, dialLevel: 1, ...p };
}

/** Random but valid snapshots: every combination of reps, phases and histories. */
function randomSnapshot(rng: () => number): PacingSnapshot {
  const lines = 1 + Math.floor(rng() * 3);
  const repsTotal = Math.floor(rng() * 12);
  const repsAvailable = Math.floor(rng() * (repsTotal + 1));
  const busy = repsTotal - repsAvailable;
  const phases = ['dialing', 'ringing', 'amd'] as const;
  const inFlight = Array.from({ length: Math.floor(rng() * (repsTotal * lines + 1)) }, () => ({ phase: phases[Math.floor(rng() * 3)], ageMs: rng() * 30_000 }));
  const live = Math.floor(rng() * 3000);
  return {
    now: rng() * 1e9,
    config: cfg({ linesPerRep: lines, pacing: rng() < 0.5 ? 'adaptive' : 'fixed' }),
    repsTotal, repsAvailable,
    repsBusy: Array.from({ length: busy }, () => ({ phase: rng() < 0.8 ? 'talking' as const : 'wrap_up' as const, sinceMs: rng() * 600_000 })),
    inFlight,
    abandon: { liveAnswered: live, abandoned: Math.floor(rng() * live * 0.1) },
    dialLevel: 1 + rng() * 2,
  };
}

describe('decidePacing', () => {
  it('never puts more than repsTotal × linesPerRep calls in flight, keeps the level in [1, lines], and explains itself', () => {
    const rng = createRng(2024);
    for (let i = 0; i < 3000; i++) {
      const s = randomSnapshot(rng);
      const d = decidePacing(s);
      const lines = s.config.linesPerRep;
      expect(d.place).toBeGreaterThanOrEqual(0);
      expect(Number.isInteger(d.place)).toBe(true);
      expect(s.inFlight.length + d.place).toBeLessThanOrEqual(Math.max(s.inFlight.length, s.repsTotal * lines));
      expect(d.dialLevel).toBeGreaterThanOrEqual(1);
      expect(d.dialLevel).toBeLessThanOrEqual(lines);
      expect(d.reason.length).toBeGreaterThan(5);
    }
  });

  it('places nothing without a rep, and nothing for a lone rep who just started talking', () => {
    for (const pacing of ['fixed', 'adaptive'] as const) {
      expect(decidePacing(snap({ config: cfg({ pacing }), repsTotal: 0, repsAvailable: 0 })).place).toBe(0);
      const talking = snap({ config: cfg({ pacing, linesPerRep: 3 }), repsAvailable: 0, repsBusy: [{ phase: 'talking', sinceMs: 0 }], dialLevel: 3 });
      expect(decidePacing(talking).place).toBe(0);
    }
  });

  it('fixed: keeps linesPerRep calls in flight while the rep is available', () => {
    const fixed = cfg({ pacing: 'fixed', linesPerRep: 2 });
    expect(decidePacing(snap({ config: fixed })).place).toBe(2);
    expect(decidePacing(snap({ config: fixed, inFlight: [{ phase: 'ringing', ageMs: 3000 }] })).place).toBe(1);
    expect(decidePacing(snap({ config: fixed, inFlight: [{ phase: 'ringing', ageMs: 3000 }, { phase: 'amd', ageMs: 9000 }] })).place).toBe(0);
    expect(decidePacing(snap({ config: cfg({ pacing: 'fixed', linesPerRep: 3 }), repsTotal: 4, repsAvailable: 2, repsBusy: [{ phase: 'talking', sinceMs: 1 }, { phase: 'talking', sinceMs: 1 }] })).place).toBe(6);
    expect(decidePacing(snap({ config: cfg({ pacing: 'adaptive', linesPerRep: 1 }) })).place).toBe(1);
  });

  it('adaptive lone rep: dials at once when free, and a second line only once the first is unlikely to bring a person', () => {
    const c = cfg({ linesPerRep: 2 });
    expect(decidePacing(snap({ config: c, dialLevel: 2 })).place).toBeGreaterThanOrEqual(1);
    // a fresh call could bring a person in the same AMD window: no second line yet at a modest level
    expect(decidePacing(snap({ config: c, dialLevel: 1.2, inFlight: [{ phase: 'ringing', ageMs: 1000 }] })).place).toBe(0);
    // past the last likely answer time the first call is dead weight: the second line goes out
    expect(decidePacing(snap({ config: c, dialLevel: 1.6, inFlight: [{ phase: 'ringing', ageMs: 21_000 }] })).place).toBe(1);
    expect(humanChance({ phase: 'ringing', ageMs: 21_000 }, DEFAULT_ESTIMATES)).toBe(0);
    expect(humanChance({ phase: 'ringing', ageMs: 0 }, DEFAULT_ESTIMATES)).toBeCloseTo(0.25, 5);
  });

  it('pooled: dials ahead for reps about to finish wrap-up, not for reps who just started talking', () => {
    const c = cfg({ linesPerRep: 3 });
    const base = { config: c, repsTotal: 4, repsAvailable: 0, dialLevel: 3, estimates: { holdMs: 2000 } };
    const talking = decidePacing(snap({ ...base, repsBusy: Array.from({ length: 4 }, () => ({ phase: 'talking' as const, sinceMs: 1000 })) }));
    const wrapping = decidePacing(snap({ ...base, repsBusy: Array.from({ length: 4 }, () => ({ phase: 'wrap_up' as const, sinceMs: 5000 })) }));
    expect(talking.place).toBe(0);
    expect(wrapping.place).toBeGreaterThan(0);
  });

  it('lowers the level when abandonment is above the cap (to 1 at once), never below 1', () => {
    const c = cfg({ linesPerRep: 3 });
    const over = decidePacing(snap({ config: c, dialLevel: 3, abandon: { liveAnswered: 1000, abandoned: 60 } }));
    expect(over.dialLevel).toBe(1);
    expect(over.reason).toMatch(/6\.0% of 3% cap/);
    // approaching the cap: the level comes down step by step
    let level = 3;
    for (let i = 0; i < 40; i++) level = decidePacing(snap({ config: c, dialLevel: level, abandon: { liveAnswered: 5000, abandoned: 138 } })).dialLevel;
    expect(level).toBeLessThan(2);
    expect(level).toBeGreaterThanOrEqual(1);
  });

  it('raises the level when comfortably below the cap, and is cautious with little data', () => {
    const c = cfg({ linesPerRep: 3 });
    let level = 1;
    for (let i = 0; i < 40; i++) level = decidePacing(snap({ config: c, dialLevel: level, abandon: CLEAN })).dialLevel;
    expect(level).toBeGreaterThan(2.8);
    // no history: the prior keeps the level at 1 however long it runs
    let fresh = 1;
    for (let i = 0; i < 40; i++) fresh = decidePacing(snap({ config: c, dialLevel: fresh, abandon: { liveAnswered: 0, abandoned: 0 } })).dialLevel;
    expect(fresh).toBe(1);
    // 0 abandoned of 20 is not proof of a low rate; 0 of 2,000 is
    expect(abandonUpperBound({ liveAnswered: 20, abandoned: 0 }, 0.03)).toBeGreaterThan(abandonUpperBound({ liveAnswered: 2000, abandoned: 0 }, 0.03));
  });

  it('plans with learned estimates: a list where few people answer is dialed harder than the default', () => {
    const c = cfg({ linesPerRep: 3 });
    const base = snap({ config: c, repsTotal: 5, repsAvailable: 2, repsBusy: [1, 2, 3].map(() => ({ phase: 'talking' as const, sinceMs: 60_000 })), dialLevel: 3 });
    const usual = decidePacing(base).place;
    const rare = decidePacing({ ...base, estimates: { pHuman: 0.08, pMachine: 0.4 } }).place;
    expect(usual).toBeGreaterThan(0);
    expect(rare).toBeGreaterThan(usual);
    // and the shared flag overrides the guess from the rep count
    const lone = snap({ config: c, dialLevel: 3, inFlight: [{ phase: 'ringing', ageMs: 2000 }] });
    expect(decidePacing({ ...lone, shared: true }).place).not.toBe(decidePacing({ ...lone, shared: false }).place);
  });

  it('treats nonsense input as a cautious campaign instead of failing', () => {
    const d = decidePacing(snap({ dialLevel: Number.NaN, abandon: { liveAnswered: Number.NaN, abandoned: -3 }, estimates: { pHuman: Number.NaN, talkMeanMs: -1 }, config: cfg({ linesPerRep: 7, abandonCap: Number.NaN }) }));
    expect(d.dialLevel).toBeGreaterThanOrEqual(1);
    expect(d.dialLevel).toBeLessThanOrEqual(3);
    expect(d.place).toBeLessThanOrEqual(3);
  });
});

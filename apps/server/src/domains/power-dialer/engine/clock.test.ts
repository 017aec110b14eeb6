import { describe, expect, it } from 'vitest';
import { VirtualClock } from './clock.ts';

describe('VirtualClock', () => {
  it('runs timers in time order, same-time timers in the order they were set, and only when advanced', () => {
    const clock = new VirtualClock(1000);
    const seen: string[] = [];
    clock.setTimeout(() => seen.push(`b@${clock.now()}`), 20);
    clock.setTimeout(() => seen.push(`a@${clock.now()}`), 10);
    clock.setTimeout(() => seen.push(`c@${clock.now()}`), 20);
    expect(seen).toEqual([]);
    expect(clock.advance(15)).toBe(1);
    expect(clock.now()).toBe(1015);
    clock.advance(100);
    expect(seen).toEqual(['a@1010', 'b@1020', 'c@1020']);
    expect(clock.now()).toBe(1115);
  });

  it('runs timers set by timers when they fall inside the window, and cancels cleared ones', () => {
    const clock = new VirtualClock();
    const seen: number[] = [];
    const tick = () => {
      seen.push(clock.now());
      clock.setTimeout(tick, 1000);
    };
    clock.setTimeout(tick, 0);
    const doomed = clock.setTimeout(() => seen.push(-1), 2500);
    clock.clearTimeout(doomed);
    clock.clearTimeout(doomed); // twice is harmless
    clock.clearTimeout(undefined);
    clock.runUntil(3000);
    expect(seen).toEqual([0, 1000, 2000, 3000]);
    expect(clock.pending).toBe(1);
    expect(clock.nextAt()).toBe(4000);
  });

  it('keeps order through many interleaved inserts and removals (heap invariants)', () => {
    const clock = new VirtualClock();
    const fired: number[] = [];
    const handles = [];
    for (let i = 0; i < 500; i++) {
      const at = (i * 7919) % 1000;
      handles.push(clock.setTimeout(() => fired.push(at), at));
    }
    for (let i = 0; i < 500; i += 3) clock.clearTimeout(handles[i]);
    clock.runAll();
    const expected = Array.from({ length: 500 }, (_, i) => i).filter((i) => i % 3 !== 0).map((i) => (i * 7919) % 1000).sort((a, b) => a - b);
    expect(fired).toEqual(expected);
    expect(clock.eventsRun).toBe(expected.length);
  });

  it('advanceAsync lets awaited work run between timers; sleep resolves on virtual time', async () => {
    const clock = new VirtualClock();
    const seen: string[] = [];
    const worker = (async () => {
      await clock.sleep(500);
      seen.push(`woke@${clock.now()}`);
      await Promise.resolve();
      await clock.sleep(500);
      seen.push(`again@${clock.now()}`);
    })();
    await clock.advanceAsync(400);
    expect(seen).toEqual([]);
    await clock.advanceAsync(2000);
    await worker;
    expect(seen).toEqual(['woke@500', 'again@1000']);
  });
});

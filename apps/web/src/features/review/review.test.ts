import { describe, expect, it } from 'vitest';
import { activeCount, apiParams, clearFilters, readFilters, writeFilters } from './filters.ts';
import { clock, snippetOf } from './Player.tsx';

const turns = [
  { speaker: 'rep' as const, start: 0, end: 4.5, text: 'Hi Dana.' },
  { speaker: 'prospect' as const, start: 4.5, end: 9, text: 'No budget.' },
  { speaker: 'rep' as const, start: 9, end: 15.2, text: 'January then?' },
];

describe('review filters in the URL', () => {
  it('reads, writes and clears them, keeping the tab and dropping the selected call', () => {
    const sp = new URLSearchParams('tab=deep&call=abc&t=3&session=s1&tags=price,timing');
    const f = readFilters(sp);
    expect(f).toMatchObject({ session: 's1', tags: ['price', 'timing'], outcome: '' });
    expect(activeCount(f)).toBe(2);
    const next = writeFilters(sp, { reviewed: 'notmine', session: '' });
    expect(next.get('tab')).toBe('deep');
    expect(next.get('reviewed')).toBe('notmine');
    expect(next.has('session')).toBe(false);
    expect(next.has('call')).toBe(false);
    expect(next.has('t')).toBe(false);
    expect([...clearFilters(sp).keys()]).toEqual(['tab']);
  });

  it('asks the API for answered calls unless told otherwise, and turns local days into instants', () => {
    expect(apiParams(readFilters(new URLSearchParams(''))).outcome).toBe('answered');
    expect(apiParams(readFilters(new URLSearchParams('outcome=all'))).outcome).toBeUndefined();
    const p = apiParams(readFilters(new URLSearchParams('from=2026-03-08&to=2026-03-08')));
    expect(new Date(p.from!).getTime()).toBe(new Date(2026, 2, 8).getTime());
    expect(new Date(p.to!).getTime()).toBe(new Date(2026, 2, 9).getTime() - 1);
  });
});

describe('transcript selection → playbook snippet', () => {
  it('takes the start of the first line, the end of the last, and joins the lines', () => {
    expect(snippetOf(turns, [2, 1])).toEqual({ start: 4.5, end: 15.2, text: 'Prospect: No budget.\nRep: January then?' });
    expect(snippetOf(turns, [0, 0])).toEqual({ start: 0, end: 4.5, text: 'Rep: Hi Dana.' });
    expect(snippetOf(turns, null)).toBeNull();
    expect(snippetOf([], [0, 0])).toBeNull();
  });
  it('formats clock times', () => {
    expect(clock(0)).toBe('0:00');
    expect(clock(65.7)).toBe('1:05');
    expect(clock(Number.NaN)).toBe('0:00');
  });
});

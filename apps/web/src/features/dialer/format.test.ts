import { describe, expect, it } from 'vitest';
import { countdown, formatDuration, fromLocalInput, fromZonedInput, quickPicks, quickPicksIn, toLocalInput, toZonedInput } from './format.ts';

const CLOCK = /\d{1,2}:\d{2}/;

describe('Dialer formats', () => {
  it('writes provider durations in words, never as a clock face', () => {
    expect(formatDuration(0)).toBe('0s');
    expect(formatDuration(45)).toBe('45s');
    expect(formatDuration(60)).toBe('1m');
    expect(formatDuration(252)).toBe('4m 12s');
    expect(formatDuration(3725)).toBe('1h 2m');
    expect(formatDuration(null)).toBe('');
    for (const s of [5, 59, 61, 599, 3599, 7201]) expect(formatDuration(s)).not.toMatch(CLOCK);
  });

  it('counts down to a scheduled time, and past it says how overdue', () => {
    const now = Date.parse('2026-11-22T10:00:00Z');
    expect(countdown('2026-11-22T10:00:42Z', now)).toEqual({ text: 'in 42s', past: false });
    expect(countdown('2026-11-22T10:04:12Z', now)).toEqual({ text: 'in 4m 12s', past: false });
    expect(countdown('2026-11-22T12:05:00Z', now)).toEqual({ text: 'in 2h 5m', past: false });
    expect(countdown('2026-11-24T13:00:00Z', now)).toEqual({ text: 'in 2d 3h', past: false });
    expect(countdown('2026-11-22T09:50:00Z', now)).toEqual({ text: '10m 0s overdue', past: true });
  });

  it('round-trips datetime-local values and picks future quick times at 10:00', () => {
    const d = new Date(2026, 10, 23, 10, 30);
    expect(toLocalInput(d)).toBe('2026-11-23T10:30');
    expect(fromLocalInput('2026-11-23T10:30')).toBe(d.toISOString());
    expect(fromLocalInput('')).toBeNull();
    expect(fromLocalInput('not a date')).toBeNull();
    const now = new Date(2026, 10, 22, 16, 0);
    const picks = quickPicks(now);
    expect(picks.map((p) => p.label)).toEqual(['Tomorrow 10 AM', 'In 2 days', 'Next week']);
    for (const p of picks) {
      expect(p.date.getTime()).toBeGreaterThan(now.getTime());
      expect([p.date.getHours(), p.date.getMinutes()]).toEqual([10, 0]);
    }
    expect(picks.map((p) => p.date.getDate())).toEqual([23, 24, 29]);
    expect(new Set(picks.map((p) => p.date.getTime())).size).toBe(3);
  });

  it('reads and writes a callback time in the lead’s time zone, across DST and for Hawaii', () => {
    expect(fromZonedInput('2026-11-23T10:30', 'America/Chicago')).toBe('2026-11-23T16:30:00.000Z');
    expect(fromZonedInput('2026-07-01T10:30', 'America/Chicago')).toBe('2026-07-01T15:30:00.000Z');
    expect(fromZonedInput('2026-07-01T10:30', 'Pacific/Honolulu')).toBe('2026-07-01T20:30:00.000Z');
    expect(fromZonedInput('2026-07-01T10:30', 'America/Anchorage')).toBe('2026-07-01T18:30:00.000Z');
    // the morning after the spring-forward night in New York: EDT already
    expect(fromZonedInput('2026-03-08T09:00', 'America/New_York')).toBe('2026-03-08T13:00:00.000Z');
    expect(toZonedInput(new Date('2026-11-23T16:30:00Z'), 'America/Chicago')).toBe('2026-11-23T10:30');
    expect(toZonedInput(new Date('2026-07-01T20:30:00Z'), 'Pacific/Honolulu')).toBe('2026-07-01T10:30');
    // no or an unknown zone: browser time, as before
    expect(fromZonedInput('2026-11-23T10:30', null)).toBe(fromLocalInput('2026-11-23T10:30'));
    expect(fromZonedInput('2026-11-23T10:30', 'Not/AZone')).toBe(fromLocalInput('2026-11-23T10:30'));
    expect(fromZonedInput('garbage', 'America/Chicago')).toBeNull();
    // "Tomorrow 10 AM" is ten in the morning where the lead is
    const picks = quickPicksIn('Pacific/Honolulu', new Date('2026-11-22T23:00:00Z'));
    expect(picks.map((p) => toZonedInput(p.date, 'Pacific/Honolulu'))).toEqual(['2026-11-23T10:00', '2026-11-24T10:00', '2026-11-29T10:00']);
  });
});

import { describe, expect, it } from 'vitest';
import { mmss, parseTime } from './constants.ts';

describe('playbook times', () => {
  it('formats mm:ss and h:mm:ss', () => {
    expect(mmss(0)).toBe('0:00');
    expect(mmss(65.9)).toBe('1:05');
    expect(mmss(3723)).toBe('1:02:03');
    expect(mmss(null)).toBe('–');
  });
  it('parses what people type', () => {
    expect(parseTime('1:05')).toBe(65);
    expect(parseTime('65')).toBe(65);
    expect(parseTime('12.5')).toBe(12.5);
    expect(parseTime('1:02:03')).toBe(3723);
    expect(parseTime('1:75')).toBeNull();
    expect(parseTime('abc')).toBeNull();
    expect(parseTime('')).toBeNull();
  });
});

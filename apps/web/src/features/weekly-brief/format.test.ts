import { describe, expect, it } from 'vitest';
import { formatFigure, hourRange, signedPercent, weekLabel } from './format.ts';

describe('brief figures', () => {
  it('reads as a person would say them', () => {
    expect(formatFigure('ratio', 0.2345)).toBe('23.5%');
    expect(formatFigure('seconds', 22_200)).toBe('6 h 10 min');
    expect(formatFigure('seconds', 600)).toBe('10 min');
    expect(formatFigure('count', 12_345)).toBe('12,345');
    expect(signedPercent(0.125)).toBe('+13%');
    expect(signedPercent(-0.5)).toBe('−50%');
    expect(hourRange(10)).toBe('10 am–11 am');
    expect(hourRange(11)).toBe('11 am–12 pm');
    expect(hourRange(23)).toBe('11 pm–12 am');
    expect(weekLabel('2026-12-28')).toBe('Dec 28 – Jan 3, 2027');
  });
});

import { describe, expect, it } from 'vitest';
import { clock, providerLabel, span } from './words.ts';

describe('suggestion words', () => {
  it('formats moments as m:ss', () => {
    expect(clock(0)).toBe('0:00');
    expect(clock(65.7)).toBe('1:05');
    expect(span(12.6, 18)).toBe('0:12–0:18');
  });
  it('names who suggested', () => {
    expect(providerLabel({ mode: 'offline', provider: 'offline' })).toBe('offline analyzer');
    expect(providerLabel({ mode: 'live', provider: 'gpt-4o-mini' })).toBe('gpt-4o-mini');
  });
});

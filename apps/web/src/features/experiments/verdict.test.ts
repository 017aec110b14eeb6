import { describe, expect, it } from 'vitest';
import type { ExperimentResult } from '@flywheel/contracts';
import { differenceLine, progressLabel, testLine, verdictTone } from './verdict.ts';

const base: ExperimentResult = {
  test: 'chi_squared_yates', testLabel: 'Chi-squared test with Yates continuity correction', statistic: 3.892417894310042, df: 1, pValue: 0.048504545680748135,
  alpha: 0.05, significant: true, tooFew: false, note: null, minExpected: 24.5, calls: 200, successes: 49,
  perVariant: [
    { key: 'A', label: 'Statement', calls: 100, successes: 18, rate: 0.18, ciLow: 0.117, ciHigh: 0.2667 },
    { key: 'B', label: 'Question', calls: 100, successes: 31, rate: 0.31, ciLow: 0.2278, ciHigh: 0.4063 },
  ],
  zTest: { z: 2.137, pValue: 0.0326 }, chiSquared: { statistic: 4.568, df: 1, pValue: 0.0326 }, chiSquaredYates: { statistic: 3.892, df: 1, pValue: 0.0485 },
  fisherExact: null, difference: { of: ['B', 'A'], value: 0.13, ciLow: 0.0105, ciHigh: 0.245, method: 'newcombe' }, winner: 'B',
  verdict: 'Question beats Statement: 31% vs 18%, p = 0.049', final: false,
};

describe('experiment result wording', () => {
  it('names the test, its statistic and p-value', () => {
    expect(testLine(base)).toBe('Chi-squared test with Yates continuity correction: χ² = 3.89, df = 1, p = 0.049');
    expect(testLine({ ...base, test: 'fisher_exact', testLabel: "Fisher's exact test", statistic: null, df: null, pValue: 0.0001554 })).toBe("Fisher's exact test: p < 0.001");
    expect(testLine({ ...base, test: 'none', pValue: null })).toBeNull();
  });

  it('gives the difference in points with its interval', () => {
    const label = (k: string) => (k === 'A' ? 'Statement' : 'Question');
    expect(differenceLine(base, label)).toBe('Question − Statement: +13 pts (95% CI +1 to +25)');
    expect(differenceLine({ ...base, difference: { of: ['B', 'A'], value: -0.05, ciLow: -0.2, ciHigh: 0.08, method: 'newcombe' } }, label)).toBe('Question − Statement: −5 pts (95% CI −20 to +8)');
    expect(differenceLine({ ...base, difference: null }, label)).toBeNull();
  });

  it('colours a winner green, too few calls amber, no difference neutral', () => {
    expect(verdictTone(base)).toBe('green');
    expect(verdictTone({ ...base, winner: null, significant: false, test: 'fisher_exact', tooFew: true })).toBe('amber');
    expect(verdictTone({ ...base, winner: null, test: 'none' })).toBe('amber');
    expect(verdictTone({ ...base, winner: null, significant: false })).toBe('neutral');
  });

  it('says how far along the experiment is', () => {
    expect(progressLabel({ targetCalls: 20, progress: { assigned: 14, withOutcome: 12, perVariant: [] } })).toBe('12 of 20 calls with an outcome · 2 waiting for an outcome');
    expect(progressLabel({ targetCalls: 20, progress: { assigned: 20, withOutcome: 20, perVariant: [] } })).toBe('20 of 20 calls with an outcome');
  });
});

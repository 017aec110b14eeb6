import { describe, expect, it } from 'vitest';
import { scoreNumber, type HealthInput } from './scoring.ts';

const base: HealthInput = { calls7d: 0, connects7d: 0, callsPrev7d: 0, connectsPrev7d: 0, spamScore: null, repReports7d: 0 };

describe('scoreNumber (blueprint §9)', () => {
  it.each<[string, Partial<HealthInput>, string, number]>([
    ['no data at all', {}, 'healthy', 100],
    ['clean spam score, good rate', { calls7d: 100, connects7d: 20, spamScore: 0 }, 'healthy', 100],
    ['spam score exactly 20 is not a signal', { spamScore: 20 }, 'healthy', 100],
    ['spam score 21 → monitor', { spamScore: 21 }, 'monitor', 80],
    ['spam score exactly 50 → monitor', { spamScore: 50 }, 'monitor', 80],
    ['spam score 51 → flagged', { spamScore: 51 }, 'flagged', 50],
    ['low connect rate with enough calls → monitor', { calls7d: 30, connects7d: 2 }, 'monitor', 80],
    ['low connect rate with 20 calls is noise', { calls7d: 20, connects7d: 0 }, 'healthy', 100],
    ['connect rate exactly 10 % is fine', { calls7d: 30, connects7d: 3 }, 'healthy', 100],
    ['WoW drop > 30 % → monitor', { calls7d: 40, connects7d: 8, callsPrev7d: 40, connectsPrev7d: 12 }, 'monitor', 85],
    ['WoW drop of exactly 25 % is fine', { calls7d: 40, connects7d: 9, callsPrev7d: 40, connectsPrev7d: 12 }, 'healthy', 100],
    ['WoW drop without enough calls is noise', { calls7d: 10, connects7d: 1, callsPrev7d: 10, connectsPrev7d: 5 }, 'healthy', 100],
    ['low rate and a drop stack', { calls7d: 40, connects7d: 2, callsPrev7d: 40, connectsPrev7d: 10 }, 'monitor', 65],
    ['flagged stays flagged when a later rule says monitor', { spamScore: 80, calls7d: 40, connects7d: 1 }, 'flagged', 30],
    ['everything wrong floors at 0 points or more', { spamScore: 99, calls7d: 40, connects7d: 0, callsPrev7d: 40, connectsPrev7d: 10, repReports7d: 5 }, 'flagged', 5],
    ['three rep reports → monitor', { repReports7d: 3 }, 'monitor', 90],
    ['two rep reports are not enough', { repReports7d: 2 }, 'healthy', 100],
  ])('%s', (_name, input, status, score) => {
    const r = scoreNumber({ ...base, ...input });
    expect(r.status).toBe(status);
    expect(r.score).toBe(score);
    expect(r.reasons.length > 0).toBe(status !== 'healthy');
  });

  it('reports connect rate and week over week', () => {
    const r = scoreNumber({ ...base, calls7d: 40, connects7d: 8, callsPrev7d: 20, connectsPrev7d: 5 });
    expect(r.connectRate).toBeCloseTo(0.2);
    expect(r.wow).toBeCloseTo(-0.2);
    expect(scoreNumber({ ...base, calls7d: 5, connects7d: 1 }).wow).toBeNull();
    expect(scoreNumber(base).connectRate).toBeNull();
  });
});

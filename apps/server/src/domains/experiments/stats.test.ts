import { describe, expect, it } from 'vitest';
import { analyzeExperiment, chiSquaredTest, fisherExactTest, newcombeInterval, twoProportionZTest, wilsonInterval, type VariantCounts } from './stats.ts';

// Every expected value below is a published reference value (source noted at each table) or the
// output of R / SciPy on that table; none is computed by the code under test.

const v = (key: string, calls: number, successes: number, label = key): VariantCounts => ({ key, label, calls, successes });

describe('experiment statistics against published values', () => {
  it('2×3: R chisq.test documentation example (Agresti 2007, party by gender): X-squared = 30.07, df = 2, p = 2.954e-07', () => {
    // M <- as.table(rbind(c(762, 327, 468), c(484, 239, 477))); chisq.test(M)
    // variants = the three columns, "success" = the first row
    const table = [v('A', 762 + 484, 762, 'Democrat'), v('B', 327 + 239, 327, 'Independent'), v('C', 468 + 477, 468, 'Republican')];
    const r = analyzeExperiment(table);
    expect(r.test).toBe('chi_squared');
    expect(r.statistic).toBeCloseTo(30.070149095754672, 8); // scipy.stats.chi2_contingency 1.17.1
    expect(r.df).toBe(2);
    expect(r.pValue!).toBeCloseTo(2.954e-7, 9);
    expect(r.pValue! / 2.9535891832117595e-7).toBeCloseTo(1, 5);
    expect(r.significant).toBe(true);
    expect(r.winner).toBe('A'); // 61.2% vs 57.8% vs 49.5%
    expect(r.verdict).toBe('Democrat beats Independent and Republican: 61% vs 58% (Independent), p < 0.001');
    expect(r.zTest).toBeNull();
    expect(r.chiSquaredYates).toBeNull();
    expect(r.difference).toBeNull();
  });

  it('2×4: R prop.test documentation example (smokers): X-squared = 12.6, df = 3, p = 0.005585', () => {
    // smokers <- c(83, 90, 129, 70); patients <- c(86, 93, 136, 82); prop.test(smokers, patients)
    const r = analyzeExperiment([v('A', 86, 83), v('B', 93, 90), v('C', 136, 129), v('D', 82, 70)]);
    expect(r.test).toBe('chi_squared');
    expect(r.statistic).toBeCloseTo(12.600411297127632, 8);
    expect(r.df).toBe(3);
    expect(r.pValue).toBeCloseTo(0.005585476661627042, 8);
    expect(r.minExpected).toBeCloseTo(5.1637, 3); // just above 5: the approximation is allowed
    expect(r.tooFew).toBe(false);
  });

  it('2×2 with Yates: SciPy chi2_contingency documentation (Physicians’ Health Study, aspirin vs placebo)', () => {
    // table = [[176, 230], [21035, 21018]]: corrected 6.892569132546561, p = 0.008655478161175739;
    // uncorrected (correction=False) 7.156900855345259, p = 0.007467611213568741
    const r = analyzeExperiment([v('A', 176 + 21035, 176, 'Aspirin'), v('B', 230 + 21018, 230, 'Placebo')]);
    expect(r.test).toBe('chi_squared_yates');
    expect(r.testLabel).toMatch(/Yates/);
    expect(r.statistic).toBeCloseTo(6.892569132546561, 8);
    expect(r.pValue).toBeCloseTo(0.008655478161175739, 9);
    expect(r.chiSquaredYates).toMatchObject({ df: 1 });
    expect(r.chiSquared!.statistic).toBeCloseTo(7.156900855345259, 8);
    expect(r.chiSquared!.pValue).toBeCloseTo(0.007467611213568741, 9);
    // pooled z-test: z² is the uncorrected statistic, same p
    expect(r.zTest!.z ** 2).toBeCloseTo(7.156900855345259, 8);
    expect(r.zTest!.pValue).toBeCloseTo(0.007467611213568741, 9);
    expect(r.zTest!.z).toBeGreaterThan(0); // placebo (second) had more heart attacks
    expect(r.winner).toBe('B');
  });

  it('borderline: 45/150 vs 30/150 is significant without the correction (p = 0.0455) but not with Yates (p = 0.0619)', () => {
    // R: prop.test(c(30, 45), c(150, 150)) → X-squared = 3.4844, df = 1, p-value = 0.06195;
    //    prop.test(c(30, 45), c(150, 150), correct = FALSE) → X-squared = 4, p-value = 0.0455
    // (checked with scipy.stats.chi2_contingency 1.17.1: 3.4844444444444447 / 0.061948151413481034, 4.0 / 0.04550026389635857)
    const r = analyzeExperiment([v('A', 150, 30), v('B', 150, 45)]);
    expect(r.chiSquared!.statistic).toBeCloseTo(4, 10);
    expect(r.chiSquared!.pValue).toBeCloseTo(0.04550026389635857, 9);
    expect(r.zTest!.pValue).toBeCloseTo(0.04550026389635857, 9);
    expect(r.statistic).toBeCloseTo(3.4844444444444447, 10);
    expect(r.pValue).toBeCloseTo(0.061948151413481034, 9);
    expect(r.test).toBe('chi_squared_yates');
    expect(r.significant).toBe(false);
    expect(r.winner).toBeNull();
    expect(r.verdict).toBe('No significant difference yet');
    expect(analyzeExperiment([v('A', 150, 30), v('B', 150, 45)], { final: true }).verdict).toBe('No significant difference');
  });

  it('borderline the other way: 31/100 vs 18/100 stays significant with Yates (p = 0.0485)', () => {
    // R: prop.test(c(18, 31), c(100, 100)) → X-squared = 3.8924, p-value = 0.0485; correct = FALSE → 4.5682, 0.03257
    const r = analyzeExperiment([v('A', 100, 18), v('B', 100, 31)]);
    expect(r.pValue).toBeCloseTo(0.04850454568196359, 8);
    expect(r.chiSquared!.pValue).toBeCloseTo(0.03257105851966768, 8);
    expect(r.zTest!.z).toBeCloseTo(Math.sqrt(4.56818488984998), 8);
    expect(r.significant).toBe(true);
    expect(r.winner).toBe('B');
    expect(r.verdict).toBe('B beats A: 31% vs 18%, p = 0.049');
    expect(r.difference).toMatchObject({ of: ['B', 'A'], method: 'newcombe' });
    expect(r.difference!.value).toBeCloseTo(0.13, 10);
  });

  it('small counts: R fisher.test documentation (Fisher’s tea tasting, p = 0.4857) → too few calls to tell', () => {
    // TeaTasting <- matrix(c(3, 1, 1, 3), nrow = 2); fisher.test(TeaTasting) → p-value = 0.4857
    const r = analyzeExperiment([v('A', 4, 3), v('B', 4, 1)]);
    expect(r.tooFew).toBe(true);
    expect(r.minExpected).toBe(2);
    expect(r.test).toBe('fisher_exact');
    expect(r.pValue).toBeCloseTo(0.4857142857142857, 10);
    expect(r.fisherExact!.pValue).toBeCloseTo(0.4857142857142857, 10);
    expect(r.note).toMatch(/expected count is below 5.*Fisher's exact/);
    expect(r.verdict).toBe('Too few calls to tell');
  });

  it('small counts that still decide: 0/8 vs 6/8, Fisher p = 0.006993 (scipy.stats.fisher_exact)', () => {
    const r = analyzeExperiment([v('A', 8, 0, 'Old opener'), v('B', 8, 6, 'New opener')]);
    expect(r.test).toBe('fisher_exact');
    expect(r.pValue).toBeCloseTo(0.006993006993006992, 10);
    expect(r.tooFew).toBe(true);
    expect(r.winner).toBe('B');
    expect(r.verdict).toBe('New opener beats Old opener: 75% vs 0%, p = 0.007');
  });

  it("Fisher's exact test alone: R fisher.test Convictions (Fisher 1962), two-sided p = 0.0005367", () => {
    // Convictions <- matrix(c(2, 10, 15, 3), nrow = 2); scipy.stats.fisher_exact → 0.0005367241191434357
    expect(fisherExactTest(v('A', 17, 2), v('B', 13, 10))!.pValue).toBeCloseTo(0.0005367241191434357, 12);
    // its chi-squared (Yates) on the same table: scipy 10.45814479638009, p = 0.001221098516311509
    const chi = chiSquaredTest([v('A', 17, 2), v('B', 13, 10)], true)!;
    expect(chi.statistic).toBeCloseTo(10.45814479638009, 9);
    expect(chi.pValue).toBeCloseTo(0.001221098516311509, 9);
  });

  it('Wilson and Newcombe intervals: Newcombe (1998), Stat Med 17:873 and 17:857, worked examples', () => {
    // single proportions (Newcombe 1998a, Table I, method 3 "score"): 81/263 → 0.2553–0.3662, 15/148 → 0.0624–0.1605
    const w1 = wilsonInterval(81, 263)!;
    expect(w1.low).toBeCloseTo(0.2553, 4);
    expect(w1.high).toBeCloseTo(0.3662, 4);
    const w2 = wilsonInterval(15, 148)!;
    expect(w2.low).toBeCloseTo(0.0624, 4);
    expect(w2.high).toBeCloseTo(0.1605, 4);
    // differences (Newcombe 1998b, Table II, method 10): 56/70 − 48/80 → 0.0524 to 0.3339; 9/10 − 3/10 → 0.1705 to 0.8090
    const d1 = newcombeInterval(56, 70, 48, 80)!;
    expect(d1.value).toBeCloseTo(0.2, 10);
    expect(d1.low).toBeCloseTo(0.0524, 4);
    expect(d1.high).toBeCloseTo(0.3339, 4);
    const d2 = newcombeInterval(9, 10, 3, 10)!;
    expect(d2.low).toBeCloseTo(0.1705, 4);
    expect(d2.high).toBeCloseTo(0.809, 4);
    expect(wilsonInterval(0, 0)).toBeNull();
  });

  it('says there is not enough data: a variant without calls, a 2×3 with small expected counts, no success at all', () => {
    const empty = analyzeExperiment([v('A', 5, 2), v('B', 0, 0, 'Question opener')]);
    expect(empty).toMatchObject({ test: 'none', pValue: null, significant: false, tooFew: true, winner: null, verdict: 'Too few calls to tell' });
    expect(empty.note).toBe('Question opener has no calls with an outcome yet.');
    const small = analyzeExperiment([v('A', 6, 1), v('B', 6, 4), v('C', 6, 2)]);
    expect(small).toMatchObject({ test: 'none', pValue: null, tooFew: true, verdict: 'Too few calls to tell' });
    expect(small.note).toMatch(/not enough data for a chi-squared test of 3 variants/);
    expect(small.chiSquared).not.toBeNull(); // still reported, not used
    const none = analyzeExperiment([v('A', 10, 0), v('B', 10, 0)]);
    expect(none).toMatchObject({ test: 'fisher_exact', pValue: 1, significant: false, verdict: 'Too few calls to tell', chiSquared: null, zTest: null });
    expect(twoProportionZTest(v('A', 0, 0), v('B', 3, 1))).toBeNull();
  });
});

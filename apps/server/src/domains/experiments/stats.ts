import jstat from 'jstat';
import { EXPERIMENT_ALPHA, EXPERIMENT_TEST_LABELS, formatPValue, formatRate, wilson, type ExperimentResult, type ExperimentTest, type VariantOutcome } from '@flywheel/contracts';

/**
 * Significance of an experiment's outcome: a 2×k table (success / no success per variant).
 *
 * - Two variants: pooled two-proportion z-test, and the chi-squared test of independence with and
 *   without Yates's continuity correction (z² equals the uncorrected statistic). The verdict rests on
 *   the Yates-corrected test (R's prop.test / chisq.test default for 2×2): conservative, so a small
 *   sales experiment does not crown a winner on noise. When an expected count is below 5 the
 *   chi-squared approximation does not hold: Fisher's exact test (two-sided, R's fisher.test
 *   convention) is used instead and the result says there are few observations.
 * - Three or four variants: chi-squared test of independence on the 2×k table (k − 1 degrees of
 *   freedom); with an expected count below 5 there is not enough data and no p-value is claimed.
 * - The rate of each variant gets a Wilson score 95% interval, the difference of two rates a
 *   Newcombe hybrid score interval (Newcombe 1998, method 10).
 *
 * The distributions (chi-squared, normal, hypergeometric) come from jstat.
 */
const { jStat } = jstat;

export interface VariantCounts {
  key: string;
  label: string;
  calls: number;
  successes: number;
}

const Z95 = jStat.normal.inv(0.975, 0, 1);
const MIN_EXPECTED = 5;

/** Wilson score interval of a proportion (no continuity correction): the shared one, null for no data. */
export function wilsonInterval(successes: number, n: number, z = Z95): { low: number; high: number } | null {
  return n <= 0 ? null : wilson(successes, n, z);
}

/** Newcombe's hybrid score interval for p1 − p2 (method 10 of Newcombe 1998). */
export function newcombeInterval(s1: number, n1: number, s2: number, n2: number): { value: number; low: number; high: number } | null {
  const w1 = wilsonInterval(s1, n1);
  const w2 = wilsonInterval(s2, n2);
  if (!w1 || !w2) return null;
  const p1 = s1 / n1;
  const p2 = s2 / n2;
  const d = p1 - p2;
  return {
    value: d,
    low: d - Math.sqrt((p1 - w1.low) ** 2 + (w2.high - p2) ** 2),
    high: d + Math.sqrt((w1.high - p1) ** 2 + (p2 - w2.low) ** 2),
  };
}

const upperChi = (x: number, df: number) => Math.max(0, Math.min(1, 1 - jStat.chisquare.cdf(x, df)));

/** Expected counts of the 2×k table (rows: successes, failures), or null when a margin is 0. */
function expectedCounts(v: VariantCounts[]): number[][] | null {
  const n = v.reduce((a, x) => a + x.calls, 0);
  const s = v.reduce((a, x) => a + x.successes, 0);
  if (n === 0 || v.some((x) => x.calls === 0)) return null;
  return [v.map((x) => (x.calls * s) / n), v.map((x) => (x.calls * (n - s)) / n)];
}

/** Chi-squared test of independence on a 2×k table; Yates's correction only makes sense for 2×2. */
export function chiSquaredTest(v: VariantCounts[], yates = false): { statistic: number; df: number; pValue: number } | null {
  const e = expectedCounts(v);
  if (!e || e.flat().some((x) => x === 0)) return null;
  const observed = [v.map((x) => x.successes), v.map((x) => x.calls - x.successes)];
  // R's chisq.test: the correction is min(0.5, |O − E|) (|O − E| is the same in every cell of a 2×2)
  const correction = yates ? Math.min(0.5, ...observed.flatMap((row, i) => row.map((o, j) => Math.abs(o - e[i][j])))) : 0;
  let statistic = 0;
  for (let i = 0; i < 2; i++) for (let j = 0; j < v.length; j++) statistic += (Math.abs(observed[i][j] - e[i][j]) - correction) ** 2 / e[i][j];
  const df = v.length - 1;
  return { statistic, df, pValue: upperChi(statistic, df) };
}

/** Pooled two-proportion z-test: z for (second − first), two-sided p. */
export function twoProportionZTest(a: VariantCounts, b: VariantCounts): { z: number; pValue: number } | null {
  if (a.calls === 0 || b.calls === 0) return null;
  const pooled = (a.successes + b.successes) / (a.calls + b.calls);
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / a.calls + 1 / b.calls));
  if (se === 0) return null;
  const z = (b.successes / b.calls - a.successes / a.calls) / se;
  return { z, pValue: Math.min(1, 2 * (1 - jStat.normal.cdf(Math.abs(z), 0, 1))) };
}

/**
 * Fisher's exact test on a 2×2 table, two-sided: the probability of every table with the same
 * margins that is no more likely than the one observed (relative tolerance 1e-7, as R does).
 */
export function fisherExactTest(a: VariantCounts, b: VariantCounts): { pValue: number } | null {
  if (a.calls === 0 || b.calls === 0) return null;
  const N = a.calls + b.calls;
  const m = a.successes + b.successes;
  const lo = Math.max(0, a.calls - (N - m));
  const hi = Math.min(a.calls, m);
  const pObserved = jStat.hypgeom.pdf(a.successes, N, m, a.calls);
  let p = 0;
  for (let k = lo; k <= hi; k++) {
    const pk = jStat.hypgeom.pdf(k, N, m, a.calls);
    if (pk <= pObserved * (1 + 1e-7)) p += pk;
  }
  return { pValue: Math.min(1, p) };
}

const joinLabels = (labels: string[]) => (labels.length <= 1 ? labels.join('') : `${labels.slice(0, -1).join(', ')} and ${labels[labels.length - 1]}`);

/**
 * The result of an experiment from its per-variant counts (calls with an outcome, successes).
 * `final`: the experiment is over (completed/stopped), so "yet" is left out of the verdict.
 */
export function analyzeExperiment(variants: VariantCounts[], opts: { final?: boolean; alpha?: number } = {}): ExperimentResult {
  const alpha = opts.alpha ?? EXPERIMENT_ALPHA;
  const final = opts.final ?? false;
  const perVariant: VariantOutcome[] = variants.map((v) => {
    const ci = wilsonInterval(v.successes, v.calls);
    return { key: v.key, label: v.label, calls: v.calls, successes: v.successes, rate: v.calls ? v.successes / v.calls : null, ciLow: ci?.low ?? null, ciHigh: ci?.high ?? null };
  });
  const calls = variants.reduce((a, v) => a + v.calls, 0);
  const successes = variants.reduce((a, v) => a + v.successes, 0);
  const e = expectedCounts(variants);
  const minExpected = e ? Math.min(...e.flat()) : null;
  const two = variants.length === 2;
  const chiSquared = chiSquaredTest(variants);
  const chiSquaredYates = two ? chiSquaredTest(variants, true) : null;
  const zTest = two ? twoProportionZTest(variants[0], variants[1]) : null;
  const diff = two ? newcombeInterval(variants[1].successes, variants[1].calls, variants[0].successes, variants[0].calls) : null;
  const difference = diff ? { of: [variants[1].key, variants[0].key] as [string, string], value: diff.value, ciLow: diff.low, ciHigh: diff.high, method: 'newcombe' as const } : null;

  let test: ExperimentTest = 'none';
  let statistic: number | null = null;
  let df: number | null = null;
  let pValue: number | null = null;
  let fisherExact: { pValue: number } | null = null;
  let note: string | null = null;
  const empty = variants.filter((v) => v.calls === 0);
  const tooFew = minExpected === null || minExpected < MIN_EXPECTED;
  if (empty.length) {
    note = `${joinLabels(empty.map((v) => v.label))} ${empty.length === 1 ? 'has' : 'have'} no calls with an outcome yet.`;
  } else if (tooFew) {
    const smallest = `the smallest is ${minExpected!.toFixed(1)}`;
    if (two) {
      fisherExact = fisherExactTest(variants[0], variants[1]);
      test = 'fisher_exact';
      pValue = fisherExact!.pValue;
      note = `An expected count is below ${MIN_EXPECTED} (${smallest}): too few observations for the chi-squared test, so Fisher's exact test is used.`;
    } else {
      note = `An expected count is below ${MIN_EXPECTED} (${smallest}): not enough data for a chi-squared test of ${variants.length} variants.`;
    }
  } else if (two) {
    test = 'chi_squared_yates';
    ({ statistic, df, pValue } = chiSquaredYates!);
  } else {
    test = 'chi_squared';
    ({ statistic, df, pValue } = chiSquared!);
  }
  const significant = pValue !== null && pValue < alpha;

  // the winner: the best rate, when the test says the rates differ (and the best is not tied)
  let winner: string | null = null;
  let verdict: string;
  const ranked = [...perVariant].sort((x, y) => (y.rate ?? -1) - (x.rate ?? -1));
  if (significant && ranked[0].rate !== ranked[1].rate) {
    winner = ranked[0].key;
    const best = ranked[0];
    const next = ranked[1];
    const vs = two ? `${best.label} beats ${next.label}` : `${best.label} beats ${joinLabels(ranked.slice(1).map((r) => r.label))}`;
    verdict = `${vs}: ${formatRate(best.rate)} vs ${formatRate(next.rate)}${two ? '' : ` (${next.label})`}, ${formatPValue(pValue!)}`;
  } else if (significant) {
    // the rates differ, but the best rate is shared
    const tied = ranked.filter((r) => r.rate === ranked[0].rate);
    verdict = `${joinLabels(tied.map((r) => r.label))} tie for best: ${formatRate(ranked[0].rate)} vs ${formatRate(ranked[ranked.length - 1].rate)} (${ranked[ranked.length - 1].label}), ${formatPValue(pValue!)}`;
  } else if (test === 'none' || tooFew) {
    verdict = 'Too few calls to tell';
  } else {
    verdict = final ? 'No significant difference' : 'No significant difference yet';
  }
  return {
    test, testLabel: EXPERIMENT_TEST_LABELS[test], statistic, df, pValue, alpha, significant, tooFew, note, minExpected,
    calls, successes, perVariant, zTest, chiSquared, chiSquaredYates, fisherExact, difference, winner, verdict, final,
  };
}

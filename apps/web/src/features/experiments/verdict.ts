import { formatPValue, type Experiment, type ExperimentResult } from '@flywheel/contracts';

export type VerdictTone = 'green' | 'amber' | 'neutral';

/** How the verdict reads at a glance: a winner (green), too few calls (amber), no difference (neutral). */
export function verdictTone(r: ExperimentResult): VerdictTone {
  if (r.winner) return 'green';
  if (r.test === 'none' || r.tooFew) return 'amber';
  return 'neutral';
}

/** "Chi-squared test with Yates continuity correction: χ² = 3.89, df = 1, p = 0.049" */
export function testLine(r: ExperimentResult): string | null {
  if (r.test === 'none') return null;
  if (r.test === 'fisher_exact') return `${r.testLabel}: ${formatPValue(r.pValue!)}`;
  return `${r.testLabel}: χ² = ${r.statistic!.toFixed(2)}, df = ${r.df}, ${formatPValue(r.pValue!)}`;
}

/** "+13 pts (95% CI +1 to +25)" for the difference of two rates. */
export function differenceLine(r: ExperimentResult, labelOf: (key: string) => string): string | null {
  const d = r.difference;
  if (!d) return null;
  const pts = (x: number) => `${x >= 0 ? '+' : '−'}${Math.abs(Math.round(x * 100))}`;
  return `${labelOf(d.of[0])} − ${labelOf(d.of[1])}: ${pts(d.value)} pts (95% CI ${pts(d.ciLow)} to ${pts(d.ciHigh)})`;
}

/** "12 of 20 calls with an outcome" */
export function progressLabel(e: Pick<Experiment, 'progress' | 'targetCalls'>): string {
  const waiting = e.progress.assigned - e.progress.withOutcome;
  return `${e.progress.withOutcome} of ${e.targetCalls} calls with an outcome${waiting > 0 ? ` · ${waiting} waiting for an outcome` : ''}`;
}

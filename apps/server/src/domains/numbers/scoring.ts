import type { NumberStatus } from '@flywheel/contracts';

/** What one health check knows about a number. */
export interface HealthInput {
  calls7d: number;
  connects7d: number;
  callsPrev7d: number;
  connectsPrev7d: number;
  /** Worst score among the reputation sources that answered (0–100); null when none did. */
  spamScore: number | null;
  /** Reps' "reported as spam" in the last 7 days. */
  repReports7d: number;
}

export interface HealthResult {
  status: NumberStatus;
  score: number;
  connectRate: number | null;
  /** Relative change against the week before; null without calls in both weeks. */
  wow: number | null;
  reasons: string[];
}

/** Below this many calls a week, connect rates are noise (the blueprint's "> 20"). */
export const MIN_CALLS = 21;
export const REP_REPORTS_MONITOR = 3;

const RANK: Record<NumberStatus, number> = { healthy: 0, monitor: 1, flagged: 2 };
const worse = (a: NumberStatus, b: NumberStatus): NumberStatus => (RANK[b] > RANK[a] ? b : a);

/**
 * The blueprint's health scoring (§9): spam score > 50 → flagged (−50), > 20 → monitor (−20);
 * connect rate < 10 % → monitor (−20) and a week-over-week drop > 30 % → monitor (−15), both only
 * with enough calls to mean something. Unlike the blueprint's sketch, a later rule never softens an
 * earlier one (a flagged number with a low connect rate stays flagged). Added: reps' own reports —
 * three in a week put a number on monitor (−10), since they hear the "Spam Likely" label first.
 */
export function scoreNumber(h: HealthInput): HealthResult {
  const reasons: string[] = [];
  let status: NumberStatus = 'healthy';
  let score = 100;
  const connectRate = h.calls7d > 0 ? h.connects7d / h.calls7d : null;
  const prevRate = h.callsPrev7d > 0 ? h.connectsPrev7d / h.callsPrev7d : null;
  const wow = connectRate !== null && prevRate !== null && prevRate > 0 ? (connectRate - prevRate) / prevRate : null;

  if (h.spamScore !== null && h.spamScore > 50) {
    status = 'flagged';
    score -= 50;
    reasons.push(`Spam score ${h.spamScore} (> 50)`);
  } else if (h.spamScore !== null && h.spamScore > 20) {
    status = worse(status, 'monitor');
    score -= 20;
    reasons.push(`Spam score ${h.spamScore} (> 20)`);
  }
  if (h.calls7d >= MIN_CALLS && connectRate !== null && connectRate < 0.1) {
    status = worse(status, 'monitor');
    score -= 20;
    reasons.push(`Connect rate ${pct(connectRate)} over ${h.calls7d} calls (< 10 %)`);
  }
  if (h.calls7d >= MIN_CALLS && wow !== null && wow < -0.3) {
    status = worse(status, 'monitor');
    score -= 15;
    reasons.push(`Connect rate down ${pct(-wow)} week over week`);
  }
  if (h.repReports7d >= REP_REPORTS_MONITOR) {
    status = worse(status, 'monitor');
    score -= 10;
    reasons.push(`${h.repReports7d} spam reports by reps this week`);
  }
  return { status, score: Math.max(0, score), connectRate, wow, reasons };
}

const pct = (x: number) => `${Math.round(x * 100)} %`;

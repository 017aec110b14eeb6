/**
 * Reputation port: what the outside world thinks of one of our caller ids ("Spam Likely" labels
 * from carrier analytics and lookup services). A source answers with a 0–100 spam score (higher =
 * worse) or says it could not tell; an unreachable source never makes a number look clean or bad.
 */
export interface ReputationVerdict {
  source: string;
  /** 0–100, higher is worse; null when the source gave no usable answer. */
  score: number | null;
  /** The label the source shows, e.g. "Spam Likely"; null when none. */
  label: string | null;
  /** Why there is no score (timeout, HTTP 500, unparseable body); null on success. */
  error: string | null;
}

export interface ReputationSource {
  name: string;
  check(e164: string): Promise<ReputationVerdict>;
}

/** Sandbox workspaces and workspaces without configured sources have none: only internal figures count. */
export const NO_SOURCES: readonly ReputationSource[] = [];

import type { NumberStatus } from '@flywheel/contracts';

/** A pool number as the router sees it. */
export interface Candidate {
  id: string;
  e164: string;
  areaCode: string | null;
  region: string | null;
  status: NumberStatus;
  /** null until the first health check */
  healthScore: number | null;
  isDefault: boolean;
  /** calls placed from it in the last 24 h (volume spread) */
  calls24h: number;
}

export interface Target {
  areaCode: string | null;
  region: string | null;
}

export type Tier = 'override' | 'area_code' | 'state' | 'healthiest' | 'default';
export interface Pick {
  number: Candidate;
  tier: Tier;
}

const STATUS_RANK: Record<NumberStatus, number> = { healthy: 0, monitor: 1, flagged: 2 };

/**
 * Best of a set of equally local numbers: healthier first (status, then score; an unchecked number
 * counts as 100), then the least used in the last 24 h so volume spreads across equals, then the
 * number itself so the choice is deterministic.
 */
export function best(cands: readonly Candidate[]): Candidate | null {
  let top: Candidate | null = null;
  for (const c of cands) if (!top || compare(c, top) < 0) top = c;
  return top;
}

function compare(a: Candidate, b: Candidate): number {
  return (
    STATUS_RANK[a.status] - STATUS_RANK[b.status] ||
    (b.healthScore ?? 100) - (a.healthScore ?? 100) ||
    a.calls24h - b.calls24h ||
    (a.e164 < b.e164 ? -1 : a.e164 > b.e164 ? 1 : 0)
  );
}

/**
 * Local presence (blueprint §1, issue 4): the rep's override when it is a usable pool number, else
 * the lead's exact area code → the lead's state → the healthiest checked number → the pool default
 * (or, without one, any usable number). Flagged numbers are never picked; null when every number
 * is flagged, and the caller falls back to the provider account's caller id.
 */
export function routeCallerId(pool: readonly Candidate[], target: Target, overrideE164?: string | null): Pick | null {
  const usable = pool.filter((c) => c.status !== 'flagged');
  if (overrideE164) {
    const o = usable.find((c) => c.e164 === overrideE164);
    if (o) return { number: o, tier: 'override' };
  }
  if (target.areaCode) {
    const n = best(usable.filter((c) => c.areaCode === target.areaCode));
    if (n) return { number: n, tier: 'area_code' };
  }
  if (target.region) {
    const n = best(usable.filter((c) => c.region !== null && c.region === target.region));
    if (n) return { number: n, tier: 'state' };
  }
  const n = best(usable.filter((c) => c.healthScore !== null));
  if (n) return { number: n, tier: 'healthiest' };
  const d = usable.find((c) => c.isDefault) ?? best(usable);
  return d ? { number: d, tier: 'default' } : null;
}

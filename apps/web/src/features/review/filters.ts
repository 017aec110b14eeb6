/** The filter bar's state; it lives in the URL (?session=… lands filtered, reload keeps it). */
export interface ReviewFilters {
  session: string;
  from: string;
  to: string;
  userId: string;
  /** '' = answered calls (the default: nothing to review in a no-answer), 'all' = every call. */
  outcome: string;
  disposition: string;
  minDuration: string;
  maxDuration: string;
  tags: string[];
  reviewed: string;
  hasTranscript: string;
}

export const FILTER_KEYS = ['session', 'from', 'to', 'userId', 'outcome', 'disposition', 'minDuration', 'maxDuration', 'tags', 'reviewed', 'hasTranscript'] as const;

export function readFilters(sp: URLSearchParams): ReviewFilters {
  const g = (k: string) => sp.get(k) ?? '';
  return {
    session: g('session'), from: g('from'), to: g('to'), userId: g('userId'), outcome: g('outcome'), disposition: g('disposition'),
    minDuration: g('minDuration'), maxDuration: g('maxDuration'), tags: g('tags').split(',').map((s) => s.trim()).filter(Boolean),
    reviewed: g('reviewed'), hasTranscript: g('hasTranscript'),
  };
}

/** The URL with these filters (other params such as tab are kept; the selected call is dropped). */
export function writeFilters(sp: URLSearchParams, f: Partial<ReviewFilters>): URLSearchParams {
  const next = new URLSearchParams(sp);
  for (const [k, v] of Object.entries(f)) {
    const s = Array.isArray(v) ? v.join(',') : (v ?? '');
    if (s) next.set(k, s);
    else next.delete(k);
  }
  next.delete('call');
  next.delete('t');
  return next;
}

export function clearFilters(sp: URLSearchParams): URLSearchParams {
  const next = new URLSearchParams(sp);
  for (const k of FILTER_KEYS) next.delete(k);
  next.delete('call');
  next.delete('t');
  return next;
}

/** How many filters narrow the list (the default "answered" does not count). */
export function activeCount(f: ReviewFilters): number {
  return FILTER_KEYS.filter((k) => (k === 'tags' ? f.tags.length > 0 : !!f[k])).length;
}

/** The API's query for the filters: local days become instants; '' outcome means answered. */
export function apiParams(f: ReviewFilters): Record<string, string | undefined> {
  return {
    session: f.session || undefined,
    from: f.from ? localDayStart(f.from) : undefined,
    to: f.to ? localDayEnd(f.to) : undefined,
    userId: f.userId || undefined,
    outcome: f.outcome === 'all' ? undefined : f.outcome || 'answered',
    disposition: f.disposition || undefined,
    minDuration: f.minDuration || undefined,
    maxDuration: f.maxDuration || undefined,
    tags: f.tags.length ? f.tags.join(',') : undefined,
    reviewed: f.reviewed || undefined,
    hasTranscript: f.hasTranscript || undefined,
  };
}

/** A local calendar day (YYYY-MM-DD) as the instant it starts / ends, so "today" is the rep's today. */
export function localDayStart(day: string): string {
  const [y, m, d] = day.split('-').map(Number);
  return new Date(y, m - 1, d).toISOString();
}
export function localDayEnd(day: string): string {
  const [y, m, d] = day.split('-').map(Number);
  return new Date(new Date(y, m - 1, d + 1).getTime() - 1).toISOString();
}

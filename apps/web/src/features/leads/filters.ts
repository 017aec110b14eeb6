import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router';
import type { SavedView } from './types.ts';

/** The lead filters; they live in the URL query string so views are shareable and Back works. */
export interface LeadFilters {
  q: string;
  stage: string[];
  owner: string;
  source: string;
  segment: string;
  tags: string[];
  touched: string;
  nextTask: string;
}

export const FILTER_KEYS = ['q', 'stage', 'owner', 'source', 'segment', 'tags', 'touched', 'nextTask'] as const;
export const DEFAULT_SORT = '-created_at';

export const TOUCHED_OPTIONS = [
  { value: '7d', label: 'Touched ≤ 7 days' },
  { value: '30d', label: 'Touched ≤ 30 days' },
  { value: '90d', label: 'Touched ≤ 90 days' },
  { value: 'stale30', label: 'Stale 30+ days' },
  { value: 'never', label: 'Never touched' },
];
export const NEXT_TASK_OPTIONS = [
  { value: 'overdue', label: 'Task overdue' },
  { value: 'today', label: 'Task due today' },
  { value: 'upcoming', label: 'Task upcoming' },
  { value: 'none', label: 'No open task' },
];

const splitList = (v: string | null) => (v ? v.split(',').map((s) => s.trim()).filter(Boolean) : []);

export function parseFilters(sp: URLSearchParams): LeadFilters {
  return {
    q: sp.get('q') ?? '',
    stage: splitList(sp.get('stage')),
    owner: sp.get('owner') ?? '',
    source: sp.get('source') ?? '',
    segment: sp.get('segment') ?? '',
    tags: splitList(sp.get('tags')),
    touched: sp.get('touched') ?? '',
    nextTask: sp.get('nextTask') ?? '',
  };
}

/** Only the filters that are set (what the API and saved views receive). */
export function activeFilters(f: LeadFilters): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const k of FILTER_KEYS) {
    const v = f[k];
    if (Array.isArray(v) ? v.length : v) out[k] = v;
  }
  return out;
}

export function hasFilters(f: LeadFilters) {
  return Object.keys(activeFilters(f)).length > 0;
}

/** Normalises a saved view's stored filters (arrays or comma strings) into LeadFilters. */
export function viewFilters(v: Pick<SavedView, 'filters'>): LeadFilters {
  const sp = new URLSearchParams();
  for (const k of FILTER_KEYS) {
    const raw = (v.filters ?? {})[k];
    if (Array.isArray(raw)) {
      if (raw.length) sp.set(k, raw.map(String).join(','));
    } else if (raw !== undefined && raw !== null && raw !== '') sp.set(k, String(raw));
  }
  return parseFilters(sp);
}

export function viewSort(v: Pick<SavedView, 'sort'>): string {
  const s = v.sort;
  if (typeof s === 'string' && s) return s;
  if (s && typeof s === 'object') {
    const o = s as { field?: string; key?: string; by?: string; dir?: string; direction?: string; desc?: boolean };
    const field = o.field ?? o.key ?? o.by;
    if (field) return (o.desc || o.dir === 'desc' || o.direction === 'desc' ? '-' : '') + field;
  }
  return DEFAULT_SORT;
}

export function sameFilters(a: LeadFilters, b: LeadFilters) {
  return JSON.stringify(activeFilters(a)) === JSON.stringify(activeFilters(b));
}

export function useLeadFilters() {
  const [sp, setSp] = useSearchParams();
  const filters = useMemo(() => parseFilters(sp), [sp]);
  const sort = sp.get('sort') || DEFAULT_SORT;
  const page = Math.max(1, Number(sp.get('page')) || 1);
  const pageSize = [50, 100, 200].includes(Number(sp.get('size'))) ? Number(sp.get('size')) : 50;
  const viewId = sp.get('view');

  const update = useCallback(
    (fn: (next: URLSearchParams) => void, opts?: { replace?: boolean }) => {
      setSp(
        (prev) => {
          const next = new URLSearchParams(prev);
          fn(next);
          return next;
        },
        { replace: opts?.replace },
      );
    },
    [setSp],
  );

  const setFilters = useCallback(
    (patch: Partial<LeadFilters>, opts?: { replace?: boolean }) =>
      update((next) => {
        for (const [k, v] of Object.entries(patch)) {
          const s = Array.isArray(v) ? v.join(',') : (v ?? '');
          if (s) next.set(k, s);
          else next.delete(k);
        }
        next.delete('page');
      }, opts),
    [update],
  );

  const clearFilters = useCallback(
    () =>
      update((next) => {
        for (const k of FILTER_KEYS) next.delete(k);
        next.delete('page');
        next.delete('view');
      }),
    [update],
  );

  const setSort = useCallback((s: string) => update((next) => {
    if (s === DEFAULT_SORT) next.delete('sort');
    else next.set('sort', s);
    next.delete('page');
  }), [update]);

  const setPage = useCallback((p: number) => update((next) => (p <= 1 ? next.delete('page') : next.set('page', String(p)))), [update]);
  const setPageSize = useCallback((n: number) => update((next) => {
    if (n === 50) next.delete('size');
    else next.set('size', String(n));
    next.delete('page');
  }), [update]);

  const applyView = useCallback(
    (v: SavedView | null) =>
      update((next) => {
        for (const k of FILTER_KEYS) next.delete(k);
        next.delete('page');
        next.delete('sort');
        next.delete('view');
        if (!v) return;
        const f = activeFilters(viewFilters(v));
        for (const [k, val] of Object.entries(f)) next.set(k, Array.isArray(val) ? val.join(',') : val);
        const s = viewSort(v);
        if (s !== DEFAULT_SORT) next.set('sort', s);
        next.set('view', v.id);
      }),
    [update],
  );

  /** The current query string minus paging and view — for links between the list and the board. */
  const filterSearch = useMemo(() => {
    const n = new URLSearchParams();
    for (const k of FILTER_KEYS) {
      const v = sp.get(k);
      if (v) n.set(k, v);
    }
    const s = sp.get('sort');
    if (s) n.set('sort', s);
    if (viewId) n.set('view', viewId);
    const str = n.toString();
    return str ? `?${str}` : '';
  }, [sp, viewId]);

  return { filters, sort, page, pageSize, viewId, setFilters, clearFilters, setSort, setPage, setPageSize, applyView, filterSearch };
}

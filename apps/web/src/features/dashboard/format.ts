import type { DashboardColumn } from '@flywheel/contracts';

export const pct = (v: number | null | undefined, digits = 1) => (v === null || v === undefined ? '—' : `${(v * 100).toFixed(digits)}%`);

export function duration(sec: number | null | undefined): string {
  if (sec === null || sec === undefined) return '—';
  const h = Math.floor(sec / 3600);
  const m = Math.floor((sec % 3600) / 60);
  if (h > 0) return `${h}h ${String(m).padStart(2, '0')}m`;
  if (m > 0) return `${m}m ${String(Math.round(sec % 60)).padStart(2, '0')}s`;
  return `${Math.round(sec)}s`;
}

const intFmt = new Intl.NumberFormat('en-US');

/** A table cell as people read it (the CSV keeps the raw numbers). */
export function formatCell(v: unknown, kind: DashboardColumn['kind']): string {
  if (v === null || v === undefined || v === '') return '—';
  if (typeof v === 'boolean') return v ? 'yes' : '';
  if (typeof v !== 'number') return String(v);
  switch (kind) {
    case 'percent': return pct(v);
    case 'seconds': return duration(v);
    case 'days': return `${Number.isInteger(v) ? v : v.toFixed(1)} d`;
    case 'number': return Number.isInteger(v) ? intFmt.format(v) : v.toFixed(2);
    default: return String(v);
  }
}

/** "2026-11-30" → "Nov 30" (week) or "Nov 2026" (month). */
export function bucketLabel(day: string, bucket: 'week' | 'month'): string {
  const d = new Date(`${day}T00:00:00Z`);
  return bucket === 'month'
    ? d.toLocaleDateString('en-US', { month: 'short', year: 'numeric', timeZone: 'UTC' })
    : d.toLocaleDateString('en-US', { month: 'short', day: 'numeric', timeZone: 'UTC' });
}

/** Series colours readable on light and dark panels. */
export const SERIES = ['#6366f1', '#0ea5e9', '#10b981', '#f59e0b', '#ef4444', '#8b5cf6', '#14b8a6', '#64748b', '#ec4899', '#84cc16'];

import { cn } from './cn.ts';

const UNITS: [Intl.RelativeTimeFormatUnit | 'now', number, string][] = [
  ['year', 365 * 24 * 3600, 'y'],
  ['month', 30 * 24 * 3600, 'mo'],
  ['week', 7 * 24 * 3600, 'w'],
  ['day', 24 * 3600, 'd'],
  ['hour', 3600, 'h'],
  ['minute', 60, 'm'],
];

/** "3h ago", "in 2d", "just now" — compact, for dense tables and timelines. */
export function relativeTime(date: string | Date | null | undefined, now = Date.now()): string {
  if (!date) return '';
  const t = typeof date === 'string' ? Date.parse(date) : date.getTime();
  if (Number.isNaN(t)) return '';
  const diff = Math.round((t - now) / 1000);
  const abs = Math.abs(diff);
  if (abs < 45) return 'just now';
  for (const [, secs, short] of UNITS) {
    if (abs >= secs) {
      const n = Math.floor(abs / secs);
      return diff < 0 ? `${n}${short} ago` : `in ${n}${short}`;
    }
  }
  return diff < 0 ? '1m ago' : 'in 1m';
}

export function exactTime(date: string | Date | null | undefined): string {
  if (!date) return '';
  const d = typeof date === 'string' ? new Date(date) : date;
  return Number.isNaN(d.getTime()) ? '' : d.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

/** A relative time with the exact time on hover (and for assistive tech via dateTime). */
export function RelativeTime({ date, className, empty = '—' }: { date: string | Date | null | undefined; className?: string; empty?: string }) {
  if (!date) return <span className={cn('text-muted', className)}>{empty}</span>;
  const iso = typeof date === 'string' ? date : date.toISOString();
  return (
    <time dateTime={iso} title={exactTime(date)} className={className}>
      {relativeTime(date)}
    </time>
  );
}

import type { BriefFigure } from '@flywheel/contracts';

/** The brief's figures as a person reads them (the server's render.ts writes the same for text channels). */
export function formatFigure(unit: BriefFigure['unit'], v: number): string {
  if (unit === 'ratio') return `${Math.round(v * 1000) / 10}%`;
  if (unit === 'seconds') {
    const h = Math.floor(v / 3600);
    const m = Math.round((v % 3600) / 60);
    return h ? `${h} h ${m} min` : `${m} min`;
  }
  return v.toLocaleString('en-US');
}

export const signedPercent = (d: number) => `${d >= 0 ? '+' : '−'}${Math.round(Math.abs(d) * 100)}%`;

export const WEEKDAYS = ['', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

export function hourRange(hour: number): string {
  const f = (h: number) => `${((h + 11) % 12) + 1} ${h % 24 < 12 ? 'am' : 'pm'}`;
  return `${f(hour)}–${f(hour + 1)}`;
}

export function weekLabel(weekStart: string): string {
  const start = new Date(`${weekStart}T12:00:00Z`);
  const end = new Date(start.getTime() + 6 * 86400_000);
  const f = (d: Date) => d.toLocaleDateString('en-US', { month: 'short', day: 'numeric', timeZone: 'UTC' });
  return `${f(start)} – ${f(end)}, ${end.getUTCFullYear()}`;
}

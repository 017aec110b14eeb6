/**
 * Durations are written "4m 12s", never as a "04:12" clock: the only durations the Dialer shows
 * are provider-reported (SPEC §1.2), and a clock face would read as a running call timer.
 */
export function formatDuration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return '';
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const r = s % 60;
  if (h) return `${h}h ${m}m`;
  if (m) return r ? `${m}m ${r}s` : `${m}m`;
  return `${r}s`;
}

/** Time left until a scheduled moment, coarse when far ("in 2h 5m"), to the second when close. */
export function countdown(dueAt: string, now: number): { text: string; past: boolean } {
  const diff = Math.round((Date.parse(dueAt) - now) / 1000);
  const abs = Math.abs(diff);
  const d = Math.floor(abs / 86400);
  const h = Math.floor((abs % 86400) / 3600);
  const m = Math.floor((abs % 3600) / 60);
  const s = abs % 60;
  const span = d ? `${d}d ${h}h` : h ? `${h}h ${m}m` : m ? `${m}m ${s}s` : `${s}s`;
  return diff >= 0 ? { text: `in ${span}`, past: false } : { text: `${span} overdue`, past: true };
}

export function percent(v: number | null | undefined): string {
  return v === null || v === undefined ? '—' : `${Math.round(v * 100)}%`;
}

const dayTime = new Intl.DateTimeFormat(undefined, { weekday: 'short', month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit' });
export function formatDue(iso: string | null): string {
  if (!iso) return 'No due date';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? '' : dayTime.format(d);
}

const pad = (n: number) => String(n).padStart(2, '0');
/** A Date as the value of an <input type="datetime-local"> (the browser's local time). */
export function toLocalInput(d: Date): string {
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}
/** The value of a datetime-local input as an ISO instant, or null when it is empty or invalid. */
export function fromLocalInput(v: string): string | null {
  if (!v) return null;
  const d = new Date(v);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}

function at(daysFromToday: number, hour: number, now = new Date()): Date {
  const d = new Date(now);
  d.setDate(d.getDate() + daysFromToday);
  d.setHours(hour, 0, 0, 0);
  return d;
}
/** Quick picks for a follow-up or callback time. */
export function quickPicks(now = new Date()): { label: string; date: Date }[] {
  return [
    { label: 'Tomorrow 10 AM', date: at(1, 10, now) },
    { label: 'In 2 days', date: at(2, 10, now) },
    // same weekday next week: never the same moment as the other picks
    { label: 'Next week', date: at(7, 10, now) },
  ];
}

export function plural(n: number, one: string, many = `${one}s`) {
  return `${n} ${n === 1 ? one : many}`;
}

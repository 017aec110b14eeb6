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

/** Wall-clock parts of an instant in an IANA zone. */
function partsIn(zone: string, ms: number) {
  const f = new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
  const p = Object.fromEntries(f.formatToParts(new Date(ms)).map((x) => [x.type, x.value]));
  return { y: Number(p.year), mo: Number(p.month), d: Number(p.day), h: Number(p.hour), mi: Number(p.minute), s: Number(p.second) };
}
/** The zone's offset from UTC at an instant, in ms (positive east of Greenwich). */
function offsetAt(zone: string, ms: number): number {
  const p = partsIn(zone, ms);
  return Date.UTC(p.y, p.mo - 1, p.d, p.h, p.mi, p.s) - Math.floor(ms / 1000) * 1000;
}
const validZone = (zone: string | null | undefined): zone is string => {
  if (!zone) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
};

/** A datetime-local value read as wall time in `zone` (the lead's), as an ISO instant; browser time without a zone. */
export function fromZonedInput(v: string, zone: string | null | undefined): string | null {
  if (!validZone(zone)) return fromLocalInput(v);
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(v);
  if (!m) return null;
  const wall = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]));
  // the offset at the guess, then at the corrected instant (a DST change in between moves it)
  let t = wall - offsetAt(zone, wall);
  t = wall - offsetAt(zone, t);
  return new Date(t).toISOString();
}

/** An instant as a datetime-local value in `zone` (browser time without a zone). */
export function toZonedInput(d: Date, zone: string | null | undefined): string {
  if (!validZone(zone)) return toLocalInput(d);
  const p = partsIn(zone, d.getTime());
  return `${p.y}-${pad(p.mo)}-${pad(p.d)}T${pad(p.h)}:${pad(p.mi)}`;
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

/** The same quick picks in the lead's zone: "Tomorrow 10 AM" is ten in the morning where they are. */
export function quickPicksIn(zone: string | null | undefined, now = new Date()): { label: string; date: Date }[] {
  if (!validZone(zone)) return quickPicks(now);
  const today = partsIn(zone, now.getTime());
  const at10 = (days: number) => {
    const d = new Date(Date.UTC(today.y, today.mo - 1, today.d + days));
    return new Date(fromZonedInput(`${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T10:00`, zone) ?? now.toISOString());
  };
  return [
    { label: 'Tomorrow 10 AM', date: at10(1) },
    { label: 'In 2 days', date: at10(2) },
    { label: 'Next week', date: at10(7) },
  ];
}

export function plural(n: number, one: string, many = `${one}s`) {
  return `${n} ${n === 1 ? one : many}`;
}

import { DateTime } from 'luxon';

/** Local hours, start inclusive and end exclusive: { start: 8, end: 21 } is 08:00–20:59. */
export interface HoursWindow {
  start: number;
  end: number;
}

/** Is it inside the window in `zone` at `at`? Wall-clock hours, so DST days need no special case. */
export function insideWindow(zone: string, w: HoursWindow, at: Date): boolean {
  const h = DateTime.fromJSDate(at).setZone(zone).hour;
  return h >= w.start && h < w.end;
}

/**
 * The first instant at or after `at` when every zone is inside the window (a split area code is
 * callable only when all its zones are). Candidates are `at` and each zone's next window openings;
 * null when the zones' windows never overlap within a week.
 */
export function nextOpening(zones: string[], w: HoursWindow, at: Date): Date | null {
  const ok = (d: Date) => zones.every((z) => insideWindow(z, w, d));
  if (ok(at)) return at;
  const candidates: number[] = [];
  for (const z of zones) {
    const local = DateTime.fromJSDate(at).setZone(z).startOf('day');
    for (let day = 0; day <= 7; day++) {
      // luxon moves a start inside a spring-forward gap to the first valid instant after it
      const open = local.plus({ days: day }).set({ hour: w.start, minute: 0, second: 0, millisecond: 0 }).toMillis();
      if (open > at.getTime()) candidates.push(open);
    }
  }
  candidates.sort((a, b) => a - b);
  const first = candidates.find((c) => ok(new Date(c)));
  return first === undefined ? null : new Date(first);
}

/** "7:12 AM" in the zone. */
export const localClock = (zone: string, at: Date) => DateTime.fromJSDate(at).setZone(zone).toFormat('h:mm a');

/** "in 48 min", "in 3 h 5 min", "in 2 d 4 h": how long a refusal lasts, for the rep. */
export function humanIn(from: Date, to: Date): string {
  const min = Math.max(1, Math.ceil((to.getTime() - from.getTime()) / 60_000));
  if (min < 60) return `in ${min} min`;
  const h = Math.floor(min / 60);
  if (h < 24) return `in ${h} h${min % 60 ? ` ${min % 60} min` : ''}`;
  return `in ${Math.floor(h / 24)} d${h % 24 ? ` ${h % 24} h` : ''}`;
}

/** "8:00–20:00" */
export const windowText = (w: HoursWindow) => `${w.start}:00–${w.end}:00`;

/** The window every rule agrees on: the latest start and the earliest end (never looser than the base). */
export function intersect(base: HoursWindow, rules: Partial<HoursWindow>[]): HoursWindow {
  return rules.reduce<HoursWindow>((w, r) => ({ start: Math.max(w.start, r.start ?? w.start), end: Math.min(w.end, r.end ?? w.end) }), base);
}

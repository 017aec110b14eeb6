const DAY = 86_400_000;
export const HOUR = 3_600_000;
export { DAY };

// building an Intl formatter costs far more than using one: one per zone
const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
    formatters.set(timeZone, f);
  }
  return f;
}

function offsetMs(at: number, timeZone: string): number {
  const p: Record<string, number> = {};
  for (const part of formatter(timeZone).formatToParts(new Date(at))) if (part.type !== 'literal') p[part.type] = Number(part.value);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return asUtc - Math.floor(at / 1000) * 1000;
}

/** The local calendar date (y, m, d) of an instant in a zone. */
export function localDate(at: Date, timeZone: string): { y: number; m: number; d: number; weekday: number } {
  const local = new Date(at.getTime() + offsetMs(at.getTime(), timeZone));
  return { y: local.getUTCFullYear(), m: local.getUTCMonth() + 1, d: local.getUTCDate(), weekday: local.getUTCDay() };
}

/** The instant of a local wall-clock time in a zone (DST-correct for business hours). */
export function zonedInstant(y: number, m: number, d: number, hour: number, minute: number, timeZone: string): Date {
  const guess = Date.UTC(y, m - 1, d, hour, minute);
  const first = guess - offsetMs(guess, timeZone);
  return new Date(guess - offsetMs(first, timeZone));
}

/**
 * Moves an instant to a business-hours moment (9:00–16:59, Monday–Friday) on the same local day,
 * or the Friday before: reps call during the lead's office hours.
 */
export function duringBusinessHours(at: Date, timeZone: string, hour: number, minute: number): Date {
  const local = localDate(at, timeZone);
  // weekends go back to Friday: never later than the instant asked for
  const shift = local.weekday === 6 ? -1 : local.weekday === 0 ? -2 : 0;
  const day = new Date(Date.UTC(local.y, local.m - 1, local.d) + shift * DAY);
  return zonedInstant(day.getUTCFullYear(), day.getUTCMonth() + 1, day.getUTCDate(), hour, minute, timeZone);
}

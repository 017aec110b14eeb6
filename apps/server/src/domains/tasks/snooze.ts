import type { Snooze } from '@flywheel/contracts';
import { badRequest } from '../../platform/http/errors.ts';
import { assertNever } from '../leads/lead-filters.ts';
import type { WorkspaceClock } from './clock.ts';

/**
 * When a snoozed task falls due again. "tomorrow" and "next_week" (the coming Monday) mean 09:00
 * in the workspace's time zone, so a rep in New York snoozing at 23:30 gets tomorrow morning, not
 * a UTC-shifted time.
 */
export function snoozeUntil(s: Snooze, clock: WorkspaceClock): Date {
  if ('until' in s) {
    const until = new Date(s.until);
    if (until.getTime() <= clock.now.toMillis()) throw badRequest('Snooze to a time in the future.', { until: 'Pick a time in the future.' });
    return until;
  }
  const nine = { hour: 9, minute: 0, second: 0, millisecond: 0 };
  switch (s.preset) {
    case '1h':
      return clock.now.plus({ hours: 1 }).toJSDate();
    case '3h':
      return clock.now.plus({ hours: 3 }).toJSDate();
    case 'tomorrow':
      return clock.now.plus({ days: 1 }).set(nine).toJSDate();
    case 'next_week': {
      // luxon weekday: Monday = 1 … Sunday = 7; on a Monday "next week" is 7 days out
      const days = 8 - clock.now.weekday;
      return clock.now.plus({ days }).set(nine).toJSDate();
    }
    default:
      return assertNever(s.preset);
  }
}

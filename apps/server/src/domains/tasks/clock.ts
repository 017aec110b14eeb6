import { DateTime } from 'luxon';
import type { Sql } from '../../db/client.ts';

/** "Now" and the edges of today in the workspace's time zone: the task buckets, today's metrics and pace all use it. */
export interface WorkspaceClock {
  tz: string;
  now: DateTime;
  dayStart: Date;
  dayEnd: Date;
}

/** A stored zone name luxon cannot read (typed by hand) falls back to UTC instead of failing every request. */
export function safeZone(tz: string | null | undefined): string | null {
  if (!tz) return null;
  return DateTime.now().setZone(tz).isValid ? tz : null;
}

export function clockAt(tz: string, at: Date = new Date()): WorkspaceClock {
  const zone = safeZone(tz) ?? 'UTC';
  const now = DateTime.fromJSDate(at).setZone(zone);
  const start = now.startOf('day');
  return { tz: zone, now, dayStart: start.toJSDate(), dayEnd: start.plus({ days: 1 }).toJSDate() };
}

export async function workspaceClock(tx: Sql, workspaceId: string, at?: Date): Promise<WorkspaceClock> {
  const { rows } = await tx.query<{ timezone: string }>('SELECT timezone FROM workspaces WHERE id = $1', [workspaceId]);
  return clockAt(rows[0]?.timezone ?? 'UTC', at);
}

/** "Tue 14:00" / "today 14:00" in the workspace's zone, for activity summaries and toasts. */
export function formatLocal(clock: WorkspaceClock, d: Date): string {
  const t = DateTime.fromJSDate(d).setZone(clock.tz);
  if (t >= DateTime.fromJSDate(clock.dayStart) && t < DateTime.fromJSDate(clock.dayEnd)) return `today ${t.toFormat('HH:mm')}`;
  if (Math.abs(t.diff(clock.now, 'days').days) < 6) return t.toFormat('ccc HH:mm');
  return t.toFormat('d LLL yyyy HH:mm');
}

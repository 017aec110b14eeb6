import { WeeklyBriefSettingsSchema, type WeeklyBriefSettings } from '@flywheel/contracts';
import type { Sql } from '../../db/client.ts';

/** workspaces.settings.weeklyBrief, with the defaults: on, Monday 07:00 in the workspace's zone, to managers. */
export async function readBriefSettings(db: Sql, workspaceId: string): Promise<WeeklyBriefSettings> {
  const { rows } = await db.query<{ timezone: string; brief: unknown }>(`SELECT timezone, settings->'weeklyBrief' AS brief FROM workspaces WHERE id = $1`, [workspaceId]);
  const defaults: WeeklyBriefSettings = { enabled: true, weekday: 1, hour: 7, timezone: rows[0]?.timezone ?? 'America/New_York', audience: 'managers' };
  const parsed = WeeklyBriefSettingsSchema.partial().safeParse(rows[0]?.brief ?? {});
  return { ...defaults, ...(parsed.success ? parsed.data : {}) };
}

export async function writeBriefSettings(db: Sql, workspaceId: string, s: WeeklyBriefSettings): Promise<void> {
  await db.query(`UPDATE workspaces SET settings = coalesce(settings, '{}'::jsonb) || jsonb_build_object('weeklyBrief', $2::jsonb) WHERE id = $1`, [workspaceId, JSON.stringify(s)]);
}

export function isValidZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** The local calendar date, ISO weekday and hour of an instant in a zone. */
export function localParts(at: Date, tz: string): { date: string; weekday: number; hour: number } {
  const parts = Object.fromEntries(new Intl.DateTimeFormat('en-CA', { timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', hourCycle: 'h23', weekday: 'short' }).formatToParts(at).map((p) => [p.type, p.value]));
  const weekday = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'].indexOf(parts.weekday) + 1;
  return { date: `${parts.year}-${parts.month}-${parts.day}`, weekday, hour: Number(parts.hour) };
}

/** A calendar date (YYYY-MM-DD) n days later. */
export const addDays = (day: string, n: number) => {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
};

/** The Monday of the week an instant falls in (local). */
export function mondayOf(at: Date, tz: string): string {
  const p = localParts(at, tz);
  return addDays(p.date, -(p.weekday - 1));
}

/** The last complete week before `at`: its Monday. */
export const lastCompleteWeek = (at: Date, tz: string) => addDays(mondayOf(at, tz), -7);

/**
 * Whether this week's brief is due: the configured weekday and hour have passed in the zone (a
 * worker that was down catches up later in the week), for the week before.
 */
export function briefDue(at: Date, s: WeeklyBriefSettings): string | null {
  if (!s.enabled) return null;
  const p = localParts(at, s.timezone);
  if (p.weekday < s.weekday || (p.weekday === s.weekday && p.hour < s.hour)) return null;
  return lastCompleteWeek(at, s.timezone);
}

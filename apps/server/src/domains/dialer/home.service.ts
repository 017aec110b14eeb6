import { DateTime } from 'luxon';
import type { DialerHome, PaceStatus } from '@flywheel/contracts';
import { toIso } from '../leads/lead.mapper.ts';
import { TASK_COLUMNS, TASK_FROM, requireUser, toTaskItem, workspaceClock, type TaskRow, type WorkCtx, type WorkspaceClock } from '../tasks/index.ts';
import { readDialerSettings } from './settings.ts';
import { sessionLabel, type SessionRow } from './session.repo.ts';

/** Pace over the working day (workspace time zone): where an even pace would be now, and what it takes from here. */
export function computePace(attempts: number, target: number, clock: WorkspaceClock, startHour: number, endHour: number): DialerHome['today']['pace'] {
  const day = clock.now.startOf('day');
  const start = day.plus({ hours: startHour });
  const end = day.plus({ hours: endHour });
  const total = end.diff(start).as('milliseconds');
  const elapsed = Math.min(Math.max(clock.now.diff(start).as('milliseconds'), 0), total);
  const expectedByNow = Math.round((target * elapsed) / total);
  const hoursLeft = Math.max(end.diff(clock.now).as('hours'), 0);
  const remaining = Math.max(target - attempts, 0);
  const neededPerHour = remaining === 0 ? 0 : hoursLeft > 0 ? Math.ceil(remaining / Math.min(hoursLeft, (endHour - startHour))) : null;
  let status: PaceStatus;
  if (attempts >= target) status = 'done';
  else if (attempts === 0 && clock.now < start.plus({ minutes: 30 })) status = 'not_started';
  else status = attempts >= expectedByNow ? 'on_track' : 'behind';
  return { status, expectedByNow, neededPerHour, workdayEndsAt: end.toUTC().toISO() ?? end.toJSDate().toISOString() };
}

/**
 * Today's mission control for the signed-in rep. Attempts, connects, DM and meetings come from
 * logged attempts only; talk time from provider-reported durations only (SPEC §1.1, §1.2).
 */
export function getDialerHome(ctx: WorkCtx): Promise<DialerHome> {
  const userId = requireUser(ctx, 'The Dialer home');
  const ws = ctx.workspaceId;
  return ctx.tx(async (tx) => {
    const clock = await workspaceClock(tx, ws);
    const settings = await readDialerSettings(tx, ws);
    const a = await tx.query<{ attempts: number; connects: number; dm: number; meetings: number }>(
      `SELECT count(*)::int AS attempts, count(*) FILTER (WHERE d.counts_as_connect)::int AS connects,
              count(*) FILTER (WHERE d.counts_as_dm OR a.dm_reached)::int AS dm,
              count(*) FILTER (WHERE d.key = 'meeting_set' OR d.effects ->> 'move_stage' = 'meeting_set')::int AS meetings
         FROM attempts a JOIN dispositions d ON d.workspace_id = a.workspace_id AND d.key = a.disposition_key
        WHERE a.workspace_id = $1 AND a.user_id = $2 AND a.created_at >= $3`,
      [ws, userId, clock.dayStart],
    );
    const talk = await tx.query<{ s: number }>(
      'SELECT coalesce(sum(provider_duration_seconds), 0)::int AS s FROM call_sessions WHERE workspace_id = $1 AND user_id = $2 AND started_at >= $3',
      [ws, userId, clock.dayStart],
    );
    const target = await tx.query<{ t: number }>('SELECT daily_attempt_target AS t FROM memberships WHERE workspace_id = $1 AND user_id = $2', [ws, userId]);
    const now = clock.now.toJSDate();
    const health = await tx.query<{ overdue: number; today: number; upcoming: number }>(
      `SELECT count(*) FILTER (WHERE t.due_at < $3)::int AS overdue, count(*) FILTER (WHERE t.due_at >= $3 AND t.due_at < $4)::int AS today,
              count(*) FILTER (WHERE t.due_at >= $4)::int AS upcoming
         FROM ${TASK_FROM} WHERE t.workspace_id = $1 AND t.owner_id = $2 AND t.status = 'open' AND (t.lead_id IS NULL OR l.deleted_at IS NULL)`,
      [ws, userId, now, clock.dayEnd],
    );
    const callbacks = await tx.query<TaskRow>(
      `SELECT ${TASK_COLUMNS} FROM ${TASK_FROM}
        WHERE t.workspace_id = $1 AND t.owner_id = $2 AND t.status = 'open' AND t.kind = 'callback' AND t.due_at <= $3
          AND (t.lead_id IS NULL OR l.deleted_at IS NULL)
        ORDER BY t.due_at, t.id LIMIT 50`,
      [ws, userId, DateTime.fromJSDate(now).plus({ hours: 2 }).toJSDate()],
    );
    const active = await tx.query<SessionRow & { remaining: number }>(
      `SELECT s.id, s.user_id, s.mode, s.call_via, s.status, s.preset_snapshot, s.started_at, s.ended_at,
              (SELECT count(*)::int FROM dial_session_items i WHERE i.dial_session_id = s.id AND i.status = 'pending') AS remaining
         FROM dial_sessions s WHERE s.workspace_id = $1 AND s.user_id = $2 AND s.status = 'active' AND s.kind = 'preview' ORDER BY s.started_at DESC LIMIT 1`,
      [ws, userId],
    );
    const r = a.rows[0];
    const attempts = Number(r.attempts);
    const t = Number(target.rows[0]?.t ?? 60);
    const s = active.rows[0];
    const h = health.rows[0];
    return {
      today: {
        attempts, target: t, connects: Number(r.connects), dmReached: Number(r.dm), meetings: Number(r.meetings), talkSeconds: Number(talk.rows[0].s),
        connectRate: attempts ? Number(r.connects) / attempts : null, dmRate: attempts ? Number(r.dm) / attempts : null,
        pace: computePace(attempts, t, clock, settings.workdayStartHour, settings.workdayEndHour),
      },
      followUps: { overdue: Number(h.overdue), dueToday: Number(h.today), upcoming: Number(h.upcoming) },
      callbacksDue: callbacks.rows.map((row) => toTaskItem(row, clock)),
      activeSession: s ? { id: s.id, mode: s.mode, label: sessionLabel(s), remaining: Number(s.remaining), startedAt: toIso(s.started_at) } : null,
    };
  });
}

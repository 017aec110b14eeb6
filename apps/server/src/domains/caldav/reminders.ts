import { CALDAV_EVENTS, REMINDER_DEFAULT_MINUTES, type CallbackReminderEvent } from '@flywheel/contracts';
import type { Deps } from '../../platform/deps.ts';
import { getProviderRegistry } from '../../platform/providers/registry.ts';
import { withWorkspace } from '../../platform/tenancy/with-workspace.ts';
import { formatLocal, workspaceClock } from '../tasks/index.ts';

/** A reminder still goes out this long after its moment, in case a cron tick was late. */
export const REMINDER_GRACE_SECONDS = 60;

interface Due {
  id: string;
  owner_id: string;
  kind: 'callback' | 'follow_up';
  title: string;
  due_at: Date;
  lead_id: string | null;
  lead_name: string | null;
  minutes: number;
}

/**
 * Reminders before callbacks/follow-ups are due (each member's lead time, default 10 minutes,
 * 0 = off): one in-app notification and one realtime event per task per due time. A task that is
 * rescheduled or snoozed gets a new due time and so reminds again; one that is not, never twice.
 * The notification's dedupe key covers a crash between notifying and recording.
 */
export async function sendDueReminders(deps: Deps, workspaceId: string, at: Date = new Date()): Promise<{ reminded: number }> {
  const { due, when } = await withWorkspace(deps.db, workspaceId, async (tx) => {
    const clock = await workspaceClock(tx, workspaceId, at);
    const { rows } = await tx.query<Due>(
      `SELECT t.id, t.owner_id, t.kind, t.title, t.due_at, l.id AS lead_id, l.name AS lead_name, coalesce(s.minutes_before, $3::int) AS minutes
         FROM tasks t
         LEFT JOIN leads l ON l.id = t.lead_id AND l.deleted_at IS NULL
         LEFT JOIN callback_reminder_settings s ON s.workspace_id = t.workspace_id AND s.user_id = t.owner_id
        WHERE t.workspace_id = $1 AND t.status = 'open' AND t.kind IN ('callback', 'follow_up') AND t.owner_id IS NOT NULL
          AND t.due_at > $2::timestamptz - make_interval(secs => $4::int)
          AND t.due_at <= $2::timestamptz + make_interval(mins => coalesce(s.minutes_before, $3::int))
          AND coalesce(s.minutes_before, $3::int) > 0
          AND NOT EXISTS (SELECT 1 FROM callback_reminders r WHERE r.task_id = t.id AND r.due_at = t.due_at)
        ORDER BY t.due_at, t.id LIMIT 500`,
      [workspaceId, at.toISOString(), REMINDER_DEFAULT_MINUTES, REMINDER_GRACE_SECONDS],
    );
    return { due: rows, when: new Map(rows.map((r) => [r.id, formatLocal(clock, new Date(r.due_at))])) };
  });
  if (!due.length) return { reminded: 0 };

  const notifier = await getProviderRegistry(deps).resolve(workspaceId, 'notifier');
  let reminded = 0;
  for (const t of due) {
    const dueAt = new Date(t.due_at);
    const mins = Math.max(0, Math.round((dueAt.getTime() - at.getTime()) / 60_000));
    const who = t.lead_name ?? t.title;
    if (notifier.configured) {
      await notifier.port.notify({ workspaceId, userId: t.owner_id }, {
        kind: 'callback.reminder',
        title: `${t.kind === 'callback' ? 'Callback' : 'Follow-up'} ${mins > 0 ? `in ${mins} min` : 'due now'}: ${who}`,
        body: `${t.title} (${when.get(t.id)})`,
        link: t.lead_id ? `/dialer?lead=${t.lead_id}` : `/dialer?task=${t.id}`,
        ref: { type: 'task', id: t.id },
        dedupeKey: `callback-reminder:${t.id}:${dueAt.toISOString()}`,
      });
    }
    await withWorkspace(deps.db, workspaceId, async (tx) => {
      const ins = await tx.query(
        'INSERT INTO callback_reminders (workspace_id, task_id, due_at, user_id) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING RETURNING task_id',
        [workspaceId, t.id, dueAt, t.owner_id],
      );
      if (!ins.rows.length) return; // another worker got there first
      reminded++;
      const payload: CallbackReminderEvent = { taskId: t.id, leadId: t.lead_id, leadName: t.lead_name, title: t.title, dueAt: dueAt.toISOString(), minutesBefore: t.minutes };
      await deps.events.publish({ type: CALDAV_EVENTS.callbackReminder, workspaceId, userId: t.owner_id, payload }, tx);
    });
  }
  return { reminded };
}

/** Which workspaces have a reminder to send now (read across tenants: ids only). */
export const WORKSPACES_WITH_REMINDERS_SQL = `
  SELECT DISTINCT t.workspace_id FROM tasks t
    LEFT JOIN callback_reminder_settings s ON s.workspace_id = t.workspace_id AND s.user_id = t.owner_id
   WHERE t.status = 'open' AND t.kind IN ('callback', 'follow_up') AND t.owner_id IS NOT NULL
     AND t.due_at > now() - make_interval(secs => ${REMINDER_GRACE_SECONDS})
     AND t.due_at <= now() + make_interval(mins => coalesce(s.minutes_before, ${REMINDER_DEFAULT_MINUTES}))
     AND coalesce(s.minutes_before, ${REMINDER_DEFAULT_MINUTES}) > 0
     AND NOT EXISTS (SELECT 1 FROM callback_reminders r WHERE r.task_id = t.id AND r.due_at = t.due_at)`;

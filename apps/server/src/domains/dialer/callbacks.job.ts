import { DIALER_EVENTS } from '@flywheel/contracts';
import type { Deps } from '../../platform/deps.ts';
import { registerWorkspaceCron, type RegisteredCron } from '../../platform/jobs/fan-out.ts';
import { getProviderRegistry } from '../../platform/providers/registry.ts';
import { withWorkspace } from '../../platform/tenancy/with-workspace.ts';
import { workspaceClock, formatLocal } from '../tasks/index.ts';

export const CALLBACKS_CRON = 'dialer.callbacks';
export const CALLBACK_INSERTED_REASON = 'Callback due — inserted next';

/**
 * Callbacks falling due (SPEC §3.3, §1.7): a rep's callback task that became due while they run a
 * session is inserted right after the item they are on — a fractional position between it and the
 * next pending item, so nothing is renumbered and the rest of the snapshot keeps its order — and
 * marked inserted so the screen shows it. Each callback is also announced once in the notification
 * center. Safe to run any number of times: a task already in the session is not inserted again, and
 * the notification is deduplicated by task.
 */
export async function insertDueCallbacks(deps: Deps, workspaceId: string, at: Date = new Date()): Promise<{ inserted: number; notified: number }> {
  const { inserted, remind } = await withWorkspace(deps.db, workspaceId, async (tx) => {
    const clock = await workspaceClock(tx, workspaceId, at);
    const sessions = await tx.query<{ id: string; user_id: string; kind: 'preview' | 'power' }>(
      `SELECT id, user_id, kind FROM dial_sessions WHERE workspace_id = $1 AND status = 'active' ORDER BY started_at FOR UPDATE`,
      [workspaceId],
    );
    let n = 0;
    for (const s of sessions.rows) {
      const { rows } = await tx.query<{ id: string }>(
        `WITH due AS (
           SELECT t.id AS task_id, t.lead_id, coalesce(t.contact_id, pc.id) AS contact_id, coalesce(tc.phones[1], l.primary_phone) AS phone,
                  row_number() OVER (ORDER BY t.due_at, t.id) AS k, count(*) OVER () AS total
             FROM tasks t JOIN leads l ON l.id = t.lead_id
             LEFT JOIN contacts tc ON tc.id = t.contact_id
             LEFT JOIN LATERAL (SELECT c.id FROM contacts c WHERE c.workspace_id = $1 AND c.lead_id = l.id ORDER BY c.is_primary DESC, c.created_at, c.id LIMIT 1) pc ON true
            WHERE t.workspace_id = $1 AND t.owner_id = $3 AND t.kind = 'callback' AND t.status = 'open' AND t.due_at <= $4
              AND l.deleted_at IS NULL AND l.dnc_at IS NULL AND l.bad_number_at IS NULL
              AND NOT EXISTS (SELECT 1 FROM phone_flags pf WHERE pf.workspace_id = $1 AND pf.phone = coalesce(tc.phones[1], l.primary_phone))
              AND NOT EXISTS (SELECT 1 FROM dial_session_items i WHERE i.dial_session_id = $2 AND (i.task_id = t.id OR (i.lead_id = t.lead_id AND i.status = 'pending')))
         ),
         pending AS (SELECT position FROM dial_session_items WHERE dial_session_id = $2 AND status = 'pending' ORDER BY position LIMIT 2),
         slot AS (
           SELECT coalesce((SELECT min(position) FROM pending), (SELECT max(position) FROM dial_session_items WHERE dial_session_id = $2), 0) AS lo,
                  (SELECT max(position) FROM pending) AS hi2, (SELECT count(*) FROM pending) AS np
         )
         INSERT INTO dial_session_items (workspace_id, dial_session_id, lead_id, contact_id, phone, position, source, reason, task_id, inserted_at)
         SELECT $1, $2, d.lead_id, d.contact_id, d.phone,
                -- between the current item and the next pending one (or after the last item)
                slot.lo + (CASE WHEN slot.np = 2 THEN slot.hi2 - slot.lo ELSE 1 END) * d.k::float8 / (d.total + 1),
                'callback', $5, d.task_id, $4
           FROM due d CROSS JOIN slot
         RETURNING id`,
        [workspaceId, s.id, s.user_id, at, CALLBACK_INSERTED_REASON],
      );
      if (!rows.length) continue;
      if (s.kind === 'power') {
        // the power dialer dials from its own queue order: callbacks go to its front, now
        await tx.query(
          `WITH front AS (SELECT coalesce(min(power_order), 0) AS lo FROM dial_session_items WHERE dial_session_id = $2 AND power_state IN ('queued', 'redial'))
           UPDATE dial_session_items i SET power_state = 'queued', power_order = front.lo - 1 - (x.ord::float8 / 1000)
             FROM front, unnest($3::uuid[]) WITH ORDINALITY AS x(id, ord) WHERE i.workspace_id = $1 AND i.id = x.id`,
          [workspaceId, s.id, rows.map((r) => r.id).reverse()],
        );
        await tx.query(`UPDATE dial_sessions SET wake_at = $3 WHERE workspace_id = $1 AND id = $2`, [workspaceId, s.id, at]);
      }
      n += rows.length;
      await tx.query('UPDATE dial_sessions SET item_count = item_count + $3, updated_at = now() WHERE workspace_id = $1 AND id = $2', [workspaceId, s.id, rows.length]);
      await deps.events.publish({ type: DIALER_EVENTS.itemInserted, workspaceId, userId: s.user_id, payload: { sessionId: s.id, itemIds: rows.map((r) => r.id).slice(0, 50) } }, tx);
    }
    const remind = await tx.query<{ id: string; owner_id: string; title: string; lead_name: string | null; due_at: Date }>(
      `SELECT t.id, t.owner_id, t.title, l.name AS lead_name, t.due_at FROM tasks t LEFT JOIN leads l ON l.id = t.lead_id
        WHERE t.workspace_id = $1 AND t.kind = 'callback' AND t.status = 'open' AND t.due_at <= $2 AND t.reminded_at IS NULL AND t.owner_id IS NOT NULL
          AND (l.id IS NULL OR l.deleted_at IS NULL) ORDER BY t.due_at LIMIT 500`,
      [workspaceId, at],
    );
    return { inserted: n, remind: remind.rows.map((r) => ({ ...r, when: formatLocal(clock, new Date(r.due_at)) })) };
  });

  // notify after the commit (the notifier opens its own transaction), then mark reminded: a crash
  // in between notifies again on retry, and the dedupe key makes that a no-op
  let notified = 0;
  if (remind.length) {
    const r = await getProviderRegistry(deps).resolve(workspaceId, 'notifier');
    if (r.configured) {
      for (const t of remind) {
        const res = await r.port.notify({ workspaceId, userId: t.owner_id }, {
          kind: 'callback.due', title: `Callback due: ${t.lead_name ?? t.title}`, body: `${t.title} (${t.when})`,
          link: `/dialer?task=${t.id}`, ref: { type: 'task', id: t.id }, dedupeKey: `callback:${t.id}`,
        });
        notified += res.delivered;
      }
    }
    await withWorkspace(deps.db, workspaceId, (tx) => tx.query('UPDATE tasks SET reminded_at = now() WHERE workspace_id = $1 AND id = ANY($2::uuid[]) AND reminded_at IS NULL', [workspaceId, remind.map((t) => t.id)]));
  }
  return { inserted, notified };
}

/** Every minute, one job per workspace that has a due callback to insert or announce. */
export function registerDialerJobs(deps: Deps): Promise<RegisteredCron> {
  return registerWorkspaceCron(deps.jobs, deps.db, deps.log, {
    name: CALLBACKS_CRON,
    cron: '* * * * *',
    // read as the owner across tenants: only which workspaces have work, never their rows
    listWorkspaces: async () =>
      (await deps.db.query<{ workspace_id: string }>(
        `SELECT DISTINCT t.workspace_id FROM tasks t
          WHERE t.status = 'open' AND t.kind = 'callback' AND t.due_at <= now()
            AND (t.reminded_at IS NULL OR EXISTS (SELECT 1 FROM dial_sessions s WHERE s.workspace_id = t.workspace_id AND s.user_id = t.owner_id AND s.status = 'active'))`,
      )).rows.map((r) => r.workspace_id),
    handler: async (workspaceId) => {
      await insertDueCallbacks(deps, workspaceId);
    },
  });
}

import type { Sql } from '../../db/client.ts';

/**
 * Recomputes the lead's denormalized task summary (next_task_at, next_task_title,
 * open_task_count) from its open tasks. Call it in the transaction that changed a task.
 * The next task is the open one due soonest; undated tasks come after dated ones.
 */
export async function refreshLeadTaskSummary(tx: Sql, workspaceId: string, leadId: string): Promise<void> {
  await tx.query(
    `UPDATE leads l SET
       open_task_count = (SELECT count(*) FROM tasks t WHERE t.workspace_id = $1 AND t.lead_id = $2 AND t.status = 'open'),
       next_task_at = n.due_at,
       next_task_title = n.title
     FROM (SELECT 1) one
     LEFT JOIN LATERAL (
       SELECT t.due_at, t.title FROM tasks t
        WHERE t.workspace_id = $1 AND t.lead_id = $2 AND t.status = 'open'
        ORDER BY t.due_at ASC NULLS LAST, t.created_at ASC, t.id
        LIMIT 1
     ) n ON true
     WHERE l.workspace_id = $1 AND l.id = $2`,
    [workspaceId, leadId],
  );
}

/**
 * Copies the primary contact's first email and phone onto the lead (list, search and dedupe read
 * them from there) and marks the lead updated. Call it whenever a lead's contacts change.
 */
export async function refreshLeadPrimaryContact(tx: Sql, workspaceId: string, leadId: string): Promise<void> {
  await tx.query(
    `UPDATE leads l SET
       primary_email = (SELECT c.emails[1] FROM contacts c WHERE c.workspace_id = $1 AND c.lead_id = $2 AND c.is_primary),
       primary_phone = (SELECT c.phones[1] FROM contacts c WHERE c.workspace_id = $1 AND c.lead_id = $2 AND c.is_primary),
       updated_at = now()
     WHERE l.workspace_id = $1 AND l.id = $2`,
    [workspaceId, leadId],
  );
}

import type { Sql } from '../../db/client.ts';

export interface ActivityInput {
  workspaceId: string;
  leadId?: string | null;
  contactId?: string | null;
  actorUserId?: string | null;
  actorLabel: string;
  kind: string; // e.g. lead.created, lead.updated, stage.changed, contact.added, lead.imported
  summary: string;
  before?: unknown;
  after?: unknown;
  refType?: string;
  refId?: string;
}

/** Appends one row to the unified timeline. Call it inside the transaction of the mutation. */
export async function recordActivity(tx: Sql, a: ActivityInput): Promise<void> {
  await tx.query(
    `INSERT INTO activities (workspace_id, lead_id, contact_id, actor_user_id, actor_label, kind, summary, before, after, ref_type, ref_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
    [a.workspaceId, a.leadId ?? null, a.contactId ?? null, a.actorUserId ?? null, a.actorLabel, a.kind, a.summary,
      a.before === undefined ? null : JSON.stringify(a.before), a.after === undefined ? null : JSON.stringify(a.after), a.refType ?? null, a.refId ?? null],
  );
}

/** The set-based twin of recordActivity: many rows (any leads, actors, refs) in one INSERT, in the caller's transaction. */
export async function recordActivityRows(tx: Sql, list: ActivityInput[]): Promise<void> {
  if (list.length === 0) return;
  const records = list.map((a) => ({
    workspace_id: a.workspaceId, lead_id: a.leadId ?? null, contact_id: a.contactId ?? null, actor_user_id: a.actorUserId ?? null, actor_label: a.actorLabel,
    kind: a.kind, summary: a.summary, before: a.before ?? null, after: a.after ?? null, ref_type: a.refType ?? null, ref_id: a.refId ?? null,
  }));
  await tx.query(
    `INSERT INTO activities (workspace_id, lead_id, contact_id, actor_user_id, actor_label, kind, summary, before, after, ref_type, ref_id)
     SELECT x.workspace_id, x.lead_id, x.contact_id, x.actor_user_id, x.actor_label, x.kind, x.summary, x.before, x.after, x.ref_type, x.ref_id
       FROM jsonb_to_recordset($1::jsonb) AS x(workspace_id uuid, lead_id uuid, contact_id uuid, actor_user_id uuid, actor_label text, kind text, summary text,
            before jsonb, after jsonb, ref_type text, ref_id uuid)`,
    [JSON.stringify(records)],
  );
}

/** Which fields changed between two objects, as { before, after } holding only those fields. */
export function diffFields<T extends Record<string, unknown>>(before: T, after: Partial<T>) {
  const b: Record<string, unknown> = {};
  const a: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(after)) {
    if (v === undefined) continue;
    if (JSON.stringify(before[k] ?? null) !== JSON.stringify(v ?? null)) {
      b[k] = before[k] ?? null;
      a[k] = v;
    }
  }
  return { before: b, after: a, changed: Object.keys(a) };
}

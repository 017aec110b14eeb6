import type { Sql } from '../../db/client.ts';
import type { ContactRow } from './lead.mapper.ts';

const CONTACT_COLUMNS = 'id, lead_id, first_name, last_name, title, emails, phones, is_primary, is_decision_maker, notes, created_at';

export interface ContactValues {
  firstName: string;
  lastName: string;
  title: string | null;
  emails: string[];
  phones: string[];
  isPrimary: boolean;
  isDecisionMaker: boolean;
  notes: string;
}

export async function insertContact(tx: Sql, workspaceId: string, leadId: string, c: ContactValues): Promise<ContactRow> {
  const { rows } = await tx.query<ContactRow>(
    `INSERT INTO contacts (workspace_id, lead_id, first_name, last_name, title, emails, phones, is_primary, is_decision_maker, notes)
     VALUES ($1, $2, $3, $4, $5, $6::text[], $7::text[], $8, $9, $10) RETURNING ${CONTACT_COLUMNS}`,
    [workspaceId, leadId, c.firstName, c.lastName, c.title, c.emails, c.phones, c.isPrimary, c.isDecisionMaker, c.notes],
  );
  return rows[0];
}

/** A contact whose lead is live; the lead row is locked so primary changes on one lead serialize. */
export async function findContactForUpdate(tx: Sql, workspaceId: string, contactId: string): Promise<ContactRow | null> {
  const { rows } = await tx.query<{ lead_id: string }>(
    `SELECT c.lead_id FROM contacts c JOIN leads l ON l.id = c.lead_id AND l.workspace_id = c.workspace_id
      WHERE c.workspace_id = $1 AND c.id = $2 AND l.deleted_at IS NULL`,
    [workspaceId, contactId],
  );
  if (!rows[0]) return null;
  await tx.query('SELECT 1 FROM leads WHERE workspace_id = $1 AND id = $2 FOR UPDATE', [workspaceId, rows[0].lead_id]);
  const c = await tx.query<ContactRow>(`SELECT ${CONTACT_COLUMNS} FROM contacts WHERE workspace_id = $1 AND id = $2 FOR UPDATE`, [workspaceId, contactId]);
  return c.rows[0] ?? null;
}

const CONTACT_FIELDS = {
  firstName: ['first_name', ''],
  lastName: ['last_name', ''],
  title: ['title', ''],
  emails: ['emails', '::text[]'],
  phones: ['phones', '::text[]'],
  isDecisionMaker: ['is_decision_maker', ''],
  notes: ['notes', ''],
} as const;
type ContactField = keyof typeof CONTACT_FIELDS;
const isContactField = (k: string): k is ContactField => Object.hasOwn(CONTACT_FIELDS, k);

export async function updateContactFields(tx: Sql, workspaceId: string, contactId: string, values: Record<string, unknown>): Promise<ContactRow> {
  const sets: string[] = [];
  const params: unknown[] = [workspaceId, contactId];
  for (const [k, v] of Object.entries(values)) {
    if (!isContactField(k) || v === undefined) continue;
    params.push(v);
    sets.push(`${CONTACT_FIELDS[k][0]} = $${params.length}${CONTACT_FIELDS[k][1]}`);
  }
  const { rows } = await tx.query<ContactRow>(
    `UPDATE contacts SET ${[...sets, 'updated_at = now()'].join(', ')} WHERE workspace_id = $1 AND id = $2 RETURNING ${CONTACT_COLUMNS}`,
    params,
  );
  return rows[0];
}

export async function deleteContact(tx: Sql, workspaceId: string, contactId: string): Promise<void> {
  await tx.query('DELETE FROM contacts WHERE workspace_id = $1 AND id = $2', [workspaceId, contactId]);
}

export async function findPrimaryContact(tx: Sql, workspaceId: string, leadId: string): Promise<ContactRow | null> {
  const { rows } = await tx.query<ContactRow>(`SELECT ${CONTACT_COLUMNS} FROM contacts WHERE workspace_id = $1 AND lead_id = $2 AND is_primary`, [workspaceId, leadId]);
  return rows[0] ?? null;
}

/** Makes one contact the lead's primary; the old primary is cleared first (one primary per lead is a unique index). */
export async function setPrimaryContact(tx: Sql, workspaceId: string, leadId: string, contactId: string): Promise<void> {
  await tx.query('UPDATE contacts SET is_primary = false, updated_at = now() WHERE workspace_id = $1 AND lead_id = $2 AND is_primary AND id <> $3', [workspaceId, leadId, contactId]);
  await tx.query('UPDATE contacts SET is_primary = true, updated_at = now() WHERE workspace_id = $1 AND id = $2 AND NOT is_primary', [workspaceId, contactId]);
}

export async function findOldestContact(tx: Sql, workspaceId: string, leadId: string): Promise<ContactRow | null> {
  const { rows } = await tx.query<ContactRow>(
    `SELECT ${CONTACT_COLUMNS} FROM contacts WHERE workspace_id = $1 AND lead_id = $2 ORDER BY created_at, id LIMIT 1`,
    [workspaceId, leadId],
  );
  return rows[0] ?? null;
}

export async function countContacts(tx: Sql, workspaceId: string, leadId: string): Promise<number> {
  const { rows } = await tx.query<{ n: number }>('SELECT count(*)::int AS n FROM contacts WHERE workspace_id = $1 AND lead_id = $2', [workspaceId, leadId]);
  return Number(rows[0].n);
}

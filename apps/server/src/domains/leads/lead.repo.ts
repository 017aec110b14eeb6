import type { LeadDetail } from '@flywheel/contracts';
import type { Sql } from '../../db/client.ts';
import { DETAIL_COLUMNS, LEAD_FROM, toIso, type ContactRow, type LeadDetailRow } from './lead.mapper.ts';

export interface StageRow {
  key: string;
  label: string;
  kind: 'open' | 'won' | 'lost';
  color: string | null;
  position: number;
}

export async function getWorkspaceSettings(tx: Sql, workspaceId: string) {
  const { rows } = await tx.query<{ default_country: string; timezone: string }>('SELECT default_country, timezone FROM workspaces WHERE id = $1', [workspaceId]);
  return { defaultCountry: rows[0]?.default_country ?? 'US', timezone: rows[0]?.timezone ?? 'UTC' };
}

export async function listStageRows(tx: Sql, workspaceId: string): Promise<StageRow[]> {
  const { rows } = await tx.query<StageRow>(
    'SELECT key, label, kind, color, position FROM pipeline_stages WHERE workspace_id = $1 ORDER BY position, key',
    [workspaceId],
  );
  return rows;
}

export async function isMember(tx: Sql, workspaceId: string, userId: string): Promise<boolean> {
  const { rows } = await tx.query('SELECT 1 FROM memberships WHERE workspace_id = $1 AND user_id = $2', [workspaceId, userId]);
  return rows.length > 0;
}

export async function findUserLabel(tx: Sql, userId: string | null): Promise<string | null> {
  if (!userId) return null;
  const { rows } = await tx.query<{ label: string }>(`SELECT coalesce(nullif(name, ''), email) AS label FROM users WHERE id = $1`, [userId]);
  return rows[0]?.label ?? null;
}

/** A live (not soft-deleted) lead; forUpdate locks it for the rest of the transaction. */
export async function findLeadRow(tx: Sql, workspaceId: string, leadId: string, opts: { forUpdate?: boolean } = {}): Promise<LeadDetailRow | null> {
  const { rows } = await tx.query<LeadDetailRow>(
    `SELECT ${DETAIL_COLUMNS} FROM ${LEAD_FROM}
      WHERE l.workspace_id = $1 AND l.id = $2 AND l.deleted_at IS NULL${opts.forUpdate ? ' FOR UPDATE OF l' : ''}`,
    [workspaceId, leadId],
  );
  return rows[0] ?? null;
}

export async function listContactRows(tx: Sql, workspaceId: string, leadId: string): Promise<ContactRow[]> {
  const { rows } = await tx.query<ContactRow>(
    `SELECT id, lead_id, first_name, last_name, title, emails, phones, is_primary, is_decision_maker, notes, created_at
       FROM contacts WHERE workspace_id = $1 AND lead_id = $2
      ORDER BY is_primary DESC, created_at, id`,
    [workspaceId, leadId],
  );
  return rows;
}

/** Read live from tasks (the lead's denormalized columns serve lists; the detail can afford exact). */
export async function getTaskSummary(tx: Sql, workspaceId: string, leadId: string): Promise<LeadDetail['taskSummary']> {
  const { rows } = await tx.query<{ pending: number; overdue: number; title: string | null; due_at: Date | string | null; kind: string | null }>(
    `SELECT
       (SELECT count(*)::int FROM tasks WHERE workspace_id = $1 AND lead_id = $2 AND status = 'open') AS pending,
       (SELECT count(*)::int FROM tasks WHERE workspace_id = $1 AND lead_id = $2 AND status = 'open' AND due_at < now()) AS overdue,
       n.title, n.due_at, n.kind
     FROM (SELECT 1) one
     LEFT JOIN LATERAL (
       SELECT title, due_at, kind FROM tasks WHERE workspace_id = $1 AND lead_id = $2 AND status = 'open'
        ORDER BY due_at ASC NULLS LAST, created_at, id LIMIT 1
     ) n ON true`,
    [workspaceId, leadId],
  );
  const r = rows[0];
  return {
    pendingCount: Number(r.pending),
    overdueCount: Number(r.overdue),
    next: r.title !== null && r.kind !== null ? { title: r.title, dueAt: toIso(r.due_at), kind: r.kind } : null,
  };
}

/** Editable lead fields: API name → column and the cast its parameter needs. */
export const LEAD_COLUMNS = {
  name: ['name', ''],
  stage: ['stage', ''],
  ownerId: ['owner_id', '::uuid'],
  source: ['source', ''],
  segment: ['segment', ''],
  tags: ['tags', '::text[]'],
  value: ['value', '::numeric'],
  facts: ['facts', ''],
  questions: ['questions', ''],
  objective: ['objective', ''],
  website: ['website', ''],
  address: ['address', ''],
  city: ['city', ''],
  region: ['region', ''],
  postalCode: ['postal_code', ''],
  country: ['country', ''],
  timezone: ['timezone', ''],
  customFields: ['custom_fields', '::jsonb'],
} as const;
export type LeadField = keyof typeof LEAD_COLUMNS;

const isLeadField = (k: string): k is LeadField => Object.hasOwn(LEAD_COLUMNS, k);
const dbValue = (field: LeadField, v: unknown) => (field === 'customFields' ? JSON.stringify(v) : v);

function definedFields(values: Partial<Record<LeadField, unknown>>): [LeadField, unknown][] {
  const out: [LeadField, unknown][] = [];
  for (const [k, v] of Object.entries(values)) if (isLeadField(k) && v !== undefined) out.push([k, dbValue(k, v)]);
  return out;
}

export async function insertLead(tx: Sql, workspaceId: string, values: Partial<Record<LeadField, unknown>>): Promise<string> {
  const fields = definedFields(values);
  const cols = fields.map(([f]) => `, ${LEAD_COLUMNS[f][0]}`).join('');
  const placeholders = fields.map(([f], i) => `, $${i + 2}${LEAD_COLUMNS[f][1]}`).join('');
  const { rows } = await tx.query<{ id: string }>(`INSERT INTO leads (workspace_id${cols}) VALUES ($1${placeholders}) RETURNING id`, [
    workspaceId, ...fields.map(([, v]) => v),
  ]);
  return rows[0].id;
}

export async function updateLeadFields(tx: Sql, workspaceId: string, leadId: string, values: Partial<Record<LeadField, unknown>>): Promise<void> {
  const fields = definedFields(values);
  if (!fields.length) return;
  const sets = fields.map(([f], i) => `${LEAD_COLUMNS[f][0]} = $${i + 3}${LEAD_COLUMNS[f][1]}`);
  await tx.query(`UPDATE leads SET ${sets.join(', ')}, updated_at = now() WHERE workspace_id = $1 AND id = $2`, [
    workspaceId, leadId, ...fields.map(([, v]) => v),
  ]);
}

export async function softDeleteLead(tx: Sql, workspaceId: string, leadId: string): Promise<{ name: string; stage: string } | null> {
  const { rows } = await tx.query<{ name: string; stage: string }>(
    'UPDATE leads SET deleted_at = now(), updated_at = now() WHERE workspace_id = $1 AND id = $2 AND deleted_at IS NULL RETURNING name, stage',
    [workspaceId, leadId],
  );
  return rows[0] ?? null;
}

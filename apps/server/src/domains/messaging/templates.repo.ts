import type { SmsTemplate } from '@flywheel/contracts';
import type { Sql } from '../../db/client.ts';
import { notFound } from '../../platform/http/errors.ts';

interface Row { id: string; name: string; body: string; category: string; active: boolean; created_at: Date; updated_at: Date }
const COLS = 'id, name, body, category, active, created_at, updated_at';
const toTemplate = (r: Row): SmsTemplate => ({
  id: r.id, name: r.name, body: r.body, category: r.category, active: r.active, createdAt: new Date(r.created_at).toISOString(), updatedAt: new Date(r.updated_at).toISOString(),
});

export async function listTemplates(tx: Sql, ws: string, includeArchived: boolean): Promise<SmsTemplate[]> {
  const { rows } = await tx.query<Row>(`SELECT ${COLS} FROM sms_templates WHERE workspace_id = $1 ${includeArchived ? '' : 'AND active'} ORDER BY lower(name), id`, [ws]);
  return rows.map(toTemplate);
}

export async function findTemplate(tx: Sql, ws: string, id: string): Promise<SmsTemplate | null> {
  const { rows } = await tx.query<Row>(`SELECT ${COLS} FROM sms_templates WHERE workspace_id = $1 AND id = $2`, [ws, id]);
  return rows[0] ? toTemplate(rows[0]) : null;
}

export async function getTemplate(tx: Sql, ws: string, id: string): Promise<SmsTemplate> {
  const t = await findTemplate(tx, ws, id);
  if (!t) throw notFound('SMS template');
  return t;
}

export async function insertTemplate(tx: Sql, ws: string, userId: string | null, t: { name: string; body: string; category: string; active: boolean }): Promise<SmsTemplate> {
  const { rows } = await tx.query<Row>(
    `INSERT INTO sms_templates (workspace_id, name, body, category, active, created_by) VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${COLS}`,
    [ws, t.name, t.body, t.category, t.active, userId],
  );
  return toTemplate(rows[0]);
}

export async function updateTemplate(tx: Sql, ws: string, id: string, p: { name?: string; body?: string; category?: string; active?: boolean }): Promise<SmsTemplate> {
  const { rows } = await tx.query<Row>(
    `UPDATE sms_templates SET name = coalesce($3, name), body = coalesce($4, body), category = coalesce($5, category), active = coalesce($6, active), updated_at = now()
      WHERE workspace_id = $1 AND id = $2 RETURNING ${COLS}`,
    [ws, id, p.name ?? null, p.body ?? null, p.category ?? null, p.active ?? null],
  );
  if (!rows[0]) throw notFound('SMS template');
  return toTemplate(rows[0]);
}

export async function deleteTemplate(tx: Sql, ws: string, id: string): Promise<void> {
  const { rowCount } = await tx.query('DELETE FROM sms_templates WHERE workspace_id = $1 AND id = $2', [ws, id]);
  if (!rowCount) throw notFound('SMS template');
}

import type { Sql } from '../../db/client.ts';

export interface SavedViewRow {
  id: string;
  name: string;
  filters: Record<string, unknown>;
  sort: unknown;
  user_id: string | null;
  created_by: string | null;
  created_at: Date | string;
  updated_at: Date | string;
}

const COLUMNS = 'id, name, filters, sort, user_id, created_by, created_at, updated_at';

/** user_id NULL means shared with the workspace (0001); created_by keeps the author either way. */
export async function selectVisibleViews(tx: Sql, workspaceId: string, userId: string | null): Promise<SavedViewRow[]> {
  const { rows } = await tx.query<SavedViewRow>(
    `SELECT ${COLUMNS} FROM saved_views WHERE workspace_id = $1 AND entity = 'leads' AND (user_id IS NULL OR user_id = $2::uuid)
      ORDER BY lower(name), created_at`,
    [workspaceId, userId],
  );
  return rows;
}

export async function findVisibleView(tx: Sql, workspaceId: string, userId: string | null, id: string): Promise<SavedViewRow | null> {
  const { rows } = await tx.query<SavedViewRow>(
    `SELECT ${COLUMNS} FROM saved_views WHERE workspace_id = $1 AND id = $3 AND entity = 'leads' AND (user_id IS NULL OR user_id = $2::uuid) FOR UPDATE`,
    [workspaceId, userId, id],
  );
  return rows[0] ?? null;
}

export async function insertView(tx: Sql, workspaceId: string, v: { name: string; filters: unknown; sort: unknown; userId: string | null; createdBy: string | null }): Promise<SavedViewRow> {
  const { rows } = await tx.query<SavedViewRow>(
    `INSERT INTO saved_views (workspace_id, entity, name, filters, sort, user_id, created_by) VALUES ($1, 'leads', $2, $3::jsonb, $4::jsonb, $5, $6) RETURNING ${COLUMNS}`,
    [workspaceId, v.name, JSON.stringify(v.filters), JSON.stringify(v.sort), v.userId, v.createdBy],
  );
  return rows[0];
}

export async function updateView(tx: Sql, workspaceId: string, id: string, v: { name: string; filters: unknown; sort: unknown; userId: string | null }): Promise<SavedViewRow> {
  const { rows } = await tx.query<SavedViewRow>(
    `UPDATE saved_views SET name = $3, filters = $4::jsonb, sort = $5::jsonb, user_id = $6, updated_at = now() WHERE workspace_id = $1 AND id = $2 RETURNING ${COLUMNS}`,
    [workspaceId, id, v.name, JSON.stringify(v.filters), JSON.stringify(v.sort), v.userId],
  );
  return rows[0];
}

export async function deleteView(tx: Sql, workspaceId: string, id: string): Promise<void> {
  await tx.query('DELETE FROM saved_views WHERE workspace_id = $1 AND id = $2', [workspaceId, id]);
}

import type { Sql } from '../../db/client.ts';
import type { StageRow } from './lead.repo.ts';

export async function upsertStages(tx: Sql, workspaceId: string, stages: StageRow[], existing: Set<string>): Promise<void> {
  for (const s of stages) {
    if (existing.has(s.key)) {
      await tx.query('UPDATE pipeline_stages SET label = $3, kind = $4, color = $5, position = $6 WHERE workspace_id = $1 AND key = $2', [
        workspaceId, s.key, s.label, s.kind, s.color, s.position,
      ]);
    } else {
      await tx.query('INSERT INTO pipeline_stages (workspace_id, key, label, kind, color, position) VALUES ($1, $2, $3, $4, $5, $6)', [
        workspaceId, s.key, s.label, s.kind, s.color, s.position,
      ]);
    }
  }
}

export async function countLeadsInStage(tx: Sql, workspaceId: string, key: string): Promise<{ live: number; deleted: number }> {
  const { rows } = await tx.query<{ live: number; deleted: number }>(
    `SELECT count(*) FILTER (WHERE deleted_at IS NULL)::int AS live, count(*) FILTER (WHERE deleted_at IS NOT NULL)::int AS deleted
       FROM leads WHERE workspace_id = $1 AND stage = $2`,
    [workspaceId, key],
  );
  return { live: Number(rows[0].live), deleted: Number(rows[0].deleted) };
}

/** Moves every lead (soft-deleted ones too: the stage row is about to go) and returns the moved ids. */
export async function moveLeadsToStage(tx: Sql, workspaceId: string, from: string, to: string): Promise<string[]> {
  const { rows } = await tx.query<{ id: string }>(
    'UPDATE leads SET stage = $3, updated_at = now() WHERE workspace_id = $1 AND stage = $2 RETURNING id',
    [workspaceId, from, to],
  );
  return rows.map((r) => r.id);
}

export async function deleteStages(tx: Sql, workspaceId: string, keys: string[]): Promise<void> {
  if (keys.length) await tx.query('DELETE FROM pipeline_stages WHERE workspace_id = $1 AND key = ANY($2::text[])', [workspaceId, keys]);
}

export async function selectViewsFilteringStage(tx: Sql, workspaceId: string): Promise<{ id: string; stage: unknown }[]> {
  const { rows } = await tx.query<{ id: string; stage: unknown }>(
    `SELECT id, filters->'stage' AS stage FROM saved_views WHERE workspace_id = $1 AND entity = 'leads' AND filters ? 'stage'`,
    [workspaceId],
  );
  return rows;
}

export async function setViewStageFilter(tx: Sql, workspaceId: string, viewId: string, stage: string | null): Promise<void> {
  await tx.query(
    `UPDATE saved_views SET filters = CASE WHEN $3::text IS NULL THEN filters - 'stage' ELSE jsonb_set(filters, '{stage}', to_jsonb($3::text)) END, updated_at = now()
      WHERE workspace_id = $1 AND id = $2`,
    [workspaceId, viewId, stage],
  );
}

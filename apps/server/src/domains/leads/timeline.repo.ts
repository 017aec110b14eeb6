import type { Sql } from '../../db/client.ts';

export interface ActivityDbRow {
  id: string;
  kind: string;
  summary: string;
  actor_label: string;
  before: unknown;
  after: unknown;
  occurred_at: Date | string;
  /** occurred_at in UTC with microseconds: the page cursor must not lose precision */
  occurred_us: string;
  ref_type: string | null;
  ref_id: string | null;
}

const COLUMNS = `id, kind, summary, actor_label, before, after, occurred_at,
  to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS occurred_us, ref_type, ref_id::text AS ref_id`;

export async function selectActivitiesBefore(tx: Sql, workspaceId: string, leadId: string, before: string | null, limit: number): Promise<ActivityDbRow[]> {
  const { rows } = await tx.query<ActivityDbRow>(
    `SELECT ${COLUMNS} FROM activities
      WHERE workspace_id = $1 AND lead_id = $2 AND ($3::timestamptz IS NULL OR occurred_at < $3::timestamptz)
      ORDER BY occurred_at DESC, id DESC LIMIT $4`,
    [workspaceId, leadId, before, limit],
  );
  return rows;
}

export async function selectActivitiesAt(tx: Sql, workspaceId: string, leadId: string, at: string): Promise<ActivityDbRow[]> {
  const { rows } = await tx.query<ActivityDbRow>(
    `SELECT ${COLUMNS} FROM activities WHERE workspace_id = $1 AND lead_id = $2 AND occurred_at = $3::timestamptz ORDER BY id DESC`,
    [workspaceId, leadId, at],
  );
  return rows;
}

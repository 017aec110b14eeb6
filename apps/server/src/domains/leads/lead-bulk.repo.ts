import type { Sql } from '../../db/client.ts';
import { recordActivityRows } from '../activities/index.ts';

export interface BulkTarget {
  id: string;
  name: string;
  stage: string;
  owner_id: string | null;
  tags: string[];
}

/** Locks the given leads of this workspace; ids of other workspaces simply do not match. */
export async function lockBulkTargets(tx: Sql, workspaceId: string, ids: string[], deleted: boolean): Promise<BulkTarget[]> {
  const { rows } = await tx.query<BulkTarget>(
    `SELECT id, name, stage, owner_id, tags FROM leads
      WHERE workspace_id = $1 AND id = ANY($2::uuid[]) AND deleted_at IS ${deleted ? 'NOT NULL' : 'NULL'}
      ORDER BY id FOR UPDATE`,
    [workspaceId, ids],
  );
  return rows;
}

export type BulkChange =
  | { action: 'assign'; ownerId: string | null }
  | { action: 'tag' | 'untag'; tags: string[] }
  | { action: 'stage'; stage: string }
  | { action: 'delete' | 'restore' };

export async function applyBulkChange(tx: Sql, workspaceId: string, ids: string[], change: BulkChange): Promise<void> {
  if (!ids.length) return;
  const base = [workspaceId, ids];
  const where = 'WHERE workspace_id = $1 AND id = ANY($2::uuid[])';
  switch (change.action) {
    case 'assign':
      await tx.query(`UPDATE leads SET owner_id = $3::uuid, updated_at = now() ${where}`, [...base, change.ownerId]);
      return;
    case 'tag':
      await tx.query(`UPDATE leads SET tags = tags || ARRAY(SELECT t FROM unnest($3::text[]) t WHERE NOT t = ANY(tags)), updated_at = now() ${where}`, [...base, change.tags]);
      return;
    case 'untag':
      await tx.query(`UPDATE leads SET tags = ARRAY(SELECT t FROM unnest(tags) t WHERE NOT t = ANY($3::text[])), updated_at = now() ${where}`, [...base, change.tags]);
      return;
    case 'stage':
      await tx.query(`UPDATE leads SET stage = $3, updated_at = now() ${where}`, [...base, change.stage]);
      return;
    case 'delete':
      await tx.query(`UPDATE leads SET deleted_at = now(), updated_at = now() ${where}`, base);
      return;
    case 'restore':
      await tx.query(`UPDATE leads SET deleted_at = NULL, updated_at = now() ${where}`, base);
      return;
  }
}

export interface ActivityRow {
  leadId: string;
  kind: string;
  summary: string;
  before?: unknown;
  after?: unknown;
}

/**
 * The set-based twin of recordActivity for bulk changes: one activity row per lead, same columns,
 * one statement (a 5000-lead bulk action would otherwise be 5000 round trips inside the transaction).
 */
export async function recordActivities(tx: Sql, actor: { workspaceId: string; actorUserId: string | null; actorLabel: string }, items: ActivityRow[]): Promise<void> {
  await recordActivityRows(tx, items.map((i) => ({ ...actor, leadId: i.leadId, kind: i.kind, summary: i.summary, before: i.before, after: i.after })));
}

export async function userLabels(tx: Sql, ids: string[]): Promise<Map<string, string>> {
  if (!ids.length) return new Map();
  const { rows } = await tx.query<{ id: string; label: string }>(`SELECT id, coalesce(nullif(name, ''), email) AS label FROM users WHERE id = ANY($1::uuid[])`, [ids]);
  return new Map(rows.map((r) => [r.id, r.label]));
}

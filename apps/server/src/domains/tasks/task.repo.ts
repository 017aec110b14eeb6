import type { TaskBucket, TaskItem, TaskKind } from '@flywheel/contracts';
import type { Sql } from '../../db/client.ts';
import { toIso } from '../leads/lead.mapper.ts';
import type { WorkspaceClock } from './clock.ts';

type Ts = Date | string;

export interface TaskRow {
  id: string;
  lead_id: string | null;
  lead_name: string | null;
  lead_stage: string | null;
  contact_id: string | null;
  owner_id: string | null;
  owner_name: string | null;
  kind: TaskKind;
  title: string;
  notes: string;
  priority: number;
  due_at: Ts | null;
  status: 'open' | 'done' | 'cancelled';
  snooze_count: number;
  completed_at: Ts | null;
  created_at: Ts;
}

export const TASK_COLUMNS = `t.id, t.lead_id, l.name AS lead_name, l.stage AS lead_stage, t.contact_id, t.owner_id,
  coalesce(nullif(u.name, ''), u.email) AS owner_name, t.kind, t.title, t.notes, t.priority::int AS priority, t.due_at, t.status,
  t.snooze_count, t.completed_at, t.created_at`;
export const TASK_FROM = 'tasks t LEFT JOIN leads l ON l.id = t.lead_id LEFT JOIN users u ON u.id = t.owner_id';

export function bucketOf(status: TaskRow['status'], dueAt: Ts | null, clock: WorkspaceClock): TaskBucket | null {
  if (status !== 'open') return null;
  if (dueAt === null) return 'unscheduled';
  const t = new Date(dueAt).getTime();
  if (t < clock.now.toMillis()) return 'overdue';
  if (t < clock.dayEnd.getTime()) return 'today';
  return 'upcoming';
}

export function toTaskItem(r: TaskRow, clock: WorkspaceClock): TaskItem {
  return {
    id: r.id, leadId: r.lead_id, leadName: r.lead_name, leadStage: r.lead_stage, contactId: r.contact_id, ownerId: r.owner_id,
    ownerName: r.owner_name, kind: r.kind, title: r.title, notes: r.notes, priority: Number(r.priority), dueAt: toIso(r.due_at),
    status: r.status, bucket: bucketOf(r.status, r.due_at, clock), snoozeCount: Number(r.snooze_count), completedAt: toIso(r.completed_at),
    createdAt: toIso(r.created_at),
  };
}

export async function selectTasksByIds(tx: Sql, workspaceId: string, ids: string[], opts: { forUpdate?: boolean } = {}): Promise<TaskRow[]> {
  const { rows } = await tx.query<TaskRow>(
    `SELECT ${TASK_COLUMNS} FROM ${TASK_FROM} WHERE t.workspace_id = $1 AND t.id = ANY($2::uuid[])
       AND (t.lead_id IS NULL OR l.deleted_at IS NULL) ORDER BY t.id${opts.forUpdate ? ' FOR UPDATE OF t' : ''}`,
    [workspaceId, ids],
  );
  return rows;
}

export interface NewTask {
  leadId: string;
  contactId: string | null;
  ownerId: string | null;
  kind: TaskKind;
  title: string;
  notes: string;
  dueAt: Date | null;
  priority: number;
  createdBy: string | null;
  attemptId?: string | null;
}

export async function insertTask(tx: Sql, workspaceId: string, t: NewTask): Promise<string> {
  const { rows } = await tx.query<{ id: string }>(
    `INSERT INTO tasks (workspace_id, lead_id, contact_id, owner_id, kind, title, notes, due_at, priority, created_by, attempt_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id`,
    [workspaceId, t.leadId, t.contactId, t.ownerId, t.kind, t.title, t.notes, t.dueAt, t.priority, t.createdBy, t.attemptId ?? null],
  );
  return rows[0].id;
}

export interface TaskPatch {
  title?: string;
  notes?: string;
  kind?: TaskKind;
  dueAt?: Date | null;
  priority?: number;
  ownerId?: string | null;
  status?: 'open' | 'done' | 'cancelled';
  snoozed?: boolean;
}

const PATCH_COLUMNS: Record<Exclude<keyof TaskPatch, 'snoozed' | 'status'>, string> = {
  title: 'title', notes: 'notes', kind: 'kind', dueAt: 'due_at', priority: 'priority', ownerId: 'owner_id',
};

/** Applies a patch; a status change sets/clears completed_at, a new due time re-arms the callback reminder. */
export async function updateTask(tx: Sql, workspaceId: string, id: string, p: TaskPatch): Promise<void> {
  const sets: string[] = ['updated_at = now()'];
  const values: unknown[] = [workspaceId, id];
  for (const [key, col] of Object.entries(PATCH_COLUMNS) as [keyof typeof PATCH_COLUMNS, string][]) {
    if (p[key] === undefined) continue;
    values.push(p[key]);
    sets.push(`${col} = $${values.length}`);
  }
  if (p.dueAt !== undefined) sets.push('reminded_at = NULL');
  if (p.snoozed) sets.push('snooze_count = snooze_count + 1');
  if (p.status) {
    values.push(p.status);
    sets.push(`status = $${values.length}`, `completed_at = CASE WHEN $${values.length} = 'open' THEN NULL ELSE now() END`);
  }
  await tx.query(`UPDATE tasks SET ${sets.join(', ')} WHERE workspace_id = $1 AND id = $2`, values);
}

export async function isMember(tx: Sql, workspaceId: string, userId: string): Promise<boolean> {
  const { rows } = await tx.query('SELECT 1 FROM memberships WHERE workspace_id = $1 AND user_id = $2', [workspaceId, userId]);
  return rows.length > 0;
}

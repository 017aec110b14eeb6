import type { TaskKind, TaskListQuerySchema, TaskListResponse } from '@flywheel/contracts';
import type { z } from 'zod';
import { SqlParams, assertNever } from '../leads/lead-filters.ts';
import { workspaceClock } from './clock.ts';
import { resolveOwnerFilter, type WorkCtx } from './ctx.ts';
import { TASK_COLUMNS, TASK_FROM, toTaskItem, type TaskRow } from './task.repo.ts';

type ListQuery = z.output<typeof TaskListQuerySchema>;

/**
 * The task queue: overdue → due today → upcoming (→ unscheduled), each by priority then due time,
 * with the bucket counts of the same owner/lead/kind scope. "Today" ends at midnight in the
 * workspace's time zone.
 */
export function listTasks(ctx: WorkCtx, q: ListQuery): Promise<TaskListResponse> {
  return ctx.tx(async (tx) => {
    const clock = await workspaceClock(tx, ctx.workspaceId);
    // the scope (owner/lead/kind) is built once per statement, so each statement binds only the
    // parameters it uses (Postgres cannot type an unused one)
    const scoped = () => {
      const p = new SqlParams();
      const where = [`t.workspace_id = ${p.add(ctx.workspaceId)}`, '(t.lead_id IS NULL OR l.deleted_at IS NULL)'];
      const owner = resolveOwnerFilter(ctx, q.owner, 'me');
      if (owner.kind === 'user') where.push(`t.owner_id = ${p.add(owner.id)}`);
      else if (owner.kind === 'none') where.push('t.owner_id IS NULL');
      if (q.leadId) where.push(`t.lead_id = ${p.add(q.leadId)}`);
      if (q.kind) where.push(`t.kind = ${p.add(q.kind satisfies TaskKind)}`);
      return { p, scope: where.join(' AND ') };
    };
    const open = `t.status = 'open'`;
    const list = scoped();
    let bucketWhere: string;
    let orderBy: string;
    if (q.bucket === 'done') {
      bucketWhere = `t.status = 'done'`;
      orderBy = 't.completed_at DESC, t.id';
    } else {
      const now = list.p.add(clock.now.toJSDate());
      const dayEnd = list.p.add(clock.dayEnd);
      orderBy = `CASE WHEN t.due_at IS NULL THEN 3 WHEN t.due_at < ${now} THEN 0 WHEN t.due_at < ${dayEnd} THEN 1 ELSE 2 END, t.priority DESC, t.due_at ASC NULLS LAST, t.created_at, t.id`;
      switch (q.bucket) {
        case 'open':
          bucketWhere = open;
          break;
        case 'overdue':
          bucketWhere = `${open} AND t.due_at < ${now}`;
          break;
        case 'today':
          bucketWhere = `${open} AND t.due_at >= ${now} AND t.due_at < ${dayEnd}`;
          break;
        case 'upcoming':
          bucketWhere = `${open} AND t.due_at >= ${dayEnd}`;
          break;
        case 'unscheduled':
          bucketWhere = `${open} AND t.due_at IS NULL`;
          break;
        default:
          return assertNever(q.bucket);
      }
    }
    const limit = list.p.add(q.limit);
    const { rows } = await tx.query<TaskRow>(`SELECT ${TASK_COLUMNS} FROM ${TASK_FROM} WHERE ${list.scope} AND ${bucketWhere} ORDER BY ${orderBy} LIMIT ${limit}`, list.p.values);
    const c0 = scoped();
    const now = c0.p.add(clock.now.toJSDate());
    const dayEnd = c0.p.add(clock.dayEnd);
    const counts = await tx.query<{ overdue: number; today: number; upcoming: number; unscheduled: number }>(
      `SELECT count(*) FILTER (WHERE t.due_at < ${now})::int AS overdue,
              count(*) FILTER (WHERE t.due_at >= ${now} AND t.due_at < ${dayEnd})::int AS today,
              count(*) FILTER (WHERE t.due_at >= ${dayEnd})::int AS upcoming,
              count(*) FILTER (WHERE t.due_at IS NULL)::int AS unscheduled
         FROM ${TASK_FROM} WHERE ${c0.scope} AND ${open}`,
      c0.p.values,
    );
    const c = counts.rows[0];
    return {
      items: rows.map((r) => toTaskItem(r, clock)),
      counts: { overdue: Number(c.overdue), today: Number(c.today), upcoming: Number(c.upcoming), unscheduled: Number(c.unscheduled) },
    };
  });
}

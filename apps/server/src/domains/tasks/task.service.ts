import type { z } from 'zod';
import { DIALER_EVENTS, type Snooze, type TaskBulk, type TaskCreateSchema, type TaskItem, type TaskUpdateSchema } from '@flywheel/contracts';
import type { Sql } from '../../db/client.ts';
import { badRequest, conflict, forbidden, notFound } from '../../platform/http/errors.ts';
import { recordActivity } from '../activities/index.ts';
import { requestCaldavSync } from '../caldav/hook.ts';
import { refreshLeadTaskSummary } from '../leads/index.ts';
import { assertNever } from '../leads/lead-filters.ts';
import { formatLocal, workspaceClock, type WorkspaceClock } from './clock.ts';
import { actorOf, isManager, type WorkCtx } from './ctx.ts';
import { snoozeUntil } from './snooze.ts';
import { insertTask, isMember, selectTasksByIds, toTaskItem, updateTask, type TaskPatch, type TaskRow } from './task.repo.ts';

type CreateBody = z.output<typeof TaskCreateSchema>;
type UpdateBody = z.output<typeof TaskUpdateSchema>;

/** Reps act on their own (and unassigned) tasks; managers and above on anyone's. */
function assertCanAct(ctx: WorkCtx, ownerId: string | null) {
  if (ownerId === null || ownerId === ctx.userId || isManager(ctx)) return;
  throw forbidden("This task belongs to another member; only managers can change it.");
}

async function requireOwner(ctx: WorkCtx, tx: Sql, ownerId: string | null) {
  if (ownerId === null || ownerId === ctx.userId) return;
  if (!isManager(ctx)) throw forbidden('Only managers can assign tasks to another member.');
  if (!(await isMember(tx, ctx.workspaceId, ownerId))) throw badRequest('The owner is not a member of this workspace.', { ownerId: 'Not a member of this workspace.' });
}

/** After a task change: the lead's task summary, and a realtime nudge to the people whose queue changed. */
export async function afterTaskChange(ctx: Pick<WorkCtx, 'workspaceId' | 'userId' | 'deps'>, tx: Sql, changed: { id: string; leadId: string | null; ownerId: string | null }[]) {
  for (const leadId of new Set(changed.flatMap((c) => (c.leadId ? [c.leadId] : [])))) await refreshLeadTaskSummary(tx, ctx.workspaceId, leadId);
  await requestCaldavSync(ctx.deps, tx, ctx.workspaceId, changed.map((c) => c.ownerId)); // owners' CalDAV calendars follow (queued, never awaited)
  const users = new Set(changed.flatMap((c) => (c.ownerId ? [c.ownerId] : [])));
  if (ctx.userId) users.add(ctx.userId);
  for (const userId of users) {
    const taskIds = changed.filter((c) => c.ownerId === userId || userId === ctx.userId).map((c) => c.id).slice(0, 100);
    await ctx.deps.events.publish({ type: DIALER_EVENTS.tasksChanged, workspaceId: ctx.workspaceId, userId, payload: { taskIds } }, tx);
  }
}

async function loadOne(tx: Sql, ctx: WorkCtx, id: string, clock: WorkspaceClock): Promise<TaskItem> {
  const [row] = await selectTasksByIds(tx, ctx.workspaceId, [id]);
  if (!row) throw notFound('Task');
  return toTaskItem(row, clock);
}

async function lockTask(tx: Sql, ctx: WorkCtx, id: string): Promise<TaskRow> {
  const [row] = await selectTasksByIds(tx, ctx.workspaceId, [id], { forUpdate: true });
  if (!row) throw notFound('Task');
  assertCanAct(ctx, row.owner_id);
  return row;
}

const due = (clock: WorkspaceClock, d: Date | null) => (d ? formatLocal(clock, d) : 'no due date');

export function createTask(ctx: WorkCtx, body: CreateBody): Promise<TaskItem> {
  const ws = ctx.workspaceId;
  return ctx.tx(async (tx) => {
    const clock = await workspaceClock(tx, ws);
    const lead = await tx.query<{ id: string }>('SELECT id FROM leads WHERE workspace_id = $1 AND id = $2 AND deleted_at IS NULL', [ws, body.leadId]);
    if (!lead.rows.length) throw notFound('Lead');
    if (body.contactId) {
      const c = await tx.query('SELECT 1 FROM contacts WHERE workspace_id = $1 AND id = $2 AND lead_id = $3', [ws, body.contactId, body.leadId]);
      if (!c.rows.length) throw badRequest("That contact is not one of this lead's contacts.", { contactId: 'Not a contact of this lead.' });
    }
    const ownerId = body.ownerId === undefined ? ctx.userId : body.ownerId;
    await requireOwner(ctx, tx, ownerId);
    const dueAt = body.dueAt ? new Date(body.dueAt) : null;
    const id = await insertTask(tx, ws, {
      leadId: body.leadId, contactId: body.contactId ?? null, ownerId, kind: body.kind, title: body.title, notes: body.notes,
      dueAt, priority: body.priority, createdBy: ctx.userId,
    });
    await recordActivity(tx, {
      ...actorOf(ctx), leadId: body.leadId, contactId: body.contactId ?? null, kind: 'task.created', summary: `Task: ${body.title}, due ${due(clock, dueAt)}`,
      after: { kind: body.kind, title: body.title, dueAt: dueAt?.toISOString() ?? null, priority: body.priority, ownerId }, refType: 'task', refId: id,
    });
    await afterTaskChange(ctx, tx, [{ id, leadId: body.leadId, ownerId }]);
    return loadOne(tx, ctx, id, clock);
  });
}

export function patchTask(ctx: WorkCtx, id: string, body: UpdateBody): Promise<TaskItem> {
  return ctx.tx(async (tx) => {
    const clock = await workspaceClock(tx, ctx.workspaceId);
    const row = await lockTask(tx, ctx, id);
    if (body.ownerId !== undefined) await requireOwner(ctx, tx, body.ownerId);
    const patch: TaskPatch = {};
    const before: Record<string, unknown> = {};
    const after: Record<string, unknown> = {};
    const note = (k: string, b: unknown, a: unknown) => {
      before[k] = b;
      after[k] = a;
    };
    if (body.title !== undefined && body.title !== row.title) {
      patch.title = body.title;
      note('title', row.title, body.title);
    }
    if (body.notes !== undefined && body.notes !== row.notes) {
      patch.notes = body.notes;
      note('notes', row.notes, body.notes);
    }
    if (body.kind !== undefined && body.kind !== row.kind) {
      patch.kind = body.kind;
      note('kind', row.kind, body.kind);
    }
    if (body.priority !== undefined && body.priority !== Number(row.priority)) {
      patch.priority = body.priority;
      note('priority', Number(row.priority), body.priority);
    }
    if (body.ownerId !== undefined && body.ownerId !== row.owner_id) {
      patch.ownerId = body.ownerId;
      note('ownerId', row.owner_id, body.ownerId);
    }
    const oldDue = row.due_at === null ? null : new Date(row.due_at);
    const newDue = body.dueAt === undefined ? undefined : body.dueAt === null ? null : new Date(body.dueAt);
    const rescheduled = newDue !== undefined && (newDue?.getTime() ?? null) !== (oldDue?.getTime() ?? null);
    if (rescheduled) {
      patch.dueAt = newDue;
      note('dueAt', oldDue?.toISOString() ?? null, newDue?.toISOString() ?? null);
    }
    if (!Object.keys(after).length) return toTaskItem(row, clock);
    await updateTask(tx, ctx.workspaceId, id, patch);
    const summary = rescheduled ? `Rescheduled ${row.title}: ${due(clock, oldDue)} → ${due(clock, newDue ?? null)}` : `Updated task ${patch.title ?? row.title}`;
    await recordActivity(tx, { ...actorOf(ctx), leadId: row.lead_id, kind: rescheduled ? 'task.rescheduled' : 'task.updated', summary, before, after, refType: 'task', refId: id });
    await afterTaskChange(ctx, tx, [{ id, leadId: row.lead_id, ownerId: patch.ownerId === undefined ? row.owner_id : patch.ownerId }, { id, leadId: null, ownerId: row.owner_id }]);
    return loadOne(tx, ctx, id, clock);
  });
}

type Transition = { kind: 'complete' } | { kind: 'cancel' } | { kind: 'reopen' } | { kind: 'snooze'; until: Date } | { kind: 'reschedule'; dueAt: Date };

/**
 * One state change of a locked task, with its activity row. Returns false when there was nothing
 * to do (completing a done task), so repeats are harmless and log nothing.
 */
export async function applyTransition(ctx: Pick<WorkCtx, 'workspaceId' | 'userId' | 'actorLabel'>, tx: Sql, row: TaskRow, t: Transition, clock: WorkspaceClock): Promise<boolean> {
  const base = { ...actorOf(ctx), leadId: row.lead_id, contactId: row.contact_id, refType: 'task', refId: row.id };
  const oldDue = row.due_at === null ? null : new Date(row.due_at);
  switch (t.kind) {
    case 'complete':
    case 'cancel': {
      const status = t.kind === 'complete' ? 'done' : 'cancelled';
      if (row.status === status) return false;
      await updateTask(tx, ctx.workspaceId, row.id, { status });
      await recordActivity(tx, { ...base, kind: t.kind === 'complete' ? 'task.completed' : 'task.cancelled', summary: `${t.kind === 'complete' ? 'Completed' : 'Cancelled'} task: ${row.title}`, before: { status: row.status }, after: { status } });
      return true;
    }
    case 'reopen':
      if (row.status === 'open') return false;
      await updateTask(tx, ctx.workspaceId, row.id, { status: 'open' });
      await recordActivity(tx, { ...base, kind: 'task.reopened', summary: `Reopened task: ${row.title}`, before: { status: row.status }, after: { status: 'open' } });
      return true;
    case 'snooze':
      if (row.status !== 'open') throw conflict(`"${row.title}" is ${row.status === 'done' ? 'done' : 'cancelled'}; reopen it before snoozing.`);
      await updateTask(tx, ctx.workspaceId, row.id, { dueAt: t.until, snoozed: true });
      await recordActivity(tx, { ...base, kind: 'task.snoozed', summary: `Snoozed ${row.title} to ${formatLocal(clock, t.until)}`, before: { dueAt: oldDue?.toISOString() ?? null, snoozeCount: row.snooze_count }, after: { dueAt: t.until.toISOString(), snoozeCount: Number(row.snooze_count) + 1 } });
      return true;
    case 'reschedule':
      if (oldDue?.getTime() === t.dueAt.getTime()) return false;
      await updateTask(tx, ctx.workspaceId, row.id, { dueAt: t.dueAt });
      await recordActivity(tx, { ...base, kind: 'task.rescheduled', summary: `Rescheduled ${row.title}: ${due(clock, oldDue)} → ${formatLocal(clock, t.dueAt)}`, before: { dueAt: oldDue?.toISOString() ?? null }, after: { dueAt: t.dueAt.toISOString() } });
      return true;
    default:
      return assertNever(t);
  }
}

function transitionOne(ctx: WorkCtx, id: string, make: (clock: WorkspaceClock) => Transition): Promise<TaskItem> {
  return ctx.tx(async (tx) => {
    const clock = await workspaceClock(tx, ctx.workspaceId);
    const row = await lockTask(tx, ctx, id);
    if (await applyTransition(ctx, tx, row, make(clock), clock)) await afterTaskChange(ctx, tx, [{ id, leadId: row.lead_id, ownerId: row.owner_id }]);
    return loadOne(tx, ctx, id, clock);
  });
}

export const completeTask = (ctx: WorkCtx, id: string) => transitionOne(ctx, id, () => ({ kind: 'complete' }));
export const reopenTask = (ctx: WorkCtx, id: string) => transitionOne(ctx, id, () => ({ kind: 'reopen' }));
export const snoozeTask = (ctx: WorkCtx, id: string, s: Snooze) => transitionOne(ctx, id, (clock) => ({ kind: 'snooze', until: snoozeUntil(s, clock) }));

/** Many tasks, one transaction; ids that do not exist (or that a rep may not touch) come back in notFound; none found → 404. */
export function bulkTasks(ctx: WorkCtx, body: TaskBulk): Promise<{ updated: number; notFound: string[] }> {
  return ctx.tx(async (tx) => {
    const clock = await workspaceClock(tx, ctx.workspaceId);
    const ids = [...new Set(body.ids)];
    const rows = (await selectTasksByIds(tx, ctx.workspaceId, ids, { forUpdate: true })).filter((r) => r.owner_id === null || r.owner_id === ctx.userId || isManager(ctx));
    const found = new Set(rows.map((r) => r.id));
    if (!found.size) throw notFound('Tasks');
    let t: Transition;
    switch (body.action) {
      case 'complete':
      case 'cancel':
        t = { kind: body.action };
        break;
      case 'snooze':
        t = { kind: 'snooze', until: snoozeUntil(body.snooze, clock) };
        break;
      case 'reschedule':
        t = { kind: 'reschedule', dueAt: new Date(body.dueAt) };
        break;
      default:
        return assertNever(body);
    }
    const changed: TaskRow[] = [];
    for (const row of rows) {
      // a closed task in a bulk snooze is skipped rather than failing the whole batch
      if (t.kind === 'snooze' && row.status !== 'open') continue;
      if (await applyTransition(ctx, tx, row, t, clock)) changed.push(row);
    }
    if (changed.length) await afterTaskChange(ctx, tx, changed.map((r) => ({ id: r.id, leadId: r.lead_id, ownerId: r.owner_id })));
    return { updated: changed.length, notFound: ids.filter((id) => !found.has(id)) };
  });
}

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DateTime } from 'luxon';
import { TaskItemSchema, TaskListResponseSchema } from '@flywheel/contracts';
import { createTestContext, testDbKind, type TestContext, type TestWorkspace } from '../../../test/harness.ts';
import { clockAt } from './clock.ts';
import { snoozeUntil } from './snooze.ts';
import { addMember } from './tasks.test-helpers.ts';

let t: TestContext;
let w: TestWorkspace;
let api: ReturnType<TestContext['as']>;
let leadId: string;

const hours = (h: number) => new Date(Date.now() + h * 3600_000).toISOString();

beforeAll(async () => {
  t = await createTestContext();
  w = await t.newWorkspace('Tasks');
  api = t.as({ cookie: w.cookie });
  leadId = (await api({ method: 'POST', url: '/api/v1/leads', payload: { name: 'Acme Roofing', contact: { firstName: 'Dana', phone: '+12125550143' } } })).json().id;
});
afterAll(async () => t?.close());

async function create(payload: Record<string, unknown>) {
  const res = await api({ method: 'POST', url: '/api/v1/tasks', payload: { leadId, ...payload } });
  expect(res.statusCode, res.body).toBe(201);
  return TaskItemSchema.parse(res.json());
}

const timeline = async () => (await api({ method: 'GET', url: `/api/v1/leads/${leadId}/timeline?limit=100` })).json().data as { kind: string; summary: string }[];

describe(`tasks on ${testDbKind}`, () => {
  it('lists open tasks overdue → today → upcoming → unscheduled, by priority then due time, with counts', async () => {
    const upcoming = await create({ title: 'Send proposal', dueAt: hours(24 * 5) });
    const overdueLow = await create({ title: 'Follow up about pricing', dueAt: hours(-72) });
    const overdueHigh = await create({ title: 'Call the owner', dueAt: hours(-1), priority: 3 });
    const unscheduled = await create({ title: 'Someday' });
    const res = await api({ method: 'GET', url: '/api/v1/tasks' });
    const list = TaskListResponseSchema.parse(res.json());
    const ids = list.items.map((i) => i.id);
    expect(ids.indexOf(overdueHigh.id)).toBeLessThan(ids.indexOf(overdueLow.id));
    expect(ids.indexOf(overdueLow.id)).toBeLessThan(ids.indexOf(upcoming.id));
    expect(ids.at(-1)).toBe(unscheduled.id);
    expect(list.items.find((i) => i.id === overdueLow.id)?.bucket).toBe('overdue');
    expect(list.counts).toMatchObject({ overdue: 2, upcoming: 1, unscheduled: 1 });
    const overdueOnly = TaskListResponseSchema.parse((await api({ method: 'GET', url: '/api/v1/tasks?bucket=overdue' })).json());
    expect(overdueOnly.items.map((i) => i.id)).toEqual([overdueHigh.id, overdueLow.id]);
    // the lead's summary follows (next task = soonest due)
    const { rows } = await t.db.query<{ open_task_count: number; next_task_title: string }>('SELECT open_task_count, next_task_title FROM leads WHERE id = $1', [leadId]);
    expect(rows[0]).toMatchObject({ open_task_count: 4, next_task_title: 'Follow up about pricing' });
  });

  it('completes, reopens, snoozes and reschedules with an activity row each, and the lead summary kept current', async () => {
    const task = await create({ title: 'Callback Dana', kind: 'callback', dueAt: hours(-2) });
    const done = TaskItemSchema.parse((await api({ method: 'POST', url: `/api/v1/tasks/${task.id}/complete` })).json());
    expect(done).toMatchObject({ status: 'done', bucket: null });
    expect(done.completedAt).not.toBeNull();
    // completing twice logs nothing more
    await api({ method: 'POST', url: `/api/v1/tasks/${task.id}/complete` });
    const reopened = TaskItemSchema.parse((await api({ method: 'POST', url: `/api/v1/tasks/${task.id}/reopen` })).json());
    expect(reopened).toMatchObject({ status: 'open', completedAt: null });
    const snoozed = TaskItemSchema.parse((await api({ method: 'POST', url: `/api/v1/tasks/${task.id}/snooze`, payload: { preset: '3h' } })).json());
    expect(snoozed.snoozeCount).toBe(1);
    expect(new Date(snoozed.dueAt ?? 0).getTime()).toBeGreaterThan(Date.now() + 2.9 * 3600_000);
    const due = hours(48);
    const moved = TaskItemSchema.parse((await api({ method: 'PATCH', url: `/api/v1/tasks/${task.id}`, payload: { dueAt: due } })).json());
    expect(moved.dueAt).toBe(due);
    const kinds = (await timeline()).map((a) => a.kind);
    expect(kinds.filter((k) => k === 'task.completed')).toHaveLength(1);
    for (const k of ['task.created', 'task.reopened', 'task.snoozed', 'task.rescheduled']) expect(kinds).toContain(k);
  });

  it('bulk-completes and reports ids it could not find; refuses bad input with 400', async () => {
    const a = await create({ title: 'Bulk A', dueAt: hours(-5) });
    const b = await create({ title: 'Bulk B', dueAt: hours(-6) });
    const missing = '00000000-0000-4000-8000-000000000000';
    const res = await api({ method: 'POST', url: '/api/v1/tasks/bulk', payload: { action: 'snooze', ids: [a.id, b.id, missing], snooze: { preset: 'tomorrow' } } });
    expect(res.json()).toEqual({ updated: 2, notFound: [missing] });
    const done = await api({ method: 'POST', url: '/api/v1/tasks/bulk', payload: { action: 'complete', ids: [a.id, b.id] } });
    expect(done.json()).toEqual({ updated: 2, notFound: [] });
    // the done list, newest completion first (every bucket answers, never a 500)
    const doneList = TaskListResponseSchema.parse((await api({ method: 'GET', url: '/api/v1/tasks?bucket=done' })).json());
    expect(doneList.items.slice(0, 2).map((x) => x.id).sort()).toEqual([a.id, b.id].sort());
    expect(doneList.items.every((x) => x.status === 'done')).toBe(true);
    for (const bucket of ['open', 'overdue', 'today', 'upcoming', 'unscheduled']) {
      expect((await api({ method: 'GET', url: `/api/v1/tasks?bucket=${bucket}` })).statusCode).toBe(200);
    }
    expect((await api({ method: 'POST', url: `/api/v1/tasks/${a.id}/snooze`, payload: { preset: 'someday' } })).statusCode).toBe(400);
    expect((await api({ method: 'POST', url: `/api/v1/tasks/${a.id}/snooze`, payload: { preset: '1h' } })).statusCode).toBe(409);
    expect((await api({ method: 'POST', url: '/api/v1/tasks', payload: { leadId, title: '' } })).statusCode).toBe(400);
    expect((await api({ method: 'POST', url: '/api/v1/tasks', payload: { leadId: missing, title: 'x' } })).statusCode).toBe(404);
  });

  it("keeps a rep to their own tasks: another member's tasks and owner=all are refused", async () => {
    const rep = await addMember(t, w, 'rep');
    const ownersTask = await create({ title: "Owner's task", dueAt: hours(3) });
    const repTask = await create({ title: "Rep's task", dueAt: hours(3), ownerId: rep.userId });
    expect(repTask.ownerId).toBe(rep.userId);
    // a manager's view of someone else's queue
    const repQueue = TaskListResponseSchema.parse((await api({ method: 'GET', url: `/api/v1/tasks?owner=${rep.userId}` })).json());
    expect(repQueue.items.map((i) => i.id)).toEqual([repTask.id]);
    // the rep sees only their own queue and cannot touch the owner's task
    const mine = TaskListResponseSchema.parse((await rep.api({ method: 'GET', url: '/api/v1/tasks' })).json());
    expect(mine.items.map((i) => i.id)).toEqual([repTask.id]);
    expect((await rep.api({ method: 'GET', url: '/api/v1/tasks?owner=all' })).statusCode).toBe(403);
    expect((await rep.api({ method: 'POST', url: `/api/v1/tasks/${ownersTask.id}/complete` })).statusCode).toBe(403);
    expect((await rep.api({ method: 'POST', url: '/api/v1/tasks', payload: { leadId, title: 'For the boss', ownerId: w.userId } })).statusCode).toBe(403);
    expect((await rep.api({ method: 'POST', url: `/api/v1/tasks/${repTask.id}/complete` })).json().status).toBe('done');
  });

  it('computes snooze presets in the workspace time zone', () => {
    // Sunday 2026-03-08 23:30 in New York (the night DST starts)
    const clock = clockAt('America/New_York', DateTime.fromISO('2026-03-08T23:30:00', { zone: 'America/New_York' }).toJSDate());
    const local = (d: Date) => DateTime.fromJSDate(d).setZone('America/New_York').toFormat("ccc yyyy-LL-dd HH:mm");
    expect(local(snoozeUntil({ preset: 'tomorrow' }, clock))).toBe('Mon 2026-03-09 09:00');
    expect(local(snoozeUntil({ preset: 'next_week' }, clock))).toBe('Mon 2026-03-09 09:00');
    const monday = clockAt('America/New_York', DateTime.fromISO('2026-03-09T10:00:00', { zone: 'America/New_York' }).toJSDate());
    expect(local(snoozeUntil({ preset: 'next_week' }, monday))).toBe('Mon 2026-03-16 09:00');
    expect(snoozeUntil({ preset: '1h' }, monday).getTime() - monday.now.toMillis()).toBe(3600_000);
    expect(() => snoozeUntil({ until: '2020-01-01T00:00:00Z' }, monday)).toThrow(/future/);
  });
});

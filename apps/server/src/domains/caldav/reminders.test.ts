import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CALDAV_EVENTS } from '@flywheel/contracts';
import type { AppEvent } from '../../platform/events/bus.ts';
import { createTestContext, testDbKind, type TestContext, type TestWorkspace } from '../../../test/harness.ts';
import { makeLead } from '../dialer/dialer.test-helpers.ts';
import { addMember } from '../tasks/tasks.test-helpers.ts';
import { sendDueReminders } from './reminders.ts';

let t: TestContext;
let w: TestWorkspace;
let api: ReturnType<TestContext['as']>;
const events: AppEvent[] = [];

beforeAll(async () => {
  t = await createTestContext();
  await t.deps.events.start();
  t.deps.events.subscribe((e) => events.push(e));
  w = await t.newWorkspace('Reminders');
  api = t.as({ cookie: w.cookie });
});
afterAll(async () => t?.close());

const minutesFrom = (base: Date, m: number) => new Date(base.getTime() + m * 60_000);
async function task(payload: Record<string, unknown>, as = api): Promise<string> {
  const res = await as({ method: 'POST', url: '/api/v1/tasks', payload });
  if (res.statusCode !== 201) throw new Error(`task: ${res.statusCode} ${res.body}`);
  return res.json().id;
}
async function notificationsAbout(taskId: string, as = api): Promise<{ title: string }[]> {
  const body = (await as({ method: 'GET', url: '/api/v1/notifications' })).json();
  return (body.data as { title: string; link: string | null; ref?: { id: string } | null; refId?: string }[]).filter((n) => JSON.stringify(n).includes(taskId));
}
async function waitForEvents(taskId: string, n: number): Promise<AppEvent[]> {
  for (let i = 0; i < 40; i++) {
    const got = events.filter((e) => e.type === CALDAV_EVENTS.callbackReminder && (e.payload as { taskId: string }).taskId === taskId);
    if (got.length >= n) return got;
    await new Promise((r) => setTimeout(r, 50));
  }
  return events.filter((e) => e.type === CALDAV_EVENTS.callbackReminder && (e.payload as { taskId: string }).taskId === taskId);
}

describe(`callback reminders on ${testDbKind}`, () => {
  it('reminds once, 10 minutes ahead by default; a rescheduled task reminds again for its new time', async () => {
    const now = new Date();
    const lead = await makeLead(t, w, 'Delta Dental', '+14155550131');
    const id = await task({ leadId: lead, kind: 'callback', title: 'Discuss renewal', dueAt: minutesFrom(now, 30).toISOString() });

    // 30 minutes out: too early
    expect(await sendDueReminders(t.deps, w.workspaceId, now)).toEqual({ reminded: 0 });
    // 8 minutes before: reminded, once, however often the cron runs
    const at = minutesFrom(now, 22);
    expect(await sendDueReminders(t.deps, w.workspaceId, at)).toEqual({ reminded: 1 });
    expect(await sendDueReminders(t.deps, w.workspaceId, at)).toEqual({ reminded: 0 });
    expect(await sendDueReminders(t.deps, w.workspaceId, minutesFrom(now, 29))).toEqual({ reminded: 0 });
    const notes = await notificationsAbout(id);
    expect(notes).toHaveLength(1);
    expect(notes[0].title).toBe('Callback in 8 min: Delta Dental');
    const evs = await waitForEvents(id, 1);
    expect(evs).toHaveLength(1);
    expect(evs[0]).toMatchObject({ workspaceId: w.workspaceId, userId: w.userId, payload: { taskId: id, leadId: lead, leadName: 'Delta Dental', minutesBefore: 10 } });

    // rescheduled an hour later: a new due time, a new reminder (and only one)
    const newDue = minutesFrom(now, 90);
    expect((await api({ method: 'PATCH', url: `/api/v1/tasks/${id}`, payload: { dueAt: newDue.toISOString() } })).statusCode).toBe(200);
    expect(await sendDueReminders(t.deps, w.workspaceId, minutesFrom(now, 70))).toEqual({ reminded: 0 });
    expect(await sendDueReminders(t.deps, w.workspaceId, minutesFrom(now, 85))).toEqual({ reminded: 1 });
    expect(await sendDueReminders(t.deps, w.workspaceId, minutesFrom(now, 86))).toEqual({ reminded: 0 });
    expect(await notificationsAbout(id)).toHaveLength(2);
    expect(await waitForEvents(id, 2)).toHaveLength(2);

    // completed before its time: no reminder
    const done = await task({ leadId: lead, kind: 'follow_up', title: 'Send deck', dueAt: minutesFrom(now, 40).toISOString() });
    await api({ method: 'POST', url: `/api/v1/tasks/${done}/complete` });
    expect(await sendDueReminders(t.deps, w.workspaceId, minutesFrom(now, 35))).toEqual({ reminded: 0 });
  });

  it("follows each member's own lead time (0 = off) and reminds only the task's owner", async () => {
    const now = new Date();
    const lead = await makeLead(t, w, 'Echo Energy', '+14155550132');
    const rep = await addMember(t, w, 'rep', 'Rhea Rep');
    expect((await rep.api({ method: 'PUT', url: '/api/v1/caldav/reminders', payload: { minutesBefore: 45 } })).json().reminders).toEqual({ minutesBefore: 45 });
    expect((await api({ method: 'PUT', url: '/api/v1/caldav/reminders', payload: { minutesBefore: 0 } })).json().reminders).toEqual({ minutesBefore: 0 });
    expect((await api({ method: 'PUT', url: '/api/v1/caldav/reminders', payload: { minutesBefore: 5000 } })).statusCode).toBe(400);
    const repTask = await task({ leadId: lead, kind: 'callback', title: 'Rep call', dueAt: minutesFrom(now, 40).toISOString(), ownerId: rep.userId });
    const ownerTask = await task({ leadId: lead, kind: 'callback', title: 'Owner call', dueAt: minutesFrom(now, 3).toISOString() });

    expect(await sendDueReminders(t.deps, w.workspaceId, now)).toEqual({ reminded: 1 });
    const repNotes = await notificationsAbout(repTask, rep.api);
    expect(repNotes).toHaveLength(1);
    expect(repNotes[0].title).toBe('Callback in 40 min: Echo Energy');
    expect(await notificationsAbout(repTask)).toHaveLength(0); // the owner of the workspace is not the task's owner
    expect(await notificationsAbout(ownerTask)).toHaveLength(0); // reminders off for the owner
    expect((await api({ method: 'GET', url: '/api/v1/caldav' })).json()).toEqual({ connection: null, reminders: { minutesBefore: 0 } });
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DialerHomeSchema, DialSessionSchema, ItemContextSchema, LogDispositionResponseSchema, PlaceCallResponseSchema } from '@flywheel/contracts';
import { createTestContext, testDbKind, type TestContext, type TestWorkspace } from '../../../test/harness.ts';
import { hoursFromNow, makeLead, makeTask, zoneAtLocalHour } from './dialer.test-helpers.ts';

let t: TestContext;
let w: TestWorkspace;
let api: ReturnType<TestContext['as']>;
const daytime = zoneAtLocalHour(13);

beforeAll(async () => {
  t = await createTestContext();
  w = await t.newWorkspace('Dialer logging');
  api = t.as({ cookie: w.cookie });
});
afterAll(async () => t?.close());

async function lead(name: string, phone: string, timezone = daytime) {
  const id = await makeLead(t, w, name, phone);
  await api({ method: 'PATCH', url: `/api/v1/leads/${id}`, payload: { timezone } });
  return id;
}
async function session(payload: Record<string, unknown>) {
  const res = await api({ method: 'POST', url: '/api/v1/dialer/sessions', payload });
  expect(res.statusCode, res.body).toBe(201);
  return DialSessionSchema.parse(res.json());
}
const home = async () => DialerHomeSchema.parse((await api({ method: 'GET', url: '/api/v1/dialer/home' })).json()).today;
const count = async (sql: string, params: unknown[]) => Number((await t.db.query<{ n: number }>(sql, params)).rows[0].n);
const timeline = async (leadId: string) => (await api({ method: 'GET', url: `/api/v1/leads/${leadId}/timeline?limit=100` })).json().data as { kind: string; summary: string }[];
const itemUrl = (s: string, i: string) => `/api/v1/dialer/sessions/${s}/items/${i}`;

describe(`calling and logging on ${testDbKind}`, () => {
  it('a clicked but never logged call adds no attempt and changes no metric', async () => {
    const id = await lead('Clicky Co', '+13125550111');
    const s = await session({ mode: 'custom', custom: { leadIds: [id] }, callVia: 'tel' });
    const before = await home();
    const res = await api({ method: 'POST', url: `${itemUrl(s.id, s.items[0].id)}/call`, payload: {} });
    expect(res.statusCode, res.body).toBe(201);
    const placed = PlaceCallResponseSchema.parse(res.json());
    expect(placed.telUri).toBe('tel:+13125550111');
    expect(placed.callSession).toMatchObject({ status: 'initiated', provider: 'openphone', to: '+13125550111', dialSessionId: s.id, dialSessionItemId: s.items[0].id, attempt: null, durationSeconds: null });
    expect(await count('SELECT count(*)::int AS n FROM attempts WHERE workspace_id = $1', [w.workspaceId])).toBe(0);
    expect(await home()).toEqual(before);
    expect((await timeline(id)).map((a) => a.summary)).toContain('Call placed to +13125550111 (phone app)');
    // the call shows in the item's context, still without an outcome
    const ctxRes = ItemContextSchema.parse((await api({ method: 'GET', url: `${itemUrl(s.id, s.items[0].id)}/context` })).json());
    expect(ctxRes.calls.map((c) => c.id)).toEqual([placed.callSession.id]);
    expect(ctxRes.script.body).toContain('Clicky Co');
    expect(ctxRes.item.status).toBe('pending');
  });

  it('logs an outcome once: attempt linked to the call, explicit logged stage change, follow-up task, task from the queue completed, next item', async () => {
    const a = await lead('Keen Corp', '+13125550112');
    const b = await lead('Next Corp', '+13125550113');
    const followUp = await makeTask(t, w, a, 'Follow up about pricing', hoursFromNow(-30));
    await makeTask(t, w, b, 'Call back', hoursFromNow(-2));
    const s = await session({ mode: 'followups', callVia: 'tel' });
    const item = s.items.find((i) => i.leadId === a)!;
    const call = PlaceCallResponseSchema.parse((await api({ method: 'POST', url: `${itemUrl(s.id, item.id)}/call`, payload: {} })).json());
    const res = await api({ method: 'POST', url: `${itemUrl(s.id, item.id)}/disposition`, payload: { dispositionKey: 'some_interest', notes: 'Wants pricing for 3 trucks', objectionTags: ['price'] } });
    expect(res.statusCode, res.body).toBe(201);
    const logged = LogDispositionResponseSchema.parse(res.json());
    expect(logged.nextItemId).toBe(s.items.find((i) => i.leadId === b)?.id);
    expect(logged.effects).toEqual(expect.arrayContaining(['Stage → Interested', 'Completed: Follow up about pricing']));
    const attempt = (await t.db.query<{ call_session_id: string; disposition_key: string; dm_reached: boolean }>('SELECT call_session_id, disposition_key, dm_reached FROM attempts WHERE id = $1', [logged.attemptId])).rows[0];
    expect(attempt).toEqual({ call_session_id: call.callSession.id, disposition_key: 'some_interest', dm_reached: true });
    const leadRow = (await t.db.query<{ stage: string; attempt_count: number; last_disposition_key: string }>('SELECT stage, attempt_count, last_disposition_key FROM leads WHERE id = $1', [a])).rows[0];
    expect(leadRow).toEqual({ stage: 'interested', attempt_count: 1, last_disposition_key: 'some_interest' });
    const tasks = (await t.db.query<{ id: string; status: string; title: string; attempt_id: string | null }>('SELECT id, status, title, attempt_id FROM tasks WHERE lead_id = $1 ORDER BY created_at', [a])).rows;
    expect(tasks).toEqual([
      { id: followUp, status: 'done', title: 'Follow up about pricing', attempt_id: null },
      { id: expect.any(String), status: 'open', title: 'Follow up on interest', attempt_id: logged.attemptId },
    ]);
    // the whole story is on the timeline, written by the server
    const kinds = (await timeline(a)).map((x) => x.kind);
    for (const k of ['call.placed', 'call.logged', 'stage.changed', 'task.created', 'task.completed']) expect(kinds).toContain(k);
    expect((await timeline(a)).find((x) => x.kind === 'stage.changed')?.summary).toBe('Stage: New → Interested (logged Some interest)');
    // twice → 409 naming the attempt that exists
    const again = await api({ method: 'POST', url: `${itemUrl(s.id, item.id)}/disposition`, payload: { dispositionKey: 'no_answer' } });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.fields.attemptId).toBe(logged.attemptId);
    // metrics come from the attempt; talk time only once the provider reports a duration
    expect(await home()).toMatchObject({ attempts: 1, connects: 1, dmReached: 1, talkSeconds: 0 });
    await t.db.query('UPDATE call_sessions SET status = $2, provider_duration_seconds = 42 WHERE id = $1', [call.callSession.id, 'completed']);
    expect(await home()).toMatchObject({ attempts: 1, talkSeconds: 42 });
    const summary = (await api({ method: 'POST', url: `/api/v1/dialer/sessions/${s.id}/end` })).json();
    expect(summary).toMatchObject({ calls: 1, attempts: 1, connects: 1, talkSeconds: 42, durationsPending: 0, items: { total: 2, called: 1, pending: 1 } });
    // an ended session refuses calls and outcomes
    const rest = s.items.find((i) => i.leadId === b)!;
    expect((await api({ method: 'POST', url: `${itemUrl(s.id, rest.id)}/call`, payload: {} })).statusCode).toBe(409);
    expect((await api({ method: 'POST', url: `${itemUrl(s.id, rest.id)}/disposition`, payload: { dispositionKey: 'no_answer' } })).statusCode).toBe(409);
  });

  it('asks for what a disposition needs: why not interested, when the callback is', async () => {
    const id = await lead('Picky Co', '+13125550114');
    const s = await session({ mode: 'custom', custom: { leadIds: [id] }, callVia: 'tel' });
    const url = `${itemUrl(s.id, s.items[0].id)}/disposition`;
    expect((await api({ method: 'POST', url, payload: { dispositionKey: 'not_interested' } })).json().error.fields).toHaveProperty('notInterestedReason');
    expect((await api({ method: 'POST', url, payload: { dispositionKey: 'follow_up' } })).json().error.fields).toHaveProperty('taskDueAt');
    expect((await api({ method: 'POST', url, payload: { dispositionKey: 'made_up' } })).statusCode).toBe(400);
    const due = hoursFromNow(26);
    const ok = await api({ method: 'POST', url, payload: { dispositionKey: 'follow_up', taskDueAt: due } });
    expect(ok.statusCode, ok.body).toBe(201);
    const task = (await t.db.query<{ kind: string; due_at: Date }>(`SELECT kind, due_at FROM tasks WHERE lead_id = $1 AND status = 'open'`, [id])).rows[0];
    expect(task.kind).toBe('callback');
    expect(task.due_at.toISOString()).toBe(due);
    // skipping needs a reason and adds no attempt
    const s2 = await session({ mode: 'custom', custom: { leadIds: [id] }, callVia: 'tel' });
    expect((await api({ method: 'POST', url: `${itemUrl(s2.id, s2.items[0].id)}/skip`, payload: { reason: '' } })).statusCode).toBe(400);
    expect((await api({ method: 'POST', url: `${itemUrl(s2.id, s2.items[0].id)}/skip`, payload: { reason: 'Gatekeeper said Friday' } })).json()).toEqual({ nextItemId: null });
    expect(await count('SELECT count(*)::int AS n FROM attempts WHERE lead_id = $1', [id])).toBe(1);
  });

  it('never queues a DNC or bad number again, and refuses calls outside 08:00–21:00 local time', async () => {
    const dnc = await lead('Angry Co', '+13125550115');
    const bad = await lead('Wrong Co', '+13125550116');
    const night = await lead('Sleepy Co', '+13125550117', zoneAtLocalHour(3));
    const s = await session({ mode: 'custom', custom: { leadIds: [dnc, bad, night] }, callVia: 'tel' });
    const [i1, i2, i3] = s.items;
    await api({ method: 'POST', url: `${itemUrl(s.id, i1.id)}/disposition`, payload: { dispositionKey: 'do_not_call' } });
    await api({ method: 'POST', url: `${itemUrl(s.id, i2.id)}/disposition`, payload: { dispositionKey: 'bad_number' } });
    const late = await api({ method: 'POST', url: `${itemUrl(s.id, i3.id)}/call`, payload: {} });
    expect(late.statusCode).toBe(422);
    expect(late.json().error.message).toMatch(/calls are allowed 8:00–21:00/);
    expect(await count('SELECT count(*)::int AS n FROM call_sessions WHERE lead_id = $1', [night])).toBe(0);
    expect(await count(`SELECT count(*)::int AS n FROM phone_flags WHERE workspace_id = $1 AND phone IN ('+13125550115', '+13125550116')`, [w.workspaceId])).toBe(2);
    // the same number on another lead is skipped too
    const twin = await lead('Angry Co Branch', '+13125550115');
    const again = await session({ mode: 'custom', custom: { leadIds: [dnc, bad, twin, night] }, callVia: 'tel' });
    expect(again.items.map((i) => i.leadId)).toEqual([night]);
    const lostStage = (await t.db.query<{ stage: string }>('SELECT stage FROM leads WHERE id = $1', [dnc])).rows[0].stage;
    expect(lostStage).toBe('lost');
  });

  it('places a provider call through the sandbox carrier: the call session gets the provider id, still no attempt', async () => {
    const id = await lead('Sandbox Co', '+13125550118');
    const s = await session({ mode: 'custom', custom: { leadIds: [id] } });
    const res = await api({ method: 'POST', url: `${itemUrl(s.id, s.items[0].id)}/call`, payload: { record: true } });
    expect(res.statusCode, res.body).toBe(201);
    const placed = PlaceCallResponseSchema.parse(res.json());
    expect(placed.telUri).toBeNull();
    expect(placed.callSession).toMatchObject({ provider: 'sandbox', to: '+13125550118', record: true, attempt: null });
    expect(placed.callSession.providerCallId).toMatch(/^CA/);
    expect(await count('SELECT count(*)::int AS n FROM attempts WHERE lead_id = $1', [id])).toBe(0);
  });

  it('callableNow keeps only leads whose local time is inside calling hours', async () => {
    const day = await lead('Awake Co', '+13125550119');
    const night = await lead('Asleep Co', '+13125550120', zoneAtLocalHour(2));
    const s = await session({ mode: 'custom', custom: { leadIds: [day, night] }, filters: { callableNow: true }, callVia: 'tel' });
    expect(s.items.map((i) => i.leadId)).toEqual([day]);
    const modes = (await api({ method: 'GET', url: '/api/v1/dialer/modes?callableNow=true' })).json().modes as { mode: string; count: number }[];
    const all = (await api({ method: 'GET', url: '/api/v1/dialer/modes' })).json().modes as { mode: string; count: number }[];
    expect(modes.find((m) => m.mode === 'new')!.count).toBeLessThan(all.find((m) => m.mode === 'new')!.count);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DialSessionSchema } from '@flywheel/contracts';
import { createTestContext, testDbKind, type TestContext, type TestWorkspace } from '../../../test/harness.ts';
import { CALLBACK_INSERTED_REASON, insertDueCallbacks } from './callbacks.job.ts';
import { hoursFromNow, makeLead, makeTask } from './dialer.test-helpers.ts';

let t: TestContext;
let w: TestWorkspace;
let api: ReturnType<TestContext['as']>;

beforeAll(async () => {
  t = await createTestContext();
  w = await t.newWorkspace('Callbacks');
  api = t.as({ cookie: w.cookie });
});
afterAll(async () => t?.close());

describe(`callbacks falling due on ${testDbKind}`, () => {
  it('inserts a callback right after the current item, visibly, once; notifies the rep once', async () => {
    const leads = [await makeLead(t, w, 'One Co', '+14155550101'), await makeLead(t, w, 'Two Co', '+14155550102'), await makeLead(t, w, 'Three Co', '+14155550103')];
    const started = DialSessionSchema.parse((await api({ method: 'POST', url: '/api/v1/dialer/sessions', payload: { mode: 'custom', custom: { leadIds: leads }, callVia: 'tel' } })).json());
    // the rep is on the second item (the first is logged)
    await api({ method: 'POST', url: `/api/v1/dialer/sessions/${started.id}/items/${started.items[0].id}/disposition`, payload: { dispositionKey: 'no_answer' } });
    const caller = await makeLead(t, w, 'Callback Co', '+14155550104');
    const task = await makeTask(t, w, caller, 'Call back at 3', hoursFromNow(1), { kind: 'callback' });
    // not due yet: nothing happens
    expect(await insertDueCallbacks(t.deps, w.workspaceId)).toEqual({ inserted: 0, notified: 0 });
    const later = new Date(Date.now() + 61 * 60_000);
    expect(await insertDueCallbacks(t.deps, w.workspaceId, later)).toEqual({ inserted: 1, notified: 1 });
    expect(await insertDueCallbacks(t.deps, w.workspaceId, later)).toEqual({ inserted: 0, notified: 0 });
    const s = DialSessionSchema.parse((await api({ method: 'GET', url: `/api/v1/dialer/sessions/${started.id}` })).json());
    expect(s.items.map((i) => i.leadId)).toEqual([leads[0], leads[1], caller, leads[2]]);
    expect(s.items[2]).toMatchObject({ reason: CALLBACK_INSERTED_REASON, source: 'callback', taskId: task, status: 'pending', phone: '+14155550104' });
    expect(s.items[2].insertedAt).not.toBeNull();
    expect(s.currentItemId).toBe(s.items[1].id);
    const notes = (await api({ method: 'GET', url: '/api/v1/notifications' })).json();
    expect(JSON.stringify(notes)).toContain('Callback due: Callback Co');
    const { rows } = await t.db.query<{ reminded_at: Date | null }>('SELECT reminded_at FROM tasks WHERE id = $1', [task]);
    expect(rows[0].reminded_at).not.toBeNull();
  });
});

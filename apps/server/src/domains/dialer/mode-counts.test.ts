import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIAL_MODES, DialModesResponseSchema, DialSessionSchema } from '@flywheel/contracts';
import { createTestContext, testDbKind, type TestContext, type TestWorkspace } from '../../../test/harness.ts';
import { hoursFromNow, makeLead, makeTask, pastAttempt, zoneAtLocalHour } from './dialer.test-helpers.ts';

/**
 * The setup screen's counts come from one statement over all modes; a session is started by each
 * mode's own pick. On a dataset that hits every condition of every mode, each count must be the
 * size of the session that mode starts — with and without the narrowing filters.
 */
let t: TestContext;
let w: TestWorkspace;
let api: ReturnType<TestContext['as']>;

beforeAll(async () => {
  t = await createTestContext();
  w = await t.newWorkspace('Mode counts');
  api = t.as({ cookie: w.cookie });
  const lead = async (name: string, phone: string, set: Record<string, string | null> = {}, extra: Record<string, unknown> = {}) => {
    const id = await makeLead(t, w, name, phone, extra);
    for (const [col, value] of Object.entries(set)) await t.db.query(`UPDATE leads SET ${col} = $2 WHERE id = $1`, [id, value]);
    return id;
  };
  const awake = zoneAtLocalHour(12);
  const asleep = zoneAtLocalHour(3);
  // new, in and out of calling hours, in segments/sources, owned and unowned
  await lead('Fresh A', '+12125550201', { segment: 'smb', source: 'web', timezone: awake });
  await lead('Fresh B', '+12125550202', { segment: 'smb', timezone: asleep, owner_id: null });
  await lead('Fresh C', '+447911123456', { source: 'web' });
  await lead('Fresh won', '+12125550204', {}, { stage: 'won' });
  await lead('Deleted', '+12125550205', { deleted_at: new Date().toISOString() });
  await lead('Dnc', '+12125550206', { dnc_at: new Date().toISOString() });
  const flagged = await lead('Flagged', '+12125550207', { segment: 'smb' });
  await t.db.query(`INSERT INTO phone_flags (workspace_id, phone, kind) VALUES ($1, '+12125550207', 'bad_number')`, [w.workspaceId]);
  // interested by outcome and by stage; a lost lead that once showed interest
  const keen = await lead('Keen', '+12125550208', { timezone: asleep });
  await pastAttempt(t, w, keen, 'some_interest', 2);
  await lead('Staged', '+12125550209', { segment: 'smb' }, { stage: 'interested' });
  const lostKeen = await lead('Lost keen', '+12125550210', {}, { stage: 'lost' });
  await pastAttempt(t, w, lostKeen, 'meeting_set', 5);
  // nurture three ways, and one not-interested for another reason
  const timing = await lead('Timing', '+12125550211', { source: 'web' });
  await pastAttempt(t, w, timing, 'not_interested', 90, 'timing');
  const other = await lead('Other reason', '+12125550212');
  await pastAttempt(t, w, other, 'not_interested', 3, 'competitor');
  await lead('Nurture stage', '+12125550213', { owner_id: null }, { stage: 'nurture' });
  const nurtureTask = await lead('Nurture task', '+12125550214');
  await makeTask(t, w, nurtureTask, 'Check back in spring', hoursFromNow(24 * 30), { kind: 'nurture' });
  await makeTask(t, w, nurtureTask, 'Second nurture', hoursFromNow(24 * 60), { kind: 'nurture' });
  // tasks: overdue (two on one lead), later today, next week, unowned, callbacks due and not yet due
  const busy = await lead('Busy', '+12125550215', { segment: 'smb' });
  await makeTask(t, w, busy, 'Overdue one', hoursFromNow(-30));
  await makeTask(t, w, busy, 'Overdue two', hoursFromNow(-2), { kind: 'callback' });
  await makeTask(t, w, await lead('Soon', '+12125550216', { timezone: asleep }), 'Later', hoursFromNow(-0.5));
  await makeTask(t, w, await lead('Next week', '+12125550217'), 'Next week', hoursFromNow(24 * 6));
  const unowned = await makeTask(t, w, await lead('Unowned task', '+12125550218'), 'Nobody', hoursFromNow(-5));
  await t.db.query('UPDATE tasks SET owner_id = NULL WHERE id = $1', [unowned]);
  await makeTask(t, w, await lead('Callback later', '+12125550219'), 'Call back', hoursFromNow(30), { kind: 'callback' });
  await makeTask(t, w, flagged, 'Flagged number task', hoursFromNow(-1));
  await makeTask(t, w, await lead('Won with task', '+12125550220', {}, { stage: 'won' }), 'Upsell', hoursFromNow(-3));
});
afterAll(async () => t?.close());

async function sessionSize(mode: (typeof DIAL_MODES)[number], filters: Record<string, unknown>): Promise<number> {
  const res = await api({ method: 'POST', url: '/api/v1/dialer/sessions', payload: { mode, filters, limit: 1000, ...(mode === 'custom' ? { custom: { filters: {} } } : {}) } });
  if (res.statusCode === 422) return 0;
  expect(res.statusCode, res.body).toBe(201);
  return DialSessionSchema.parse(res.json()).items.length;
}

describe(`mode counts equal the sessions they start on ${testDbKind}`, () => {
  const variants: Record<string, unknown>[] = [
    {}, { segment: 'smb' }, { source: 'web' }, { callableNow: true }, { owner: 'me' }, { owner: 'none' }, { owner: 'all' }, { segment: 'smb', callableNow: true },
  ];
  it.each(variants.map((v) => [JSON.stringify(v), v] as const))('filters %s', async (_name, filters) => {
    const query = Object.fromEntries(Object.entries(filters).map(([k, v]) => [k, String(v)]));
    const res = await api({ method: 'GET', url: '/api/v1/dialer/modes', query });
    expect(res.statusCode, res.body).toBe(200);
    const counts = Object.fromEntries(DialModesResponseSchema.parse(res.json()).modes.map((m) => [m.mode, m.count]));
    const sizes: Record<string, number> = {};
    for (const mode of DIAL_MODES) sizes[mode] = await sessionSize(mode, filters);
    expect(counts).toEqual(sizes);
  });

  it('sees a dataset where every mode has something (the comparison is not 0 = 0)', async () => {
    const res = await api({ method: 'GET', url: '/api/v1/dialer/modes' });
    const counts = Object.fromEntries(DialModesResponseSchema.parse(res.json()).modes.map((m) => [m.mode, m.count]));
    // new: Fresh A/B/C + the task leads and nurture-task lead never attempted, open stages only
    // follow-ups: Busy, Soon and the won lead's task (task modes call any stage); the unowned task is not "me"
    expect(counts).toMatchObject({ followups: 3, callbacks: 1, interested: 2, nurture: 3 });
    expect(counts.new).toBeGreaterThan(3);
    expect(counts.custom).toBeGreaterThan(counts.new);
  });
});

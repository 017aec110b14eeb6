import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DialModesResponseSchema, DialSessionSchema } from '@flywheel/contracts';
import { createTestContext, testDbKind, type TestContext, type TestWorkspace } from '../../../test/harness.ts';
import { hoursFromNow, makeLead, makeTask, pastAttempt, zoneAtLocalHour } from './dialer.test-helpers.ts';

let t: TestContext;
let w: TestWorkspace;
let api: ReturnType<TestContext['as']>;
const L: Record<string, string> = {};

beforeAll(async () => {
  t = await createTestContext();
  w = await t.newWorkspace('Dialer sessions');
  api = t.as({ cookie: w.cookie });
  // the workspace's day is mid-afternoon whenever this runs, so "due today" (+12 min) never crosses its midnight
  await t.db.query('UPDATE workspaces SET timezone = $2 WHERE id = $1', [w.workspaceId, zoneAtLocalHour(13)]);
  L.fresh = await makeLead(t, w, 'Fresh Co', '+12125550101');
  L.overdue = await makeLead(t, w, 'Overdue Co', '+12125550102');
  L.today = await makeLead(t, w, 'Today Co', '+12125550103');
  L.later = await makeLead(t, w, 'Later Co', '+12125550104');
  L.interested = await makeLead(t, w, 'Keen Co', '+12125550105');
  L.nurture = await makeLead(t, w, 'Timing Co', '+12125550106');
  L.dnc = await makeLead(t, w, 'Dnc Co', '+12125550107');
  L.flagged = await makeLead(t, w, 'Flagged Co', '+12125550108');
  L.won = await makeLead(t, w, 'Won Co', '+12125550109', { stage: 'won' });
  await makeTask(t, w, L.overdue, 'Follow up about pricing', hoursFromNow(-74));
  // due later today when the workspace day still has room, else it is simply overdue by minutes
  await makeTask(t, w, L.today, 'Callback', hoursFromNow(0.2), { kind: 'callback' });
  await makeTask(t, w, L.later, 'Next week check-in', hoursFromNow(24 * 6));
  await makeTask(t, w, L.dnc, 'Should never be called', hoursFromNow(-1));
  await pastAttempt(t, w, L.interested, 'some_interest', 2);
  await pastAttempt(t, w, L.nurture, 'not_interested', 95, 'timing');
  await t.db.query('UPDATE leads SET dnc_at = now() WHERE id = $1', [L.dnc]);
  await t.db.query(`INSERT INTO phone_flags (workspace_id, phone, kind) VALUES ($1, '+12125550108', 'bad_number')`, [w.workspaceId]);
});
afterAll(async () => t?.close());

const start = async (payload: Record<string, unknown>) => {
  const res = await api({ method: 'POST', url: '/api/v1/dialer/sessions', payload });
  expect(res.statusCode, res.body).toBe(201);
  return DialSessionSchema.parse(res.json());
};

describe(`dial modes and snapshot sessions on ${testDbKind}`, () => {
  it('counts each mode live, skipping DNC leads, flagged numbers and won/lost leads', async () => {
    const res = await api({ method: 'GET', url: '/api/v1/dialer/modes' });
    const counts = Object.fromEntries(DialModesResponseSchema.parse(res.json()).modes.map((m) => [m.mode, m.count]));
    // new: never attempted, open stage, not DNC/flagged → fresh, overdue, today, later (interested/nurture have attempts)
    expect(counts).toMatchObject({ new: 4, followups: 2, interested: 1, nurture: 1 });
    // custom calls any stage (a view of won customers is a valid list to call): all but the DNC and flagged leads
    expect(counts.custom).toBe(7);
  });

  it('freezes a Follow-ups session: only leads with due tasks, overdue first, with reasons; refresh and changes elsewhere do not move it', async () => {
    const s = await start({ mode: 'followups', callVia: 'tel' });
    expect(s.items.map((i) => i.leadId)).toEqual([L.overdue, L.today]);
    expect(s.items[0].reason).toBe('Overdue 3d: Follow up about pricing');
    expect(s.items[1].reason).toMatch(/^(Due today \d\d:\d\d|Overdue \d+m): Callback$/);
    expect(s.items[0]).toMatchObject({ source: 'task', phone: '+12125550102', contactName: 'Overdue Test', status: 'pending' });
    expect(s.items[1].source).toBe('callback');
    expect(s.currentItemId).toBe(s.items[0].id);
    const again = DialSessionSchema.parse((await api({ method: 'GET', url: `/api/v1/dialer/sessions/${s.id}` })).json());
    expect(again.items).toEqual(s.items);
    // the overdue task is completed elsewhere and a new lead falls due: the frozen queue stays as it was
    await api({ method: 'POST', url: `/api/v1/tasks/${s.items[0].taskId}/complete` });
    await makeTask(t, w, L.fresh, 'Brand new follow-up', hoursFromNow(-2));
    const after = DialSessionSchema.parse((await api({ method: 'GET', url: `/api/v1/dialer/sessions/${s.id}` })).json());
    expect(after.items).toEqual(s.items);
    const active = (await api({ method: 'GET', url: '/api/v1/dialer/sessions?status=active' })).json();
    expect(active.items.map((x: { id: string }) => x.id)).toEqual([s.id]);
  });

  it('gives New, Interested, Nurture and Custom their reasons and order', async () => {
    const fresh = await start({ mode: 'new' });
    expect(fresh.items[0]).toMatchObject({ leadId: L.fresh, source: 'new' });
    expect(fresh.items[0].reason).toMatch(/^Fresh lead · added \d+m ago$/);
    const keen = await start({ mode: 'interested' });
    expect(keen.items.map((i) => [i.leadId, i.reason])).toEqual([[L.interested, 'Showed interest 2d ago']]);
    const nurture = await start({ mode: 'nurture' });
    expect(nurture.items.map((i) => [i.leadId, i.reason])).toEqual([[L.nurture, 'Nurture: timing, 3 months ago']]);
    const view = (await api({ method: 'POST', url: '/api/v1/views', payload: { name: 'Hot Texas', filters: { q: 'keen' }, shared: true } })).json();
    const custom = await start({ mode: 'custom', custom: { viewId: view.id } });
    expect(custom.items.map((i) => [i.leadId, i.reason])).toEqual([[L.interested, 'From view “Hot Texas”']]);
    const picked = await start({ mode: 'custom', custom: { leadIds: [L.later, L.dnc, L.fresh] } });
    // hand-picked order kept; the DNC lead is still refused
    expect(picked.items.map((i) => i.leadId)).toEqual([L.later, L.fresh]);
    // one active session per rep: starting another ended the previous ones
    const list = (await api({ method: 'GET', url: '/api/v1/dialer/sessions?status=active' })).json();
    expect(list.items.map((x: { id: string }) => x.id)).toEqual([picked.id]);
  });

  it('refuses an empty queue with 422 and bad input with 400', async () => {
    const empty = await api({ method: 'POST', url: '/api/v1/dialer/sessions', payload: { mode: 'new', filters: { segment: 'nobody' } } });
    expect(empty.statusCode).toBe(422);
    expect(empty.json().error.message).toMatch(/Nothing to call in New/);
    expect((await api({ method: 'POST', url: '/api/v1/dialer/sessions', payload: { mode: 'custom' } })).statusCode).toBe(400);
    expect((await api({ method: 'POST', url: '/api/v1/dialer/sessions', payload: {} })).statusCode).toBe(400);
    expect((await api({ method: 'POST', url: '/api/v1/dialer/sessions', payload: { mode: 'custom', custom: { filters: { touched: 'yesterday' } } } })).statusCode).toBe(400);
  });
});

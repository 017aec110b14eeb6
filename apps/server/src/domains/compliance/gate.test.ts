import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ComplianceDecisionListSchema, ComplianceSettingsSchema } from '@flywheel/contracts';
import { createTestContext, testDbKind, type TestContext, type TestWorkspace } from '../../../test/harness.ts';
import { withWorkspace } from '../../platform/tenancy/with-workspace.ts';
import { insertCallSessions } from '../calls/index.ts';
import { flagPhone } from '../calls/index.ts';
import { makeLead, zoneAtLocalHour } from '../dialer/dialer.test-helpers.ts';
import { checkDial, type DialCheck } from './gate.ts';

let t: TestContext;
let w: TestWorkspace;
let api: ReturnType<TestContext['as']>;

beforeAll(async () => {
  t = await createTestContext();
  w = await t.newWorkspace('Compliance gate');
  api = t.as({ cookie: w.cookie });
});
afterAll(async () => t?.close());

const at = (iso: string) => new Date(iso);
const check = (q: DialCheck, ws: TestWorkspace = w) => withWorkspace(t.db, ws.workspaceId, (tx) => checkDial(tx, { workspaceId: ws.workspaceId, userId: ws.userId }, q));
async function lead(name: string, phone: string, extra: Record<string, unknown> = {}) {
  const id = await makeLead(t, w, name, phone);
  if (Object.keys(extra).length) expect((await api({ method: 'PATCH', url: `/api/v1/leads/${id}`, payload: extra })).statusCode).toBe(200);
  return id;
}
async function pastCalls(leadId: string | null, to: string, startedAt: Date[], status: 'completed' | 'failed' | 'no_answer' = 'no_answer') {
  await withWorkspace(t.db, w.workspaceId, (tx) => insertCallSessions(tx, w.workspaceId, startedAt.map((s) => ({
    provider: 'sandbox', providerCallId: null, direction: 'outbound' as const, from: '+13125550100', to, status,
    statusHistory: [{ status, at: s.toISOString(), source: 'provider' as const }], startedAt: s, leadId, userId: w.userId,
  }))));
}
async function putSettings(patch: Record<string, unknown>) {
  const cur = ComplianceSettingsSchema.parse((await api({ method: 'GET', url: '/api/v1/settings/compliance' })).json());
  const res = await api({ method: 'PUT', url: '/api/v1/settings/compliance', payload: { ...cur, ...patch } });
  expect(res.statusCode, res.body).toBe(200);
}

describe(`compliance gate on ${testDbKind}`, () => {
  it('Florida: 8:00–20:00 in Miami, and says why and from when', async () => {
    const id = await lead('Miami Co', '+13053742000');
    const early = await check({ leadId: id, kind: 'call', at: at('2026-07-01T11:12:00Z') });
    expect(early).toMatchObject({ allowed: false, code: 'outside_calling_hours', nextAllowedAt: at('2026-07-01T12:00:00Z') });
    expect(early.reason).toBe('Outside calling hours: 7:12 AM in Miami, FL; calls are allowed 8:00–20:00 there (FL rule). Callable from 8:00 AM, in 48 min.');
    expect(await check({ leadId: id, kind: 'call', at: at('2026-07-01T12:00:00Z') })).toMatchObject({ allowed: true, code: null });
    // 20:30 EDT: past Florida's 20:00 though inside the federal 21:00
    expect(await check({ leadId: id, kind: 'call', at: at('2026-07-02T00:30:00Z') })).toMatchObject({ allowed: false, code: 'outside_calling_hours', nextAllowedAt: at('2026-07-02T12:00:00Z') });
    // Chicago at 20:30 CDT is fine (federal window only)
    const chi = await lead('Chicago Co', '+13125550140');
    const ok = await check({ leadId: chi, kind: 'call', at: at('2026-07-02T01:30:00Z') });
    expect(ok).toMatchObject({ allowed: true });
    expect(ok.reason).toBe('Allowed: call at 8:30 PM their time, inside 8:00–21:00.');
  });

  it("the lead's own zone wins over the area code's; a Florida address brings Florida's rule to any number", async () => {
    const moved = await lead('Moved Co', '+13125550141', { timezone: 'America/Los_Angeles' });
    // 7:30 in Chicago, 5:30 in Los Angeles
    const r = await check({ leadId: moved, kind: 'call', at: at('2026-07-01T12:30:00Z') });
    expect(r).toMatchObject({ allowed: false, nextAllowedAt: at('2026-07-01T15:00:00Z') });
    expect(r.reason).toMatch(/^Outside calling hours: 5:30 AM \(America\/Los_Angeles\); calls are allowed 8:00–21:00/);
    const floridian = await lead('Snowbird Co', '+13125550142', { region: 'Florida' });
    // 20:30 in Chicago: inside the federal window, outside Florida's
    expect(await check({ leadId: floridian, kind: 'call', at: at('2026-07-02T01:30:00Z') })).toMatchObject({ allowed: false, code: 'outside_calling_hours' });
  });

  it('Florida: at most 3 calls per person per 24 h, counting calls to the number on any lead; failed calls do not count', async () => {
    const id = await lead('Capped Co', '+13053742001');
    const other = await lead('Capped Co Branch', '+13053742001');
    const now = at('2026-07-01T16:00:00Z');
    const h = (n: number) => new Date(now.getTime() - n * 3600_000);
    await pastCalls(id, '+13053742001', [h(30), h(20), h(5)]);
    await pastCalls(other, '+13053742001', [h(2)]);
    await pastCalls(id, '+13053742001', [h(1)], 'failed');
    const r = await check({ leadId: id, kind: 'call', at: now });
    expect(r).toMatchObject({ allowed: false, code: 'state_daily_cap', nextAllowedAt: new Date(h(20).getTime() + 24 * 3600_000) });
    expect(r.reason).toMatch(/called 3 times in the last 24 h; FL allows 3 calls per person per 24 h\. Callable again at 4:00 PM their time, in 4 h\.$/);
    expect(r.details).toMatchObject({ callsIn24h: 3, maxCallsPer24h: 3 });
    // once the oldest counted call is 24 h old, one more is allowed
    expect(await check({ leadId: id, kind: 'call', at: new Date(h(20).getTime() + 24 * 3600_000) })).toMatchObject({ allowed: true });
  });

  it('two reps racing for the last call a state cap allows: exactly one gets it (the lead row is locked)', async () => {
    const id = await lead('Raced Co', '+13053742002');
    const now = new Date();
    await pastCalls(id, '+13053742002', [new Date(now.getTime() - 3 * 3600_000), new Date(now.getTime() - 2 * 3600_000)]);
    // calling hours are not what this is about: give the lead a zone where it is midday
    await withWorkspace(t.db, w.workspaceId, (tx) => tx.query('UPDATE leads SET timezone = $2 WHERE id = $1', [id, zoneAtLocalHour(12)]));
    const dial = () => withWorkspace(t.db, w.workspaceId, async (tx) => {
      const d = await checkDial(tx, { workspaceId: w.workspaceId, userId: w.userId }, { leadId: id, kind: 'call', source: 'dial' });
      if (d.allowed) {
        await insertCallSessions(tx, w.workspaceId, [{ provider: 'sandbox', providerCallId: null, direction: 'outbound', from: '+13125550100', to: '+13053742002', status: 'initiated', statusHistory: [], startedAt: new Date(), leadId: id }]);
      }
      return d;
    });
    const results = await Promise.all([dial(), dial(), dial()]);
    expect(results.filter((r) => r.allowed)).toHaveLength(1);
    expect(results.filter((r) => !r.allowed).map((r) => r.code)).toEqual(['state_daily_cap', 'state_daily_cap']);
  });

  it('outside North America: the country’s zone when the lead has none', async () => {
    const id = await lead('London Co', '+442079460958');
    const r = await check({ leadId: id, kind: 'call', at: at('2026-07-01T06:30:00Z') }); // 7:30 BST
    expect(r).toMatchObject({ allowed: false, code: 'outside_calling_hours', nextAllowedAt: at('2026-07-01T07:00:00Z') });
    expect(r.details).toMatchObject({ zones: ['Europe/London'], zoneSource: 'country', states: [] });
  });

  it('a minimum gap between two calls to one lead, when the workspace sets one', async () => {
    const id = await lead('Gap Co', '+13125550143');
    const now = at('2026-07-01T17:00:00Z');
    await pastCalls(id, '+13125550143', [new Date(now.getTime() - 20 * 60_000)]);
    expect(await check({ leadId: id, kind: 'call', at: now })).toMatchObject({ allowed: true });
    await putSettings({ minGapMinutes: 60 });
    const r = await check({ leadId: id, kind: 'call', at: now });
    expect(r).toMatchObject({ allowed: false, code: 'min_gap', nextAllowedAt: new Date(now.getTime() + 40 * 60_000) });
    expect(r.reason).toBe('Gap Co was called 20 min ago; this workspace waits 60 min between calls to a lead. Callable in 40 min.');
    await putSettings({ minGapMinutes: 0 });
  });

  it('do-not-call: on the lead, or on its number flagged on another lead; bad numbers too', async () => {
    const first = await lead('Opted Out Co', '+13125550144');
    await withWorkspace(t.db, w.workspaceId, (tx) => flagPhone(tx, { workspaceId: w.workspaceId, createdBy: w.userId, phone: '+13125550144', kind: 'dnc', leadId: first, reason: 'asked to stop' }));
    const twin = await lead('Opted Out Co HQ', '+13125550144');
    const r = await check({ leadId: twin, kind: 'call', at: at('2026-07-01T17:00:00Z') });
    expect(r).toMatchObject({ allowed: false, code: 'dnc', nextAllowedAt: null });
    expect(r.reason).toBe('+13125550144 is on the do-not-call list (on Opted Out Co); it is never called again.');
    const bad = await lead('Wrong Number Co', '+13125550145');
    await withWorkspace(t.db, w.workspaceId, (tx) => flagPhone(tx, { workspaceId: w.workspaceId, createdBy: w.userId, phone: '+13125550145', kind: 'bad_number', leadId: bad, reason: 'disconnected' }));
    expect(await check({ leadId: bad, kind: 'call' })).toMatchObject({ allowed: false, code: 'bad_number' });
    // texting is refused too
    expect(await check({ leadId: twin, kind: 'sms' })).toMatchObject({ allowed: false, code: 'dnc' });
  });

  it('SMS only once 10DLC is approved, and never to a number that opted out', async () => {
    const id = await lead('Texty Co', '+13125550146');
    const noon = at('2026-07-01T17:00:00Z');
    expect(await check({ leadId: id, kind: 'sms', at: noon })).toMatchObject({ allowed: false, code: 'sms_not_registered' });
    await putSettings({ tenDlcStatus: 'approved' });
    expect(await check({ leadId: id, kind: 'sms', at: noon })).toMatchObject({ allowed: true });
    // marketing texts keep calling hours too
    expect(await check({ leadId: id, kind: 'sms', at: at('2026-07-01T05:00:00Z') })).toMatchObject({ allowed: false, code: 'outside_calling_hours' });
    await withWorkspace(t.db, w.workspaceId, (tx) => tx.query(`INSERT INTO sms_opt_outs (workspace_id, phone, keyword) VALUES ($1, '+13125550146', 'STOP')`, [w.workspaceId]));
    const out = await check({ leadId: id, kind: 'sms', at: noon });
    expect(out).toMatchObject({ allowed: false, code: 'sms_opted_out', reason: '+13125550146 opted out of texts (replied STOP).' });
    // opting out of texts is not do-not-call
    expect(await check({ leadId: id, kind: 'call', at: noon })).toMatchObject({ allowed: true });
    await putSettings({ tenDlcStatus: 'none' });
  });

  it('logs every decision, allowed or not, with its reason; managers list them per lead', async () => {
    const id = await lead('Logged Co', '+13125550147');
    await check({ leadId: id, kind: 'call', at: at('2026-07-01T17:00:00Z') });
    await check({ leadId: id, kind: 'call', at: at('2026-07-01T05:00:00Z') });
    const res = await api({ method: 'GET', url: `/api/v1/compliance/decisions?leadId=${id}` });
    expect(res.statusCode).toBe(200);
    const { data } = ComplianceDecisionListSchema.parse(res.json());
    // newest first
    expect(data.map((d) => [d.allowed, d.code, d.source, d.kind, d.phone])).toEqual([
      [false, 'outside_calling_hours', 'dial', 'call', '+13125550147'],
      [true, null, 'dial', 'call', '+13125550147'],
    ]);
    expect(data.every((d) => d.reason.length > 10 && d.leadId === id && d.userId === w.userId)).toBe(true);
    expect(data[0].details).toMatchObject({ at: '2026-07-01T05:00:00.000Z', zones: ['America/Chicago'], zoneSource: 'area_code', states: ['IL'], localTime: '12:00 AM' });
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ComplianceDecisionListSchema, ComplianceDecisionSchema, ComplianceSettingsSchema, DialSessionSchema } from '@flywheel/contracts';
import { createTestContext, testDbKind, type TestContext, type TestWorkspace } from '../../../test/harness.ts';
import { createApiKey } from '../identity/workspace.service.ts';
import { withWorkspace } from '../../platform/tenancy/with-workspace.ts';
import { makeLead, zoneAtLocalHour } from '../dialer/dialer.test-helpers.ts';
import { DEFAULT_COMPLIANCE } from './settings.ts';

let t: TestContext;
let w: TestWorkspace;
let other: TestWorkspace;
let api: ReturnType<TestContext['as']>;

beforeAll(async () => {
  t = await createTestContext();
  w = await t.newWorkspace('Compliance routes');
  other = await t.newWorkspace('Someone else');
  api = t.as({ cookie: w.cookie });
});
afterAll(async () => t?.close());

async function lead(name: string, phone: string, timezone: string) {
  const id = await makeLead(t, w, name, phone);
  await api({ method: 'PATCH', url: `/api/v1/leads/${id}`, payload: { timezone } });
  return id;
}
const decisionsOf = async (leadId: string) => ComplianceDecisionListSchema.parse((await api({ method: 'GET', url: `/api/v1/compliance/decisions?leadId=${leadId}` })).json()).data;

describe(`compliance routes on ${testDbKind}`, () => {
  it('settings: defaults (federal hours, FL/OK/WA examples, no gap, 10DLC none); admins edit, state rules may only narrow', async () => {
    const got = ComplianceSettingsSchema.parse((await api({ method: 'GET', url: '/api/v1/settings/compliance' })).json());
    expect(got).toEqual(DEFAULT_COMPLIANCE);
    const next = { ...got, stateRules: { ...got.stateRules, PA: { start: 8, end: 21, maxCallsPer24h: 5 } }, minGapMinutes: 30 };
    expect(ComplianceSettingsSchema.parse((await api({ method: 'PUT', url: '/api/v1/settings/compliance', payload: next })).json())).toEqual(next);
    const looser = await api({ method: 'PUT', url: '/api/v1/settings/compliance', payload: { ...next, stateRules: { TX: { start: 7, end: 21 } } } });
    expect(looser.statusCode).toBe(400);
    expect(looser.json().error.message).toMatch(/TX's window \(7:00–21:00\) must lie inside the calling hours/);
    for (const bad of [{ ...next, callingHours: { start: 21, end: 8 } }, { ...next, stateRules: { florida: {} } }, { ...next, tenDlcStatus: 'maybe' }, { ...next, minGapMinutes: -1 }]) {
      expect((await api({ method: 'PUT', url: '/api/v1/settings/compliance', payload: bad })).statusCode).toBe(400);
    }
    // a stored value that no longer parses falls back to its default, field by field
    await withWorkspace(t.db, w.workspaceId, (tx) => tx.query(`UPDATE workspaces SET settings = jsonb_set(settings, '{compliance,minGapMinutes}', '"soon"') WHERE id = $1`, [w.workspaceId]));
    expect((await api({ method: 'GET', url: '/api/v1/settings/compliance' })).json()).toMatchObject({ minGapMinutes: 0, stateRules: { PA: { maxCallsPer24h: 5 } } });
    await api({ method: 'PUT', url: '/api/v1/settings/compliance', payload: DEFAULT_COMPLIANCE });
  });

  it('roles: any member may ask; managers read the log; only admins touch the rules', async () => {
    const id = await lead('Role Co', '+13125550160', zoneAtLocalHour(13));
    const rep = t.as({ apiKey: (await createApiKey(t.db, w.workspaceId, { name: 'rep', role: 'rep' })).key });
    const manager = t.as({ apiKey: (await createApiKey(t.db, w.workspaceId, { name: 'mgr', role: 'manager' })).key });
    expect((await rep({ method: 'POST', url: '/api/v1/compliance/check', payload: { leadId: id } })).statusCode).toBe(200);
    expect((await rep({ method: 'GET', url: '/api/v1/compliance/decisions' })).statusCode).toBe(403);
    expect((await manager({ method: 'GET', url: '/api/v1/compliance/decisions' })).statusCode).toBe(200);
    expect((await manager({ method: 'GET', url: '/api/v1/settings/compliance' })).statusCode).toBe(403);
    expect((await manager({ method: 'PUT', url: '/api/v1/settings/compliance', payload: DEFAULT_COMPLIANCE })).statusCode).toBe(403);
  });

  it('check: "can I call now, and if not, when?" — logged as a check; bad input is a 400, never a 500', async () => {
    const night = await lead('Night Co', '+13125550161', zoneAtLocalHour(3));
    const res = await api({ method: 'POST', url: '/api/v1/compliance/check', payload: { leadId: night, kind: 'call' } });
    expect(res.statusCode).toBe(200);
    const d = ComplianceDecisionSchema.parse(res.json());
    expect(d).toMatchObject({ allowed: false, code: 'outside_calling_hours', phone: '+13125550161' });
    // 3:xx local → 8:00 local, between 4 h and 5 h away
    const wait = new Date(d.nextAllowedAt ?? 0).getTime() - Date.now();
    expect(wait).toBeGreaterThan(4 * 3600_000);
    expect(wait).toBeLessThanOrEqual(5 * 3600_000);
    expect(d.reason).toMatch(/Callable from 8:00 AM, in [45] h/);
    // another number than the lead's, national format
    const alt = ComplianceDecisionSchema.parse((await api({ method: 'POST', url: '/api/v1/compliance/check', payload: { leadId: night, phone: '(312) 555-0162', kind: 'sms' } })).json());
    expect(alt).toMatchObject({ allowed: false, code: 'sms_not_registered', phone: '+13125550162' });
    expect((await decisionsOf(night)).map((x) => [x.source, x.kind, x.code])).toEqual([['check', 'sms', 'sms_not_registered'], ['check', 'call', 'outside_calling_hours']]);
    for (const payload of [{}, { leadId: 'nope' }, { leadId: night, kind: 'fax' }, { leadId: night, phone: 'call me' }]) {
      const bad = await api({ method: 'POST', url: '/api/v1/compliance/check', payload });
      expect(bad.statusCode, JSON.stringify(payload)).toBe(400);
    }
    expect((await api({ method: 'POST', url: '/api/v1/compliance/check', payload: { leadId: crypto.randomUUID() } })).statusCode).toBe(404);
  });

  it("the Dialer's call goes through the gate: 422 with why and when, the refusal logged, no call session", async () => {
    const id = await lead('Dialer Night Co', '+13125550163', zoneAtLocalHour(2));
    const s = DialSessionSchema.parse((await api({ method: 'POST', url: '/api/v1/dialer/sessions', payload: { mode: 'custom', custom: { leadIds: [id] }, callVia: 'tel' } })).json());
    const res = await api({ method: 'POST', url: `/api/v1/dialer/sessions/${s.id}/items/${s.items[0].id}/call`, payload: {} });
    expect(res.statusCode).toBe(422);
    expect(res.json().error).toMatchObject({ code: 'outside_calling_hours' });
    expect(res.json().error.message).toMatch(/^Outside calling hours: 2:\d\d AM \(Etc\/[^)]+\); calls are allowed 8:00–21:00 in the called party's local time\. Callable from 8:00 AM, in [56] h/);
    const [logged] = await decisionsOf(id);
    expect(logged).toMatchObject({ source: 'dial', allowed: false, code: 'outside_calling_hours' });
    const calls = await withWorkspace(t.db, w.workspaceId, (tx) => tx.query('SELECT 1 FROM call_sessions WHERE lead_id = $1', [id]));
    expect(calls.rows).toHaveLength(0);
    // the item stays callable later
    expect((await api({ method: 'GET', url: `/api/v1/dialer/sessions/${s.id}` })).json().items[0].status).toBe('pending');
  });

  it('keeps tenants apart: no check on, and no decision about, another workspace’s lead (RLS too)', async () => {
    const id = await lead('Private Co', '+13125550164', zoneAtLocalHour(13));
    await api({ method: 'POST', url: '/api/v1/compliance/check', payload: { leadId: id } });
    const outsider = t.as({ cookie: other.cookie });
    expect((await outsider({ method: 'POST', url: '/api/v1/compliance/check', payload: { leadId: id } })).statusCode).toBe(404);
    const theirs = ComplianceDecisionListSchema.parse((await outsider({ method: 'GET', url: `/api/v1/compliance/decisions?leadId=${id}` })).json());
    expect(theirs.data).toEqual([]);
    const seen = await withWorkspace(t.db, other.workspaceId, (tx) => tx.query('SELECT id FROM compliance_decisions WHERE lead_id = $1', [id]));
    expect(seen.rows).toEqual([]);
    expect((await decisionsOf(id)).length).toBe(1);
  });
});

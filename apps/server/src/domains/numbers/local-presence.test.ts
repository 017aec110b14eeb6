import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DialSessionSchema, PlaceCallResponseSchema } from '@flywheel/contracts';
import { createTestContext, testDbKind, type TestContext, type TestWorkspace } from '../../../test/harness.ts';
import { withWorkspace } from '../../platform/tenancy/with-workspace.ts';
import { isCallableAt, phoneZones } from '../dialer/calling-hours.ts';
import { makeLead, zoneAtLocalHour } from '../dialer/dialer.test-helpers.ts';

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext();
});
afterAll(async () => t?.close());

// one pool number per zone: whatever the hour, some area code is inside calling hours (8–21)
const POOL = ['+12125550142', '+13125550143', '+13035550147', '+14155550144', '+18085550148', '+16715550149', '+17875550150'];

/**
 * A lead number the Dialer may call right now, in the area code of one of the pool numbers; in the
 * one hour no NANP zone allows (around 11:00 UTC in winter) a London number, which has no area code.
 */
async function callableLeadPhone(suffix: string): Promise<{ phone: string; poolNumber: string | null }> {
  for (const n of POOL) {
    const phone = `${n.slice(0, 5)}555${suffix}`;
    const zones = await phoneZones(phone);
    if (zones.length && zones.every((z) => isCallableAt(z))) return { phone, poolNumber: n };
  }
  return { phone: `+4420794${suffix}0`, poolNumber: null };
}

/** Places a call from a one-lead session through the sandbox carrier; returns the caller id used. */
async function callFrom(w: TestWorkspace, name: string, phone: string, body: Record<string, unknown> = {}): Promise<string> {
  const res = await placeCall(w, name, phone, body);
  expect(res.statusCode, res.body).toBe(201);
  return PlaceCallResponseSchema.parse(res.json()).callSession.from;
}

async function placeCall(w: TestWorkspace, name: string, phone: string, body: Record<string, unknown>) {
  const api = t.as({ cookie: w.cookie });
  const leadId = await makeLead(t, w, name, phone, { timezone: zoneAtLocalHour(13) });
  const s = DialSessionSchema.parse((await api({ method: 'POST', url: '/api/v1/dialer/sessions', payload: { mode: 'custom', custom: { leadIds: [leadId] } } })).json());
  return api({ method: 'POST', url: `/api/v1/dialer/sessions/${s.id}/items/${s.items[0].id}/call`, payload: body });
}

const accountCallerId = async (w: TestWorkspace) =>
  (await t.db.query<{ default_from: string }>(`SELECT default_from FROM provider_accounts WHERE workspace_id = $1 AND provider = 'sandbox'`, [w.workspaceId])).rows[0]?.default_from;

describe(`the Dialer calls from a local pool number on ${testDbKind}`, () => {
  it('without a pool: the provider account caller id, as before', async () => {
    const w = await t.newWorkspace('No pool');
    const { phone } = await callableLeadPhone('1234');
    expect(await callFrom(w, 'Plain Lead', phone)).toBe(await accountCallerId(w));
  });

  it('with a pool: the number in the lead’s area code (else the default), never a flagged one', async () => {
    const w = await t.newWorkspace('Pool');
    const api = t.as({ cookie: w.cookie });
    for (const e164 of POOL) expect((await api({ method: 'POST', url: '/api/v1/numbers', payload: { e164, provider: 'sandbox' } })).statusCode).toBe(201);
    const first = await callableLeadPhone('1234');
    const from = await callFrom(w, 'Local Lead', first.phone);
    expect(from).toBe(first.poolNumber ?? POOL[0]);
    expect(from).not.toBe(await accountCallerId(w));

    await withWorkspace(t.db, w.workspaceId, (tx) => tx.query(`UPDATE phone_numbers SET status = 'flagged' WHERE workspace_id = $1 AND e164 = $2`, [w.workspaceId, from]));
    const second = await callableLeadPhone('1235');
    const next = await callFrom(w, 'Second Lead', second.phone);
    expect(next).not.toBe(from);
    expect(POOL).toContain(next);
    const rows = await withWorkspace(t.db, w.workspaceId, (tx) => tx.query<{ from_number: string }>('SELECT from_number FROM call_sessions WHERE workspace_id = $1 ORDER BY started_at', [w.workspaceId]));
    expect(rows.rows.map((r) => r.from_number)).toEqual([from, next]);
  });

  it('a per-call override picks that pool number; a flagged or unknown one is refused with 400', async () => {
    const w = await t.newWorkspace('Override');
    const api = t.as({ cookie: w.cookie });
    for (const e164 of POOL) await api({ method: 'POST', url: '/api/v1/numbers', payload: { e164, provider: 'sandbox' } });
    const lead = await callableLeadPhone('1236');
    const other = POOL.find((n) => n !== lead.poolNumber && n !== POOL[0]) ?? POOL[1];
    expect(await callFrom(w, 'Override Lead', lead.phone, { callerId: other })).toBe(other);
    await withWorkspace(t.db, w.workspaceId, (tx) => tx.query(`UPDATE phone_numbers SET status = 'flagged' WHERE workspace_id = $1 AND e164 = $2`, [w.workspaceId, other]));
    const flagged = await placeCall(w, 'Flagged Override', (await callableLeadPhone('1237')).phone, { callerId: other });
    expect(flagged.statusCode).toBe(400);
    expect(flagged.json().error.message).toMatch(/not a usable number/);
    const unknown = await placeCall(w, 'Unknown Override', (await callableLeadPhone('1238')).phone, { callerId: '+19995550100' });
    expect(unknown.statusCode).toBe(400);
    expect((await placeCall(w, 'Bad Override', (await callableLeadPhone('1239')).phone, { callerId: 'tomorrow' })).statusCode).toBe(400);
  });
});

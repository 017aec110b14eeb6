import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext, type TestWorkspace } from '../../../test/harness.ts';
import { createApiKey } from '../identity/index.ts';
import { withWorkspace } from '../../platform/tenancy/with-workspace.ts';
import { insertAttempts, insertCallSessions } from '../calls/index.ts';
import { makeLead } from '../dialer/dialer.test-helpers.ts';
import { connectStats } from './health.ts';
import { pickCallerId } from './caller-id.ts';

let t: TestContext;
let w: TestWorkspace;
beforeAll(async () => {
  t = await createTestContext();
  w = await t.newWorkspace('Numbers');
});
afterAll(async () => t?.close());

const days = (d: number) => new Date(Date.now() - d * 86400_000);

describe('number pool routes', () => {
  it('seeds a sandbox workspace with fictional local numbers once, with area code and state', async () => {
    const api = t.as({ cookie: w.cookie });
    const res = await api({ method: 'GET', url: '/api/v1/numbers' });
    expect(res.statusCode).toBe(200);
    const data: { e164: string; areaCode: string; region: string; isDefault: boolean; provider: string; id: string }[] = res.json().data;
    expect(data.map((n) => [n.areaCode, n.region]).sort()).toEqual([['212', 'NY'], ['305', 'FL'], ['312', 'IL'], ['415', 'CA'], ['512', 'TX']]);
    expect(data.filter((n) => n.isDefault)).toHaveLength(1);
    expect(data.every((n) => n.provider === 'sandbox' && /^\+1\d{3}55501\d\d$/.test(n.e164))).toBe(true);
    // deleted numbers stay deleted: the seed runs once
    const miami = data.find((n) => n.areaCode === '305');
    expect((await api({ method: 'DELETE', url: `/api/v1/numbers/${miami?.id}` })).statusCode).toBe(200);
    expect((await api({ method: 'GET', url: '/api/v1/numbers' })).json().data).toHaveLength(4);
  });

  it('adds, edits and deletes numbers; one default at a time', async () => {
    const x = await t.newWorkspace('Numbers CRUD');
    const api = t.as({ cookie: x.cookie });
    const a = await api({ method: 'POST', url: '/api/v1/numbers', payload: { e164: '+16305550101', label: 'Chicago West', provider: 'twilio' } });
    expect(a.statusCode).toBe(201);
    expect(a.json()).toMatchObject({ e164: '+16305550101', areaCode: '630', region: 'IL', isDefault: true, status: 'healthy', cnam: null, cnamStatus: null, spamReportsByReps: 0 });
    const b = await api({ method: 'POST', url: '/api/v1/numbers', payload: { e164: '+1 (847) 555-0102', label: 'Chicago North', isDefault: true, cnam: 'Forged Financial' } });
    expect(b.statusCode).toBe(400); // not E.164
    const b2 = await api({ method: 'POST', url: '/api/v1/numbers', payload: { e164: '+18475550102', label: 'Chicago North', isDefault: true, cnam: 'Forged Finance' } });
    expect(b2.json()).toMatchObject({ isDefault: true, cnam: 'Forged Finance', cnamStatus: 'pending' });
    // (listing also seeds this sandbox workspace's fictional numbers; they do not take the default)
    const list = (await api({ method: 'GET', url: '/api/v1/numbers' })).json().data;
    expect(list.filter((n: { isDefault: boolean }) => n.isDefault).map((n: { e164: string }) => n.e164)).toEqual(['+18475550102']);
    expect(list).toHaveLength(7);
    expect((await api({ method: 'POST', url: '/api/v1/numbers', payload: { e164: '+16305550101' } })).statusCode).toBe(409);

    const id = b2.json().id;
    expect((await api({ method: 'PATCH', url: `/api/v1/numbers/${id}`, payload: { cnamStatus: 'registered' } })).json()).toMatchObject({ cnamStatus: 'registered' });
    // a new name goes back to pending until the carrier confirms it
    expect((await api({ method: 'PATCH', url: `/api/v1/numbers/${id}`, payload: { cnam: "O'Neil & Co." } })).json()).toMatchObject({ cnam: "O'Neil & Co.", cnamStatus: 'pending' });
    expect((await api({ method: 'PATCH', url: `/api/v1/numbers/${id}`, payload: { isDefault: false } })).statusCode).toBe(409);
    // deleting the default hands it to the remaining number
    expect((await api({ method: 'DELETE', url: `/api/v1/numbers/${id}` })).statusCode).toBe(200);
    const after = (await api({ method: 'GET', url: '/api/v1/numbers' })).json().data;
    expect(after).toHaveLength(6);
    expect(after[0]).toMatchObject({ e164: '+16305550101', isDefault: true });
    expect((await api({ method: 'DELETE', url: `/api/v1/numbers/${id}` })).statusCode).toBe(404);
  });

  it.each([
    ['16 characters', 'Forged Financial'.padEnd(16, 'X')],
    ['empty', '   '],
    ['an emoji', 'Acme 📞'],
    ['markup', '<b>Acme</b>'],
    ['a newline', 'Acme\nInc'],
  ])('refuses a CNAM with %s (400 with a message)', async (_what, cnam) => {
    const api = t.as({ cookie: w.cookie });
    const res = await api({ method: 'POST', url: '/api/v1/numbers', payload: { e164: '+19175550150', cnam } });
    expect(res.statusCode).toBe(400);
    expect(res.body).toMatch(/15 characters|empty|Letters, digits/);
    const [n] = (await api({ method: 'GET', url: '/api/v1/numbers' })).json().data;
    const patch = await api({ method: 'PATCH', url: `/api/v1/numbers/${n.id}`, payload: { cnam } });
    expect(patch.statusCode).toBe(400);
  });

  it('lets any rep report a number as spam (counted, who reported kept); admin routes refuse reps', async () => {
    const api = t.as({ cookie: w.cookie });
    const [n] = (await api({ method: 'GET', url: '/api/v1/numbers' })).json().data;
    const rep = await createApiKey(t.db, w.workspaceId, { name: 'rep key', role: 'rep' });
    const asRep = t.as({ apiKey: rep.key });
    expect((await asRep({ method: 'POST', url: `/api/v1/numbers/${n.id}/report-spam`, payload: { note: 'Showed Spam Likely on my cell' } })).json()).toEqual({ spamReportsByReps: 1 });
    expect((await api({ method: 'POST', url: `/api/v1/numbers/${n.id}/report-spam`, payload: {} })).json()).toEqual({ spamReportsByReps: 2 });
    const who = await withWorkspace(t.db, w.workspaceId, (tx) => tx.query<{ user_id: string | null; note: string }>('SELECT user_id, note FROM phone_number_spam_reports WHERE phone_number_id = $1 ORDER BY created_at', [n.id]));
    expect(who.rows).toEqual([{ user_id: null, note: 'Showed Spam Likely on my cell' }, { user_id: w.userId, note: '' }]);
    for (const [method, url] of [['GET', '/api/v1/numbers'], ['POST', `/api/v1/numbers/${n.id}/check`], ['DELETE', `/api/v1/numbers/${n.id}`]] as const) {
      expect((await asRep({ method, url })).statusCode).toBe(403);
    }
    expect((await api({ method: 'POST', url: `/api/v1/numbers/${crypto.randomUUID()}/report-spam`, payload: {} })).statusCode).toBe(404);
  });

  it("keeps tenants apart: another workspace neither sees nor touches a pool (RLS too)", async () => {
    const other = await t.newWorkspace('Numbers other');
    const [n] = (await t.as({ cookie: w.cookie })({ method: 'GET', url: '/api/v1/numbers' })).json().data;
    const asOther = t.as({ cookie: other.cookie });
    expect((await asOther({ method: 'PATCH', url: `/api/v1/numbers/${n.id}`, payload: { label: 'mine' } })).statusCode).toBe(404);
    expect((await asOther({ method: 'POST', url: `/api/v1/numbers/${n.id}/report-spam`, payload: {} })).statusCode).toBe(404);
    const seen = await withWorkspace(t.db, other.workspaceId, (tx) => tx.query('SELECT id FROM phone_numbers WHERE id = $1', [n.id]));
    expect(seen.rows).toEqual([]);
  });
});

describe('connect rate per number', () => {
  it('counts outbound calls from each number over 7 days and the 7 before, connects by disposition', async () => {
    const x = await t.newWorkspace('Connect rate');
    const leadId = await makeLead(t, x, 'Rate Lead', '+13125559876');
    const A = '+12125550160';
    const B = '+13125550161';
    // [from, days ago, status, disposition or null]
    const calls: [string, number, 'completed' | 'no_answer' | 'failed', string | null][] = [
      [A, 1, 'completed', 'some_interest'], // connect
      [A, 2, 'completed', 'gatekeeper'], // connect
      [A, 3, 'no_answer', 'no_answer'],
      [A, 6.5, 'completed', null], // placed, never logged: a dial without a connect
      [A, 4, 'failed', null], // refused by the provider: not a dial
      [A, 9, 'completed', 'meeting_set'], // previous week
      [A, 10, 'no_answer', 'left_voicemail'],
      [A, 20, 'completed', 'sold'], // older than 14 days: ignored
      [B, 1, 'completed', 'no_answer'],
    ];
    await withWorkspace(t.db, x.workspaceId, async (tx) => {
      for (const [from, ago, status, dispo] of calls) {
        const [cs] = await insertCallSessions(tx, x.workspaceId, [{ provider: 'sandbox', providerCallId: null, direction: 'outbound', from, to: '+13125559876', status, statusHistory: [], startedAt: days(ago), leadId }]);
        if (dispo) await insertAttempts(tx, x.workspaceId, [{ callSessionId: cs, leadId, dispositionKey: dispo, dmReached: false, createdAt: days(ago) }]);
      }
      // an inbound call to A is not A's outbound dialing
      await insertCallSessions(tx, x.workspaceId, [{ provider: 'sandbox', providerCallId: null, direction: 'inbound', from: '+13125559876', to: A, status: 'completed', statusHistory: [], startedAt: days(1), leadId }]);
    });
    const stats = await withWorkspace(t.db, x.workspaceId, (tx) => connectStats(tx, x.workspaceId, [A, B, '+15125550162']));
    expect(stats.get(A)).toEqual({ calls7d: 4, connects7d: 2, callsPrev7d: 2, connectsPrev7d: 1 });
    expect(stats.get(B)).toEqual({ calls7d: 1, connects7d: 0, callsPrev7d: 0, connectsPrev7d: 0 });
    expect(stats.get('+15125550162')).toEqual({ calls7d: 0, connects7d: 0, callsPrev7d: 0, connectsPrev7d: 0 });

    // the manual check writes the figures and week over week on the number
    const api = t.as({ cookie: x.cookie });
    const n = (await api({ method: 'POST', url: '/api/v1/numbers', payload: { e164: A, provider: 'sandbox' } })).json();
    const checked = await api({ method: 'POST', url: `/api/v1/numbers/${n.id}/check` });
    expect(checked.statusCode).toBe(200);
    expect(checked.json()).toMatchObject({ calls7d: 4, connects7d: 2, connectRate7d: 0.5, connectRateWoW: 0, status: 'healthy', healthScore: 100, spamScore: null, spamSources: [] });
    expect(checked.json().lastCheckedAt).not.toBeNull();
  });

  it('puts a number with 21+ calls and < 10 % connects on monitor', async () => {
    const x = await t.newWorkspace('Low rate');
    const leadId = await makeLead(t, x, 'Low Lead', '+13125559877');
    const A = '+12125550170';
    await withWorkspace(t.db, x.workspaceId, async (tx) => {
      for (let i = 0; i < 25; i++) {
        const [cs] = await insertCallSessions(tx, x.workspaceId, [{ provider: 'sandbox', providerCallId: null, direction: 'outbound', from: A, to: '+13125559877', status: 'completed', statusHistory: [], startedAt: days(1 + i / 10), leadId }]);
        await insertAttempts(tx, x.workspaceId, [{ callSessionId: cs, leadId, dispositionKey: i < 2 ? 'some_interest' : 'no_answer', dmReached: false, createdAt: days(1 + i / 10) }]);
      }
    });
    const api = t.as({ cookie: x.cookie });
    await api({ method: 'POST', url: '/api/v1/numbers', payload: { e164: A, provider: 'sandbox' } });
    const r = await api({ method: 'POST', url: '/api/v1/numbers/check' });
    expect(r.json()).toMatchObject({ checked: 1, data: [{ e164: A, status: 'monitor', healthScore: 80, calls7d: 25, connects7d: 2 }] });
    expect(r.json().data[0].healthReasons[0]).toMatch(/Connect rate 8 % over 25 calls/);
  });
});

describe('pickCallerId', () => {
  it('routes by the lead number against the pool, skips flagged numbers and other providers, null without a pool', async () => {
    const x = await t.newWorkspace('Caller id');
    const pick = (to: string, opts: Parameters<typeof pickCallerId>[3] = {}) => withWorkspace(t.db, x.workspaceId, (tx) => pickCallerId(tx, x.workspaceId, to, opts));
    expect(await pick('+12125559999')).toBeNull();
    const api = t.as({ cookie: x.cookie });
    for (const e164 of ['+12125550180', '+15185550181', '+14155550182']) await api({ method: 'POST', url: '/api/v1/numbers', payload: { e164, provider: 'sandbox' } });
    await api({ method: 'POST', url: '/api/v1/numbers', payload: { e164: '+17185550183', provider: 'twilio' } });
    expect(await pick('+12125559999', { provider: 'sandbox' })).toMatchObject({ e164: '+12125550180', tier: 'area_code' });
    // 718 is New York City: only the twilio number shares its area code; among sandbox numbers, the NY state match wins
    expect(await pick('+17185559999', { provider: 'sandbox' })).toMatchObject({ e164: '+12125550180', tier: 'state' });
    expect(await pick('+17185559999', { provider: 'twilio' })).toMatchObject({ e164: '+17185550183', tier: 'area_code' });
    expect(await pick('+19075559999', { provider: 'sandbox' })).toMatchObject({ e164: '+12125550180', tier: 'default' });
    await withWorkspace(t.db, x.workspaceId, (tx) => tx.query(`UPDATE phone_numbers SET status = 'flagged' WHERE e164 = '+12125550180'`));
    expect(await pick('+12125559999', { provider: 'sandbox' })).toMatchObject({ e164: '+15185550181', tier: 'state' });
  });
});

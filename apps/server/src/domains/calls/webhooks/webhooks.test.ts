import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, testDbKind, type TestContext, type TestWorkspace } from '../../../../test/harness.ts';
import { withWorkspace } from '../../../platform/tenancy/with-workspace.ts';
import { insertCallSessions, loadCallSessions, processPendingWebhooks } from '../index.ts';
import { answeredCallEvents, openPhoneAccount, postOpenPhone, postTwilio, twilioAccount } from './webhook-test-helpers.ts';

let t: TestContext;
let a: TestWorkspace;
let acct: { sid: string; token: string };
let op: { key: string };
let leadId: string;

const sid = () => `CA${crypto.randomBytes(16).toString('hex')}`;
const count = async (sql: string, params: unknown[]) => Number((await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${sql}`, params)).rows[0].n);

beforeAll(async () => {
  t = await createTestContext();
  a = await t.newWorkspace('Webhooks');
  acct = await twilioAccount(t, a.workspaceId);
  op = await openPhoneAccount(t, a.workspaceId);
  const api = t.as({ cookie: a.cookie });
  leadId = (await api({ method: 'POST', url: '/api/v1/leads', payload: { name: 'Acme Roofing', contact: { firstName: 'Dana', phone: '+13125550188' } } })).json().id;
});
afterAll(async () => t?.close());

async function placedCall(over: Partial<Parameters<typeof insertCallSessions>[2][number]> = {}) {
  const [id] = await withWorkspace(t.db, a.workspaceId, (tx) => insertCallSessions(tx, a.workspaceId, [{
    provider: 'sandbox', providerCallId: null, direction: 'outbound', from: '+12125550100', to: '+13125550188', status: 'initiated',
    statusHistory: [{ status: 'initiated', at: new Date().toISOString(), source: 'app' }], startedAt: new Date(), leadId, userId: a.userId, ...over,
  }]));
  return id;
}
const load = async (id: string) => (await withWorkspace(t.db, a.workspaceId, (tx) => loadCallSessions(tx, a.workspaceId, { ids: [id] })))[0];

describe(`provider webhook routes on ${testDbKind}`, () => {
  it('stores a signed status callback (200, empty TwiML), then processing applies it to the call session by ?cs=', async () => {
    const cs = await placedCall({ record: true });
    const callSid = sid();
    const events = answeredCallEvents({ callSid, accountSid: acct.sid, to: '+13125550188', start: new Date(), talkSeconds: 192 });
    const first = await postTwilio(t, `/webhooks/twilio/voice?cs=${cs}`, events[0].params, acct.token);
    expect(first.statusCode).toBe(200);
    expect(first.headers['content-type']).toMatch(/text\/xml/);
    expect(first.body).toContain('<Response/>');
    expect(await count('webhook_events WHERE provider_call_id = $1 AND processed_at IS NULL', [callSid])).toBe(1);

    for (const e of events.slice(1)) expect((await postTwilio(t, `/webhooks/twilio/${e.route}?cs=${cs}`, e.params, acct.token)).statusCode).toBe(200);
    // nothing changes before processing: stored first (SPEC §1.8)
    expect((await load(cs)).status).toBe('initiated');
    const r = await processPendingWebhooks(t.deps, { limit: 100 });
    expect(r).toMatchObject({ failed: 0 });
    const call = await load(cs);
    expect(call).toMatchObject({
      providerCallId: callSid, status: 'completed', durationSeconds: 192, amdResult: 'human', recordingStatus: 'completed', transcriptStatus: 'completed',
      recordingUrl: expect.stringContaining('/Recordings/RE'),
    });
    expect(call.statusHistory.map((h) => h.status)).toEqual(['initiated', 'ringing', 'in_progress', 'completed']);
    expect(call.transcript?.[0]).toMatchObject({ speaker: 'rep', text: 'Hi, this is Sam from Flywheel.' });
    // the timeline is complete without any UI-side logging
    const acts = await withWorkspace(t.db, a.workspaceId, (tx) => tx.query<{ kind: string; summary: string }>(`SELECT kind, summary FROM activities WHERE ref_id = $1 ORDER BY kind`, [cs]));
    expect(acts.rows).toEqual([
      { kind: 'call.ended', summary: 'Call completed · 3m 12s' },
      { kind: 'call.recording', summary: 'Recording attached · 3m 12s' },
      { kind: 'call.transcript', summary: 'Transcript attached' },
    ]);
    expect(await count('attempts WHERE call_session_id = $1', [cs])).toBe(0);
  });

  it('shows recording and transcript as pending until the provider delivers them', async () => {
    const cs = await placedCall({ record: true });
    const callSid = sid();
    const events = answeredCallEvents({ callSid, accountSid: acct.sid, to: '+13125550188', start: new Date(), talkSeconds: 40 });
    for (const e of events.slice(0, 5)) await postTwilio(t, `/webhooks/twilio/${e.route}?cs=${cs}`, e.params, acct.token);
    await processPendingWebhooks(t.deps);
    expect(await load(cs)).toMatchObject({ status: 'completed', recordingStatus: 'pending', transcriptStatus: 'pending', durationSeconds: 40 });
    await postTwilio(t, `/webhooks/twilio/recording?cs=${cs}`, events[5].params, acct.token);
    await processPendingWebhooks(t.deps);
    expect(await load(cs)).toMatchObject({ recordingStatus: 'completed', transcriptStatus: 'pending' });
  });

  it('refuses unsigned, badly signed and unknown-account deliveries with 403 and logs them', async () => {
    const before = await count('webhook_rejections', []);
    const params = { CallSid: sid(), AccountSid: acct.sid, CallStatus: 'ringing', From: '+12125550100', To: '+13125550188' };
    expect((await postTwilio(t, '/webhooks/twilio/voice', params, null)).statusCode).toBe(403);
    expect((await postTwilio(t, '/webhooks/twilio/voice', params, 'not-the-token')).statusCode).toBe(403);
    // signed for another URL (a different public base URL)
    expect((await postTwilio(t, '/webhooks/twilio/voice', params, acct.token, { signUrl: 'https://elsewhere.example/webhooks/twilio/voice' })).statusCode).toBe(403);
    expect((await postTwilio(t, '/webhooks/twilio/recording', { ...params, AccountSid: 'ACunknown' }, acct.token)).statusCode).toBe(403);
    expect((await postOpenPhone(t, { id: 'EVx', type: 'call.completed', data: { object: {} } }, null)).statusCode).toBe(403);
    expect((await postOpenPhone(t, { id: 'EVx', type: 'call.completed', data: { object: {} } }, crypto.randomBytes(32).toString('base64'))).statusCode).toBe(403);
    expect(await count('webhook_rejections', [])).toBe(before + 6);
    const logged = await t.db.query<{ reason: string; claimed_account: string | null }>(`SELECT reason, claimed_account FROM webhook_rejections ORDER BY received_at DESC LIMIT 6`);
    expect(logged.rows.map((r) => r.reason).sort()).toEqual(['bad signature', 'bad signature', 'no account signs like this', 'unknown account', 'unsigned', 'unsigned']);
    expect(JSON.stringify(logged.rows)).not.toContain(acct.token);
    expect(await count('webhook_events WHERE provider_call_id = $1', [params.CallSid])).toBe(0);
  });

  it('answers 400 to a signed but malformed delivery, and never 500 to garbage', async () => {
    const good = { CallSid: sid(), AccountSid: acct.sid, CallStatus: 'ringing', From: '+12125550100', To: '+13125550188' };
    expect((await postTwilio(t, '/webhooks/twilio/voice', { ...good, CallStatus: 'exploded' }, acct.token)).statusCode).toBe(400);
    expect((await postTwilio(t, '/webhooks/twilio/voice', { ...good, CallSid: '' }, acct.token)).statusCode).toBe(400);
    expect((await postTwilio(t, '/webhooks/twilio/voice', { ...good, CallDuration: 'twelve' }, acct.token)).statusCode).toBe(400);
    expect((await postTwilio(t, '/webhooks/twilio/voice?cs=not-a-uuid', good, acct.token)).statusCode).toBe(400);
    expect((await postTwilio(t, '/webhooks/twilio/recording', good, acct.token)).statusCode).toBe(400);
    expect((await postOpenPhone(t, { id: 'EV1', type: 'call.completed', data: { object: { id: 'AC1', status: 'completed' } } }, op.key)).statusCode).toBe(400);
    expect((await postOpenPhone(t, { hello: 'world' }, op.key)).statusCode).toBe(400);

    const huge = 'x'.repeat(900_000);
    const garbage: { url: string; headers: Record<string, string>; payload?: string }[] = [];
    for (const url of ['/webhooks/twilio/voice', '/webhooks/twilio/recording', '/webhooks/openphone']) {
      garbage.push(
        { url, headers: {} },
        { url, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: '' },
        { url, headers: { 'content-type': 'application/json' }, payload: '{"CallSid":"CA1","AccountSid":"' + acct.sid + '"}' },
        { url, headers: { 'content-type': 'application/json' }, payload: '{not json' },
        { url, headers: { 'content-type': 'application/json' }, payload: '[1,2,3]' },
        { url, headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': 'AAAA' }, payload: `AccountSid=${acct.sid}&CallSid=${huge}` },
        { url, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: '%%%%&&&==&AccountSid[]=1&AccountSid=2' },
        { url, headers: { 'content-type': 'text/plain', 'openphone-signature': 'hmac;1;1;AAAA' }, payload: 'hello' },
        { url, headers: { 'content-type': 'application/json', 'openphone-signature': 'hmac;1;' + '9'.repeat(40) + ';' + 'A'.repeat(5000) }, payload: '{"id":1}' },
        { url, headers: { 'content-type': 'application/xml' }, payload: '<x/>' },
        { url, headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ big: 'y'.repeat(1_100_000) }) },
      );
    }
    for (const g of garbage) {
      const res = await t.app.inject({ method: 'POST', url: g.url, headers: g.headers, ...(g.payload !== undefined ? { payload: g.payload } : {}) });
      expect(res.statusCode, `${g.url} ${JSON.stringify(g.headers)} ${String(g.payload).slice(0, 60)}`).toBeGreaterThanOrEqual(400);
      expect(res.statusCode, `${g.url} ${JSON.stringify(g.headers)} ${String(g.payload).slice(0, 60)}`).toBeLessThan(500);
    }
  });

  it('stores an exact replay once and creates one call session for duplicated deliveries', async () => {
    const callSid = sid();
    const params = { CallSid: callSid, AccountSid: acct.sid, CallStatus: 'completed', CallDuration: '61', From: '+12125550100', To: '+13125550188', Direction: 'outbound-api', Timestamp: new Date().toUTCString() };
    const results = await Promise.all(Array.from({ length: 6 }, () => postTwilio(t, '/webhooks/twilio/voice', params, acct.token)));
    expect(results.map((r) => r.statusCode)).toEqual([200, 200, 200, 200, 200, 200]);
    expect(await count('webhook_events WHERE provider_call_id = $1', [callSid])).toBe(1);
    // the same call's ringing, delivered separately (not a replay)
    await postTwilio(t, '/webhooks/twilio/voice', { ...params, CallStatus: 'ringing', CallDuration: '' }, acct.token);
    await Promise.all([processPendingWebhooks(t.deps, { limit: 1 }), processPendingWebhooks(t.deps, { limit: 1 })]);
    await processPendingWebhooks(t.deps);
    expect(await count('call_sessions WHERE provider_call_id = $1', [callSid])).toBe(1);
    const [created] = await withWorkspace(t.db, a.workspaceId, (tx) => tx.query<{ id: string }>(`SELECT id FROM call_sessions WHERE provider_call_id = $1`, [callSid])).then((r) => r.rows);
    // not placed by us: matched to the lead whose contact has the number, no attempt
    expect(await load(created.id)).toMatchObject({ status: 'completed', durationSeconds: 61, leadId, userId: null });
    expect(await count('attempts WHERE call_session_id = $1', [created.id])).toBe(0);
  });

  it('flags an invalid number as bad once (lead, phone_flags, activity) without creating an attempt', async () => {
    const api = t.as({ cookie: a.cookie });
    const badLead = (await api({ method: 'POST', url: '/api/v1/leads', payload: { name: 'Wrong Number Inc', contact: { firstName: 'X', phone: '+13125550177' } } })).json().id;
    const cs = await placedCall({ leadId: badLead, to: '+13125550177' });
    const callSid = sid();
    const failed = { CallSid: callSid, AccountSid: acct.sid, CallStatus: 'failed', ErrorCode: '21211', ErrorMessage: "Invalid 'To' Phone Number", From: '+12125550100', To: '+13125550177', Timestamp: new Date().toUTCString() };
    await postTwilio(t, `/webhooks/twilio/voice?cs=${cs}`, failed, acct.token);
    await postTwilio(t, `/webhooks/twilio/voice?cs=${cs}`, { ...failed, SequenceNumber: '1' }, acct.token);
    await processPendingWebhooks(t.deps);
    await processPendingWebhooks(t.deps);
    expect((await load(cs)).status).toBe('failed');
    const lead = (await api({ method: 'GET', url: `/api/v1/leads/${badLead}` })).json();
    expect(lead.badNumberAt ?? lead.bad_number_at ?? 'set').toBeTruthy();
    expect(await count(`leads WHERE id = $1 AND bad_number_at IS NOT NULL`, [badLead])).toBe(1);
    expect(await count(`phone_flags WHERE workspace_id = $1 AND phone = '+13125550177' AND kind = 'bad_number'`, [a.workspaceId])).toBe(1);
    const acts = await withWorkspace(t.db, a.workspaceId, (tx) => tx.query<{ summary: string }>(`SELECT summary FROM activities WHERE lead_id = $1 AND kind = 'lead.bad_number'`, [badLead]));
    expect(acts.rows).toEqual([{ summary: 'Number +13125550177 flagged as bad: invalid number' }]);
    expect(await count('attempts WHERE lead_id = $1', [badLead])).toBe(0);
  });
});

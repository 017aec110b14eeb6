import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, testDbKind, type TestContext, type TestWorkspace } from '../../../test/harness.ts';
import { ensureSandboxAccount } from '../../platform/providers/accounts.ts';
import { signTwilioRequest } from '../../platform/providers/telephony/webhook/twilio.ts';
import { DEFAULT_COMPLIANCE } from '../compliance/index.ts';
import { processPendingWebhooks } from '../calls/index.ts';
import { makeLead, zoneAtLocalHour } from '../dialer/dialer.test-helpers.ts';
import { autoSmsForMissedCalls } from './index.ts';

let t: TestContext;
let w: TestWorkspace;
let api: ReturnType<TestContext['as']>;

beforeAll(async () => {
  t = await createTestContext();
  w = await t.newWorkspace('Missed calls');
  api = t.as({ cookie: w.cookie });
  expect((await api({ method: 'PUT', url: '/api/v1/settings/compliance', payload: { ...DEFAULT_COMPLIANCE, tenDlcStatus: 'approved' } })).statusCode).toBe(200);
});
afterAll(async () => t?.close());

/** A Twilio-signed inbound call status callback from `from`, as the provider (or the sandbox) sends it. */
async function inboundCall(from: string, status: 'no-answer' | 'completed', sid: string) {
  const account = await ensureSandboxAccount(t.deps, w.workspaceId);
  const url = `${t.deps.config.publicUrl}/webhooks/twilio/voice`;
  const params = { CallSid: sid, AccountSid: account.accountId, From: from, To: account.defaultFrom ?? '+12125550100', Direction: 'inbound', CallStatus: status, Timestamp: new Date().toUTCString(), CallDuration: status === 'completed' ? '60' : '0' };
  const res = await t.app.inject({ method: 'POST', url: '/webhooks/twilio/voice', headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signTwilioRequest(account.secret, url, params) }, payload: new URLSearchParams(params).toString() });
  expect(res.statusCode, res.body).toBeLessThan(300);
  return processPendingWebhooks(t.deps);
}

describe(`auto-SMS after a missed inbound call on ${testDbKind}`, () => {
  it('texts a known lead once after an unanswered inbound call (when enabled); answered calls and unknown numbers get nothing', async () => {
    const tpl = (await api({ method: 'POST', url: '/api/v1/sms-templates', payload: { name: 'Missed you', body: 'Hi {FirstName}, sorry we missed your call. We will call you back shortly.' } })).json();
    const set = await api({ method: 'PUT', url: '/api/v1/settings/messaging', payload: { helpText: 'Help', autoExhausted: { enabled: false, templateId: null }, autoMissedCall: { enabled: true, templateId: tpl.id } } });
    expect(set.statusCode, set.body).toBe(200);
    const leadId = await makeLead(t, w, 'Caller Co', '+13125550177');
    await api({ method: 'PATCH', url: `/api/v1/leads/${leadId}`, payload: { timezone: zoneAtLocalHour(13) } });
    const texts = async () => (await t.db.query<{ body: string; automation: string }>('SELECT body, automation FROM messages WHERE workspace_id = $1 ORDER BY created_at', [w.workspaceId])).rows;

    const answered = await inboundCall('+13125550177', 'completed', 'CA' + 'a'.repeat(32));
    expect(await autoSmsForMissedCalls(t.deps, answered.calls)).toBe(0);
    const missed = await inboundCall('+13125550177', 'no-answer', 'CA' + 'b'.repeat(32));
    expect(missed.calls.length).toBe(1);
    expect(await autoSmsForMissedCalls(t.deps, missed.calls)).toBe(1);
    // the same call again (a replayed batch) or another missed call the same day: no second text
    expect(await autoSmsForMissedCalls(t.deps, missed.calls)).toBe(0);
    const again = await inboundCall('+13125550177', 'no-answer', 'CA' + 'c'.repeat(32));
    expect(await autoSmsForMissedCalls(t.deps, again.calls)).toBe(0);
    const stranger = await inboundCall('+13125550199', 'no-answer', 'CA' + 'd'.repeat(32));
    expect(await autoSmsForMissedCalls(t.deps, stranger.calls)).toBe(0);
    expect(await texts()).toEqual([{ body: 'Hi Caller, sorry we missed your call. We will call you back shortly.', automation: 'auto_missed_call' }]);
  });
});

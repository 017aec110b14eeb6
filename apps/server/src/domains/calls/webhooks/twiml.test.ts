import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, testDbKind, type TestContext, type TestWorkspace } from '../../../../test/harness.ts';
import { ensureSandboxAccount } from '../../../platform/providers/accounts.ts';
import { signTwilioRequest } from '../../../platform/providers/telephony/webhook/twilio.ts';
import { needsConsentAnnouncement, stateCode } from '../../../platform/providers/telephony/twiml/consent.ts';

let t: TestContext;
let w: TestWorkspace;
beforeAll(async () => {
  t = await createTestContext();
  w = await t.newWorkspace('TwiML');
});
afterAll(async () => t?.close());

async function callSession(to: string, record: boolean, region: string | null) {
  const lead = (await t.as({ cookie: w.cookie })({ method: 'POST', url: '/api/v1/leads', payload: { name: `Lead ${to}`, region, contact: { firstName: 'Pat', phone: to } } })).json();
  const { rows } = await t.db.query<{ id: string }>(
    `INSERT INTO call_sessions (workspace_id, provider, direction, from_number, to_number, lead_id, user_id, record) VALUES ($1, 'sandbox', 'outbound', '+12125550100', $2, $3, $4, $5) RETURNING id`,
    [w.workspaceId, to, lead.id, w.userId, record],
  );
  return rows[0].id;
}

async function twiml(cs: string, sign = true) {
  const account = await ensureSandboxAccount(t.deps, w.workspaceId);
  const path = `/webhooks/twilio/twiml/outbound?cs=${cs}`;
  const params = { AccountSid: account.accountId, CallSid: `CA${'0'.repeat(32)}`, CallStatus: 'in-progress', From: '+12125550100', To: '+14155550001' };
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
  if (sign) headers['x-twilio-signature'] = signTwilioRequest(account.secret, `${t.deps.config.publicUrl}${path}`, params);
  return t.app.inject({ method: 'POST', url: path, headers, payload: new URLSearchParams(params).toString() });
}

describe(`outbound TwiML (${testDbKind})`, () => {
  it('announces recording in all-party-consent states, then dials the rep', async () => {
    const res = await twiml(await callSession('+14155550001', true, null)); // 415: San Francisco, CA
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/xml/);
    expect(res.body).toContain('<Say>This call may be recorded');
    expect(res.body).toContain(`<Dial><Client>user-${w.userId}</Client></Dial>`);
    expect(res.body.indexOf('<Say>')).toBeLessThan(res.body.indexOf('<Dial>'));
  });

  it('says nothing when not recording, or when the state needs one party only', async () => {
    expect((await twiml(await callSession('+14155550011', false, null))).body).not.toContain('<Say>');
    expect((await twiml(await callSession('+12125550012', true, null))).body).not.toContain('<Say>'); // New York
    // the lead's own state wins over the area code
    expect((await twiml(await callSession('+12125550013', true, 'Florida'))).body).toContain('<Say>');
  });

  it('announces on every recorded call when the workspace asks for it (never on unrecorded ones)', async () => {
    const api = t.as({ cookie: w.cookie });
    const cur = (await api({ method: 'GET', url: '/api/v1/settings/compliance' })).json();
    expect(cur.recordingConsent).toBe('all_party_states');
    expect((await api({ method: 'PUT', url: '/api/v1/settings/compliance', payload: { ...cur, recordingConsent: 'always' } })).statusCode).toBe(200);
    try {
      expect((await twiml(await callSession('+12125550015', true, null))).body).toContain('<Say>This call may be recorded'); // New York
      expect((await twiml(await callSession('+12125550016', false, null))).body).not.toContain('<Say>');
    } finally {
      await api({ method: 'PUT', url: '/api/v1/settings/compliance', payload: cur });
    }
  });

  it('refuses unsigned requests with 403', async () => {
    expect((await twiml(await callSession('+14155550014', true, null), false)).statusCode).toBe(403);
  });

  it('reads states from codes, names and "City, ST"', async () => {
    expect(stateCode('San Francisco, CA')).toBe('CA');
    expect(stateCode('Massachusetts')).toBe('MA');
    expect(stateCode('TX')).toBe('TX');
    expect(await needsConsentAnnouncement(null, '+16175550100')).toBe(true); // Massachusetts
    expect(await needsConsentAnnouncement(null, '+442071234567')).toBe(false);
  });
});

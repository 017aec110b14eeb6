import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TelephonySettingsSchema } from '@flywheel/contracts';
import { createTestContext, testDbKind, type TestContext, type TestWorkspace } from '../../../../test/harness.ts';
import { addMember } from '../../../domains/leads/leads.test-helpers.ts';
import { getWorkspaceAccount } from '../accounts.ts';
import { resolveTelephony } from './index.ts';

let t: TestContext;
let w: TestWorkspace;
beforeAll(async () => {
  t = await createTestContext();
  w = await t.newWorkspace('Telephony settings');
});
afterAll(async () => t?.close());

const creds = () => ({ accountSid: `AC${crypto.randomBytes(16).toString('hex')}`, authToken: crypto.randomBytes(16).toString('hex'), callerId: '+14155550123' });

describe(`telephony settings (${testDbKind})`, () => {
  it('a new workspace calls through the sandbox carrier, and sees the webhook URLs to configure', async () => {
    const res = await t.as({ cookie: w.cookie })({ method: 'GET', url: '/api/v1/settings/telephony' });
    expect(res.statusCode).toBe(200);
    const s = TelephonySettingsSchema.parse(res.json());
    expect(s).toMatchObject({ adapter: 'sandbox', mode: 'sandbox', chosen: null, twilio: null, openphone: { signingSecretSet: false } });
    expect(s.sandbox.accountSid).toMatch(/^AC[0-9a-f]{32}$/);
    expect(s.sandbox.callerId).toMatch(/^\+1212555\d{4}$/);
    expect(s.sandbox.magicNumbers.map((m) => m.suffix)).toContain('0001');
    expect(s.webhookUrls).toEqual({
      twilioVoice: 'http://localhost:3000/webhooks/twilio/voice',
      twilioRecording: 'http://localhost:3000/webhooks/twilio/recording',
      twilioTwiml: 'http://localhost:3000/webhooks/twilio/twiml/outbound',
      openphone: 'http://localhost:3000/webhooks/openphone',
    });
    const r = await resolveTelephony(t.deps, w.workspaceId);
    expect(r).toMatchObject({ adapter: 'sandbox', fromNumber: s.sandbox.callerId });
    const providers = (await t.as({ cookie: w.cookie })({ method: 'GET', url: '/api/v1/providers' })).json();
    expect(providers.data.find((p: { capability: string }) => p.capability === 'telephony')).toMatchObject({ mode: 'sandbox', adapter: 'sandbox' });
  });

  it('is for admins only', async () => {
    const rep = await addMember(t, w, 'rep');
    expect((await t.as({ cookie: rep.cookie })({ method: 'GET', url: '/api/v1/settings/telephony' })).statusCode).toBe(403);
    expect((await t.as({ cookie: rep.cookie })({ method: 'PUT', url: '/api/v1/settings/telephony/twilio', payload: creds() })).statusCode).toBe(403);
  });

  it('rejects malformed Twilio credentials with a clear 400', async () => {
    const api = t.as({ cookie: w.cookie });
    const bad = [{ ...creds(), accountSid: 'SK123' }, { ...creds(), authToken: 'short' }, { ...creds(), callerId: '415 555 0123' }, {}];
    for (const payload of bad) {
      const res = await api({ method: 'PUT', url: '/api/v1/settings/telephony/twilio', payload });
      expect(res.statusCode).toBe(400);
      expect(res.json().error.message).toBeTruthy();
    }
  });

  it('connecting Twilio switches calls to it; the token is never shown; choosing sandbox switches back', async () => {
    const api = t.as({ cookie: w.cookie });
    const c = creds();
    const res = await api({ method: 'PUT', url: '/api/v1/settings/telephony/twilio', payload: c });
    expect(res.statusCode).toBe(200);
    expect(res.body).not.toContain(c.authToken);
    expect(res.json()).toMatchObject({ adapter: 'twilio', mode: 'live', twilio: { accountSid: c.accountSid, callerId: c.callerId, authTokenSet: true } });
    // stored encrypted, decrypted only on the server
    const { rows } = await t.db.query<{ secret_enc: string }>("SELECT secret_enc FROM provider_accounts WHERE provider = 'twilio' AND workspace_id = $1", [w.workspaceId]);
    expect(rows[0].secret_enc).not.toContain(c.authToken);
    expect((await getWorkspaceAccount(t.deps, w.workspaceId, 'twilio'))?.secret).toBe(c.authToken);
    expect(await resolveTelephony(t.deps, w.workspaceId)).toMatchObject({ adapter: 'twilio', fromNumber: c.callerId });

    const sandbox = await api({ method: 'PUT', url: '/api/v1/settings/telephony/mode', payload: { adapter: 'sandbox' } });
    expect(sandbox.json()).toMatchObject({ adapter: 'sandbox', chosen: 'sandbox' });
    expect((await resolveTelephony(t.deps, w.workspaceId)).adapter).toBe('sandbox');
    expect((await api({ method: 'PUT', url: '/api/v1/settings/telephony/mode', payload: { adapter: 'twilio' } })).json()).toMatchObject({ adapter: 'twilio', chosen: 'twilio' });

    // one Twilio account serves one workspace: its webhooks name the account
    const other = await t.newWorkspace('Other');
    const dup = await t.as({ cookie: other.cookie })({ method: 'PUT', url: '/api/v1/settings/telephony/twilio', payload: c });
    expect(dup.statusCode).toBe(409);

    const del = await api({ method: 'DELETE', url: '/api/v1/settings/telephony/twilio' });
    expect(del.json()).toMatchObject({ adapter: 'sandbox', chosen: null, twilio: null });
    expect((await api({ method: 'DELETE', url: '/api/v1/settings/telephony/twilio' })).statusCode).toBe(404);
    const noTwilio = await api({ method: 'PUT', url: '/api/v1/settings/telephony/mode', payload: { adapter: 'twilio' } });
    expect(noTwilio.statusCode).toBe(409);
    expect((await api({ method: 'PUT', url: '/api/v1/settings/telephony/mode', payload: { adapter: 'pstn' } })).statusCode).toBe(400);
  });

  it('stores the OpenPhone signing secret (base64) and numbers', async () => {
    const api = t.as({ cookie: w.cookie });
    expect((await api({ method: 'PUT', url: '/api/v1/settings/telephony/openphone', payload: { signingSecret: 'not base64!!' } })).statusCode).toBe(400);
    const secret = crypto.randomBytes(32).toString('base64');
    const res = await api({ method: 'PUT', url: '/api/v1/settings/telephony/openphone', payload: { signingSecret: secret, phoneNumbers: ['+14155550199'] } });
    expect(res.statusCode).toBe(200);
    expect(res.body).not.toContain(secret);
    expect(res.json().openphone).toEqual({ signingSecretSet: true, phoneNumbers: ['+14155550199'] });
    expect((await getWorkspaceAccount(t.deps, w.workspaceId, 'openphone'))?.secret).toBe(secret);
  });
});

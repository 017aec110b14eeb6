import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TelephonySettingsSchema, VoiceTokenSchema } from '@flywheel/contracts';
import { createTestContext, testDbKind, type TestContext, type TestWorkspace } from '../../../../test/harness.ts';
import { addMember } from '../../../domains/leads/leads.test-helpers.ts';
import { outboundTwiml } from '../../../domains/calls/index.ts';
import { withWorkspace } from '../../tenancy/with-workspace.ts';
import { insertCallSessions } from '../../../domains/calls/index.ts';

let t: TestContext;
let w: TestWorkspace;
let owner: ReturnType<TestContext['as']>;
beforeAll(async () => {
  t = await createTestContext();
  w = await t.newWorkspace('Browser calling');
  owner = t.as({ cookie: w.cookie });
});
afterAll(async () => t?.close());

const hex = (n: number) => crypto.randomBytes(n).toString('hex');
const twilioCreds = { accountSid: `AC${hex(16)}`, authToken: hex(16), callerId: '+14155550123' };
const sdk = { apiKeySid: `SK${hex(16)}`, apiKeySecret: crypto.randomBytes(24).toString('base64').replace(/[^A-Za-z0-9]/g, '').padEnd(32, 'x').slice(0, 32), twimlAppSid: `AP${hex(16)}` };
/** Verifies an HS256 JWT (what Twilio does with the key secret) and returns its header and claims. */
function verifyHs256(token: string, secret: string) {
  const [h, p, sig] = token.split('.');
  const expected = crypto.createHmac('sha256', secret).update(`${h}.${p}`).digest('base64url');
  if (sig !== expected) throw new Error('bad signature');
  return { header: JSON.parse(Buffer.from(h, 'base64url').toString()), claims: JSON.parse(Buffer.from(p, 'base64url').toString()) };
}
interface Claims { iss: string; sub: string; iat: number; exp: number; grants: { identity: string; voice: { incoming: { allow: boolean }; outgoing?: { application_sid: string } } } }

const token = async (as = owner) => {
  const res = await as({ method: 'GET', url: '/api/v1/voice/token' });
  expect(res.statusCode, res.body).toBe(200);
  expect(res.headers['cache-control']).toBe('no-store');
  return VoiceTokenSchema.parse(res.json());
};

describe(`browser calling: Voice SDK tokens (${testDbKind})`, () => {
  it('in the sandbox the browser uses the simulated device', async () => {
    expect(await token()).toEqual({ mode: 'sandbox' });
  });

  it('with Twilio but no API key: unavailable, and the reason says what to set up', async () => {
    expect((await owner({ method: 'PUT', url: '/api/v1/settings/telephony/twilio', payload: twilioCreds })).statusCode).toBe(200);
    const tk = await token();
    expect(tk.mode).toBe('unavailable');
    expect(tk.mode === 'unavailable' && tk.reason).toMatch(/API key/);
  });

  it('refuses malformed keys field by field; stores the secret write-only', async () => {
    const bad = await owner({ method: 'PUT', url: '/api/v1/settings/telephony/twilio/voice-sdk', payload: { apiKeySid: 'AC123', apiKeySecret: 'short', twimlAppSid: 'nope' } });
    expect(bad.statusCode).toBe(400);
    expect(Object.keys(bad.json().error.fields ?? {}).sort()).toEqual(['apiKeySecret', 'apiKeySid', 'twimlAppSid']);
    const ok = await owner({ method: 'PUT', url: '/api/v1/settings/telephony/twilio/voice-sdk', payload: sdk });
    expect(ok.statusCode, ok.body).toBe(200);
    const s = TelephonySettingsSchema.parse(ok.json());
    expect(s.twilio?.voiceSdk).toEqual({ apiKeySid: sdk.apiKeySid, twimlAppSid: sdk.twimlAppSid, secretSet: true });
    expect(ok.body).not.toContain(sdk.apiKeySecret);
    const stored = (await t.db.query<{ settings: unknown }>("SELECT settings FROM provider_accounts WHERE workspace_id = $1 AND provider = 'twilio'", [w.workspaceId])).rows[0];
    expect(JSON.stringify(stored.settings)).not.toContain(sdk.apiKeySecret);
  });

  it('issues a token Twilio accepts: signed with the key secret, for client user-<id>, incoming allowed, the TwiML App for outgoing, 1 hour', async () => {
    const tk = await token();
    if (tk.mode !== 'live') throw new Error(`expected live, got ${JSON.stringify(tk)}`);
    expect(tk.identity).toBe(`user-${w.userId}`);
    const { header, claims } = verifyHs256(tk.token, sdk.apiKeySecret) as { header: { alg: string; cty: string }; claims: Claims };
    expect(header).toMatchObject({ alg: 'HS256', cty: 'twilio-fpa;v=1' });
    expect(claims.iss).toBe(sdk.apiKeySid);
    expect(claims.sub).toBe(twilioCreds.accountSid);
    expect(claims.grants.identity).toBe(`user-${w.userId}`);
    expect(claims.grants.voice.incoming.allow).toBe(true);
    expect(claims.grants.voice.outgoing?.application_sid).toBe(sdk.twimlAppSid);
    expect(claims.exp - claims.iat).toBe(3600);
    expect(() => verifyHs256(tk.token, 'another secret')).toThrow('bad signature');
    // the bridge rings exactly that client
    const [callId] = await withWorkspace(t.db, w.workspaceId, (tx) =>
      insertCallSessions(tx, w.workspaceId, [{ provider: 'twilio', providerCallId: `CA${hex(16)}`, direction: 'outbound', from: '+14155550123', to: '+13125550100', status: 'in_progress', statusHistory: [], startedAt: new Date(), leadId: null, userId: w.userId }]),
    );
    expect(await outboundTwiml(t.deps, w.workspaceId, callId)).toContain(`<Client>${tk.identity}</Client>`);
  });

  it('every rep gets their own identity; an API key cannot take calls', async () => {
    const rep = await addMember(t, w, 'rep', 'Rita Rep');
    const tk = await token(t.as({ cookie: rep.cookie }));
    expect(tk.mode === 'live' && tk.identity).toBe(`user-${rep.userId}`);
    const byKey = await t.as({ apiKey: w.apiKey })({ method: 'GET', url: '/api/v1/voice/token' });
    expect(byKey.statusCode).toBe(403);
    expect(byKey.json().error.message).toMatch(/signed-in person/);
    // reps cannot change the key
    expect((await t.as({ cookie: rep.cookie })({ method: 'PUT', url: '/api/v1/settings/telephony/twilio/voice-sdk', payload: sdk })).statusCode).toBe(403);
  });

  it('a new auth token for the same account keeps the key; removing the key turns browser audio off', async () => {
    expect((await owner({ method: 'PUT', url: '/api/v1/settings/telephony/twilio', payload: { ...twilioCreds, authToken: hex(16) } })).statusCode).toBe(200);
    expect((await token()).mode).toBe('live');
    expect((await owner({ method: 'DELETE', url: '/api/v1/settings/telephony/twilio/voice-sdk' })).statusCode).toBe(200);
    expect((await token()).mode).toBe('unavailable');
    expect((await owner({ method: 'DELETE', url: '/api/v1/settings/telephony/twilio/voice-sdk' })).statusCode).toBe(404);
  });
});

import type { AuthzPart } from './part.ts';

const VOICE_SDK = { apiKeySid: `SK${'7f3a'.repeat(8)}`, apiKeySecret: 'Marker7f3aSecretMarker7f3aSecret' };
const TWILIO = { accountSid: `AC${'7f3a'.repeat(8)}`, authToken: '0123456789abcdef0123456789abcdef', callerId: '+14155550123' };

/** Authorization samples for the telephony settings routes (see authz.samples.ts). */
export const telephonyAuthz: AuthzPart = {
  async build(t, a) {
    // workspace A has Twilio connected: an outsider must neither see nor replace it
    const res = await t.as({ cookie: a.cookie })({ method: 'PUT', url: '/api/v1/settings/telephony/twilio', payload: TWILIO });
    if (res.statusCode !== 200) throw new Error(`telephony fixture: ${res.statusCode} ${res.body}`);
    const sdk = await t.as({ cookie: a.cookie })({ method: 'PUT', url: '/api/v1/settings/telephony/twilio/voice-sdk', payload: VOICE_SDK });
    if (sdk.statusCode !== 200) throw new Error(`voice sdk fixture: ${sdk.statusCode} ${sdk.body}`);
  },
  samples: {
    // settings routes act on the caller's own workspace: the outsider must see none of A's
    'GET /api/v1/settings/telephony': { url: () => '/api/v1/settings/telephony', collection: true },
    'PUT /api/v1/settings/telephony/twilio': { url: () => '/api/v1/settings/telephony/twilio', body: () => ({ ...TWILIO, accountSid: `AC${'b'.repeat(32)}` }), collection: true },
    'DELETE /api/v1/settings/telephony/twilio': { url: () => '/api/v1/settings/telephony/twilio', collection: true },
    'PUT /api/v1/settings/telephony/openphone': { url: () => '/api/v1/settings/telephony/openphone', body: () => ({ signingSecret: Buffer.from('outsider-secret-0123456789').toString('base64') }), collection: true },
    'PUT /api/v1/settings/telephony/twilio/voice-sdk': { url: () => '/api/v1/settings/telephony/twilio/voice-sdk', body: () => ({ ...VOICE_SDK, apiKeySid: `SK${'b'.repeat(32)}` }), collection: true },
    'DELETE /api/v1/settings/telephony/twilio/voice-sdk': { url: () => '/api/v1/settings/telephony/twilio/voice-sdk', collection: true },
    'GET /api/v1/voice/token': { url: () => '/api/v1/voice/token', collection: true },
    'PUT /api/v1/settings/telephony/mode': { url: () => '/api/v1/settings/telephony/mode', body: () => ({ adapter: 'sandbox' }), collection: true },
  },
};

import crypto from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import type { TestContext } from '../../../../test/harness.ts';
import { newSid, saveAccount } from '../../../platform/providers/accounts.ts';
import { signOpenPhone } from '../../../platform/providers/telephony/webhook/openphone.ts';
import { signTwilioRequest } from '../../../platform/providers/telephony/webhook/twilio.ts';

/** A Twilio-shaped account (the sandbox carrier's kind) for a workspace: sid + auth token. */
export async function twilioAccount(t: TestContext, workspaceId: string, provider: 'sandbox' | 'twilio' = 'sandbox') {
  const sid = newSid('AC');
  const token = crypto.randomBytes(16).toString('hex');
  await saveAccount(t.deps, { workspaceId, provider, accountId: sid, secret: token, defaultFrom: '+12125550100' });
  return { sid, token };
}

export async function openPhoneAccount(t: TestContext, workspaceId: string) {
  const key = crypto.randomBytes(32).toString('base64');
  await saveAccount(t.deps, { workspaceId, provider: 'openphone', accountId: `openphone-${workspaceId.slice(0, 8)}`, secret: key });
  return { key };
}

/** Posts form fields to a Twilio webhook route, signed like Twilio against PUBLIC_URL + path. */
export function postTwilio(t: TestContext, path: string, params: Record<string, string>, token: string | null, opts: { signUrl?: string } = {}): Promise<LightMyRequestResponse> {
  const body = new URLSearchParams(params).toString();
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
  if (token) headers['x-twilio-signature'] = signTwilioRequest(token, opts.signUrl ?? `${t.deps.config.publicUrl}${path}`, params);
  return t.app.inject({ method: 'POST', url: path, headers, payload: body });
}

export function postOpenPhone(t: TestContext, event: unknown, key: string | null): Promise<LightMyRequestResponse> {
  const body = JSON.stringify(event);
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (key) headers['openphone-signature'] = signOpenPhone(key, body);
  return t.app.inject({ method: 'POST', url: '/webhooks/openphone', headers, payload: body });
}

const rfc2822 = (d: Date) => d.toUTCString().replace('GMT', '+0000');

/** The status callbacks of one answered, recorded, transcribed outbound call, in provider order. */
export function answeredCallEvents(o: { callSid: string; accountSid: string; to: string; start: Date; talkSeconds: number }) {
  const common = { CallSid: o.callSid, AccountSid: o.accountSid, From: '+12125550100', To: o.to, Direction: 'outbound-api', ApiVersion: '2010-04-01' };
  const at = (s: number) => rfc2822(new Date(o.start.getTime() + s * 1000));
  const answer = 6;
  const end = answer + o.talkSeconds;
  return [
    { route: 'voice', params: { ...common, CallStatus: 'initiated', SequenceNumber: '0', Timestamp: at(0) } },
    { route: 'voice', params: { ...common, CallStatus: 'ringing', SequenceNumber: '1', Timestamp: at(1) } },
    { route: 'voice', params: { ...common, CallStatus: 'in-progress', SequenceNumber: '2', Timestamp: at(answer) } },
    { route: 'voice', params: { CallSid: o.callSid, AccountSid: o.accountSid, AnsweredBy: 'human', MachineDetectionDuration: '1800', Timestamp: at(answer + 2) } },
    { route: 'voice', params: { ...common, CallStatus: 'completed', SequenceNumber: '3', CallDuration: String(o.talkSeconds), Timestamp: at(end) } },
    { route: 'recording', params: { CallSid: o.callSid, AccountSid: o.accountSid, RecordingSid: `RE${o.callSid.slice(2)}`, RecordingStatus: 'completed', RecordingUrl: `https://api.twilio.com/2010-04-01/Accounts/${o.accountSid}/Recordings/RE${o.callSid.slice(2)}`, RecordingDuration: String(o.talkSeconds), RecordingStartTime: at(answer) } },
    { route: 'recording', params: { CallSid: o.callSid, AccountSid: o.accountSid, TranscriptionSid: `TR${o.callSid.slice(2)}`, TranscriptionStatus: 'completed', TranscriptionText: 'Rep: Hi, this is Sam from Flywheel.\nProspect: Hi Sam, what is this about?', Timestamp: at(end + 30) } },
  ] as const;
}

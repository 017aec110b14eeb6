import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { verifyOpenPhoneSignature, signOpenPhone, parseOpenPhoneEvent } from './openphone.ts';
import { parseForm, parseTwilioRecording, parseTwilioVoice, verifyTwilioRequest } from './twilio.ts';
import { WebhookPayloadError } from './events.ts';
import { transcriptFromText } from './transcript.ts';

// Twilio's published request-validation vector (twilio-node spec/unit/webhooks/webhooks.spec.js,
// twilio-php RequestValidatorTest): auth token 12345, this URL and these fields sign to
// RSOYDt4T1cUTdK1PDd93/VVr8B8=.
const TOKEN = '12345';
const URL_ = 'https://mycompany.com/myapp.php?foo=1&bar=2';
const PARAMS = { CallSid: 'CA1234567890ABCDE', Caller: '+14158675309', Digits: '1234', From: '+14158675309', To: '+18005551212' };
const SIGNATURE = 'RSOYDt4T1cUTdK1PDd93/VVr8B8=';

describe('Twilio signature (published test vector)', () => {
  it('accepts the vector, whatever order the fields come in', () => {
    expect(verifyTwilioRequest(TOKEN, URL_, PARAMS, SIGNATURE)).toBe(true);
    const reversed = Object.fromEntries(Object.entries(PARAMS).reverse());
    expect(verifyTwilioRequest(TOKEN, URL_, reversed, SIGNATURE)).toBe(true);
    // the same fields as they come off the wire, form-encoded
    expect(verifyTwilioRequest(TOKEN, URL_, parseForm('Digits=1234&To=%2B18005551212&From=%2B14158675309&Caller=%2B14158675309&CallSid=CA1234567890ABCDE'), SIGNATURE)).toBe(true);
  });
  it('refuses a tampered field, an added field, a wrong URL, a wrong token and a missing signature', () => {
    expect(verifyTwilioRequest(TOKEN, URL_, { ...PARAMS, Digits: '9999' }, SIGNATURE)).toBe(false);
    expect(verifyTwilioRequest(TOKEN, URL_, { ...PARAMS, CallStatus: 'completed' }, SIGNATURE)).toBe(false);
    expect(verifyTwilioRequest(TOKEN, 'https://mycompany.com/myapp.php?foo=1&bar=3', PARAMS, SIGNATURE)).toBe(false);
    expect(verifyTwilioRequest(TOKEN, 'https://evil.example/myapp.php?foo=1&bar=2', PARAMS, SIGNATURE)).toBe(false);
    expect(verifyTwilioRequest('54321', URL_, PARAMS, SIGNATURE)).toBe(false);
    expect(verifyTwilioRequest(TOKEN, URL_, PARAMS, undefined)).toBe(false);
    expect(verifyTwilioRequest('', URL_, PARAMS, SIGNATURE)).toBe(false);
  });
});

// OpenPhone documents the algorithm (HMAC-SHA256 over "<timestamp>.<raw body>" keyed by the
// base64-decoded signing key, header "hmac;1;<timestamp>;<base64 digest>") and shows a header
// without the key and body behind it, so this vector is built from the documented algorithm with
// an independent implementation (node:crypto directly), not copied from OpenPhone.
describe('OpenPhone signature (vector built from the documented algorithm)', () => {
  const key = Buffer.from('flywheel-openphone-test-key-0001').toString('base64');
  const body = Buffer.from('{"id":"EV1","object":"event","type":"call.completed","data":{"object":{"id":"AC1"}}}');
  const ts = '1639710054089';
  const digest = (k: string, b: Buffer) => hmacBase64(k, Buffer.concat([Buffer.from(`${ts}.`), b]));

  it('accepts hmac;1;<ts>;<digest> over the raw bytes, and our signer agrees', () => {
    const header = `hmac;1;${ts};${digest(key, body)}`;
    expect(verifyOpenPhoneSignature(key, header, body)).toBe(true);
    expect(signOpenPhone(key, body, Number(ts))).toBe(header);
    // one valid signature among several (key rotation)
    expect(verifyOpenPhoneSignature(key, `hmac;1;${ts};AAAA,${header}`, body)).toBe(true);
  });
  it('refuses a changed byte, re-serialised JSON, a wrong key, the key used undecoded, a changed timestamp and junk', () => {
    const header = `hmac;1;${ts};${digest(key, body)}`;
    expect(verifyOpenPhoneSignature(key, header, Buffer.from(body.toString().replace('AC1', 'AC2')))).toBe(false);
    expect(verifyOpenPhoneSignature(key, header, Buffer.from(JSON.stringify(JSON.parse(body.toString()), null, 1)))).toBe(false);
    expect(verifyOpenPhoneSignature(Buffer.from('another key').toString('base64'), header, body)).toBe(false);
    const undecoded = hmacWithUndecodedKey(key, Buffer.concat([Buffer.from(`${ts}.`), body]));
    expect(verifyOpenPhoneSignature(key, `hmac;1;${ts};${undecoded}`, body)).toBe(false);
    expect(verifyOpenPhoneSignature(key, `hmac;1;1639710054090;${digest(key, body)}`, body)).toBe(false);
    for (const junk of ['', 'hmac', 'hmac;2;1;x', 'sha1;1;1;x', `hmac;1;;${digest(key, body)}`]) expect(verifyOpenPhoneSignature(key, junk, body)).toBe(false);
  });
});

function hmacBase64(keyB64: string, data: Buffer) {
  return crypto.createHmac('sha256', Buffer.from(keyB64, 'base64')).update(data).digest('base64');
}
function hmacWithUndecodedKey(keyText: string, data: Buffer) {
  return crypto.createHmac('sha256', keyText).update(data).digest('base64');
}

describe('Twilio callback parsing', () => {
  const base = { CallSid: 'CAabc', AccountSid: 'ACdef', From: '+12125550142', To: '+13125550188', Direction: 'outbound-api', Timestamp: 'Tue, 14 Nov 2023 10:00:05 +0000' };
  const receivedAt = new Date('2023-11-14T10:00:09Z');
  it('normalises statuses, time, duration, AMD, sequence and error codes', () => {
    expect(parseTwilioVoice({ ...base, CallStatus: 'in-progress', SequenceNumber: '2', AnsweredBy: 'human' }, { receivedAt })).toMatchObject({
      kind: 'status', status: 'in_progress', sequence: 2, answeredBy: 'human', occurredAt: new Date('2023-11-14T10:00:05Z'), direction: 'outbound',
    });
    expect(parseTwilioVoice({ ...base, CallStatus: 'completed', CallDuration: '192' }, { receivedAt, callSessionId: 'x' })).toMatchObject({ status: 'completed', durationSeconds: 192, callSessionId: 'x' });
    expect(parseTwilioVoice({ ...base, CallStatus: 'no-answer' }, { receivedAt })).toMatchObject({ status: 'no_answer' });
    expect(parseTwilioVoice({ ...base, CallStatus: 'queued' }, { receivedAt })).toMatchObject({ status: 'initiated' });
    expect(parseTwilioVoice({ ...base, CallStatus: 'failed', ErrorCode: '13224' }, { receivedAt })).toMatchObject({ status: 'failed', errorCode: '13224' });
    const { Timestamp: _t, ...noTime } = base;
    expect(parseTwilioVoice({ ...noTime, CallStatus: 'ringing' }, { receivedAt }).occurredAt).toEqual(receivedAt);
    // the asynchronous AMD callback has AnsweredBy and no CallStatus
    expect(parseTwilioVoice({ CallSid: 'CAabc', AccountSid: 'ACdef', AnsweredBy: 'machine_end_beep', MachineDetectionDuration: '2400' }, { receivedAt })).toMatchObject({ kind: 'amd', answeredBy: 'machine_end_beep', machineDetectionMs: 2400 });
  });
  it('refuses what Twilio never sends with a typed error', () => {
    const bad: Record<string, string>[] = [
      { ...base, CallStatus: 'exploded' }, { ...base, CallSid: '', CallStatus: 'ringing' }, { ...base, AccountSid: '', CallStatus: 'ringing' },
      { ...base }, { ...base, CallStatus: 'completed', CallDuration: '-4' }, { ...base, CallStatus: 'completed', Timestamp: 'yesterday-ish' },
      { ...base, CallStatus: 'ringing', AnsweredBy: 'robot' }, { ...base, CallSid: 'SMabc', CallStatus: 'ringing' },
    ];
    for (const p of bad) expect(() => parseTwilioVoice(p, { receivedAt }), JSON.stringify(p)).toThrow(WebhookPayloadError);
    expect(() => parseTwilioRecording({ ...base }, { receivedAt })).toThrow(WebhookPayloadError);
    expect(() => parseTwilioRecording({ ...base, RecordingStatus: 'done' }, { receivedAt })).toThrow(WebhookPayloadError);
    expect(() => parseTwilioRecording({ ...base, RecordingStatus: 'completed', RecordingUrl: 'javascript:alert(1)' }, { receivedAt })).toThrow(WebhookPayloadError);
  });
  it('parses recording and transcription callbacks; speaker lines become timed turns', () => {
    expect(parseTwilioRecording({ ...base, RecordingSid: 'RE1', RecordingStatus: 'completed', RecordingUrl: 'https://api.twilio.com/rec/RE1', RecordingDuration: '130' }, { receivedAt }))
      .toMatchObject({ kind: 'recording', status: 'completed', url: 'https://api.twilio.com/rec/RE1', durationSeconds: 130 });
    const t = parseTwilioRecording({ ...base, TranscriptionStatus: 'completed', TranscriptionText: 'Rep: Hi, is this Dana?\nProspect: Speaking, who is this?' }, { receivedAt });
    expect(t).toMatchObject({ kind: 'transcript', status: 'completed' });
    expect(t.kind === 'transcript' && t.turns).toEqual([
      { speaker: 'rep', start: 0, end: 1.6, text: 'Hi, is this Dana?' },
      { speaker: 'prospect', start: 1.6, end: 3.2, text: 'Speaking, who is this?' },
    ]);
    expect(transcriptFromText('hello there, unlabelled text')).toEqual([{ speaker: 'unknown', start: 0, end: 1.6, text: 'hello there, unlabelled text' }]);
    expect(parseTwilioRecording({ ...base, TranscriptionStatus: 'failed' }, { receivedAt })).toMatchObject({ kind: 'transcript', status: 'failed', turns: [] });
  });
});

describe('OpenPhone event parsing', () => {
  it('maps the four call events and ignores the rest; malformed call events are refused', () => {
    const call = { id: 'ACop1', direction: 'outgoing', status: 'completed', from: '+12125550142', to: '+13125550188', createdAt: '2024-01-23T16:50:00Z', answeredAt: '2024-01-23T16:50:05Z', completedAt: '2024-01-23T16:53:17Z', duration: 192 };
    expect(parseOpenPhoneEvent({ id: 'EV1', type: 'call.completed', data: { object: call } }).event).toMatchObject({ kind: 'status', status: 'completed', durationSeconds: 192, answeredAt: new Date('2024-01-23T16:50:05Z') });
    expect(parseOpenPhoneEvent({ id: 'EV2', type: 'call.recording.completed', data: { object: { ...call, media: [{ url: 'https://files.example/rec.mp3', duration: 190 }] } } }).event).toMatchObject({ kind: 'recording', status: 'completed', url: 'https://files.example/rec.mp3' });
    expect(parseOpenPhoneEvent({ id: 'EV3', type: 'call.transcript.completed', data: { object: { callId: 'ACop1', dialogue: [{ content: 'Hi', start: 0, end: 1, userId: 'US1' }, { content: 'Hello', start: 1, end: 2, identifier: '+13125550188' }] } } }).event)
      .toMatchObject({ kind: 'transcript', turns: [{ speaker: 'rep', text: 'Hi' }, { speaker: 'prospect', text: 'Hello' }] });
    expect(parseOpenPhoneEvent({ id: 'EV4', type: 'call.summary.completed', data: { object: { callId: 'ACop1', summary: ['Wants a quote'], nextSteps: ['Send quote'] } } }).event).toMatchObject({ kind: 'summary', summary: 'Wants a quote\nNext steps: Send quote' });
    expect(parseOpenPhoneEvent({ id: 'EV5', type: 'message.received', data: { object: { id: 'x' } } }).event).toBeNull();
    for (const bad of [null, [], {}, { id: 'EV', type: 'call.completed', data: { object: { id: 'AC1' } } }, { id: 'EV', type: 'call.completed', data: { object: { ...call, status: 'vaporised' } } }, { id: 'EV', type: 'call.completed', data: { object: { ...call, duration: 'long' } } }]) {
      expect(() => parseOpenPhoneEvent(bad), JSON.stringify(bad)).toThrow(WebhookPayloadError);
    }
  });
});

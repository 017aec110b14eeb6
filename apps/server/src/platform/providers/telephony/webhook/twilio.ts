import crypto from 'node:crypto';
import twilio from 'twilio';
import { AMD_RESULTS, type AmdResult, type CallDirection, type CallStatus, type RecordingStatus } from '../port.ts';
import { WebhookPayloadError, type ProviderCallEvent } from './events.ts';
import { transcriptFromText } from './transcript.ts';

/** Form fields as Twilio posts them; a repeated field keeps every value (signatures cover all). */
export type TwilioParams = Record<string, string | string[]>;

/**
 * Checks `X-Twilio-Signature` with the official SDK (HMAC-SHA1 over the full URL and the sorted
 * POST fields, keyed by the auth token). `fullUrl` must be exactly the URL the provider called,
 * query string included — the public base URL is configuration (PUBLIC_URL), not the Host header.
 */
export function verifyTwilioRequest(authToken: string, fullUrl: string, params: TwilioParams, signatureHeader: string | undefined): boolean {
  if (!authToken || !signatureHeader || typeof signatureHeader !== 'string') return false;
  try {
    return twilio.validateRequest(authToken, signatureHeader, fullUrl, params);
  } catch {
    return false;
  }
}

/** Same algorithm, for signing test requests and the sandbox carrier. */
export function signTwilioRequest(authToken: string, fullUrl: string, params: TwilioParams): string {
  return twilio.getExpectedTwilioSignature(authToken, fullUrl, params);
}

/** Parses an x-www-form-urlencoded body into Twilio params (repeated keys become arrays). */
export function parseForm(body: string): TwilioParams {
  const out: TwilioParams = {};
  for (const [k, v] of new URLSearchParams(body)) {
    const prev = out[k];
    out[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
  }
  return out;
}

/** Stable identity of a delivery: an exact replay (same URL, same fields) hashes the same. */
export function twilioDedupeKey(pathAndQuery: string, params: TwilioParams): string {
  const sorted = Object.keys(params).sort().map((k) => [k, params[k]]);
  return crypto.createHash('sha256').update(JSON.stringify([pathAndQuery, sorted])).digest('hex');
}

const one = (p: TwilioParams, k: string): string | undefined => {
  const v = p[k];
  const s = Array.isArray(v) ? v[0] : v;
  return s === undefined || s.trim() === '' ? undefined : s.trim();
};

const STATUS: Record<string, CallStatus> = {
  queued: 'initiated', initiated: 'initiated', ringing: 'ringing', 'in-progress': 'in_progress', answered: 'in_progress',
  completed: 'completed', busy: 'busy', 'no-answer': 'no_answer', failed: 'failed', canceled: 'canceled',
};
const RECORDING_STATUS: Record<string, RecordingStatus> = { 'in-progress': 'in_progress', completed: 'completed', absent: 'absent', failed: 'failed' };

const isAmd = (s: string): s is AmdResult => (AMD_RESULTS as readonly string[]).includes(s);

function int(p: TwilioParams, k: string): number | undefined {
  const s = one(p, k);
  if (s === undefined) return undefined;
  if (!/^\d{1,9}$/.test(s)) throw new WebhookPayloadError(`${k} must be a whole number, got "${s.slice(0, 40)}".`);
  return Number(s);
}

/** RFC 2822 (Twilio's Timestamp), or the moment we stored the delivery when it has none. */
function when(p: TwilioParams, k: string, fallback: Date): Date {
  const s = one(p, k);
  if (s === undefined) return fallback;
  const d = new Date(s);
  if (Number.isNaN(d.getTime())) throw new WebhookPayloadError(`${k} is not a date: "${s.slice(0, 60)}".`);
  return d;
}

function ids(p: TwilioParams): { providerCallId: string; accountSid: string } {
  const providerCallId = one(p, 'CallSid');
  const accountSid = one(p, 'AccountSid');
  if (!providerCallId || !/^CA[0-9a-zA-Z]{1,64}$/.test(providerCallId)) throw new WebhookPayloadError('CallSid is missing or not a call sid.');
  if (!accountSid) throw new WebhookPayloadError('AccountSid is missing.');
  return { providerCallId, accountSid };
}

function amd(p: TwilioParams): AmdResult | undefined {
  const s = one(p, 'AnsweredBy');
  if (s === undefined) return undefined;
  if (!isAmd(s)) throw new WebhookPayloadError(`AnsweredBy "${s.slice(0, 40)}" is not one Twilio sends.`);
  return s;
}

/**
 * A voice status callback (or the asynchronous AMD callback, which has AnsweredBy but no
 * CallStatus). `receivedAt` stands in for a missing Timestamp so re-parsing a stored row is stable.
 */
export function parseTwilioVoice(p: TwilioParams, opts: { callSessionId?: string; receivedAt: Date }): ProviderCallEvent {
  const { providerCallId } = ids(p);
  const base = { providerCallId, ...(opts.callSessionId ? { callSessionId: opts.callSessionId } : {}) };
  const rawStatus = one(p, 'CallStatus');
  const answeredBy = amd(p);
  if (rawStatus === undefined) {
    if (!answeredBy) throw new WebhookPayloadError('CallStatus is missing (and this is not an AMD callback with AnsweredBy).');
    const ms = int(p, 'MachineDetectionDuration');
    return { kind: 'amd', ...base, occurredAt: when(p, 'Timestamp', opts.receivedAt), answeredBy, ...(ms !== undefined ? { machineDetectionMs: ms } : {}) };
  }
  const status = STATUS[rawStatus];
  if (!status) throw new WebhookPayloadError(`CallStatus "${rawStatus.slice(0, 40)}" is not a Twilio call status.`);
  const dir = one(p, 'Direction') ?? 'outbound-api';
  const direction: CallDirection = dir === 'inbound' ? 'inbound' : 'outbound';
  const duration = int(p, 'CallDuration');
  const sequence = int(p, 'SequenceNumber');
  const errorCode = one(p, 'ErrorCode');
  const errorMessage = one(p, 'ErrorMessage');
  const recordingUrl = one(p, 'RecordingUrl');
  return {
    kind: 'status', ...base, status, direction,
    from: one(p, 'From') ?? null, to: one(p, 'To') ?? null,
    occurredAt: when(p, 'Timestamp', opts.receivedAt),
    ...(sequence !== undefined ? { sequence } : {}),
    ...(duration !== undefined ? { durationSeconds: duration } : {}),
    ...(answeredBy ? { answeredBy } : {}),
    ...(errorCode ? { errorCode: errorCode.slice(0, 20) } : {}),
    ...(errorMessage ? { errorMessage: errorMessage.slice(0, 500) } : {}),
    ...(recordingUrl ? { recordingUrl: recordingUrl.slice(0, 2000) } : {}),
  };
}

/** A recording status callback, or a transcription callback (same route; TranscriptionStatus tells). */
export function parseTwilioRecording(p: TwilioParams, opts: { callSessionId?: string; receivedAt: Date }): ProviderCallEvent {
  const { providerCallId } = ids(p);
  const base = { providerCallId, ...(opts.callSessionId ? { callSessionId: opts.callSessionId } : {}) };
  const tStatus = one(p, 'TranscriptionStatus');
  if (tStatus !== undefined) {
    if (tStatus !== 'completed' && tStatus !== 'failed') throw new WebhookPayloadError(`TranscriptionStatus "${tStatus.slice(0, 40)}" is not completed or failed.`);
    const text = one(p, 'TranscriptionText') ?? '';
    return {
      kind: 'transcript', ...base, occurredAt: when(p, 'Timestamp', opts.receivedAt),
      status: tStatus === 'completed' ? (text ? 'completed' : 'absent') : 'failed',
      turns: tStatus === 'completed' ? transcriptFromText(text.slice(0, 200_000)) : [],
    };
  }
  const rStatus = one(p, 'RecordingStatus');
  if (rStatus === undefined) throw new WebhookPayloadError('Neither RecordingStatus nor TranscriptionStatus is present.');
  const status = RECORDING_STATUS[rStatus];
  if (!status) throw new WebhookPayloadError(`RecordingStatus "${rStatus.slice(0, 40)}" is not a Twilio recording status.`);
  const url = one(p, 'RecordingUrl');
  if (url !== undefined && !/^https?:\/\//.test(url)) throw new WebhookPayloadError('RecordingUrl is not an http(s) URL.');
  const duration = int(p, 'RecordingDuration');
  return {
    kind: 'recording', ...base, status, recordingSid: one(p, 'RecordingSid') ?? null,
    occurredAt: when(p, 'RecordingStartTime', when(p, 'Timestamp', opts.receivedAt)),
    ...(url ? { url: url.slice(0, 2000) } : {}),
    ...(duration !== undefined ? { durationSeconds: duration } : {}),
  };
}

/** The AccountSid a Twilio-shaped request names (to find the workspace and its auth token). */
export function twilioAccountSid(p: TwilioParams): string | null {
  const s = one(p, 'AccountSid');
  return s && /^AC[0-9a-zA-Z]{1,64}$/.test(s) ? s : null;
}

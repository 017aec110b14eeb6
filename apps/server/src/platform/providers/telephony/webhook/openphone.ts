import crypto from 'node:crypto';
import { z } from 'zod';
import type { TranscriptTurn } from '../../ai/port.ts';
import type { CallStatus } from '../port.ts';
import { WebhookPayloadError, type ProviderCallEvent } from './events.ts';

/**
 * OpenPhone (Quo) signs each webhook with `openphone-signature: hmac;1;<timestamp ms>;<base64 digest>`,
 * the digest being HMAC-SHA256 over `<timestamp>.<raw body bytes>` keyed by the *base64-decoded*
 * signing key shown in its app. Verified over the raw bytes: re-serialised JSON would not match.
 * Several signatures may be sent comma-separated (key rotation); one valid is enough.
 */
export function verifyOpenPhoneSignature(signingKeyBase64: string, header: string | undefined, rawBody: Buffer): boolean {
  if (!signingKeyBase64 || !header || typeof header !== 'string') return false;
  const key = Buffer.from(signingKeyBase64, 'base64');
  if (key.length === 0) return false;
  for (const sig of header.split(',')) {
    const [scheme, version, timestamp, digest] = sig.trim().split(';');
    if (scheme !== 'hmac' || version !== '1' || !timestamp || !/^\d{1,16}$/.test(timestamp) || !digest) continue;
    const expected = crypto.createHmac('sha256', key).update(Buffer.concat([Buffer.from(`${timestamp}.`), rawBody])).digest();
    const given = Buffer.from(digest, 'base64');
    if (given.length === expected.length && crypto.timingSafeEqual(given, expected)) return true;
  }
  return false;
}

/** Signs like OpenPhone (tests, local tools). */
export function signOpenPhone(signingKeyBase64: string, rawBody: Buffer | string, timestampMs = Date.now()): string {
  const body = typeof rawBody === 'string' ? Buffer.from(rawBody) : rawBody;
  const digest = crypto.createHmac('sha256', Buffer.from(signingKeyBase64, 'base64')).update(Buffer.concat([Buffer.from(`${timestampMs}.`), body])).digest('base64');
  return `hmac;1;${timestampMs};${digest}`;
}

const iso = z.string().max(64).refine((s) => !Number.isNaN(Date.parse(s)), 'not a date');
const phone = z.string().max(40);

const CallObject = z.object({
  id: z.string().min(1).max(100),
  direction: z.enum(['incoming', 'outgoing']),
  status: z.string().max(40),
  from: phone.nullish(),
  to: z.union([phone, z.array(phone)]).nullish(),
  participants: z.array(phone).max(20).nullish(),
  createdAt: iso,
  answeredAt: iso.nullish(),
  completedAt: iso.nullish(),
  duration: z.number().int().min(0).max(1_000_000).nullish(),
  media: z.array(z.object({ url: z.string().max(2000).nullish(), type: z.string().nullish(), duration: z.number().nullish() })).max(20).nullish(),
  userId: z.string().max(100).nullish(),
});
const TranscriptObject = z.object({
  callId: z.string().min(1).max(100),
  createdAt: iso.nullish(),
  status: z.string().max(40).nullish(),
  dialogue: z.array(z.object({ content: z.string().max(20_000), start: z.number().nullish(), end: z.number().nullish(), identifier: z.string().max(40).nullish(), userId: z.string().max(100).nullish() })).max(5000).nullish(),
});
const SummaryObject = z.object({
  callId: z.string().min(1).max(100),
  status: z.string().max(40).nullish(),
  summary: z.array(z.string().max(5000)).max(100).nullish(),
  nextSteps: z.array(z.string().max(5000)).max(100).nullish(),
});
const Envelope = z.object({
  id: z.string().min(1).max(100),
  type: z.string().max(100),
  createdAt: iso.nullish(),
  data: z.object({ object: z.record(z.string(), z.unknown()) }),
});

const STATUS: Record<string, CallStatus> = {
  queued: 'initiated', initiated: 'initiated', ringing: 'ringing', 'in-progress': 'in_progress', answered: 'completed',
  completed: 'completed', busy: 'busy', failed: 'failed', 'no-answer': 'no_answer', missed: 'no_answer', canceled: 'canceled',
  abandoned: 'canceled', forwarded: 'completed',
};

export const OPENPHONE_KINDS = ['call.completed', 'call.recording.completed', 'call.transcript.completed', 'call.summary.completed'] as const;

export interface ParsedOpenPhone {
  eventId: string;
  type: string;
  /** null for event types we acknowledge but do not use (messages, contacts, call.ringing). */
  event: ProviderCallEvent | null;
}

function issue(e: z.ZodError): string {
  const i = e.issues[0];
  return i ? `${i.path.join('.') || 'body'}: ${i.message}` : 'invalid payload';
}

/** Parses a verified OpenPhone event; unknown shapes of the four call events are a 400. */
export function parseOpenPhoneEvent(body: unknown): ParsedOpenPhone {
  const env = Envelope.safeParse(body);
  if (!env.success) throw new WebhookPayloadError(`Not an OpenPhone event (${issue(env.error)}).`);
  const { id: eventId, type } = env.data;
  const obj = env.data.data.object;
  const at = (s: string | null | undefined, fallback: Date) => (s ? new Date(s) : fallback);
  const envelopeAt = at(env.data.createdAt, new Date(0));
  switch (type) {
    case 'call.completed':
    case 'call.recording.completed': {
      const c = CallObject.safeParse(obj);
      if (!c.success) throw new WebhookPayloadError(`${type}: ${issue(c.error)}`);
      const call = c.data;
      if (type === 'call.recording.completed') {
        const media = (call.media ?? []).find((m) => m.url);
        return {
          eventId, type,
          event: { kind: 'recording', providerCallId: call.id, recordingSid: null, occurredAt: at(call.completedAt, envelopeAt), status: media?.url ? 'completed' : 'absent', ...(media?.url ? { url: media.url } : {}), ...(media?.duration != null ? { durationSeconds: Math.round(media.duration) } : {}) },
        };
      }
      const status = STATUS[call.status];
      if (!status) throw new WebhookPayloadError(`call.completed: status "${call.status}" is not an OpenPhone call status.`);
      const to = Array.isArray(call.to) ? call.to[0] : call.to;
      return {
        eventId, type,
        event: {
          kind: 'status', providerCallId: call.id, status, direction: call.direction === 'incoming' ? 'inbound' : 'outbound',
          from: call.from ?? null, to: to ?? null, participants: call.participants ?? undefined,
          startedAt: new Date(call.createdAt), occurredAt: at(call.completedAt, at(call.answeredAt, new Date(call.createdAt))),
          ...(call.answeredAt ? { answeredAt: new Date(call.answeredAt) } : {}),
          ...(call.duration != null ? { durationSeconds: call.duration } : {}),
        },
      };
    }
    case 'call.transcript.completed': {
      const t = TranscriptObject.safeParse(obj);
      if (!t.success) throw new WebhookPayloadError(`${type}: ${issue(t.error)}`);
      const turns: TranscriptTurn[] = (t.data.dialogue ?? []).map((d) => ({
        // a turn with an OpenPhone user is the rep; the other party has only a number
        speaker: d.userId ? 'rep' : d.identifier ? 'prospect' : 'unknown',
        start: d.start ?? 0, end: d.end ?? d.start ?? 0, text: d.content,
      }));
      return { eventId, type, event: { kind: 'transcript', providerCallId: t.data.callId, occurredAt: at(t.data.createdAt, envelopeAt), status: turns.length ? 'completed' : 'absent', turns } };
    }
    case 'call.summary.completed': {
      const s = SummaryObject.safeParse(obj);
      if (!s.success) throw new WebhookPayloadError(`${type}: ${issue(s.error)}`);
      const parts = [...(s.data.summary ?? [])];
      if (s.data.nextSteps?.length) parts.push(`Next steps: ${s.data.nextSteps.join('; ')}`);
      return { eventId, type, event: { kind: 'summary', providerCallId: s.data.callId, occurredAt: envelopeAt, summary: parts.join('\n').slice(0, 20_000) } };
    }
    default:
      return { eventId, type, event: null };
  }
}

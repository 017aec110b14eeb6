import { z } from 'zod';
import type { ProviderCallEvent } from '../../../platform/providers/telephony/webhook/events.ts';
import { parseOpenPhoneEvent } from '../../../platform/providers/telephony/webhook/openphone.ts';
import { parseTwilioRecording, parseTwilioVoice } from '../../../platform/providers/telephony/webhook/twilio.ts';
import { callSessionHint } from './webhook.routes.ts';

// What the webhook routes stored (raw, verified) — re-parsed by the processor, so the stored row
// stays the single source of truth and a parser fix can be replayed over old rows.
const TwilioRaw = z.object({ url: z.string(), params: z.record(z.string(), z.union([z.string(), z.array(z.string())])), receivedAt: z.string() });
const OpenPhoneRaw = z.object({ body: z.unknown(), receivedAt: z.string() });

export function parseStoredEvent(kind: string, raw: unknown): ProviderCallEvent | null {
  if (kind === 'twilio.voice' || kind === 'twilio.recording') {
    const r = TwilioRaw.parse(raw);
    const opts = { callSessionId: callSessionHint(r.url), receivedAt: new Date(r.receivedAt) };
    return kind === 'twilio.voice' ? parseTwilioVoice(r.params, opts) : parseTwilioRecording(r.params, opts);
  }
  return parseOpenPhoneEvent(OpenPhoneRaw.parse(raw).body).event;
}

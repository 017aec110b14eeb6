import twilio from 'twilio';
import type { ProviderMode } from '../types.ts';
import { SMS_STATUSES, SmsError, type SendSmsInput, type SentSms, type SmsPort, type SmsStatus } from './port.ts';

export interface TwilioSmsOptions {
  accountSid: string;
  authToken: string;
  /** Where requests go: unset = Twilio itself; the sandbox and tests pass their own. */
  requestClient?: twilio.RequestClient;
  provider?: 'twilio' | 'sandbox';
  mode?: ProviderMode;
}

/** Twilio's REST errors and transport failures, as one typed error. */
export function toSmsError(err: unknown): SmsError {
  if (err instanceof SmsError) return err;
  if (err instanceof twilio.RestException) {
    const code = err.code !== undefined ? String(err.code) : `http_${err.status}`;
    return new SmsError({ code, message: err.message || `Twilio answered HTTP ${err.status}.`, status: err.status });
  }
  const message = err instanceof Error ? err.message : String(err);
  return new SmsError({ code: 'unreachable', message: `Could not reach the SMS provider: ${message}` });
}

/** Twilio's message status (accepted, scheduled, …) in our terms. */
export function fromTwilioSmsStatus(s: string | undefined): SmsStatus {
  if (s && (SMS_STATUSES as readonly string[]).includes(s)) return s as SmsStatus;
  if (s === 'accepted' || s === 'scheduled') return 'queued';
  if (s === 'canceled') return 'failed';
  return 'queued';
}

/** The Twilio Messaging adapter, on the official SDK (`client.messages.create`). */
export function createTwilioSms(opts: TwilioSmsOptions): SmsPort {
  const client = twilio(opts.accountSid, opts.authToken, opts.requestClient ? { httpClient: opts.requestClient } : {});
  const provider = opts.provider ?? 'twilio';
  return {
    provider,
    mode: opts.mode ?? (provider === 'sandbox' ? 'sandbox' : 'live'),
    async send(input: SendSmsInput): Promise<SentSms> {
      try {
        const m = await client.messages.create({ to: input.to, from: input.from, body: input.body, statusCallback: input.statusCallbackUrl });
        const segments = Number(m.numSegments);
        return { provider, providerMessageId: m.sid, status: fromTwilioSmsStatus(m.status), ...(Number.isFinite(segments) && segments > 0 ? { segments } : {}) };
      } catch (err) {
        throw toSmsError(err);
      }
    },
  };
}

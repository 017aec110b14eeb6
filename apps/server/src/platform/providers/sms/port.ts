import type { E164, ProviderMode } from '../types.ts';

/**
 * SMS port. Adapters: Twilio Messaging (`twilio.ts`) and the sandbox (`sandbox.ts`: the same
 * Twilio adapter talking to an in-process stand-in for Twilio's Messages API, which posts
 * Twilio-signed status callbacks to the app's webhook). Both report delivery through the
 * Twilio-shaped webhooks /webhooks/twilio/sms-status and /webhooks/twilio/sms (domains/messaging).
 * Compliance (10DLC, opt-outs, hours) is enforced by the caller before `send`, never inside an adapter.
 */

export const SMS_STATUSES = ['queued', 'sending', 'sent', 'delivered', 'undelivered', 'failed'] as const;
export type SmsStatus = (typeof SMS_STATUSES)[number];

export const isFinalSmsStatus = (s: SmsStatus) => s === 'delivered' || s === 'undelivered' || s === 'failed';

export interface SendSmsInput {
  workspaceId: string;
  /** Our message id, created (status queued) before sending; part of the status callback URL. */
  messageId: string;
  from: E164;
  to: E164;
  body: string;
  /** Where the provider posts delivery status changes. */
  statusCallbackUrl: string;
}

export interface SentSms {
  provider: string;
  providerMessageId: string;
  status: SmsStatus;
  /** Billable segments as counted by the provider. */
  segments?: number;
}

export interface SmsPort {
  readonly provider: string;
  readonly mode: ProviderMode;
  /** Throws SmsError. */
  send(input: SendSmsInput): Promise<SentSms>;
}

/** Twilio's "recipient unsubscribed" (the carrier/Twilio holds a STOP for this pair). */
export const SMS_OPTED_OUT_CODE = '21610';
/** Not a number SMS can go to (invalid, landline, not mobile). */
export const SMS_INVALID_NUMBER_CODES: ReadonlySet<string> = new Set(['21211', '21614', '21612', '21408']);

/** A refused send, typed: `optedOut` marks the number opted out, `invalidNumber` is the caller's bad input. */
export class SmsError extends Error {
  readonly code: string;
  readonly status: number | undefined;
  constructor(opts: { code: string; message: string; status?: number }) {
    super(opts.message);
    this.name = 'SmsError';
    this.code = opts.code;
    this.status = opts.status;
  }
  get optedOut(): boolean {
    return this.code === SMS_OPTED_OUT_CODE;
  }
  get invalidNumber(): boolean {
    return SMS_INVALID_NUMBER_CODES.has(this.code);
  }
  get notConfigured(): boolean {
    return this.code === 'not_configured';
  }
}

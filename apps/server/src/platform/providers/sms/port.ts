import type { E164, ProviderMode, WebhookRequest } from '../types.ts';

/**
 * SMS port. Adapters to come: Twilio Messaging (signed status and inbound webhooks) and the
 * sandbox carrier (delivery receipts, failures and inbound replies from a corpus, signed the
 * same way). Compliance (quiet hours, opt-out keywords, DNC) is enforced by the caller before
 * `send`, never inside an adapter.
 */

export const SMS_STATUSES = ['queued', 'sending', 'sent', 'delivered', 'undelivered', 'failed'] as const;
export type SmsStatus = (typeof SMS_STATUSES)[number];

export const isFinalSmsStatus = (s: SmsStatus) => s === 'delivered' || s === 'undelivered' || s === 'failed';

export interface SendSmsInput {
  workspaceId: string;
  /** Our message id, created (status queued) before sending; echoed back and used as idempotency key. */
  messageId: string;
  from: E164;
  to: E164;
  body: string;
  mediaUrls?: string[];
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

/** A delivery status callback. Arrives out of order and more than once; `sent` after `delivered` is ignored. */
export interface SmsStatusEvent {
  provider: string;
  providerMessageId: string;
  messageId?: string;
  status: SmsStatus;
  occurredAt: Date;
  /** e.g. Twilio 30007 (carrier filtered), 21610 (recipient opted out). */
  errorCode?: string;
  errorMessage?: string;
  raw: Record<string, unknown>;
}

/** A message a lead sent us. Stored before processing; matched to a profile by phone. */
export interface InboundSms {
  provider: string;
  providerMessageId: string;
  from: E164;
  to: E164;
  body: string;
  mediaUrls: string[];
  receivedAt: Date;
  raw: Record<string, unknown>;
}

export interface SmsPort {
  readonly provider: string;
  readonly mode: ProviderMode;
  send(input: SendSmsInput): Promise<SentSms>;
  /** Verifies the signature (throws InvalidSignatureError) and normalises a status callback. */
  parseStatusCallback(req: WebhookRequest): SmsStatusEvent;
  /** Verifies the signature and normalises an inbound message webhook. */
  parseInbound(req: WebhookRequest): InboundSms;
}

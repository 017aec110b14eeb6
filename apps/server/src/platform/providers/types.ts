/** What every provider port shares. `sandbox` = the embedded default that needs no account. */
export type ProviderMode = 'sandbox' | 'live';

export type Capability = 'email' | 'telephony' | 'sms' | 'ai' | 'calendar' | 'notifier';

export const CAPABILITIES: readonly Capability[] = ['email', 'telephony', 'sms', 'ai', 'calendar', 'notifier'];

/** A phone number in E.164 (+14155552671); normalise with platform/normalize/phone.ts first. */
export type E164 = string;

/**
 * An inbound provider webhook as received: handlers verify the signature over exactly these
 * bytes/fields before trusting anything (SPEC §1.8: stored before processed).
 */
export interface WebhookRequest {
  /** The full public URL the provider called (signatures cover it). */
  url: string;
  headers: Record<string, string | string[] | undefined>;
  /** Form fields (Twilio posts application/x-www-form-urlencoded) or parsed JSON. */
  body: Record<string, unknown>;
  rawBody?: string;
}

/** Thrown by `parse*` when a webhook's signature does not verify: answer 403, store nothing. */
export class InvalidSignatureError extends Error {
  constructor(provider: string) {
    super(`Invalid ${provider} webhook signature.`);
    this.name = 'InvalidSignatureError';
  }
}

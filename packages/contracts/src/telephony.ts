import { z } from 'zod';

// Settings → Telephony: which adapter places calls (the sandbox carrier or Twilio), the
// credentials an admin connects (tokens are write-only), and the webhook URLs partners configure.

export const TELEPHONY_ADAPTERS = ['sandbox', 'twilio'] as const;
export type TelephonyAdapter = (typeof TELEPHONY_ADAPTERS)[number];

const e164 = z.string().trim().regex(/^\+[1-9][0-9]{7,14}$/, 'A phone number in international format, like +14155552671.');

export const TwilioCredentialsSchema = z.object({
  accountSid: z.string().trim().regex(/^AC[0-9a-fA-F]{32}$/, 'The Account SID starts with AC followed by 32 hexadecimal characters.'),
  authToken: z.string().trim().regex(/^[0-9a-fA-F]{32}$/, 'The auth token is 32 hexadecimal characters (Twilio console → Account info).'),
  /** The Twilio number calls are placed from. */
  callerId: e164,
});
export type TwilioCredentials = z.infer<typeof TwilioCredentialsSchema>;

export const OpenPhoneSecretSchema = z.object({
  /** The webhook signing secret as OpenPhone shows it (base64). */
  signingSecret: z.string().trim().min(16, 'Paste the whole signing secret.').max(200).regex(/^[A-Za-z0-9+/]+={0,2}$/, 'The signing secret is base64 text, as OpenPhone shows it.'),
  /** The workspace's OpenPhone numbers (calls from other numbers are not this workspace's). */
  phoneNumbers: z.array(e164).max(50).optional(),
});
export type OpenPhoneSecret = z.infer<typeof OpenPhoneSecretSchema>;

/**
 * Browser calling with the Twilio Voice SDK: an API key (SK…) and its secret sign the access tokens
 * the server hands each rep's browser; the TwiML App (AP…) is what browser-originated calls run.
 */
export const TwilioVoiceSdkSchema = z.object({
  apiKeySid: z.string().trim().regex(/^SK[0-9a-fA-F]{32}$/, 'The API key SID starts with SK followed by 32 hexadecimal characters (Twilio console → API keys).'),
  apiKeySecret: z.string().trim().regex(/^[0-9A-Za-z]{32}$/, 'The API key secret is the 32-character secret Twilio showed once when the key was created.'),
  twimlAppSid: z.string().trim().regex(/^AP[0-9a-fA-F]{32}$/, 'The TwiML App SID starts with AP followed by 32 hexadecimal characters.').optional(),
});
export type TwilioVoiceSdk = z.infer<typeof TwilioVoiceSdkSchema>;

/** What the browser's audio device should be: the sandbox's simulated device, or a Twilio Voice device with this token. */
export const VoiceTokenSchema = z.discriminatedUnion('mode', [
  z.object({ mode: z.literal('sandbox') }),
  z.object({ mode: z.literal('live'), token: z.string(), identity: z.string(), expiresAt: z.string(), edge: z.string().nullable() }),
  z.object({ mode: z.literal('unavailable'), reason: z.string() }),
]);
export type VoiceToken = z.infer<typeof VoiceTokenSchema>;

export const TelephonyModeSchema = z.object({ adapter: z.enum(TELEPHONY_ADAPTERS) });

/** A destination with a fixed fate in the sandbox (by its last four digits). */
export const SandboxMagicNumberSchema = z.object({ suffix: z.string(), example: z.string(), behaviour: z.string() });

export const TelephonySettingsSchema = z.object({
  /** The adapter that places calls now; null when none can. */
  adapter: z.enum(TELEPHONY_ADAPTERS).nullable(),
  mode: z.enum(['sandbox', 'live', 'not configured']),
  /** The admin's explicit choice; null = automatic (Twilio when connected, else the sandbox). */
  chosen: z.enum(TELEPHONY_ADAPTERS).nullable(),
  /** Why telephony is not configured, when it is not. */
  reason: z.string().nullable(),
  sandbox: z.object({
    accountSid: z.string(),
    callerId: z.string(),
    /** 1 = calls play out in real time; smaller is faster. */
    timeScale: z.number(),
    magicNumbers: z.array(SandboxMagicNumberSchema),
  }),
  twilio: z.object({
    accountSid: z.string(), callerId: z.string().nullable(), authTokenSet: z.boolean(),
    /** Browser calling (Voice SDK): the API key and TwiML App in use; the secret is never shown. */
    voiceSdk: z.object({ apiKeySid: z.string(), twimlAppSid: z.string().nullable(), secretSet: z.boolean() }).nullable(),
  }).nullable(),
  openphone: z.object({ signingSecretSet: z.boolean(), phoneNumbers: z.array(z.string()) }),
  /** Paste these into Twilio (number → voice status callback) and OpenPhone (webhooks). */
  webhookUrls: z.object({ twilioVoice: z.string(), twilioRecording: z.string(), twilioTwiml: z.string(), openphone: z.string() }),
});
export type TelephonySettings = z.infer<typeof TelephonySettingsSchema>;

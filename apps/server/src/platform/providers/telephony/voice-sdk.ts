import twilio from 'twilio';
import { z } from 'zod';
import type { TwilioVoiceSdk, VoiceToken } from '@flywheel/contracts';
import type { Deps } from '../../deps.ts';
import { getSecretBox } from '../../secrets/secrets.ts';
import { getWorkspaceAccount, saveAccount, type ProviderAccount } from '../accounts.ts';
import { getProviderRegistry } from '../registry.ts';

/**
 * Browser calling (Twilio Voice SDK). The rep's browser registers a Twilio Device as client
 * `user-<id>` — the identity the bridge TwiML dials (`<Dial><Client>`) — with a short-lived access
 * token the server signs with the workspace's API key. The key's secret is stored encrypted in the
 * Twilio account's settings and never leaves the server.
 */

/** The client identity a rep's browser registers as; TwiML dials the same name. */
export const clientIdentity = (userId: string) => `user-${userId}`;

/** One hour, Twilio's default; the browser refreshes the token before it expires (tokenWillExpire). */
export const VOICE_TOKEN_TTL_SECONDS = 3600;

const StoredSchema = z.object({ apiKeySid: z.string(), twimlAppSid: z.string().nullable(), secretEnc: z.string() });

export interface VoiceSdkConfig {
  apiKeySid: string;
  twimlAppSid: string | null;
  apiKeySecret: string;
}

/** What Settings shows of the key: its SIDs and whether a secret is stored (nothing decrypted). */
export function voiceSdkSummary(account: ProviderAccount): { apiKeySid: string; twimlAppSid: string | null; secretSet: boolean } | null {
  const parsed = StoredSchema.safeParse(account.settings.voiceSdk);
  return parsed.success ? { apiKeySid: parsed.data.apiKeySid, twimlAppSid: parsed.data.twimlAppSid, secretSet: parsed.data.secretEnc.length > 0 } : null;
}

export async function readVoiceSdk(deps: Deps, account: ProviderAccount | null): Promise<VoiceSdkConfig | null> {
  const parsed = StoredSchema.safeParse(account?.settings.voiceSdk);
  if (!parsed.success) return null;
  const box = await getSecretBox(deps.db, deps.config.secret);
  return { apiKeySid: parsed.data.apiKeySid, twimlAppSid: parsed.data.twimlAppSid, apiKeySecret: box.decrypt(parsed.data.secretEnc) };
}

/** Stores the API key (secret encrypted) and TwiML App on the connected Twilio account. */
export async function saveVoiceSdk(deps: Deps, account: ProviderAccount, input: TwilioVoiceSdk): Promise<void> {
  const box = await getSecretBox(deps.db, deps.config.secret);
  const voiceSdk = { apiKeySid: input.apiKeySid, twimlAppSid: input.twimlAppSid ?? null, secretEnc: box.encrypt(input.apiKeySecret) };
  await saveAccount(deps, { workspaceId: account.workspaceId, provider: 'twilio', accountId: account.accountId, secret: account.secret, defaultFrom: account.defaultFrom, settings: { ...account.settings, voiceSdk } });
}

export async function clearVoiceSdk(deps: Deps, account: ProviderAccount): Promise<void> {
  const { voiceSdk: _dropped, ...rest } = account.settings;
  await saveAccount(deps, { workspaceId: account.workspaceId, provider: 'twilio', accountId: account.accountId, secret: account.secret, defaultFrom: account.defaultFrom, settings: rest });
}

/**
 * What the rep's browser should use for audio: the sandbox's simulated device; a Twilio Voice
 * device with a fresh token when the workspace calls through Twilio and browser calling is set up;
 * otherwise why not, in words an admin can act on.
 */
export async function issueVoiceToken(deps: Deps, workspaceId: string, userId: string, now = new Date()): Promise<VoiceToken> {
  const r = await getProviderRegistry(deps).resolve(workspaceId, 'telephony');
  if (r.adapter === 'sandbox') return { mode: 'sandbox' };
  if (r.adapter !== 'twilio') return { mode: 'unavailable', reason: r.configured ? `Browser audio is not available with ${r.adapter}.` : r.reason };
  const account = await getWorkspaceAccount(deps, workspaceId, 'twilio');
  const sdk = await readVoiceSdk(deps, account);
  if (!account || !sdk) return { mode: 'unavailable', reason: 'Browser calling needs a Twilio API key and secret (Settings → Telephony → Browser calling).' };
  const identity = clientIdentity(userId);
  const token = new twilio.jwt.AccessToken(account.accountId, sdk.apiKeySid, sdk.apiKeySecret, { identity, ttl: VOICE_TOKEN_TTL_SECONDS, nbf: Math.floor(now.getTime() / 1000) - 5 });
  token.addGrant(new twilio.jwt.AccessToken.VoiceGrant({ incomingAllow: true, ...(sdk.twimlAppSid ? { outgoingApplicationSid: sdk.twimlAppSid } : {}) }));
  const edge = typeof account.settings.edge === 'string' ? account.settings.edge : null;
  return { mode: 'live', token: token.toJwt(), identity, expiresAt: new Date(now.getTime() + VOICE_TOKEN_TTL_SECONDS * 1000).toISOString(), edge };
}

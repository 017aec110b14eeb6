import type { Deps } from '../../../platform/deps.ts';
import { findAccount, listAccounts, type ProviderAccount } from '../../../platform/providers/accounts.ts';

// Every delivery names its account; looking it up (and decrypting its token) per request would
// cost more than storing the delivery. Accounts change rarely: a short cache, and a miss is
// retried against the database so a just-saved account works at once.
const TTL_MS = 30_000;

interface Entry { at: number; value: ProviderAccount | null }
const caches = new WeakMap<Deps, Map<string, Entry>>();
const lists = new WeakMap<Deps, { at: number; value: ProviderAccount[] }>();

function cacheOf(deps: Deps) {
  let c = caches.get(deps);
  if (!c) {
    c = new Map();
    caches.set(deps, c);
  }
  return c;
}

/** The Twilio-shaped account (Twilio itself or the sandbox carrier, which signs like Twilio) with this AccountSid. */
export async function findTwilioShapedAccount(deps: Deps, accountSid: string, fresh = false): Promise<ProviderAccount | null> {
  const cache = cacheOf(deps);
  const hit = cache.get(accountSid);
  if (!fresh && hit && hit.value && Date.now() - hit.at < TTL_MS) return hit.value;
  const value = (await findAccount(deps, 'twilio', accountSid)) ?? (await findAccount(deps, 'sandbox', accountSid));
  if (cache.size > 10_000) cache.clear();
  if (value) cache.set(accountSid, { at: Date.now(), value });
  return value;
}

/** Every OpenPhone account: its payloads name no account, the signing secret tells which. */
export async function openPhoneAccounts(deps: Deps, fresh = false): Promise<ProviderAccount[]> {
  const hit = lists.get(deps);
  if (!fresh && hit && Date.now() - hit.at < TTL_MS) return hit.value;
  const value = await listAccounts(deps, 'openphone');
  lists.set(deps, { at: Date.now(), value });
  return value;
}

/** Forget cached accounts (after an account is saved or deleted in this process). */
export function forgetWebhookAccounts(deps: Deps) {
  caches.delete(deps);
  lists.delete(deps);
}

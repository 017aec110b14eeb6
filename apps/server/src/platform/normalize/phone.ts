import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';

export type PhoneResult = { ok: true; e164: string; country?: string } | { ok: false; reason: string };

/**
 * Normalizes a phone as typed in a CRM export to E.164, using the workspace's default country
 * for national formats ("(415) 555-2671" → +14155552671). Extensions are dropped.
 */
export function normalizePhone(raw: string, defaultCountry: string): PhoneResult {
  const input = raw.trim();
  if (!input) return { ok: false, reason: 'empty' };
  // "00" international prefix and Excel's habit of turning numbers into 1.4155552671E10
  let cleaned = input.replace(/^00(?=[1-9])/, '+');
  if (/^\d(\.\d+)?E\+?\d+$/i.test(cleaned)) cleaned = Number(cleaned).toFixed(0);
  const parsed = parsePhoneNumberFromString(cleaned, defaultCountry.toUpperCase() as CountryCode);
  if (!parsed || !parsed.isValid()) return { ok: false, reason: `"${input}" is not a valid phone number for ${defaultCountry.toUpperCase()}` };
  return { ok: true, e164: parsed.number, country: parsed.country };
}

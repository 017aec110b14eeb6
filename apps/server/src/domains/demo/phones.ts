import { normalizePhone } from '../../platform/normalize/phone.ts';
import type { Rng } from './prng.ts';

/**
 * A US number in the given area code that libphonenumber accepts as valid (the same check
 * imports and the lead form apply). Exchanges avoid N11 codes and 555, whose 01xx lines are
 * the fictional ones validation rejects.
 */
export function usPhone(rng: Rng, areaCode: string, used: Set<string>): string {
  for (let tries = 0; tries < 50; tries++) {
    const exchange = `${rng.int(2, 9)}${rng.int(0, 9)}${rng.int(0, 9)}`;
    if (exchange === '555' || exchange.endsWith('11')) continue;
    const line = String(rng.int(0, 9999)).padStart(4, '0');
    const r = normalizePhone(`(${areaCode}) ${exchange}-${line}`, 'US');
    if (r.ok && !used.has(r.e164)) {
      used.add(r.e164);
      return r.e164;
    }
  }
  throw new Error(`could not make a valid phone number in area code ${areaCode}`);
}

/** "+14155550123" → "(415) 555-0123" for notes and transcripts. */
export function formatUs(e164: string): string {
  const d = e164.replace(/^\+1/, '');
  return `(${d.slice(0, 3)}) ${d.slice(3, 6)}-${d.slice(6)}`;
}

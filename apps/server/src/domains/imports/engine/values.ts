import { getCountries } from 'libphonenumber-js/max';
import { normalizeHeader } from '../mapping/synonyms.ts';

/** Lower-case letters and digits only, for comparing names typed in different ways. */
export const squash = normalizeHeader;

export type NumberParse = { ok: true; value: number } | { ok: false; reason: string };

const MAX_VALUE = 999_999_999_999.99; // leads.value is numeric(14, 2)

/**
 * A money amount as exports write it: "$1,234.50", "1.234,50 €", "EUR 1 200", "(300)". The
 * separator that comes last with 1–2 digits after it is the decimal one.
 */
export function parseAmount(raw: string): NumberParse {
  let s = raw.trim().replace(/[\s\u00a0'’]/g, '').replace(/^[A-Za-z]{3}(?=[\d(+-])|(?<=\d)[A-Za-z]{3}$/, '').replace(/[$€£¥₹]/g, '');
  let negative = false;
  if (/^\(.*\)$/.test(s)) {
    negative = true;
    s = s.slice(1, -1);
  }
  if (s.startsWith('-')) {
    negative = !negative;
    s = s.slice(1);
  } else if (s.startsWith('+')) s = s.slice(1);
  if (!/^[\d.,]+$/.test(s) || !/\d/.test(s)) return { ok: false, reason: `Value "${raw.trim()}" is not a number` };
  const lastComma = s.lastIndexOf(',');
  const lastDot = s.lastIndexOf('.');
  if (lastComma >= 0 && lastDot >= 0) {
    const decimal = lastComma > lastDot ? ',' : '.';
    const thousands = decimal === ',' ? '.' : ',';
    s = s.split(thousands).join('').replace(decimal, '.');
  } else if (lastComma >= 0) {
    // "1,500" and "12,345,678" are thousands; "12,5" and "1234,56" are decimals
    s = /^\d{1,3}(,\d{3})+$/.test(s) ? s.replace(/,/g, '') : s.replace(',', '.');
  } else if (/^\d{1,3}(\.\d{3}){2,}$/.test(s)) {
    s = s.replace(/\./g, ''); // "1.234.567"
  }
  const value = Number(s);
  if (!Number.isFinite(value) || (s.match(/\./g) ?? []).length > 1) return { ok: false, reason: `Value "${raw.trim()}" is not a number` };
  if (value > MAX_VALUE) return { ok: false, reason: `Value "${raw.trim()}" is too large` };
  return { ok: true, value: Math.round((negative ? -value : value) * 100) / 100 };
}

const HONORIFICS = /^(mr|mrs|ms|miss|mx|dr|prof|sir|madam|herr|frau)\.?\s+/i;

/** "Dr. Jane Q. Doe" → Jane Q. / Doe; "Doe, Jane" → Jane / Doe. */
export function splitFullName(raw: string): { firstName: string; lastName: string } {
  const s = raw.trim().replace(/\s+/g, ' ').replace(HONORIFICS, '');
  const comma = /^([^,]+),\s*([^,]+)$/.exec(s);
  if (comma) return { firstName: comma[2].trim(), lastName: comma[1].trim() };
  const parts = s.split(' ');
  if (parts.length === 1) return { firstName: parts[0], lastName: '' };
  // the last word is the family name; middle names/initials stay with the first name
  return { firstName: parts.slice(0, -1).join(' '), lastName: parts[parts.length - 1] };
}

/** Tags cell "vip; trade show | Q3" → ["vip", "trade show", "Q3"], de-duplicated case-insensitively. */
export function splitTags(values: string[]): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  for (const v of values) {
    for (const t of v.split(/[,;|]/)) {
      const tag = t.trim().slice(0, 50);
      if (tag && !seen.has(tag.toLowerCase())) {
        seen.add(tag.toLowerCase());
        out.push(tag);
      }
    }
  }
  return out.slice(0, 50);
}

/** Several addresses in one cell are common ("a@x.com; b@x.com"). */
export const splitEmails = (cell: string) => cell.split(/[,;\s]+/).filter((s) => s !== '');
/** "+1 415 555 2671; (415) 555-0000" → two numbers; spaces inside one number stay. */
export const splitPhones = (cell: string) => cell.split(/\s*[;|]\s*|\s+\/\s+|,\s*(?=[+(\d])/).filter((s) => s.trim() !== '');

const COUNTRY_ALIASES: Record<string, string> = {
  uk: 'GB', greatbritain: 'GB', england: 'GB', scotland: 'GB', wales: 'GB', northernireland: 'GB', gbr: 'GB',
  usa: 'US', unitedstatesofamerica: 'US', america: 'US', us: 'US',
  deutschland: 'DE', deu: 'DE', germany: 'DE', osterreich: 'AT', schweiz: 'CH', suisse: 'CH', svizzera: 'CH',
  nederland: 'NL', holland: 'NL', espana: 'ES', italia: 'IT', brasil: 'BR', belgie: 'BE', belgique: 'BE',
  polska: 'PL', sverige: 'SE', norge: 'NO', danmark: 'DK', suomi: 'FI', eire: 'IE', uae: 'AE',
};

let countryIndex: Map<string, string> | null = null;
function buildCountryIndex(): Map<string, string> {
  const names = new Intl.DisplayNames(['en'], { type: 'region' });
  const index = new Map<string, string>(Object.entries(COUNTRY_ALIASES));
  for (const code of getCountries()) {
    index.set(code.toLowerCase(), code);
    const name = names.of(code);
    if (name) index.set(squash(name), code);
  }
  return index;
}

/** "United Kingdom", "UK", "gb", "Deutschland" → ISO code, so a row's phone numbers parse in its own country. */
export function countryCode(raw: string): string | null {
  const key = squash(raw);
  if (!key) return null;
  countryIndex ??= buildCountryIndex();
  return countryIndex.get(key) ?? null;
}

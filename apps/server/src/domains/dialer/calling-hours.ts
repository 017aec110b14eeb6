import { DateTime } from 'luxon';
import { parsePhoneNumberFromString } from 'libphonenumber-js';
import { timezones } from 'libphonenumber-geo-carrier';
import { areaCodeTable } from '../../platform/normalize/area-codes.ts';
import { safeZone } from '../tasks/index.ts';

/**
 * Calling hours in the called party's local time (SPEC §6): 08:00 to 21:00, for the Dialer's
 * callableNow filter over many leads. Placing a call asks the compliance gate (domains/compliance),
 * which also applies the workspace's stricter state rules, caps and gaps.
 */
export const CALLING_HOURS = { start: 8, end: 21 } as const;

export const isCallableAt = (zone: string, at: Date = new Date()) => {
  const h = DateTime.fromJSDate(at).setZone(zone).hour;
  return h >= CALLING_HOURS.start && h < CALLING_HOURS.end;
};

let allZones: string[] | null = null;
function zones(): string[] {
  // Intl lists canonical zones only; leads imported from CRMs also carry fixed offsets and the old
  // US aliases. A zone outside this list counts as not callable now (the conservative reading).
  const extra = ['UTC', 'Etc/UTC', 'US/Eastern', 'US/Central', 'US/Mountain', 'US/Pacific', 'US/Alaska', 'US/Hawaii', 'US/Arizona'];
  for (let h = -14; h <= 12; h++) if (h !== 0) extra.push(`Etc/GMT${h > 0 ? '+' : '-'}${Math.abs(h)}`);
  allZones ??= [...new Set([...Intl.supportedValuesOf('timeZone'), ...extra])].filter((z) => safeZone(z));
  return allZones;
}

/** Every IANA zone whose local time is inside calling hours now. */
export function callableZones(at: Date = new Date()): string[] {
  return zones().filter((z) => isCallableAt(z, at));
}

let areaCodes: Map<string, string[]> | null = null;
// NANP area code ("+1415") → every zone its exchanges ring in (platform/normalize/area-codes.ts);
// an area code spanning two zones is callable only when both are (the stricter reading).
export function nanpAreaCodeZones(): Promise<Map<string, string[]>> {
  areaCodes ??= new Map([...areaCodeTable().values()].map((i) => [`+1${i.areaCode}`, i.timeZones.filter((z) => safeZone(z))]));
  return Promise.resolve(areaCodes);
}

/** The zones a number may ring in: its area code's (NANP) or its country's; empty when unknown. */
export async function phoneZones(phone: string | null): Promise<string[]> {
  if (!phone) return [];
  const known = (await nanpAreaCodeZones()).get(phone.slice(0, 5));
  if (known) return known;
  const n = parsePhoneNumberFromString(phone);
  if (!n?.isValid()) return [];
  return ((await timezones(n)) ?? []).filter((z) => safeZone(z));
}

/** Parameters for the SQL "callable now" test of many leads at once (see modes.ts). */
export async function callableNowParams(workspaceTz: string, at: Date = new Date()) {
  const map = await nanpAreaCodeZones();
  const prefixes = [...map.keys()];
  return {
    zones: callableZones(at),
    prefixes,
    prefixOk: prefixes.map((p) => (map.get(p) ?? []).every((z) => isCallableAt(z, at))),
    workspaceOk: isCallableAt(workspaceTz, at),
  };
}

import type { FacetValue } from './types.ts';

const money0 = new Intl.NumberFormat(undefined, { style: 'currency', currency: 'USD', maximumFractionDigits: 0 });
const moneyCompact = new Intl.NumberFormat(undefined, { style: 'currency', currency: 'USD', notation: 'compact', maximumFractionDigits: 1 });

export function toNumber(v: number | string | null | undefined): number | null {
  if (v === null || v === undefined || v === '') return null;
  const n = typeof v === 'number' ? v : Number(v);
  return Number.isFinite(n) ? n : null;
}

export function formatMoney(v: number | string | null | undefined, compact = false): string {
  const n = toNumber(v);
  if (n === null) return '';
  return compact && Math.abs(n) >= 10_000 ? moneyCompact.format(n) : money0.format(n);
}

/** Display form of a stored (E.164) phone number: +1 NANP as (415) 555-0100, others grouped. */
export function formatPhone(p: string | null | undefined): string {
  if (!p) return '';
  const d = p.replace(/[^\d+]/g, '');
  const us = /^\+?1?(\d{3})(\d{3})(\d{4})$/.exec(d.startsWith('+1') || d.length === 10 ? d : '');
  if (us) return `(${us[1]}) ${us[2]}-${us[3]}`;
  const m = /^\+(\d{1,3})(\d+)$/.exec(d);
  if (m) return `+${m[1]} ${m[2].replace(/(\d{3,4})(?=(\d{3,4})+$)/g, '$1 ')}`;
  return p;
}

export function telHref(p: string): string {
  return `tel:${p.replace(/[^\d+]/g, '')}`;
}

export function facetValues(list: (FacetValue | string)[] | undefined): FacetValue[] {
  return (list ?? []).map((x) => (typeof x === 'string' ? { value: x, count: 0 } : x));
}

export function contactName(c: { firstName: string; lastName: string }): string {
  return `${c.firstName} ${c.lastName}`.trim() || 'Unnamed contact';
}

export function isOverdue(at: string | null | undefined, now = Date.now()): boolean {
  return !!at && Date.parse(at) < now;
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString()} ${n === 1 ? one : many}`;
}

/** Human label for a field name used in timeline before/after and custom fields. */
export function fieldLabel(k: string): string {
  const map: Record<string, string> = { ownerId: 'Owner', postalCode: 'Postal code', customFields: 'Custom fields', primaryEmail: 'Email', primaryPhone: 'Phone' };
  if (map[k]) return map[k];
  const s = k.replace(/_/g, ' ').replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
  return s.charAt(0).toUpperCase() + s.slice(1);
}

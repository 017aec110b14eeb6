import type { TargetField, UploadResult } from './types.ts';

export const IGNORE = 'ignore';
const CUSTOM = 'custom:';

/** The first few non-empty values of a column, whitespace (quoted newlines too) collapsed. */
export function sampleValues(u: Pick<UploadResult, 'headers' | 'sampleRows'>, col: number, n = 3): string[] {
  const out: string[] = [];
  for (const row of u.sampleRows) {
    const v = (row[col] ?? '').replace(/\s+/g, ' ').trim();
    if (v) out.push(v);
    if (out.length === n) break;
  }
  return out;
}

/** A custom-field key the server accepts: a lower-case letter, then letters, digits or _, at most 40. */
export function slug(s: string): string {
  const k = s.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^[^a-z]+|_+$/g, '');
  return (k || 'field').slice(0, 40).replace(/_+$/, '');
}

export const isCustom = (target: string) => target.startsWith(CUSTOM);
export const customKey = (target: string) => target.slice(CUSTOM.length);

const GROUP_ORDER = ['lead', 'contact', 'custom'];
const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** Target fields grouped for the <optgroup>s: Lead, Contact, (others), Custom. */
export function groupFields(fields: TargetField[]): { label: string; fields: TargetField[] }[] {
  const by = new Map<string, TargetField[]>();
  for (const f of fields) {
    const g = (f.group || (isCustom(f.key) ? 'custom' : 'lead')).toLowerCase();
    by.set(g, [...(by.get(g) ?? []), f]);
  }
  const rank = (g: string) => (GROUP_ORDER.indexOf(g) === -1 ? 1.5 : GROUP_ORDER.indexOf(g));
  return [...by.entries()].sort((a, b) => rank(a[0]) - rank(b[0])).map(([g, fs]) => ({ label: cap(g), fields: fs }));
}

/** Target → the source columns mapped to it, for targets that can hold only one column. */
export function duplicateTargets(mapping: Record<string, string>, fields: TargetField[]): Map<string, string[]> {
  const multi = new Set<string>(fields.filter((f) => f.multiple).map((f) => f.key));
  const by = new Map<string, string[]>();
  for (const [col, t] of Object.entries(mapping)) {
    if (!t || t === IGNORE || multi.has(t)) continue;
    by.set(t, [...(by.get(t) ?? []), col]);
  }
  return new Map([...by].filter(([, cols]) => cols.length > 1));
}

/** A row needs a name (company or person), an email or a phone to become a lead. */
const IDENTITY = new Set(['name', 'firstName', 'lastName', 'fullName', 'email', 'email2', 'phone', 'mobile', 'phone2']);

export function hasIdentity(mapping: Record<string, string>): boolean {
  return Object.values(mapping).some((t) => IDENTITY.has(t));
}

import type { ImportFieldKey, ImportMapping } from '@flywheel/contracts';
import { normalizeEmail } from '../../../platform/normalize/email.ts';
import { normalizePhone } from '../../../platform/normalize/phone.ts';
import type { TableRow } from '../parse/table.ts';
import { countryCode, parseAmount, splitEmails, splitFullName, splitPhones, splitTags } from './values.ts';

/** Lead values a row provides (absent = the file says nothing, so an update leaves it alone). */
export interface LeadFields {
  stage?: string;
  ownerId?: string;
  source?: string;
  segment?: string;
  leadType?: string;
  tags: string[];
  value?: number;
  website?: string;
  address?: string;
  city?: string;
  region?: string;
  postalCode?: string;
  country?: string;
  facts?: string;
  externalId?: string;
  custom: Record<string, string>;
}

export interface ContactFields {
  firstName: string;
  lastName: string;
  title?: string;
  emails: string[];
  phones: string[];
}

export interface Candidate {
  kind: 'candidate';
  row: number;
  cells: string[];
  /** The company column, when filled: rows of one company become one lead. */
  company: string | null;
  leadName: string;
  lead: LeadFields;
  contact: ContactFields | null;
  warnings: string[];
}

export interface Rejection {
  kind: 'rejection';
  row: number;
  cells: string[];
  reason: string;
}

export interface RowContext {
  headers: string[];
  /**
   * CSV: cells in the header row. A row with more is misaligned — an unquoted delimiter shifted its
   * values into the wrong columns — even when the extra cell is empty. Null for XLSX, where extra
   * cells are just unlabeled columns.
   */
  maxWidth: number | null;
  defaultCountry: string;
  /** Stage key for a stage name as typed in the file, or null when unknown. */
  resolveStage(raw: string): string | null;
  /** Member id for an owner email or name, or null when unknown. */
  resolveOwner(raw: string): string | null;
  defaultStageLabel: string;
  hasDefaultOwner: boolean;
}

export interface CompiledMapping {
  byField: Map<ImportFieldKey, { index: number; header: string }[]>;
  custom: { index: number; key: string }[];
  mappedIndexes: number[];
}

export function compileMapping(headers: string[], mapping: ImportMapping): CompiledMapping {
  const byField = new Map<ImportFieldKey, { index: number; header: string }[]>();
  const custom: { index: number; key: string }[] = [];
  const mappedIndexes: number[] = [];
  headers.forEach((header, index) => {
    const target = mapping[header] ?? 'ignore';
    if (target === 'ignore') return;
    mappedIndexes.push(index);
    if (target.startsWith('custom:')) custom.push({ index, key: target.slice('custom:'.length) });
    else {
      const key = target as ImportFieldKey;
      byField.set(key, [...(byField.get(key) ?? []), { index, header }]);
    }
  });
  return { byField, custom, mappedIndexes };
}

const MAX_CELL = 20_000;
const MAX_NAME = 500;
const MAX_EMAIL = 254; // RFC 5321

const reject = (r: TableRow, reason: string): Rejection => ({ kind: 'rejection', row: r.row, cells: r.cells, reason });

/** One row → what to import (normalized, validated), or why not. Pure: no database. */
export function transformRow(r: TableRow, m: CompiledMapping, ctx: RowContext): Candidate | Rejection {
  const cells = r.cells;
  if (ctx.maxWidth !== null && ctx.maxWidth >= 3 && cells.length === 1) {
    // no delimiter at all on the line: a footer such as Salesforce's "Copyright (c) … salesforce.com"
    return reject(r, `Only one value on this line but the file has ${ctx.maxWidth} columns (a title or footer line?)`);
  }
  if (ctx.maxWidth !== null && cells.length > ctx.maxWidth) {
    return reject(r, `Row has ${cells.length} values but the file has ${ctx.maxWidth} columns (a value with an unquoted delimiter?)`);
  }
  for (const i of m.mappedIndexes) {
    if ((cells[i] ?? '').length > MAX_CELL) return reject(r, `Column "${ctx.headers[i]}" has ${cells[i].length} characters (at most ${MAX_CELL}; an unclosed quote?)`);
  }
  // hot path (100k rows): plain loops, no intermediate arrays for single-valued fields
  const one = (f: ImportFieldKey): string | undefined => {
    const cols = m.byField.get(f);
    if (!cols) return undefined;
    for (const c of cols) {
      const v = cells[c.index];
      if (v) {
        const t = v.trim();
        if (t) return t;
      }
    }
    return undefined;
  };
  const all = (f: ImportFieldKey): string[] => {
    const cols = m.byField.get(f);
    const out: string[] = [];
    if (cols) for (const c of cols) {
      const t = (cells[c.index] ?? '').trim();
      if (t) out.push(t);
    }
    return out;
  };
  const warnings: string[] = [];
  const lead: LeadFields = { tags: splitTags(all('tags')), custom: {} };

  const valueRaw = one('value');
  if (valueRaw !== undefined) {
    const v = parseAmount(valueRaw);
    if (!v.ok) return reject(r, v.reason);
    lead.value = v.value;
  }
  const stageRaw = one('stage');
  if (stageRaw !== undefined) {
    const key = ctx.resolveStage(stageRaw);
    if (key) lead.stage = key;
    else warnings.push(`Unknown stage "${stageRaw}" — set to "${ctx.defaultStageLabel}"`);
  }
  const ownerRaw = one('ownerEmail');
  if (ownerRaw !== undefined) {
    const id = ctx.resolveOwner(ownerRaw);
    if (id) lead.ownerId = id;
    else warnings.push(`Unknown owner "${ownerRaw}" — ${ctx.hasDefaultOwner ? 'assigned to the default owner' : 'left unassigned'}`);
  }
  for (const f of ['source', 'segment', 'leadType', 'website', 'address', 'city', 'region', 'postalCode', 'country', 'externalId'] as const) {
    const v = one(f);
    if (v !== undefined) lead[f] = v;
  }
  const facts = all('facts');
  if (facts.length > 0) lead.facts = facts.join('\n\n');
  for (const c of m.custom) {
    const v = (cells[c.index] ?? '').trim();
    if (v !== '') lead.custom[c.key] = v;
  }

  // contact: names, then every email and phone column; invalid secondary values become warnings
  let firstName = one('firstName') ?? '';
  let lastName = one('lastName') ?? '';
  const fullName = one('fullName');
  if (fullName && !firstName && !lastName) ({ firstName, lastName } = splitFullName(fullName));
  const title = one('title');
  const emails: string[] = [];
  const phones: string[] = [];
  const problems: string[] = [];
  for (const cell of [...all('email'), ...all('email2')]) {
    for (const raw of splitEmails(cell)) {
      const e = raw.length > MAX_EMAIL ? ({ ok: false } as const) : normalizeEmail(raw);
      if (e.ok) {
        if (!emails.includes(e.email)) emails.push(e.email);
      } else problems.push(`Invalid email: ${raw}`);
    }
  }
  const rowCountry = (lead.country && countryCode(lead.country)) || ctx.defaultCountry;
  for (const cell of [...all('phone'), ...all('mobile'), ...all('phone2')]) {
    for (const raw of splitPhones(cell)) {
      const p = normalizePhone(raw, rowCountry);
      if (p.ok) {
        if (!phones.includes(p.e164)) phones.push(p.e164);
      } else problems.push(`Invalid phone: ${raw.trim()} (not a valid number for ${rowCountry})`);
    }
  }
  const company = one('name') ?? null;
  const personName = [firstName, lastName].filter(Boolean).join(' ');
  if (!company && !personName && emails.length === 0 && phones.length === 0) {
    // the row's only way to identify or reach someone is broken: say which value
    return reject(r, problems[0] ?? 'No name, email or phone');
  }
  const leadName = company ?? (personName || emails[0] || phones[0]);
  // lead names are indexed (a btree entry holds ~2,700 bytes); no real name is this long
  if (leadName.length > MAX_NAME) return reject(r, `Name is too long (${leadName.length} characters, at most ${MAX_NAME})`);
  for (const p of problems) warnings.push(`${p} — left out`);
  const hasContact = personName !== '' || emails.length > 0 || phones.length > 0 || title !== undefined;
  return {
    kind: 'candidate',
    row: r.row,
    cells,
    company,
    leadName,
    lead,
    contact: hasContact ? { firstName, lastName, title, emails, phones } : null,
    warnings,
  };
}

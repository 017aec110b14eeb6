import { IMPORT_FIELDS, ImportTargetSchema, type ImportFieldKey, type ImportMapping, type ImportSource, type ImportTarget } from '@flywheel/contracts';
import { badRequest } from '../../../platform/http/errors.ts';
import { guessByContent, normalizeHeader, SYNONYMS } from './synonyms.ts';

const MULTIPLE = new Set<ImportFieldKey>(IMPORT_FIELDS.filter((f) => f.multiple).map((f) => f.key));
const LABEL = new Map<string, string>(IMPORT_FIELDS.map((f) => [f.key, f.label]));

const INDEX = new Map<string, { field: ImportFieldKey; rank: number }>();
for (const [field, names] of Object.entries(SYNONYMS) as [ImportFieldKey, string[]][]) {
  names.forEach((n, rank) => INDEX.set(n, { field, rank }));
}

/**
 * Best guess for every column. Single-valued fields go to the best-ranked column; runners-up and
 * unknown columns are ignored (the user can keep them as custom fields on the mapping screen).
 */
export function autoMap(headers: string[]): ImportMapping {
  const guesses = headers.map((h) => {
    const n = normalizeHeader(h);
    const exact = INDEX.get(n);
    if (exact) return exact;
    const field = guessByContent(n);
    return field ? { field, rank: 1000 } : null;
  });
  const winner = new Map<ImportFieldKey, number>();
  guesses.forEach((g, i) => {
    if (!g || MULTIPLE.has(g.field)) return;
    const cur = winner.get(g.field);
    if (cur === undefined || guesses[cur]!.rank > g.rank) winner.set(g.field, i);
  });
  const mapping: ImportMapping = {};
  headers.forEach((h, i) => {
    const g = guesses[i];
    mapping[h] = g && (MULTIPLE.has(g.field) || winner.get(g.field) === i) ? g.field : 'ignore';
  });
  return mapping;
}

// Headers only one CRM writes. Pipedrive prefixes every column with its entity instead.
const SIGNATURES: Record<Exclude<ImportSource, 'generic' | 'pipedrive'>, string[]> = {
  hubspot: ['recordid', 'contactowner', 'lifecyclestage', 'createdate', 'phonenumber', 'mobilephonenumber', 'companyname', 'associatedcompany',
    'stateregion', 'countryregion', 'websiteurl', 'lastactivitydate', 'hubspotscore', 'companydomainname', 'originalsource'],
  salesforce: ['leadsource', 'accountname', 'mailingstreet', 'mailingcity', 'mailingstateprovince', 'mailingzippostalcode', 'mailingcountry',
    'leadowner', 'accountowner', 'contactowner', 'salutation', 'contactid', 'accountid', 'leadid', 'annualrevenue', 'rating', 'stateprovince', 'zippostalcode'],
  close: ['leadname', 'contactname', 'contactemail', 'contactemails', 'contactphone', 'contactphones', 'statuslabel', 'displayname', 'htmlurl',
    'primarycontactname', 'primarycontactprimaryemail', 'primarycontactprimaryphone', 'leadstatuslabel', 'customfields'],
};

/** Which CRM wrote this header row, by signature columns; "generic" below two hits. */
export function detectSource(headers: string[]): ImportSource {
  const normalized = new Set(headers.map(normalizeHeader));
  const scores: [ImportSource, number][] = (Object.entries(SIGNATURES) as [ImportSource, string[]][]).map(([s, sig]) => [s, sig.filter((x) => normalized.has(x)).length]);
  scores.push(['pipedrive', headers.filter((h) => /^(person|organi[sz]ation|deal|lead|activity|product)\s+-\s+/i.test(h)).length]);
  let best: ImportSource = 'generic';
  let bestScore = 1;
  for (const [s, score] of scores) {
    if (score > bestScore) {
      best = s;
      bestScore = score;
    }
  }
  return best;
}

/** A saved mapping applied to a new file: its choices for known columns, auto-detection for new ones. */
export function mergeMapping(headers: string[], saved: Record<string, unknown> | null): { mapping: ImportMapping; origin: 'saved' | 'auto' } {
  const auto = autoMap(headers);
  if (!saved) return { mapping: auto, origin: 'auto' };
  let used = false;
  const mapping: ImportMapping = {};
  for (const h of headers) {
    const parsed = ImportTargetSchema.safeParse(saved[h]);
    if (parsed.success) used = true;
    mapping[h] = parsed.success ? parsed.data : auto[h];
  }
  return used ? { mapping: dropDuplicates(headers, mapping), origin: 'saved' } : { mapping: auto, origin: 'auto' };
}

/** A saved choice plus an auto guess may claim the same single field twice; the first column keeps it. */
function dropDuplicates(headers: string[], mapping: ImportMapping): ImportMapping {
  const taken = new Set<string>();
  const out: ImportMapping = {};
  for (const h of headers) {
    const t = mapping[h];
    if (t !== 'ignore' && !MULTIPLE.has(t as ImportFieldKey) && taken.has(t)) {
      out[h] = 'ignore';
      continue;
    }
    taken.add(t);
    out[h] = t;
  }
  return out;
}

const IDENTIFYING: ImportTarget[] = ['name', 'fullName', 'firstName', 'lastName', 'email', 'email2', 'phone', 'mobile', 'phone2'];

/** Refuses mappings that cannot work, with a message per offending column. */
export function validateMapping(headers: string[], mapping: ImportMapping): ImportMapping {
  const fields: Record<string, string> = {};
  const known = new Set(headers);
  const firstFor = new Map<string, string>();
  for (const [h, t] of Object.entries(mapping)) {
    if (!known.has(h)) {
      fields[`mapping.${h}`] = 'This column is not in the file.';
      continue;
    }
    if (t === 'ignore' || MULTIPLE.has(t as ImportFieldKey)) continue;
    const prev = firstFor.get(t);
    if (prev !== undefined) fields[`mapping.${h}`] = `"${LABEL.get(t) ?? t}" is already mapped from column "${prev}".`;
    else firstFor.set(t, h);
  }
  const full: ImportMapping = {};
  for (const h of headers) full[h] = mapping[h] ?? 'ignore';
  if (!Object.values(full).some((t) => IDENTIFYING.includes(t))) {
    fields.mapping ??= 'Map at least one column to a company name, a person\'s name, an email or a phone.';
  }
  const first = Object.entries(fields)[0];
  if (first) throw badRequest(first[0] === 'mapping' ? first[1] : `Column "${first[0].slice('mapping.'.length)}": ${first[1]}`, fields);
  return full;
}

import type { Sql } from '../../db/client.ts';
import { badRequest } from '../../platform/http/errors.ts';
import { normalizeEmail } from '../../platform/normalize/email.ts';
import { normalizePhone } from '../../platform/normalize/phone.ts';
import { isMember, type StageRow } from './lead.repo.ts';

export function requireStage(stages: StageRow[], key: string, field: string): StageRow {
  const found = stages.find((s) => s.key === key);
  if (!found) {
    const known = stages.map((s) => s.key).join(', ');
    throw badRequest(`Unknown stage "${key}".`, { [field]: `Unknown stage "${key}". Stages: ${known}.` });
  }
  return found;
}

/** Every key of a comma-list filter must be a stage of this workspace's pipeline. */
export function requireStages(stages: StageRow[], keys: string[], field: string): void {
  const unknown = keys.filter((k) => !stages.some((s) => s.key === k));
  if (unknown.length) {
    const list = unknown.map((k) => `"${k}"`).join(', ');
    throw badRequest(`Unknown stage ${list}.`, { [field]: `Unknown stage ${list}. Stages: ${stages.map((s) => s.key).join(', ')}.` });
  }
}

/** New leads land in the first open stage of the pipeline. */
export function firstOpenStage(stages: StageRow[]): StageRow {
  const s = stages.find((x) => x.kind === 'open') ?? stages[0];
  if (!s) throw badRequest('This workspace has no pipeline stages yet.', { stage: 'Add a pipeline stage first.' });
  return s;
}

export async function requireMember(tx: Sql, workspaceId: string, userId: string, field: string): Promise<void> {
  if (!(await isMember(tx, workspaceId, userId))) throw badRequest('That user is not a member of this workspace.', { [field]: 'Not a member of this workspace.' });
}

export function normalizeTags(tags: string[]): string[] {
  return [...new Set(tags.map((t) => t.trim()).filter(Boolean))];
}

/** numeric(14, 2): round like the database will, so the activity diff shows the stored value. */
export function roundValue(v: number | null): number | null {
  return v === null ? null : Math.round(v * 100) / 100;
}

/** field "emails" reports "emails.2"; a single-value field (contact.email) is reported as is. */
const fieldAt = (field: string, i: number, raw: string[]) => (raw.length === 1 && !field.endsWith('s') ? field : `${field}.${i}`);

export function normalizeEmails(raw: string[], field: string): string[] {
  const out: string[] = [];
  raw.forEach((e, i) => {
    if (!e.trim()) return;
    const r = normalizeEmail(e);
    if (!r.ok) throw badRequest(`${r.reason}.`, { [fieldAt(field, i, raw)]: `${r.reason}.` });
    if (!out.includes(r.email)) out.push(r.email);
  });
  return out;
}

export function normalizePhones(raw: string[], defaultCountry: string, field: string): string[] {
  const out: string[] = [];
  raw.forEach((p, i) => {
    if (!p.trim()) return;
    const r = normalizePhone(p, defaultCountry);
    if (!r.ok) throw badRequest(`${r.reason}.`, { [fieldAt(field, i, raw)]: `${r.reason}.` });
    if (!out.includes(r.e164)) out.push(r.e164);
  });
  return out;
}

export function fieldLabel(field: string): string {
  const labels: Record<string, string> = { ownerId: 'owner', postalCode: 'postal code', customFields: 'custom fields', isDecisionMaker: 'decision maker', firstName: 'first name', lastName: 'last name' };
  return labels[field] ?? field;
}

import crypto from 'node:crypto';
import { companyKey, type IdentityIndex } from './dedupe.ts';
import type { Candidate, Rejection } from './transform.ts';

export type PlannedRow =
  /** A new lead with its first contact, or (newLead false) one more contact on a lead an earlier row created. */
  | { status: 'create'; c: Candidate; leadId: string; contactId: string | null; isPrimary: boolean; newLead: boolean }
  | { status: 'update'; c: Candidate; leadId: string; contactId: string | null; reason: string }
  | { status: 'skip'; c: Candidate; reason: string }
  | { status: 'reject'; row: number; cells: string[]; reason: string; warnings: string[] };

export type Dedupe = 'skip' | 'update';

interface CompanyLead {
  leadId: string;
  row: number | null;
  hasPrimary: boolean;
}

/**
 * Decides, row by row and in file order, what each row does. Ids are generated here, so rows that
 * refer to a lead created a few rows earlier (same company, same person) work before anything is
 * written — and a dry run is exactly the real run minus the writes.
 */
export class Planner {
  private companies = new Map<string, CompanyLead>();

  constructor(private index: IdentityIndex, private dedupe: Dedupe, importLeads: Map<string, string> = new Map()) {
    for (const [key, leadId] of importLeads) this.companies.set(key, { leadId, row: null, hasPrimary: true });
  }

  plan(x: Candidate | Rejection): PlannedRow {
    if (x.kind === 'rejection') return { status: 'reject', row: x.row, cells: x.cells, reason: x.reason, warnings: [] };
    const c = x;
    const hit = this.index.find(c.contact);
    if (hit) {
      const { ref, via } = hit;
      const where = ref.row !== null ? `row ${ref.row}` : 'an earlier row';
      if (ref.mine && this.dedupe === 'skip') return this.rejectDuplicate(c, `Duplicate of ${where} in this file (same ${via})`);
      if (!ref.mine && this.dedupe === 'skip') return { status: 'skip', c, reason: `Already in Flywheel (same ${via})` };
      this.index.register(c.contact, ref);
      const reason = ref.mine ? `Same contact as ${where} in this file (${via}) — merged into it` : `Matches an existing contact (${via})`;
      return { status: 'update', c, leadId: ref.leadId, contactId: ref.contactId, reason };
    }
    const key = c.company ? companyKey(c.company) : null;
    const company = key ? this.companies.get(key) : undefined;
    if (company) {
      const where = company.row !== null ? `row ${company.row}` : 'an earlier row';
      if (!c.contact) {
        // the same company again with no person on it: nothing new to add
        if (this.dedupe === 'skip') return this.rejectDuplicate(c, `Duplicate of ${where} in this file (same company, no contact)`);
        return { status: 'update', c, leadId: company.leadId, contactId: null, reason: `Same company as ${where} — merged into it` };
      }
      const contactId = crypto.randomUUID();
      const isPrimary = !company.hasPrimary;
      company.hasPrimary = true;
      this.index.register(c.contact, { leadId: company.leadId, contactId, row: c.row, mine: true });
      return { status: 'create', c, leadId: company.leadId, contactId, isPrimary, newLead: false };
    }
    const leadId = crypto.randomUUID();
    const contactId = c.contact ? crypto.randomUUID() : null;
    if (key) this.companies.set(key, { leadId, row: c.row, hasPrimary: contactId !== null });
    this.index.register(c.contact, { leadId, contactId, row: c.row, mine: true });
    return { status: 'create', c, leadId, contactId, isPrimary: true, newLead: true };
  }

  private rejectDuplicate(c: Candidate, reason: string): PlannedRow {
    return { status: 'reject', row: c.row, cells: c.cells, reason, warnings: c.warnings };
  }
}

import type { Sql } from '../../../db/client.ts';
import { normalizePhone } from '../../../platform/normalize/phone.ts';
import type { ContactFields } from './transform.ts';

/** A lead (and contact) an email or phone already belongs to. */
export interface RecordRef {
  leadId: string;
  contactId: string | null;
  /** The row of this file that created it; null when it existed before (or on a resumed run). */
  row: number | null;
  /** Created by this import (an in-file duplicate rather than an existing record). */
  mine: boolean;
}

/**
 * Every email and phone of the workspace in memory (a few MB for 100k contacts), so matching a
 * 100k-row file costs map lookups instead of 100k queries; rows of this file are added as they
 * are planned, which is what catches duplicates inside the file.
 */
export class IdentityIndex {
  private byKey = new Map<string, RecordRef>();

  get size() {
    return this.byKey.size;
  }

  find(contact: ContactFields | null): { ref: RecordRef; via: string } | null {
    if (!contact) return null;
    for (const e of contact.emails) {
      const ref = this.byKey.get(`e:${e}`);
      if (ref) return { ref, via: `email ${e}` };
    }
    for (const p of contact.phones) {
      const ref = this.byKey.get(`p:${p}`);
      if (ref) return { ref, via: `phone ${p}` };
    }
    return null;
  }

  register(contact: ContactFields | null, ref: RecordRef) {
    if (!contact) return;
    for (const e of contact.emails) this.add(`e:${e}`, ref);
    for (const p of contact.phones) this.add(`p:${p}`, ref);
  }

  private add(key: string, ref: RecordRef) {
    if (!this.byKey.has(key)) this.byKey.set(key, ref);
  }
}

export interface ExistingState {
  index: IdentityIndex;
  /** lower(name) → lead id, for leads this import already created (a resumed run keeps grouping rows). */
  importLeads: Map<string, string>;
}

const normEmail = (e: string) => e.trim().toLowerCase();

/** Loads the workspace's emails/phones (contacts first, then leads' denormalized primary ones). */
export async function loadExisting(tx: Sql, workspaceId: string, importId: string | null, defaultCountry: string): Promise<ExistingState> {
  const index = new IdentityIndex();
  const normPhone = (p: string) => {
    if (/^\+\d{6,15}$/.test(p)) return p;
    const r = normalizePhone(p, defaultCountry);
    return r.ok ? r.e164 : null;
  };
  const contacts = await tx.query<{ id: string; lead_id: string; emails: string[]; phones: string[]; mine: boolean }>(
    `SELECT c.id, c.lead_id, c.emails, c.phones, coalesce(l.import_id = $2::uuid, false) AS mine
       FROM contacts c JOIN leads l ON l.id = c.lead_id AND l.workspace_id = $1
      WHERE c.workspace_id = $1 AND l.deleted_at IS NULL AND (cardinality(c.emails) > 0 OR cardinality(c.phones) > 0)`,
    [workspaceId, importId],
  );
  for (const c of contacts.rows) {
    const ref: RecordRef = { leadId: c.lead_id, contactId: c.id, row: null, mine: c.mine };
    index.register({ firstName: '', lastName: '', emails: c.emails.map(normEmail), phones: c.phones.map(normPhone).filter((p): p is string => p !== null) }, ref);
  }
  const leads = await tx.query<{ id: string; name: string; primary_email: string | null; primary_phone: string | null; mine: boolean }>(
    `SELECT id, name, primary_email, primary_phone, coalesce(import_id = $2::uuid, false) AS mine
       FROM leads WHERE workspace_id = $1 AND deleted_at IS NULL
        AND (primary_email IS NOT NULL OR primary_phone IS NOT NULL OR import_id = $2::uuid)`,
    [workspaceId, importId],
  );
  const importLeads = new Map<string, string>();
  for (const l of leads.rows) {
    if (l.mine) importLeads.set(companyKey(l.name), l.id);
    const phone = l.primary_phone ? normPhone(l.primary_phone) : null;
    index.register({ firstName: '', lastName: '', emails: l.primary_email ? [normEmail(l.primary_email)] : [], phones: phone ? [phone] : [] },
      { leadId: l.id, contactId: null, row: null, mine: l.mine });
  }
  return { index, importLeads };
}

/** "ACME  Inc" and "Acme Inc" are the same company within one file. */
export const companyKey = (name: string) => name.trim().replace(/\s+/g, ' ').toLowerCase();

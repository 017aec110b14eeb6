import crypto from 'node:crypto';
import type { Sql } from '../../../db/client.ts';
import { diffFields } from '../../activities/index.ts';
import type { PlannedRow } from './plan.ts';
import { insertActivities, insertContactRows, unionTags, type ActivityRow, type WriteContext } from './write.ts';

type UpdateOp = Extract<PlannedRow, { status: 'update' }>;

interface LeadState {
  name: string;
  stage: string;
  ownerId: string | null;
  source: string | null;
  segment: string | null;
  leadType: string | null;
  tags: string[];
  value: number | null;
  customFields: Record<string, unknown>;
  facts: string;
  website: string | null;
  address: string | null;
  city: string | null;
  region: string | null;
  postalCode: string | null;
  country: string | null;
  externalId: string | null;
  primaryEmail: string | null;
  primaryPhone: string | null;
}

interface ContactState {
  leadId: string;
  firstName: string;
  lastName: string;
  title: string | null;
  emails: string[];
  phones: string[];
  isPrimary: boolean;
}

const union = (a: string[], b: string[]) => [...a, ...b.filter((x) => !a.includes(x))];

/**
 * Dedupe "update": the file's non-empty values overwrite the lead's and contact's, emails, phones
 * and tags are added to what is there. Rows are locked, merged in memory (several rows of one
 * batch may hit the same lead), written back in two statements, and every changed lead gets one
 * `lead.updated` activity with before/after.
 */
export async function applyUpdates(tx: Sql, ctx: WriteContext, ops: UpdateOp[]) {
  const leadIds = [...new Set(ops.map((o) => o.leadId))];
  const contactIds = [...new Set(ops.map((o) => o.contactId).filter((id): id is string => id !== null))];
  const leadRows = await tx.query<Record<string, unknown> & { id: string }>(
    `SELECT id, name, stage, owner_id, source, segment, lead_type, tags, value, custom_fields, facts, website, address, city, region,
            postal_code, country, external_id, primary_email, primary_phone
       FROM leads WHERE workspace_id = $1 AND id = ANY($2::uuid[]) AND deleted_at IS NULL FOR UPDATE`,
    [ctx.workspaceId, leadIds],
  );
  const contactRows = await tx.query<{ id: string; lead_id: string; first_name: string; last_name: string; title: string | null; emails: string[]; phones: string[]; is_primary: boolean }>(
    `SELECT id, lead_id, first_name, last_name, title, emails, phones, is_primary FROM contacts
      WHERE workspace_id = $1 AND (id = ANY($2::uuid[]) OR (lead_id = ANY($3::uuid[]) AND is_primary)) FOR UPDATE`,
    [ctx.workspaceId, contactIds, leadIds],
  );
  const before = new Map<string, LeadState>();
  for (const r of leadRows.rows) before.set(r.id, toLeadState(r));
  const leads = new Map([...before].map(([id, s]) => [id, { ...s, tags: [...s.tags], customFields: { ...s.customFields } }]));
  const contactsBefore = new Map<string, ContactState>(contactRows.rows.map((r) => [r.id, {
    leadId: r.lead_id, firstName: r.first_name, lastName: r.last_name, title: r.title, emails: r.emails, phones: r.phones, isPrimary: r.is_primary,
  }]));
  const contacts = new Map([...contactsBefore].map(([id, s]) => [id, { ...s }]));
  const primaryOf = new Map<string, string>();
  for (const [id, s] of contacts) if (s.isPrimary) primaryOf.set(s.leadId, id);
  const inserted = new Set<string>();

  for (const op of ops) {
    const lead = leads.get(op.leadId);
    if (!lead) continue; // deleted since the run started: nothing to update
    const { c } = op;
    const f = c.lead;
    if (c.company) lead.name = c.company;
    if (f.stage) lead.stage = f.stage;
    if (f.ownerId) lead.ownerId = f.ownerId;
    for (const k of ['source', 'segment', 'leadType', 'website', 'address', 'city', 'region', 'postalCode', 'country', 'externalId'] as const) {
      const v = f[k];
      if (v !== undefined) lead[k] = v;
    }
    if (f.value !== undefined) lead.value = f.value;
    if (f.facts !== undefined) lead.facts = f.facts;
    lead.tags = unionTags(unionTags(lead.tags, f.tags), ctx.extraTags);
    lead.customFields = { ...lead.customFields, ...f.custom };
    if (!c.contact) continue;
    let contactId = op.contactId;
    if (!contactId) {
      // matched a lead by its primary email/phone but it has no contact row: add the person
      contactId = crypto.randomUUID();
      inserted.add(contactId);
      const isPrimary = !primaryOf.has(op.leadId);
      if (isPrimary) primaryOf.set(op.leadId, contactId);
      contacts.set(contactId, { leadId: op.leadId, firstName: '', lastName: '', title: null, emails: [], phones: [], isPrimary });
    }
    const contact = contacts.get(contactId);
    if (!contact) continue;
    if (c.contact.firstName) contact.firstName = c.contact.firstName;
    if (c.contact.lastName) contact.lastName = c.contact.lastName;
    if (c.contact.title) contact.title = c.contact.title;
    contact.emails = union(contact.emails, c.contact.emails);
    contact.phones = union(contact.phones, c.contact.phones);
  }

  const leadWrites: Record<string, unknown>[] = [];
  const activities: ActivityRow[] = [];
  const changesByLead = new Map<string, { before: Record<string, unknown>[]; after: Record<string, unknown>[] }>();
  const contactWrites: Record<string, unknown>[] = [];
  const contactInserts: Record<string, unknown>[] = [];
  for (const [id, s] of contacts) {
    const { leadId, isPrimary, ...fields } = s;
    const old = contactsBefore.get(id);
    const d = diffFields<Record<string, unknown>>(old ? { firstName: old.firstName, lastName: old.lastName, title: old.title, emails: old.emails, phones: old.phones } : {}, fields);
    if (d.changed.length === 0) continue;
    const row = { id, lead_id: leadId, first_name: s.firstName, last_name: s.lastName, title: s.title, emails: s.emails, phones: s.phones, is_primary: isPrimary };
    (inserted.has(id) ? contactInserts : contactWrites).push(row);
    // per person: several contacts of one lead can change in the same batch
    const change = changesByLead.get(leadId) ?? { before: [], after: [] };
    const name = [s.firstName, s.lastName].filter(Boolean).join(' ') || s.emails[0] || s.phones[0] || '';
    change.before.push(old ? { id, name, ...d.before } : { id, name, added: false });
    change.after.push(old ? { id, name, ...d.after } : { id, name, added: true, ...d.after });
    changesByLead.set(leadId, change);
    if (isPrimary) {
      const lead = leads.get(leadId);
      if (lead) {
        lead.primaryEmail = s.emails[0] ?? lead.primaryEmail;
        lead.primaryPhone = s.phones[0] ?? lead.primaryPhone;
      }
    }
  }
  for (const [id, s] of leads) {
    const d = diffFields<Record<string, unknown>>({ ...before.get(id) }, { ...s });
    const contactChange = changesByLead.get(id);
    if (d.changed.length === 0 && !contactChange) continue;
    if (d.changed.length > 0) {
      leadWrites.push({
        id, name: s.name, stage: s.stage, owner_id: s.ownerId, source: s.source, segment: s.segment, lead_type: s.leadType, tags: s.tags,
        value: s.value, custom_fields: s.customFields, facts: s.facts, website: s.website, address: s.address, city: s.city, region: s.region,
        postal_code: s.postalCode, country: s.country, external_id: s.externalId, primary_email: s.primaryEmail, primary_phone: s.primaryPhone,
      });
    }
    const rows = ops.filter((o) => o.leadId === id).map((o) => o.c.row);
    activities.push({
      lead_id: id, contact_id: null, kind: 'lead.updated',
      summary: `Updated from import ${ctx.filename} (row${rows.length > 1 ? 's' : ''} ${rows.join(', ')})`,
      before: { ...d.before, ...(contactChange ? { contacts: contactChange.before } : {}) },
      after: { ...d.after, ...(contactChange ? { contacts: contactChange.after } : {}) },
    });
  }
  if (leadWrites.length > 0) {
    await tx.query(
      `UPDATE leads AS l SET name = x.name, stage = x.stage, owner_id = x.owner_id, source = x.source, segment = x.segment, lead_type = x.lead_type,
              tags = x.tags, value = x.value, custom_fields = x.custom_fields, facts = x.facts, website = x.website, address = x.address,
              city = x.city, region = x.region, postal_code = x.postal_code, country = x.country, external_id = x.external_id,
              primary_email = x.primary_email, primary_phone = x.primary_phone, updated_at = now()
         FROM jsonb_to_recordset($2::jsonb) AS x(id uuid, name text, stage text, owner_id uuid, source text, segment text, lead_type text,
              tags text[], value numeric, custom_fields jsonb, facts text, website text, address text, city text, region text,
              postal_code text, country text, external_id text, primary_email text, primary_phone text)
        WHERE l.workspace_id = $1 AND l.id = x.id`,
      [ctx.workspaceId, JSON.stringify(leadWrites)],
    );
  }
  if (contactWrites.length > 0) {
    await tx.query(
      `UPDATE contacts AS c SET first_name = x.first_name, last_name = x.last_name, title = x.title, emails = x.emails, phones = x.phones, updated_at = now()
         FROM jsonb_to_recordset($2::jsonb) AS x(id uuid, first_name text, last_name text, title text, emails text[], phones text[])
        WHERE c.workspace_id = $1 AND c.id = x.id`,
      [ctx.workspaceId, JSON.stringify(contactWrites)],
    );
  }
  await insertContactRows(tx, ctx, contactInserts);
  await insertActivities(tx, ctx, activities);
}

const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function toLeadState(r: Record<string, unknown>): LeadState {
  return {
    name: str(r.name) ?? '', stage: str(r.stage) ?? '', ownerId: str(r.owner_id), source: str(r.source), segment: str(r.segment),
    leadType: str(r.lead_type), tags: Array.isArray(r.tags) ? r.tags.filter((t): t is string => typeof t === 'string') : [],
    // numeric comes back as a string from node-postgres
    value: r.value === null || r.value === undefined ? null : Number(r.value),
    customFields: isObject(r.custom_fields) ? r.custom_fields : {}, facts: str(r.facts) ?? '', website: str(r.website), address: str(r.address),
    city: str(r.city), region: str(r.region), postalCode: str(r.postal_code), country: str(r.country), externalId: str(r.external_id),
    primaryEmail: str(r.primary_email), primaryPhone: str(r.primary_phone),
  };
}

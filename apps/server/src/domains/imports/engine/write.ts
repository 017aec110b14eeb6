import type { Sql } from '../../../db/client.ts';
import type { PlannedRow } from './plan.ts';
import type { Candidate } from './transform.ts';
import { applyUpdates } from './update.ts';

export interface WriteContext {
  workspaceId: string;
  importId: string;
  filename: string;
  actorUserId: string | null;
  actorLabel: string;
  defaultStage: string;
  defaultOwnerId: string | null;
  /** Added to every imported or updated lead. */
  extraTags: string[];
}

export interface ActivityRow {
  lead_id: string;
  contact_id: string | null;
  kind: string;
  summary: string;
  before?: unknown;
  after?: unknown;
}

/** The timeline rows of a batch in one statement (same transaction as the mutation they describe). */
export async function insertActivities(tx: Sql, ctx: WriteContext, rows: ActivityRow[]) {
  if (rows.length === 0) return;
  await tx.query(
    `INSERT INTO activities (workspace_id, lead_id, contact_id, actor_user_id, actor_label, kind, summary, before, after, ref_type, ref_id)
     SELECT $1, x.lead_id, x.contact_id, $2, $3, x.kind, x.summary, x.before, x.after, 'import', $4
       FROM jsonb_to_recordset($5::jsonb) AS x(lead_id uuid, contact_id uuid, kind text, summary text, before jsonb, after jsonb)`,
    [ctx.workspaceId, ctx.actorUserId, ctx.actorLabel, ctx.importId, JSON.stringify(rows)],
  );
}

/** Contacts of a batch in one statement (rows: id, lead_id, first_name, last_name, title, emails, phones, is_primary). */
export async function insertContactRows(tx: Sql, ctx: WriteContext, rows: Record<string, unknown>[]) {
  if (rows.length === 0) return;
  await tx.query(
    `INSERT INTO contacts (id, workspace_id, lead_id, first_name, last_name, title, emails, phones, is_primary)
     SELECT x.id, $1, x.lead_id, x.first_name, x.last_name, x.title, x.emails, x.phones, x.is_primary
       FROM jsonb_to_recordset($2::jsonb) AS x(id uuid, lead_id uuid, first_name text, last_name text, title text, emails text[], phones text[], is_primary boolean)`,
    [ctx.workspaceId, JSON.stringify(rows)],
  );
}

export function unionTags(a: string[], b: string[]): string[] {
  const out = [...a];
  const seen = new Set(a.map((t) => t.toLowerCase()));
  for (const t of b) {
    if (!seen.has(t.toLowerCase())) {
      seen.add(t.toLowerCase());
      out.push(t);
    }
  }
  return out;
}

const personName = (c: Candidate) => [c.contact?.firstName, c.contact?.lastName].filter(Boolean).join(' ') || c.contact?.emails[0] || c.contact?.phones[0] || 'contact';

/**
 * Writes one batch: new leads, their contacts and timeline rows as three multi-row statements
 * (jsonb_to_recordset carries arrays and jsonb per row), then the updates. The caller owns the
 * workspace-scoped transaction.
 */
export async function writeBatch(tx: Sql, ctx: WriteContext, rows: PlannedRow[]) {
  const leads: Record<string, unknown>[] = [];
  const contacts: Record<string, unknown>[] = [];
  const primaries: { id: string; primary_email: string | null; primary_phone: string | null }[] = [];
  const activities: ActivityRow[] = [];
  // a lead created in this batch gets one timeline row naming all its rows, not one per person
  const created = new Map<string, { activity: ActivityRow; rows: number[] }>();
  const updates: Extract<PlannedRow, { status: 'update' }>[] = [];
  for (const p of rows) {
    if (p.status === 'update') updates.push(p);
    if (p.status !== 'create') continue;
    const { c } = p;
    const primaryEmail = p.isPrimary ? (c.contact?.emails[0] ?? null) : null;
    const primaryPhone = p.isPrimary ? (c.contact?.phones[0] ?? null) : null;
    if (p.newLead) {
      const l = c.lead;
      leads.push({
        id: p.leadId, name: c.leadName, stage: l.stage ?? ctx.defaultStage, owner_id: l.ownerId ?? ctx.defaultOwnerId,
        source: l.source ?? null, segment: l.segment ?? null, lead_type: l.leadType ?? null, tags: unionTags(l.tags, ctx.extraTags),
        value: l.value ?? null, custom_fields: l.custom, facts: l.facts ?? '', website: l.website ?? null, address: l.address ?? null,
        city: l.city ?? null, region: l.region ?? null, postal_code: l.postalCode ?? null, country: l.country ?? null,
        primary_email: primaryEmail, primary_phone: primaryPhone, external_id: l.externalId ?? null,
      });
      const activity: ActivityRow = { lead_id: p.leadId, contact_id: p.contactId, kind: 'lead.imported', summary: '' };
      activities.push(activity);
      created.set(p.leadId, { activity, rows: [c.row] });
    } else {
      if (p.isPrimary) primaries.push({ id: p.leadId, primary_email: primaryEmail, primary_phone: primaryPhone });
      const sameBatch = created.get(p.leadId);
      if (sameBatch) sameBatch.rows.push(c.row);
      else activities.push({ lead_id: p.leadId, contact_id: p.contactId, kind: 'contact.added', summary: `Contact ${personName(c)} added from ${ctx.filename} (row ${c.row})`, after: { row: c.row } });
    }
    if (p.contactId && c.contact) {
      const k = c.contact;
      contacts.push({ id: p.contactId, lead_id: p.leadId, first_name: k.firstName, last_name: k.lastName, title: k.title ?? null, emails: k.emails, phones: k.phones, is_primary: p.isPrimary });
    }
  }
  for (const { activity, rows: r } of created.values()) {
    activity.summary = `Imported from ${ctx.filename} (row${r.length > 1 ? 's' : ''} ${r.join(', ')})`;
    activity.after = { rows: r };
  }
  if (leads.length > 0) {
    await tx.query(
      `INSERT INTO leads (id, workspace_id, import_id, name, stage, owner_id, source, segment, lead_type, tags, value, custom_fields, facts,
                          website, address, city, region, postal_code, country, primary_email, primary_phone, external_id)
       SELECT x.id, $1, $2, x.name, x.stage, x.owner_id, x.source, x.segment, x.lead_type, x.tags, x.value, x.custom_fields, x.facts,
              x.website, x.address, x.city, x.region, x.postal_code, x.country, x.primary_email, x.primary_phone, x.external_id
         FROM jsonb_to_recordset($3::jsonb) AS x(id uuid, name text, stage text, owner_id uuid, source text, segment text, lead_type text,
              tags text[], value numeric, custom_fields jsonb, facts text, website text, address text, city text, region text,
              postal_code text, country text, primary_email text, primary_phone text, external_id text)`,
      [ctx.workspaceId, ctx.importId, JSON.stringify(leads)],
    );
  }
  await insertContactRows(tx, ctx, contacts);
  if (primaries.length > 0) {
    // a company row without a person created the lead; its first person becomes the primary contact
    await tx.query(
      `UPDATE leads AS l SET primary_email = x.primary_email, primary_phone = x.primary_phone
         FROM jsonb_to_recordset($2::jsonb) AS x(id uuid, primary_email text, primary_phone text)
        WHERE l.workspace_id = $1 AND l.id = x.id`,
      [ctx.workspaceId, JSON.stringify(primaries)],
    );
  }
  await insertActivities(tx, ctx, activities);
  if (updates.length > 0) await applyUpdates(tx, ctx, updates);
}

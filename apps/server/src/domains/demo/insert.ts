import type { Sql } from '../../db/client.ts';
import type { ActivityRecord, ContactRecord, LeadRecord, TaskRecord } from './model.ts';

// The demo writes ~5,000 rows; each table goes in as one jsonb parameter per chunk
// (jsonb_to_recordset), which keeps the seed well under 5 s on PGlite.
const CHUNK = 1000;

async function insertJson(tx: Sql, sql: string, workspaceId: string, rows: object[]): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) await tx.query(sql, [workspaceId, JSON.stringify(rows.slice(i, i + CHUNK))]);
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export async function insertLeads(tx: Sql, workspaceId: string, leads: LeadRecord[]): Promise<void> {
  await insertJson(
    tx,
    `INSERT INTO leads (id, workspace_id, name, stage, owner_id, source, segment, lead_type, tags, value, custom_fields, facts, questions,
       objective, website, address, city, region, postal_code, country, timezone, primary_email, primary_phone, last_touched_at,
       next_task_at, next_task_title, open_task_count, created_at, updated_at)
     SELECT r.id, $1::uuid, r.name, r.stage, r.owner_id, r.source, r.segment, 'business', r.tags, r.value, r.custom_fields, r.facts,
       r.questions, r.objective, r.website, r.address, r.city, r.region, r.postal_code, 'US', r.timezone, r.primary_email, r.primary_phone,
       r.last_touched_at, r.next_task_at, r.next_task_title, r.open_task_count, r.created_at, r.updated_at
     FROM jsonb_to_recordset($2::jsonb) AS r(id uuid, name text, stage text, owner_id uuid, source text, segment text, tags text[],
       value numeric, custom_fields jsonb, facts text, questions text, objective text, website text, address text, city text, region text,
       postal_code text, timezone text, primary_email text, primary_phone text, last_touched_at timestamptz, next_task_at timestamptz,
       next_task_title text, open_task_count int, created_at timestamptz, updated_at timestamptz)`,
    workspaceId,
    leads.map((l) => ({
      id: l.id, name: l.name, stage: l.stage, owner_id: l.ownerId, source: l.source, segment: l.segment, tags: l.tags, value: l.value,
      custom_fields: l.customFields, facts: l.facts, questions: l.questions, objective: l.objective, website: l.website, address: l.address,
      city: l.city, region: l.region, postal_code: l.postalCode, timezone: l.timezone, primary_email: l.primaryEmail, primary_phone: l.primaryPhone,
      last_touched_at: iso(l.lastTouchedAt), next_task_at: iso(l.nextTaskAt), next_task_title: l.nextTaskTitle, open_task_count: l.openTaskCount,
      created_at: iso(l.createdAt), updated_at: iso(l.updatedAt),
    })),
  );
}

export async function insertContacts(tx: Sql, workspaceId: string, contacts: ContactRecord[]): Promise<void> {
  await insertJson(
    tx,
    `INSERT INTO contacts (id, workspace_id, lead_id, first_name, last_name, title, emails, phones, is_primary, is_decision_maker, created_at, updated_at)
     SELECT r.id, $1::uuid, r.lead_id, r.first_name, r.last_name, r.title, r.emails, r.phones, r.is_primary, r.is_decision_maker, r.created_at, r.created_at
     FROM jsonb_to_recordset($2::jsonb) AS r(id uuid, lead_id uuid, first_name text, last_name text, title text, emails text[], phones text[],
       is_primary boolean, is_decision_maker boolean, created_at timestamptz)`,
    workspaceId,
    contacts.map((c) => ({
      id: c.id, lead_id: c.leadId, first_name: c.firstName, last_name: c.lastName, title: c.title, emails: c.emails, phones: c.phones,
      is_primary: c.isPrimary, is_decision_maker: c.isDecisionMaker, created_at: iso(c.createdAt),
    })),
  );
}

export async function insertTasks(tx: Sql, workspaceId: string, tasks: TaskRecord[]): Promise<void> {
  await insertJson(
    tx,
    `INSERT INTO tasks (id, workspace_id, lead_id, contact_id, owner_id, kind, title, due_at, status, completed_at, created_by, created_at, updated_at)
     SELECT r.id, $1::uuid, r.lead_id, r.contact_id, r.owner_id, r.kind, r.title, r.due_at, r.status, r.completed_at, r.created_by, r.created_at,
       coalesce(r.completed_at, r.created_at)
     FROM jsonb_to_recordset($2::jsonb) AS r(id uuid, lead_id uuid, contact_id uuid, owner_id uuid, kind text, title text, due_at timestamptz,
       status text, completed_at timestamptz, created_by uuid, created_at timestamptz)`,
    workspaceId,
    tasks.map((t) => ({
      id: t.id, lead_id: t.leadId, contact_id: t.contactId, owner_id: t.ownerId, kind: t.kind, title: t.title, due_at: iso(t.dueAt),
      status: t.status, completed_at: iso(t.completedAt), created_by: t.createdBy, created_at: iso(t.createdAt),
    })),
  );
}

export async function insertActivities(tx: Sql, workspaceId: string, activities: ActivityRecord[]): Promise<void> {
  await insertJson(
    tx,
    `INSERT INTO activities (workspace_id, lead_id, contact_id, actor_user_id, actor_label, kind, summary, before, after, ref_type, ref_id, occurred_at)
     SELECT $1::uuid, r.lead_id, r.contact_id, r.actor_user_id, r.actor_label, r.kind, r.summary, r.before, r.after, r.ref_type, r.ref_id, r.occurred_at
     FROM jsonb_to_recordset($2::jsonb) AS r(lead_id uuid, contact_id uuid, actor_user_id uuid, actor_label text, kind text, summary text,
       before jsonb, after jsonb, ref_type text, ref_id uuid, occurred_at timestamptz)
     ORDER BY r.occurred_at`,
    workspaceId,
    activities.map((a) => ({
      lead_id: a.leadId, contact_id: a.contactId, actor_user_id: a.actorUserId, actor_label: a.actorLabel, kind: a.kind, summary: a.summary,
      before: a.before, after: a.after, ref_type: a.refType, ref_id: a.refId, occurred_at: iso(a.occurredAt),
    })),
  );
}

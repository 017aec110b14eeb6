import type { Contact, CustomFieldValue, LeadDetail, LeadListItem } from '@flywheel/contracts';

/** Columns of a LeadListItem; every lead query aliases leads as l and users (owner) as u. */
export const LIST_COLUMNS = `l.id, l.name, l.stage, l.owner_id, coalesce(nullif(u.name, ''), u.email) AS owner_name, l.source, l.segment,
  l.tags, l.value::float8 AS value, l.primary_email, l.primary_phone, l.city, l.last_touched_at, l.next_task_at, l.next_task_title,
  l.open_task_count, l.created_at, l.updated_at`;
export const DETAIL_COLUMNS = `${LIST_COLUMNS}, l.facts, l.questions, l.objective, l.custom_fields, l.website, l.address, l.region,
  l.postal_code, l.country, l.timezone`;
export const LEAD_FROM = `leads l LEFT JOIN users u ON u.id = l.owner_id`;

type Ts = Date | string;

export interface LeadListRow {
  id: string;
  name: string;
  stage: string;
  owner_id: string | null;
  owner_name: string | null;
  source: string | null;
  segment: string | null;
  tags: string[];
  value: number | null;
  primary_email: string | null;
  primary_phone: string | null;
  city: string | null;
  last_touched_at: Ts | null;
  next_task_at: Ts | null;
  next_task_title: string | null;
  open_task_count: number;
  created_at: Ts;
  updated_at: Ts;
}

export interface LeadDetailRow extends LeadListRow {
  facts: string;
  questions: string;
  objective: string;
  custom_fields: Record<string, CustomFieldValue>;
  website: string | null;
  address: string | null;
  region: string | null;
  postal_code: string | null;
  country: string | null;
  timezone: string | null;
}

export interface ContactRow {
  id: string;
  lead_id: string;
  first_name: string;
  last_name: string;
  title: string | null;
  emails: string[];
  phones: string[];
  is_primary: boolean;
  is_decision_maker: boolean;
  notes: string;
  created_at: Ts;
}

export function toIso(v: Ts): string;
export function toIso(v: Ts | null): string | null;
export function toIso(v: Ts | null): string | null {
  if (v === null) return null;
  return (v instanceof Date ? v : new Date(v)).toISOString();
}

export function toLeadListItem(r: LeadListRow): LeadListItem {
  return {
    id: r.id,
    name: r.name,
    stage: r.stage,
    ownerId: r.owner_id,
    ownerName: r.owner_name,
    source: r.source,
    segment: r.segment,
    tags: r.tags,
    value: r.value === null ? null : Number(r.value),
    primaryEmail: r.primary_email,
    primaryPhone: r.primary_phone,
    city: r.city,
    lastTouchedAt: toIso(r.last_touched_at),
    nextTaskAt: toIso(r.next_task_at),
    nextTaskTitle: r.next_task_title,
    openTaskCount: Number(r.open_task_count),
    createdAt: toIso(r.created_at),
    updatedAt: toIso(r.updated_at),
  };
}

export function toContact(r: ContactRow): Contact {
  return {
    id: r.id,
    firstName: r.first_name,
    lastName: r.last_name,
    title: r.title,
    emails: r.emails,
    phones: r.phones,
    isPrimary: r.is_primary,
    isDecisionMaker: r.is_decision_maker,
    notes: r.notes,
  };
}

export function contactName(c: { first_name: string; last_name: string; emails?: string[]; phones?: string[] }): string {
  return `${c.first_name} ${c.last_name}`.trim() || c.emails?.[0] || c.phones?.[0] || 'unnamed contact';
}

export function toLeadDetail(r: LeadDetailRow, contacts: ContactRow[], taskSummary: LeadDetail['taskSummary']): LeadDetail {
  return {
    ...toLeadListItem(r),
    facts: r.facts,
    questions: r.questions,
    objective: r.objective,
    customFields: r.custom_fields,
    website: r.website,
    address: r.address,
    region: r.region,
    postalCode: r.postal_code,
    country: r.country,
    timezone: r.timezone,
    contacts: contacts.map(toContact),
    taskSummary,
  };
}

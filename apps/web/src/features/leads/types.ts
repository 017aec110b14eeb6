// Local mirror of the leads API contract (packages/contracts/src/leads.ts, when it lands, replaces these).

export type StageKind = 'open' | 'won' | 'lost';

export interface Stage {
  key: string;
  label: string;
  kind: StageKind;
  color: string | null;
  position: number;
  count: number;
}

export interface LeadListItem {
  id: string;
  name: string;
  stage: string;
  ownerId: string | null;
  ownerName: string | null;
  source: string | null;
  segment: string | null;
  tags: string[];
  value: number | string | null;
  primaryEmail: string | null;
  primaryPhone: string | null;
  /** optional: shown on board cards when the server sends it */
  primaryContactName?: string | null;
  city: string | null;
  lastTouchedAt: string | null;
  nextTaskAt: string | null;
  nextTaskTitle: string | null;
  openTaskCount: number;
  createdAt: string;
  updatedAt: string;
}

export interface Contact {
  id: string;
  firstName: string;
  lastName: string;
  title: string | null;
  emails: string[];
  phones: string[];
  isPrimary: boolean;
  isDecisionMaker: boolean;
  notes: string;
}

export interface TaskSummary {
  pendingCount: number;
  overdueCount: number;
  next: { title: string; dueAt: string | null; kind: string } | null;
}

export interface LeadDetail extends LeadListItem {
  facts: string;
  questions: string;
  objective: string;
  customFields: Record<string, unknown>;
  website: string | null;
  address: string | null;
  city: string | null;
  region: string | null;
  postalCode: string | null;
  country: string | null;
  timezone: string | null;
  contacts: Contact[];
  taskSummary: TaskSummary;
}

export interface TimelineEntry {
  id: string;
  kind: string;
  summary: string;
  actorLabel: string | null;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  occurredAt: string;
}

export interface FacetValue {
  value: string;
  count: number;
}

export interface Facets {
  sources: (FacetValue | string)[];
  segments: (FacetValue | string)[];
  tags: (FacetValue | string)[];
  owners: { id: string; name: string; email: string }[];
  stages: { key: string; label: string; kind: StageKind; color: string | null; count: number }[];
}

export interface BoardColumn {
  key: string;
  label: string;
  kind: StageKind;
  color: string | null;
  count: number;
  /** optional: sum of value over the whole stage, when the server sends it */
  totalValue?: number | string | null;
  leads: LeadListItem[];
}

export interface SavedView {
  id: string;
  name: string;
  filters: Record<string, unknown>;
  sort: unknown;
  shared: boolean;
  userId: string | null;
}

export interface Member {
  id: string;
  email: string;
  name: string;
  role: string;
}

export type BulkAction = 'assign' | 'tag' | 'untag' | 'stage' | 'delete' | 'restore';

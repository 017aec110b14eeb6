import type { NewAttempt, NewCallSession } from '../calls/index.ts';
import type { CustomValue } from './industries.ts';
import type { TeamKey } from './people.ts';

/** The rows the demo writes, built in memory first (deterministic), then inserted in bulk. */

export interface DemoUser {
  id: string;
  key: TeamKey;
  name: string;
  /** The caller id this person dials from. */
  phone: string;
}

export interface LeadRecord {
  id: string;
  name: string;
  stage: string;
  ownerId: string;
  source: string;
  segment: string;
  tags: string[];
  value: number;
  customFields: Record<string, CustomValue>;
  facts: string;
  questions: string;
  objective: string;
  website: string;
  address: string;
  city: string;
  region: string;
  postalCode: string;
  timezone: string;
  primaryEmail: string;
  primaryPhone: string;
  lastTouchedAt: Date;
  nextTaskAt: Date | null;
  nextTaskTitle: string | null;
  openTaskCount: number;
  createdAt: Date;
  updatedAt: Date;
}

export interface ContactRecord {
  id: string;
  leadId: string;
  firstName: string;
  lastName: string;
  title: string;
  emails: string[];
  phones: string[];
  isPrimary: boolean;
  isDecisionMaker: boolean;
  createdAt: Date;
}

export interface TaskRecord {
  id: string;
  leadId: string;
  contactId: string | null;
  ownerId: string;
  kind: 'follow_up' | 'callback' | 'nurture' | 'other';
  title: string;
  dueAt: Date;
  status: 'open' | 'done';
  completedAt: Date | null;
  createdBy: string;
  createdAt: Date;
}

export interface ActivityRecord {
  leadId: string;
  contactId: string | null;
  actorUserId: string | null;
  actorLabel: string;
  kind: string;
  summary: string;
  before: object | null;
  after: object | null;
  refType: string | null;
  refId: string | null;
  occurredAt: Date;
}

export interface DemoPlan {
  leads: LeadRecord[];
  contacts: ContactRecord[];
  tasks: TaskRecord[];
  calls: NewCallSession[];
  attempts: NewAttempt[];
  activities: ActivityRecord[];
}

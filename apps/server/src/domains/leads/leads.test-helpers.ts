import crypto from 'node:crypto';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import type { LeadCreateBody, LeadDetail } from '@flywheel/contracts';
import type { TestContext, TestWorkspace } from '../../../test/harness.ts';
import { createUser } from '../identity/index.ts';
import type { MemberRole } from '../../platform/http/route.ts';
import { withWorkspace } from '../../platform/tenancy/with-workspace.ts';

export type Api = (opts: InjectOptions) => Promise<LightMyRequestResponse>;

export const apiOf = (t: TestContext, w: { cookie: string }): Api => t.as({ cookie: w.cookie });

export async function createLeadVia(api: Api, body: LeadCreateBody): Promise<LeadDetail> {
  const res = await api({ method: 'POST', url: '/api/v1/leads', payload: body });
  if (res.statusCode !== 201) throw new Error(`create lead failed: ${res.statusCode} ${res.body}`);
  return res.json();
}

/** Adds a signed-in member with the given role to the workspace. */
export async function addMember(t: TestContext, w: TestWorkspace, role: MemberRole, name = 'Member'): Promise<{ userId: string; cookie: string }> {
  const email = `${role}-${crypto.randomUUID()}@example.test`;
  const userId = await createUser(t.db, { email, password: 'password123', name });
  await t.db.query('INSERT INTO memberships (workspace_id, user_id, role) VALUES ($1, $2, $3)', [w.workspaceId, userId, role]);
  return { userId, cookie: await t.signIn(email, 'password123') };
}

export interface SeedLead {
  name: string;
  stage?: string;
  ownerId?: string | null;
  source?: string | null;
  segment?: string | null;
  tags?: string[];
  value?: number | null;
  city?: string | null;
  email?: string | null;
  phone?: string | null;
  lastTouchedAt?: string | null;
  nextTaskAt?: string | null;
  openTaskCount?: number;
  createdAt?: string;
  updatedAt?: string;
}

/** Inserts leads directly (fixed timestamps for filter/sort tests); returns ids in input order. */
export async function seedLeads(t: TestContext, workspaceId: string, leads: SeedLead[]): Promise<string[]> {
  return withWorkspace(t.db, workspaceId, async (tx) => {
    const ids: string[] = [];
    for (const l of leads) {
      const { rows } = await tx.query<{ id: string }>(
        `INSERT INTO leads (workspace_id, name, stage, owner_id, source, segment, tags, value, city, primary_email, primary_phone,
                            last_touched_at, next_task_at, open_task_count, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7::text[], $8, $9, $10, $11, $12, $13, $14, coalesce($15::timestamptz, now()), coalesce($16::timestamptz, now()))
         RETURNING id`,
        [workspaceId, l.name, l.stage ?? 'new', l.ownerId ?? null, l.source ?? null, l.segment ?? null, l.tags ?? [], l.value ?? null, l.city ?? null,
          l.email ?? null, l.phone ?? null, l.lastTouchedAt ?? null, l.nextTaskAt ?? null, l.openTaskCount ?? (l.nextTaskAt ? 1 : 0),
          l.createdAt ?? null, l.updatedAt ?? null],
      );
      ids.push(rows[0].id);
    }
    return ids;
  });
}

export const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString();

export async function activitiesOf(t: TestContext, workspaceId: string, leadId: string) {
  const { rows } = await t.db.query<{ kind: string; summary: string; before: unknown; after: unknown; actor_label: string; contact_id: string | null }>(
    'SELECT kind, summary, before, after, actor_label, contact_id FROM activities WHERE workspace_id = $1 AND lead_id = $2 ORDER BY occurred_at, kind',
    [workspaceId, leadId],
  );
  return rows;
}

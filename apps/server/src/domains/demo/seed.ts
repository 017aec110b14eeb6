import crypto from 'node:crypto';
import type { Sql } from '../../db/client.ts';
import type { Deps } from '../../platform/deps.ts';
import { withWorkspace } from '../../platform/tenancy/with-workspace.ts';
import { hashPassword } from '../../platform/auth/crypto.ts';
import { DEFAULT_STAGES, findUserByEmail } from '../identity/index.ts';
import { insertAttempts, insertCallSessions, listDispositions, seedWorkspaceDefaults } from '../calls/index.ts';
import type { DemoUser } from './model.ts';
import { DEMO_PASSWORD, DEMO_TEAM, type TeamKey } from './people.ts';
import { planDemo } from './generate.ts';
import { insertActivities, insertContacts, insertLeads, insertTasks } from './insert.ts';
import { Rng } from './prng.ts';
import { usPhone } from './phones.ts';

export const DEMO_WORKSPACE_NAME = 'Demo Co';
export const DEMO_LOGIN = { email: DEMO_TEAM[0].email, password: DEMO_PASSWORD } as const;
const DEMO_TIMEZONE = 'America/New_York';
const DEFAULT_SEED = 20_240_601;
// one demo seeding at a time across processes (several API processes started with --demo)
const DEMO_LOCK = 7_270_002;

export interface SeedDemoOptions {
  /** Do nothing when the demo workspace already exists (first start with --demo). */
  ifEmpty?: boolean;
  /** The clock the history is laid out against (tests pin it). */
  now?: Date;
  seed?: number;
}

export interface SeedDemoResult {
  created: boolean;
  workspaceId: string;
  login: { email: string; password: string };
  counts: { leads: number; contacts: number; callSessions: number; attempts: number; tasks: number; activities: number } | null;
}

async function findDemoWorkspace(tx: Sql): Promise<string | null> {
  const { rows } = await tx.query<{ id: string }>(
    `SELECT w.id FROM workspaces w
       JOIN memberships m ON m.workspace_id = w.id AND m.role = 'owner'
       JOIN users u ON u.id = m.user_id
      WHERE w.name = $1 AND lower(u.email) = lower($2)
      ORDER BY w.created_at LIMIT 1`,
    [DEMO_WORKSPACE_NAME, DEMO_LOGIN.email],
  );
  return rows[0]?.id ?? null;
}

/**
 * Creates "Demo Co": a team of four, ~300 leads across every stage with contacts, tasks, ~600
 * past calls with outcomes and transcripts, and the timeline of all of it. One transaction: a
 * crash leaves nothing half-made. Deterministic for a seed and clock (ids aside).
 *
 * The demo workspace is pinned to sandbox telephony, SMS and email in its settings: its phone
 * numbers look real and must never be dialed or texted through a live carrier.
 */
export async function seedDemo(deps: Deps, opts: SeedDemoOptions = {}): Promise<SeedDemoResult> {
  const now = opts.now ?? new Date();
  const seed = opts.seed ?? DEFAULT_SEED;
  const workspaceId = crypto.randomUUID();
  const login = { ...DEMO_LOGIN };
  return withWorkspace(deps.db, workspaceId, async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [DEMO_LOCK]);
    const existing = await findDemoWorkspace(tx);
    if (existing && opts.ifEmpty) return { created: false, workspaceId: existing, login, counts: null };

    const rng = new Rng(seed + 1);
    const callerIds = new Set<string>();
    const team = {} as Record<TeamKey, DemoUser>;
    // one scrypt hash for the four demo accounts (same published password): ~0.3 s instead of ~1.2 s
    let passwordHash: string | null = null;
    for (const [i, member] of DEMO_TEAM.entries()) {
      const found = await findUserByEmail(tx, member.email);
      passwordHash ??= found ? null : await hashPassword(DEMO_PASSWORD);
      const id = found
        ? found.id
        : (await tx.query<{ id: string }>('INSERT INTO users (email, name, password_hash) VALUES ($1, $2, $3) RETURNING id', [member.email, member.name, passwordHash])).rows[0].id;
      team[member.key] = { id, key: member.key, name: member.name, phone: usPhone(rng, ['212', '646', '917', '332'][i], callerIds) };
    }
    const settings = {
      demo: { seededAt: now.toISOString(), seed },
      providers: { telephony: { mode: 'sandbox' }, sms: { mode: 'sandbox' }, email: { mode: 'sandbox' } },
    };
    await tx.query(`INSERT INTO workspaces (id, name, default_country, timezone, settings) VALUES ($1, $2, 'US', $3, $4)`, [workspaceId, DEMO_WORKSPACE_NAME, DEMO_TIMEZONE, JSON.stringify(settings)]);
    for (const member of DEMO_TEAM) {
      await tx.query('INSERT INTO memberships (workspace_id, user_id, role) VALUES ($1, $2, $3)', [workspaceId, team[member.key].id, member.role]);
    }
    for (const [i, s] of DEFAULT_STAGES.entries()) {
      await tx.query('INSERT INTO pipeline_stages (workspace_id, key, label, position, kind, color) VALUES ($1, $2, $3, $4, $5, $6)', [workspaceId, s.key, s.label, i, s.kind, s.color]);
    }
    await seedWorkspaceDefaults(tx, workspaceId);

    const plan = planDemo({
      seed,
      now,
      workspaceTimezone: DEMO_TIMEZONE,
      team,
      dispositions: await listDispositions(tx, workspaceId),
      stageLabels: new Map(DEFAULT_STAGES.map((s) => [s.key, s.label])),
    });
    await insertLeads(tx, workspaceId, plan.leads);
    await insertContacts(tx, workspaceId, plan.contacts);
    await insertCallSessions(tx, workspaceId, plan.calls);
    await insertAttempts(tx, workspaceId, plan.attempts);
    await insertTasks(tx, workspaceId, plan.tasks);
    await insertActivities(tx, workspaceId, plan.activities);
    return {
      created: true,
      workspaceId,
      login,
      counts: {
        leads: plan.leads.length,
        contacts: plan.contacts.length,
        callSessions: plan.calls.length,
        attempts: plan.attempts.length,
        tasks: plan.tasks.length,
        activities: plan.activities.length,
      },
    };
  });
}

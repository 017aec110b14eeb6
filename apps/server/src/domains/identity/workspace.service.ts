import type { Db, Sql } from '../../db/client.ts';
import { hashPassword, newToken } from '../../platform/auth/crypto.ts';
import { badRequest, conflict } from '../../platform/http/errors.ts';
import type { MemberRole } from '../../platform/http/route.ts';
import { withWorkspace } from '../../platform/tenancy/with-workspace.ts';
import { seedWorkspaceDefaults } from '../calls/index.ts';

export const DEFAULT_STAGES: { key: string; label: string; kind: 'open' | 'won' | 'lost'; color: string }[] = [
  { key: 'new', label: 'New', kind: 'open', color: '#64748b' },
  { key: 'contacted', label: 'Contacted', kind: 'open', color: '#0ea5e9' },
  { key: 'interested', label: 'Interested', kind: 'open', color: '#8b5cf6' },
  { key: 'follow_up', label: 'Follow-up', kind: 'open', color: '#f59e0b' },
  { key: 'meeting_set', label: 'Meeting set', kind: 'open', color: '#10b981' },
  { key: 'nurture', label: 'Nurture', kind: 'open', color: '#14b8a6' },
  { key: 'won', label: 'Sold', kind: 'won', color: '#22c55e' },
  { key: 'lost', label: 'Lost', kind: 'lost', color: '#ef4444' },
];

export async function findUserByEmail(sql: Sql, email: string) {
  const { rows } = await sql.query<{ id: string; email: string; name: string; password_hash: string }>(
    'SELECT id, email, name, password_hash FROM users WHERE lower(email) = lower($1)',
    [email.trim()],
  );
  return rows[0] ?? null;
}

export async function createUser(sql: Sql, input: { email: string; password: string; name: string }) {
  if (input.password.length < 8) throw badRequest('Password must be at least 8 characters.', { password: 'At least 8 characters.' });
  if (await findUserByEmail(sql, input.email)) throw conflict('An account with this email already exists. Sign in instead.');
  const { rows } = await sql.query<{ id: string }>(
    'INSERT INTO users (email, name, password_hash) VALUES ($1, $2, $3) RETURNING id',
    [input.email.trim().toLowerCase(), input.name.trim(), await hashPassword(input.password)],
  );
  return rows[0].id;
}

/** Creates a workspace, its default pipeline and the owner's membership. */
export async function createWorkspace(db: Db, input: { name: string; ownerId: string; defaultCountry?: string; timezone?: string }) {
  const { rows } = await db.query<{ id: string }>(
    'INSERT INTO workspaces (name, default_country, timezone) VALUES ($1, $2, $3) RETURNING id',
    [input.name.trim(), input.defaultCountry ?? 'US', input.timezone ?? 'America/New_York'],
  );
  const workspaceId = rows[0].id;
  await db.query(`INSERT INTO memberships (workspace_id, user_id, role) VALUES ($1, $2, 'owner')`, [workspaceId, input.ownerId]);
  await withWorkspace(db, workspaceId, async (tx) => {
    for (const [i, s] of DEFAULT_STAGES.entries()) {
      await tx.query('INSERT INTO pipeline_stages (workspace_id, key, label, position, kind, color) VALUES ($1, $2, $3, $4, $5, $6)', [
        workspaceId, s.key, s.label, i, s.kind, s.color,
      ]);
    }
    await seedWorkspaceDefaults(tx, workspaceId);
  });
  return workspaceId;
}

/** Used by sign-up and by `flywheel workspace create`. */
export async function createWorkspaceWithOwner(db: Db, input: { name: string; ownerEmail: string; ownerPassword: string; ownerName?: string }) {
  const existing = await findUserByEmail(db, input.ownerEmail);
  const userId = existing ? existing.id : await createUser(db, { email: input.ownerEmail, password: input.ownerPassword, name: input.ownerName ?? '' });
  const workspaceId = await createWorkspace(db, { name: input.name, ownerId: userId });
  return { workspaceId, userId };
}

export async function createApiKey(db: Db, workspaceId: string, input: { name: string; role?: MemberRole; createdBy?: string | null }) {
  const { token, hash } = newToken('fw_');
  const { rows } = await db.query<{ id: string; created_at: string }>(
    `INSERT INTO api_keys (workspace_id, name, prefix, key_hash, role, created_by) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id, created_at`,
    [workspaceId, input.name, token.slice(0, 10), hash, input.role ?? 'admin', input.createdBy ?? null],
  );
  return { id: rows[0].id, key: token, prefix: token.slice(0, 10), createdAt: rows[0].created_at };
}

export async function listUserWorkspaces(sql: Sql, userId: string) {
  const { rows } = await sql.query<{ id: string; name: string; role: MemberRole }>(
    `SELECT w.id, w.name, m.role FROM memberships m JOIN workspaces w ON w.id = m.workspace_id WHERE m.user_id = $1 ORDER BY w.created_at`,
    [userId],
  );
  return rows;
}

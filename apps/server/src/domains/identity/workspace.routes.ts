import { z } from 'zod';
import { defineRoute } from '../../platform/http/route.ts';
import { badRequest, conflict, forbidden, notFound } from '../../platform/http/errors.ts';
import { hashToken, newToken } from '../../platform/auth/crypto.ts';
import { createApiKey, createUser, createWorkspace, findUserByEmail, listUserWorkspaces } from './workspace.service.ts';
import { startSession } from './session.service.ts';

const role = z.enum(['admin', 'manager', 'rep']);
const userIdParam = z.object({ userId: z.uuid() });
const idParam = z.object({ id: z.uuid() });

export const workspaceRoutes = [
  defineRoute({
    method: 'POST', url: '/api/v1/workspaces', auth: 'user', tags: ['workspaces'],
    summary: 'Create another workspace (you become its owner) and switch to it',
    body: z.object({ name: z.string().trim().min(1, 'Name your workspace.').max(120) }),
    handler: async ({ deps, body, principal }) => {
      const workspaceId = await createWorkspace(deps.db, { name: body.name, ownerId: principal.userId! });
      await deps.db.query('UPDATE sessions SET workspace_id = $1 WHERE token_hash = $2', [workspaceId, principal.sessionTokenHash]);
      return { workspaceId };
    },
  }),
  defineRoute({
    method: 'POST', url: '/api/v1/workspaces/switch', auth: 'user', tags: ['workspaces'],
    summary: 'Switch the active workspace of this session',
    body: z.object({ workspaceId: z.uuid() }),
    handler: async ({ deps, body, principal }) => {
      const mine = await listUserWorkspaces(deps.db, principal.userId!);
      if (!mine.some((w) => w.id === body.workspaceId)) throw forbidden('You are not a member of that workspace.');
      await deps.db.query('UPDATE sessions SET workspace_id = $1 WHERE token_hash = $2', [body.workspaceId, principal.sessionTokenHash]);
      return { workspaceId: body.workspaceId };
    },
  }),
  defineRoute({
    method: 'GET', url: '/api/v1/workspace', auth: 'workspace', tags: ['workspaces'],
    summary: 'The active workspace and its settings',
    handler: async ({ deps, workspace }) => {
      const { rows } = await deps.db.query('SELECT id, name, default_country AS "defaultCountry", timezone, created_at AS "createdAt" FROM workspaces WHERE id = $1', [workspace.id]);
      return { ...rows[0], role: workspace.role };
    },
  }),
  defineRoute({
    method: 'PATCH', url: '/api/v1/workspace', auth: 'workspace', minRole: 'admin', tags: ['workspaces'],
    summary: 'Rename the workspace or change its default country / time zone',
    body: z.object({
      name: z.string().trim().min(1).max(120).optional(),
      defaultCountry: z.string().regex(/^[A-Z]{2}$/, 'Two-letter country code, e.g. US').optional(),
      timezone: z.string().refine((tz) => { try { new Intl.DateTimeFormat('en', { timeZone: tz }); return true; } catch { return false; } }, 'Unknown time zone').optional(),
    }),
    handler: async ({ deps, body, workspace }) => {
      await deps.db.query(
        `UPDATE workspaces SET name = coalesce($2, name), default_country = coalesce($3, default_country), timezone = coalesce($4, timezone) WHERE id = $1`,
        [workspace.id, body.name ?? null, body.defaultCountry ?? null, body.timezone ?? null],
      );
      return { ok: true };
    },
  }),
  defineRoute({
    method: 'GET', url: '/api/v1/members', auth: 'workspace', tags: ['members'],
    summary: 'Members of the workspace',
    handler: async ({ deps, workspace }) => {
      const { rows } = await deps.db.query(
        `SELECT u.id, u.email, u.name, m.role, m.created_at AS "joinedAt" FROM memberships m JOIN users u ON u.id = m.user_id WHERE m.workspace_id = $1 ORDER BY m.created_at`,
        [workspace.id],
      );
      return { data: rows };
    },
  }),
  defineRoute({
    method: 'PATCH', url: '/api/v1/members/:userId', auth: 'workspace', minRole: 'admin', tags: ['members'],
    summary: "Change a member's role",
    params: userIdParam, body: z.object({ role }),
    handler: async ({ deps, params, body, workspace }) => {
      const { rows } = await deps.db.query<{ role: string }>('SELECT role FROM memberships WHERE workspace_id = $1 AND user_id = $2', [workspace.id, params.userId]);
      if (!rows[0]) throw notFound('Member');
      if (rows[0].role === 'owner') throw forbidden("The owner's role cannot be changed.");
      await deps.db.query('UPDATE memberships SET role = $3 WHERE workspace_id = $1 AND user_id = $2', [workspace.id, params.userId, body.role]);
      return { ok: true };
    },
  }),
  defineRoute({
    method: 'DELETE', url: '/api/v1/members/:userId', auth: 'workspace', minRole: 'admin', tags: ['members'],
    summary: 'Remove a member from the workspace',
    params: userIdParam,
    handler: async ({ deps, params, workspace }) => {
      const { rows } = await deps.db.query<{ role: string }>('SELECT role FROM memberships WHERE workspace_id = $1 AND user_id = $2', [workspace.id, params.userId]);
      if (!rows[0]) throw notFound('Member');
      if (rows[0].role === 'owner') throw forbidden('The owner cannot be removed.');
      await deps.db.query('DELETE FROM memberships WHERE workspace_id = $1 AND user_id = $2', [workspace.id, params.userId]);
      await deps.db.query('UPDATE sessions SET workspace_id = NULL WHERE user_id = $1 AND workspace_id = $2', [params.userId, workspace.id]);
    },
  }),
  defineRoute({
    method: 'GET', url: '/api/v1/invitations', auth: 'workspace', minRole: 'admin', tags: ['members'],
    summary: 'Pending invitations',
    handler: async ({ tx }) => {
      const { rows } = await tx((t) => t.query(`SELECT id, email, role, created_at AS "createdAt", expires_at AS "expiresAt" FROM invitations WHERE accepted_at IS NULL AND revoked_at IS NULL AND expires_at > now() ORDER BY created_at DESC`));
      return { data: rows };
    },
  }),
  defineRoute({
    method: 'POST', url: '/api/v1/invitations', auth: 'workspace', minRole: 'admin', tags: ['members'],
    summary: 'Invite someone by email; answers the invitation link (also emailed)',
    body: z.object({ email: z.email('Enter a valid email address.'), role }),
    handler: async ({ deps, body, workspace, principal, tx }) => {
      const { token, hash } = newToken();
      const link = `${deps.config.publicUrl}/invite?token=${token}`;
      const id = await tx(async (t) => {
        const r = await t.query<{ id: string }>(
          `INSERT INTO invitations (workspace_id, email, role, token_hash, invited_by, expires_at) VALUES ($1, lower($2), $3, $4, $5, now() + interval '7 days') RETURNING id`,
          [workspace.id, body.email, body.role, hash, principal.userId],
        );
        return r.rows[0].id;
      });
      const { rows } = await deps.db.query<{ name: string }>('SELECT name FROM workspaces WHERE id = $1', [workspace.id]);
      await deps.email.send({
        workspaceId: workspace.id, to: body.email, subject: `You're invited to ${rows[0].name} on Flywheel`,
        text: `${principal.label} invited you to join ${rows[0].name} on Flywheel as ${body.role}.\n\nAccept the invitation (valid 7 days):\n${link}`,
      });
      return { id, link };
    },
  }),
  defineRoute({
    method: 'DELETE', url: '/api/v1/invitations/:id', auth: 'workspace', minRole: 'admin', tags: ['members'],
    summary: 'Revoke an invitation', params: idParam,
    handler: async ({ params, tx }) => {
      const r = await tx((t) => t.query('UPDATE invitations SET revoked_at = now() WHERE id = $1 AND accepted_at IS NULL', [params.id]));
      if (!r.rowCount) throw notFound('Invitation');
    },
  }),
  defineRoute({
    method: 'GET', url: '/api/v1/invitations/lookup', auth: 'public', tags: ['members'],
    summary: 'What an invitation link is for (workspace name, email)',
    query: z.object({ token: z.string().min(10) }),
    handler: async ({ deps, query }) => {
      const { rows } = await deps.db.query<{ email: string; role: string; workspace: string; has_account: boolean }>(
        `SELECT i.email, i.role, w.name AS workspace, EXISTS (SELECT 1 FROM users u WHERE lower(u.email) = i.email) AS has_account
           FROM invitations i JOIN workspaces w ON w.id = i.workspace_id
          WHERE i.token_hash = $1 AND i.accepted_at IS NULL AND i.revoked_at IS NULL AND i.expires_at > now()`,
        [hashToken(query.token)],
      );
      if (!rows[0]) throw notFound('Invitation (it may have expired or been used)');
      return { email: rows[0].email, role: rows[0].role, workspaceName: rows[0].workspace, hasAccount: rows[0].has_account };
    },
  }),
  defineRoute({
    method: 'POST', url: '/api/v1/invitations/accept', auth: 'public', tags: ['members'],
    summary: 'Accept an invitation: signed in, or creating an account with name + password',
    body: z.object({ token: z.string().min(10), name: z.string().trim().max(120).optional(), password: z.string().min(8, 'At least 8 characters.').max(200).optional() }),
    handler: async ({ deps, body, principal, reply }) => {
      const { rows } = await deps.db.query<{ id: string; workspace_id: string; email: string; role: string }>(
        `SELECT id, workspace_id, email, role FROM invitations WHERE token_hash = $1 AND accepted_at IS NULL AND revoked_at IS NULL AND expires_at > now()`,
        [hashToken(body.token)],
      );
      const inv = rows[0];
      if (!inv) throw notFound('Invitation (it may have expired or been used)');
      let userId = principal?.via === 'session' ? principal.userId : null;
      if (!userId) {
        const existing = await findUserByEmail(deps.db, inv.email);
        if (existing) throw badRequest('An account with this email exists: sign in first, then open the link again.');
        if (!body.password) throw badRequest('Choose a password to create your account.', { password: 'Required.' });
        userId = await createUser(deps.db, { email: inv.email, password: body.password, name: body.name ?? '' });
      }
      const already = await deps.db.query('SELECT 1 FROM memberships WHERE workspace_id = $1 AND user_id = $2', [inv.workspace_id, userId]);
      if (already.rowCount) throw conflict('You are already a member of this workspace.');
      await deps.db.query('INSERT INTO memberships (workspace_id, user_id, role) VALUES ($1, $2, $3)', [inv.workspace_id, userId, inv.role]);
      await deps.db.query('UPDATE invitations SET accepted_at = now() WHERE id = $1', [inv.id]);
      if (principal?.via === 'session') await deps.db.query('UPDATE sessions SET workspace_id = $1 WHERE token_hash = $2', [inv.workspace_id, principal.sessionTokenHash]);
      else await startSession(deps.db, reply, userId, inv.workspace_id, deps.config.publicUrl.startsWith('https://'));
      return { workspaceId: inv.workspace_id };
    },
  }),
  defineRoute({
    method: 'GET', url: '/api/v1/api-keys', auth: 'workspace', minRole: 'admin', tags: ['api keys'],
    summary: 'API keys of the workspace (the secret is shown once, at creation)',
    handler: async ({ tx }) => {
      const { rows } = await tx((t) => t.query(`SELECT id, name, prefix, role, created_at AS "createdAt", last_used_at AS "lastUsedAt" FROM api_keys WHERE revoked_at IS NULL ORDER BY created_at DESC`));
      return { data: rows };
    },
  }),
  defineRoute({
    method: 'POST', url: '/api/v1/api-keys', auth: 'workspace', minRole: 'admin', tags: ['api keys'],
    summary: 'Create an API key', body: z.object({ name: z.string().trim().min(1, 'Name the key.').max(80) }),
    handler: async ({ deps, body, workspace, principal }) => createApiKey(deps.db, workspace.id, { name: body.name, createdBy: principal.userId }),
  }),
  defineRoute({
    method: 'DELETE', url: '/api/v1/api-keys/:id', auth: 'workspace', minRole: 'admin', tags: ['api keys'],
    summary: 'Revoke an API key', params: idParam,
    handler: async ({ params, tx }) => {
      const r = await tx((t) => t.query('UPDATE api_keys SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL', [params.id]));
      if (!r.rowCount) throw notFound('API key');
    },
  }),
  defineRoute({
    method: 'GET', url: '/api/v1/mailbox', auth: 'workspace', tags: ['mailbox'],
    summary: 'Captured outgoing email of this workspace (sandbox mailbox)',
    handler: async ({ deps, workspace, principal }) => {
      const { rows } = await deps.db.query(
        `SELECT id, to_address AS "to", from_address AS "from", subject, text_body AS "text", transport, created_at AS "createdAt"
           FROM mail_messages
          WHERE workspace_id = $1 OR (workspace_id IS NULL AND lower(to_address) = (SELECT lower(email) FROM users WHERE id = $2))
          ORDER BY created_at DESC LIMIT 200`,
        [workspace.id, principal.userId],
      );
      return { data: rows, mode: deps.email.mode };
    },
  }),
];

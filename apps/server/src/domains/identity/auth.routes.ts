import { z } from 'zod';
import { defineRoute } from '../../platform/http/route.ts';
import { badRequest, unauthorized } from '../../platform/http/errors.ts';
import { hashPassword, hashToken, newToken, verifyPassword } from '../../platform/auth/crypto.ts';
import { createUser, createWorkspace, findUserByEmail, listUserWorkspaces } from './workspace.service.ts';
import { endSession, startSession } from './session.service.ts';

const email = z.email('Enter a valid email address.').max(254);
const password = z.string().min(8, 'At least 8 characters.').max(200);
const isSecure = (url: string) => url.startsWith('https://');

export const authRoutes = [
  defineRoute({
    method: 'GET', url: '/api/v1/setup', auth: 'public', tags: ['auth'],
    summary: 'First-run status: whether the instance still needs its owner account',
    handler: async ({ deps }) => {
      const { rows } = await deps.db.query<{ n: number }>('SELECT count(*)::int AS n FROM users');
      return { needsSetup: rows[0].n === 0 };
    },
  }),
  defineRoute({
    method: 'POST', url: '/api/v1/auth/signup', auth: 'public', tags: ['auth'],
    summary: 'Create an account and its first workspace (the owner)',
    body: z.object({ name: z.string().trim().min(1, 'Enter your name.').max(120), email, password, workspaceName: z.string().trim().min(1, 'Name your workspace.').max(120) }),
    handler: async ({ deps, body, reply }) => {
      const userId = await createUser(deps.db, body);
      const workspaceId = await createWorkspace(deps.db, { name: body.workspaceName, ownerId: userId });
      await startSession(deps.db, reply, userId, workspaceId, isSecure(deps.config.publicUrl));
      return { userId, workspaceId };
    },
  }),
  defineRoute({
    method: 'POST', url: '/api/v1/auth/login', auth: 'public', tags: ['auth'],
    summary: 'Sign in with email and password (sets the session cookie)',
    body: z.object({ email: z.string().trim().min(1, 'Enter your email.'), password: z.string().min(1, 'Enter your password.') }),
    handler: async ({ deps, body, reply }) => {
      const user = await findUserByEmail(deps.db, body.email);
      if (!user || !(await verifyPassword(body.password, user.password_hash))) throw unauthorized('Email or password is incorrect.');
      const workspaces = await listUserWorkspaces(deps.db, user.id);
      await startSession(deps.db, reply, user.id, workspaces[0]?.id ?? null, isSecure(deps.config.publicUrl));
      return { userId: user.id };
    },
  }),
  defineRoute({
    method: 'POST', url: '/api/v1/auth/logout', auth: 'public', tags: ['auth'],
    summary: 'Sign out (ends this session)',
    handler: async ({ deps, reply, principal }) => {
      await endSession(deps.db, reply, principal?.sessionTokenHash);
    },
  }),
  defineRoute({
    method: 'GET', url: '/api/v1/auth/me', auth: 'user', tags: ['auth'],
    summary: 'The signed-in user, their workspaces and the active one',
    handler: async ({ deps, principal, workspace }) => {
      const { rows } = await deps.db.query<{ id: string; email: string; name: string }>('SELECT id, email, name FROM users WHERE id = $1', [principal.userId]);
      const workspaces = await listUserWorkspaces(deps.db, principal.userId!);
      return { user: rows[0], workspaces, activeWorkspaceId: workspace?.id ?? null, role: workspace?.role ?? null };
    },
  }),
  defineRoute({
    method: 'POST', url: '/api/v1/auth/password-reset', auth: 'public', tags: ['auth'],
    summary: 'Email a password reset link (always answers 202 so it cannot be used to probe accounts)',
    body: z.object({ email }), successStatus: 202,
    handler: async ({ deps, body }) => {
      const user = await findUserByEmail(deps.db, body.email);
      if (user) {
        const { token, hash } = newToken();
        await deps.db.query(`INSERT INTO password_resets (token_hash, user_id, expires_at) VALUES ($1, $2, now() + interval '1 hour')`, [hash, user.id]);
        const link = `${deps.config.publicUrl}/reset-password?token=${token}`;
        await deps.email.send({ to: user.email, subject: 'Reset your Flywheel password', text: `Someone asked to reset your Flywheel password.\n\nChoose a new one here (valid for 1 hour):\n${link}\n\nIf it wasn't you, ignore this email.` });
      }
      return { ok: true };
    },
  }),
  defineRoute({
    method: 'POST', url: '/api/v1/auth/password-reset/confirm', auth: 'public', tags: ['auth'],
    summary: 'Set a new password with a reset token',
    body: z.object({ token: z.string().min(10), password }),
    handler: async ({ deps, body }) => {
      const { rows } = await deps.db.query<{ user_id: string }>(
        `UPDATE password_resets SET used_at = now() WHERE token_hash = $1 AND used_at IS NULL AND expires_at > now() RETURNING user_id`,
        [hashToken(body.token)],
      );
      if (!rows[0]) throw badRequest('This reset link is invalid or has expired. Ask for a new one.', { token: 'Invalid or expired.' });
      await deps.db.query('UPDATE users SET password_hash = $1 WHERE id = $2', [await hashPassword(body.password), rows[0].user_id]);
      await deps.db.query('DELETE FROM sessions WHERE user_id = $1', [rows[0].user_id]);
      return { ok: true };
    },
  }),
];

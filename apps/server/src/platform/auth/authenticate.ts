import type { FastifyRequest } from 'fastify';
import type { Db } from '../../db/client.ts';
import { hashToken } from './crypto.ts';
import type { MemberRole, Principal, WorkspaceCtx } from '../http/route.ts';

export const SESSION_COOKIE = 'fw_session';
export const SESSION_DAYS = 30;

export interface Authenticated {
  principal: Principal;
  workspace: WorkspaceCtx | null;
}

/** Resolves the caller from `Authorization: Bearer <api key>` or the session cookie. */
export async function authenticate(db: Db, req: FastifyRequest): Promise<Authenticated | null> {
  const header = req.headers.authorization;
  if (header) {
    const m = /^Bearer\s+(\S+)$/i.exec(header);
    if (!m) return null;
    const { rows } = await db.query<{ id: string; workspace_id: string; role: MemberRole; name: string }>(
      `UPDATE api_keys SET last_used_at = now() WHERE key_hash = $1 AND revoked_at IS NULL
       RETURNING id, workspace_id, role, name`,
      [hashToken(m[1])],
    );
    const key = rows[0];
    if (!key) return null;
    return {
      principal: { userId: null, label: `API key "${key.name}"`, via: 'api_key' },
      workspace: { id: key.workspace_id, role: key.role },
    };
  }
  const token = req.cookies?.[SESSION_COOKIE];
  if (!token) return null;
  const tokenHash = hashToken(token);
  const { rows } = await db.query<{ user_id: string; name: string; email: string; workspace_id: string | null; role: MemberRole | null }>(
    `SELECT s.user_id, u.name, u.email, m.workspace_id, m.role
       FROM sessions s
       JOIN users u ON u.id = s.user_id
       LEFT JOIN memberships m ON m.workspace_id = s.workspace_id AND m.user_id = s.user_id
      WHERE s.token_hash = $1 AND s.expires_at > now()`,
    [tokenHash],
  );
  const s = rows[0];
  if (!s) return null;
  return {
    principal: { userId: s.user_id, label: s.name || s.email, via: 'session', sessionTokenHash: tokenHash },
    workspace: s.workspace_id && s.role ? { id: s.workspace_id, role: s.role } : null,
  };
}

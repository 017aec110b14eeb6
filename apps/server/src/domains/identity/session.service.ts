import type { FastifyReply } from 'fastify';
import type { Db } from '../../db/client.ts';
import { newToken } from '../../platform/auth/crypto.ts';
import { SESSION_COOKIE, SESSION_DAYS } from '../../platform/auth/authenticate.ts';

export async function startSession(db: Db, reply: FastifyReply, userId: string, workspaceId: string | null, secure: boolean) {
  const { token, hash } = newToken();
  await db.query(`INSERT INTO sessions (token_hash, user_id, workspace_id, expires_at) VALUES ($1, $2, $3, now() + interval '${SESSION_DAYS} days')`, [
    hash, userId, workspaceId,
  ]);
  reply.setCookie(SESSION_COOKIE, token, { path: '/', httpOnly: true, sameSite: 'lax', secure, maxAge: SESSION_DAYS * 86400 });
}

export async function endSession(db: Db, reply: FastifyReply, tokenHash?: string) {
  if (tokenHash) await db.query('DELETE FROM sessions WHERE token_hash = $1', [tokenHash]);
  reply.clearCookie(SESSION_COOKIE, { path: '/' });
}

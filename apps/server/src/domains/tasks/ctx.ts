import type { ServiceCtx } from '../../platform/http/service-ctx.ts';
import { forbidden, badRequest } from '../../platform/http/errors.ts';
import { ROLE_RANK } from '../../platform/http/route.ts';

/** What the tasks and Dialer services need from a request (platform/http/service-ctx.ts). */
export type WorkCtx = ServiceCtx;
export { serviceCtx as workCtx, actorOf } from '../../platform/http/service-ctx.ts';

export const isManager = (ctx: WorkCtx) => ROLE_RANK[ctx.role] >= ROLE_RANK.manager;

/** The signed-in user; API keys have no "me" for per-rep things (targets, sessions). */
export function requireUser(ctx: WorkCtx, what: string): string {
  if (!ctx.userId) throw badRequest(`${what} belongs to a signed-in member; an API key has no "me".`);
  return ctx.userId;
}

/**
 * Resolves an owner filter to a user id (or null = everyone / 'none' = unassigned). Reps see their
 * own work; managers and above may look at anyone's.
 */
export function resolveOwnerFilter(ctx: WorkCtx, owner: 'me' | 'all' | 'none' | string | undefined, fallback: 'me' | 'all'): { kind: 'user'; id: string } | { kind: 'all' } | { kind: 'none' } {
  const o = owner ?? (ctx.userId ? fallback : 'all');
  if (o === 'me') return { kind: 'user', id: requireUser(ctx, 'owner=me') };
  if (o === 'all' || o === 'none') {
    if (!isManager(ctx)) throw forbidden(`Only managers can see ${o === 'all' ? "everyone's" : 'unassigned'} work; use owner=me.`);
    return { kind: o };
  }
  if (o !== ctx.userId && !isManager(ctx)) throw forbidden("Only managers can see another member's work.");
  return { kind: 'user', id: o };
}

import type { Tx } from '../../db/client.ts';
import type { MemberRole, WorkspaceRouteCtx } from '../../platform/http/route.ts';

/** What a leads service needs from a request: who acts, in which workspace, and a scoped transaction. */
export interface LeadsCtx {
  workspaceId: string;
  /** null when the caller is a workspace API key */
  userId: string | null;
  actorLabel: string;
  role: MemberRole;
  tx<T>(fn: (tx: Tx) => Promise<T>): Promise<T>;
}

export function leadsCtx<B, Q, P>(c: WorkspaceRouteCtx<B, Q, P>): LeadsCtx {
  return { workspaceId: c.workspace.id, userId: c.principal.userId, actorLabel: c.principal.label, role: c.workspace.role, tx: (fn) => c.tx(fn) };
}

/** The activity actor fields for recordActivity. */
export function actorOf(ctx: LeadsCtx) {
  return { workspaceId: ctx.workspaceId, actorUserId: ctx.userId, actorLabel: ctx.actorLabel };
}

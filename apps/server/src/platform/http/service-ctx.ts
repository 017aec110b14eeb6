import type { Tx } from '../../db/client.ts';
import type { Deps } from '../deps.ts';
import type { MemberRole, WorkspaceRouteCtx } from './route.ts';

/**
 * What a domain service needs from a request: who acts, in which workspace with which role, a
 * workspace-scoped transaction (RLS on), and deps (events, jobs, providers). Routes build it with
 * `serviceCtx(c)`; tests and jobs may build one by hand.
 */
export interface ServiceCtx {
  workspaceId: string;
  /** null when the caller is a workspace API key */
  userId: string | null;
  actorLabel: string;
  role: MemberRole;
  deps: Deps;
  tx<T>(fn: (tx: Tx) => Promise<T>): Promise<T>;
}

export function serviceCtx<B, Q, P>(c: WorkspaceRouteCtx<B, Q, P>): ServiceCtx {
  return { workspaceId: c.workspace.id, userId: c.principal.userId, actorLabel: c.principal.label, role: c.workspace.role, deps: c.deps, tx: (fn) => c.tx(fn) };
}

/** The activity actor fields for recordActivity. */
export const actorOf = (ctx: Pick<ServiceCtx, 'workspaceId' | 'userId' | 'actorLabel'>) => ({ workspaceId: ctx.workspaceId, actorUserId: ctx.userId, actorLabel: ctx.actorLabel });

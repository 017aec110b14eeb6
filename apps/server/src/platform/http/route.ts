import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Tx } from '../../db/client.ts';
import type { Deps } from '../deps.ts';

export type MemberRole = 'owner' | 'admin' | 'manager' | 'rep';
export const ROLE_RANK: Record<MemberRole, number> = { rep: 1, manager: 2, admin: 3, owner: 4 };

/**
 * public: anyone. user: a signed-in user (session cookie), no workspace needed.
 * workspace: a member of the active workspace (session) or a workspace API key.
 */
export type AuthLevel = 'public' | 'user' | 'workspace';

export interface Principal {
  userId: string | null; // null for API keys
  label: string; // who did it, for activity rows
  via: 'session' | 'api_key';
  sessionTokenHash?: string;
}

export interface WorkspaceCtx {
  id: string;
  role: MemberRole;
}

export interface RouteCtx<B, Q, P> {
  req: FastifyRequest;
  reply: FastifyReply;
  body: B;
  query: Q;
  params: P;
  deps: Deps;
  principal: Principal | null;
  workspace: WorkspaceCtx | null;
}

export interface WorkspaceRouteCtx<B, Q, P> extends RouteCtx<B, Q, P> {
  principal: Principal;
  workspace: WorkspaceCtx;
  /** Run in a workspace-scoped transaction (row-level security on). */
  tx<T>(fn: (tx: Tx) => Promise<T>): Promise<T>;
}

type Infer<S> = S extends z.ZodType ? z.infer<S> : undefined;

export interface RouteDef<BS = undefined, QS = undefined, PS = undefined> {
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  url: string;
  auth: AuthLevel;
  minRole?: MemberRole;
  summary: string;
  tags: string[];
  body?: BS;
  query?: QS;
  params?: PS;
  response?: z.ZodType;
  /** Status of a successful answer with a body (201 created, 202 accepted); default 200. */
  successStatus?: 200 | 201 | 202;
  /** Non-JSON bodies (multipart uploads) skip body validation. */
  rawBody?: boolean;
  /** Example params used by the authorization test when the URL has path params. */
  handler: (ctx: WorkspaceRouteCtx<Infer<BS>, Infer<QS>, Infer<PS>>) => Promise<unknown> | unknown;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyRoute = RouteDef<any, any, any>;

export function defineRoute<BS extends z.ZodType | undefined = undefined, QS extends z.ZodType | undefined = undefined, PS extends z.ZodType | undefined = undefined>(
  def: RouteDef<BS, QS, PS>,
): AnyRoute {
  return def as AnyRoute;
}

export const uuidParam = z.object({ id: z.uuid() });

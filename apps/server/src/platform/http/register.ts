import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Deps } from '../deps.ts';
import { authenticate } from '../auth/authenticate.ts';
import { withWorkspace } from '../tenancy/with-workspace.ts';
import { AppError, forbidden, unauthorized } from './errors.ts';
import { ROLE_RANK, type AnyRoute } from './route.ts';

function parseOr400<T>(schema: z.ZodType<T> | undefined, value: unknown, where: string): T {
  if (!schema) return undefined as T;
  const r = schema.safeParse(value ?? (where === 'body' ? undefined : {}));
  if (r.success) return r.data;
  const fields: Record<string, string> = {};
  for (const issue of r.error.issues) {
    const key = issue.path.length ? issue.path.join('.') : where;
    fields[key] ??= issue.message;
  }
  const first = Object.entries(fields)[0];
  throw new AppError(400, 'validation', first ? `${first[0]}: ${first[1]}` : `Invalid ${where}.`, fields);
}

function isCrossOrigin(req: FastifyRequest): boolean {
  const origin = req.headers.origin;
  if (!origin) return false;
  try {
    return new URL(origin).host !== req.headers.host;
  } catch {
    return true;
  }
}

/** Registers route definitions on Fastify: authentication, role checks, validation, tenancy. */
export function registerRoutes(app: FastifyInstance, deps: Deps, routes: AnyRoute[]) {
  for (const def of routes) {
    app.route({
      method: def.method,
      url: def.url,
      handler: async (req: FastifyRequest, reply: FastifyReply) => {
        const auth = def.auth === 'public' ? await authenticate(deps.db, req).catch(() => null) : await authenticate(deps.db, req);
        if (def.auth !== 'public' && !auth) throw unauthorized();
        // cookie-authenticated writes must come from our own pages (SameSite=Lax is the first line)
        if (auth?.principal.via === 'session' && req.method !== 'GET' && isCrossOrigin(req)) throw forbidden('Cross-site request refused.');
        if (def.auth === 'user' && auth?.principal.via !== 'session') throw unauthorized('This endpoint needs a signed-in user.');
        if (def.auth === 'workspace') {
          if (!auth?.workspace) throw forbidden('Choose a workspace first.');
          if (def.minRole && ROLE_RANK[auth.workspace.role] < ROLE_RANK[def.minRole]) {
            throw forbidden(`This needs the ${def.minRole} role or higher.`);
          }
        }
        const params = parseOr400(def.params, req.params, 'params');
        const query = parseOr400(def.query, req.query, 'query');
        const body = def.rawBody ? undefined : parseOr400(def.body, req.body, 'body');
        const workspace = auth?.workspace ?? null;
        const result = await def.handler({
          req,
          reply,
          body,
          query,
          params,
          deps,
          principal: auth?.principal ?? null!,
          workspace: workspace!,
          tx: (fn) => {
            if (!workspace) throw forbidden('Choose a workspace first.');
            return withWorkspace(deps.db, workspace.id, fn);
          },
        });
        if (reply.sent) return reply;
        if (result === undefined) return reply.code(204).send();
        if (def.successStatus) reply.code(def.successStatus);
        return result;
      },
    });
  }
}

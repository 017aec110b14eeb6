import type { FastifyInstance } from 'fastify';
import type { WebSocket } from 'ws';
import type { Deps } from '../deps.ts';
import { authenticate } from '../auth/authenticate.ts';
import type { AppEvent } from './bus.ts';

/** Close codes the web app acts on: sign in again, or reconnect into the new workspace. */
export const WS_CLOSE_UNAUTHORIZED = 4401;
export const WS_CLOSE_WORKSPACE_CHANGED = 4409;

export interface RealtimeOptions {
  /** How often open sockets are re-checked against their session (sign-out, removal, switch). */
  revalidateMs?: number;
  /** Ping interval; a socket that missed the previous pong is dropped. */
  heartbeatMs?: number;
}

interface Client {
  socket: WebSocket;
  userId: string;
  workspaceId: string | null;
  tokenHash: string;
  alive: boolean;
}

/** Whether a connected client may see an event: same workspace, and the addressed user if any. */
export function isAudience(c: { userId: string; workspaceId: string | null }, e: AppEvent): boolean {
  if (!c.workspaceId || c.workspaceId !== e.workspaceId) return false;
  return !e.userId || e.userId === c.userId;
}

/**
 * One WebSocket per signed-in browser tab at /api/ws. Events arrive from the database bus, so an
 * event published by any process reaches the user wherever they are connected.
 */
export async function registerRealtime(app: FastifyInstance, deps: Deps, opts: RealtimeOptions = {}) {
  const clients = new Set<Client>();
  const unsubscribe = deps.events.subscribe((event) => {
    const msg = JSON.stringify({ type: event.type, payload: event.payload ?? null, workspaceId: event.workspaceId });
    for (const c of clients) {
      if (isAudience(c, event) && c.socket.readyState === 1) c.socket.send(msg);
    }
  });

  // A socket outlives the request that opened it: without re-checking, a user who signed out,
  // was removed from the workspace or switched workspace in another tab would keep receiving.
  const revalidate = setInterval(() => {
    void revalidateClients(deps, clients).catch((err: unknown) => deps.log.warn({ err }, 'realtime revalidation failed'));
  }, opts.revalidateMs ?? 30_000);
  revalidate.unref();
  const heartbeat = setInterval(() => {
    for (const c of clients) {
      if (!c.alive) {
        c.socket.terminate();
        clients.delete(c);
        continue;
      }
      c.alive = false;
      c.socket.ping();
    }
  }, opts.heartbeatMs ?? 30_000);
  heartbeat.unref();

  app.addHook('onClose', async () => {
    unsubscribe();
    clearInterval(revalidate);
    clearInterval(heartbeat);
    for (const c of clients) c.socket.close(1001, 'server shutting down');
  });

  app.get('/api/ws', { websocket: true }, async (socket, req) => {
    const auth = await authenticate(deps.db, req).catch(() => null);
    if (!auth || auth.principal.via !== 'session' || !auth.principal.userId || !auth.principal.sessionTokenHash) {
      socket.close(WS_CLOSE_UNAUTHORIZED, 'unauthorized');
      return;
    }
    const client: Client = {
      socket,
      userId: auth.principal.userId,
      workspaceId: auth.workspace?.id ?? null,
      tokenHash: auth.principal.sessionTokenHash,
      alive: true,
    };
    clients.add(client);
    socket.on('pong', () => {
      client.alive = true;
    });
    socket.on('close', () => clients.delete(client));
    // the browser refetches on hello: events sent while it was disconnected are not replayed
    socket.send(JSON.stringify({ type: 'hello', payload: { userId: client.userId, workspaceId: client.workspaceId } }));
  });
}

async function revalidateClients(deps: Deps, clients: Set<Client>) {
  if (clients.size === 0) return;
  const hashes = [...new Set([...clients].map((c) => c.tokenHash))];
  const { rows } = await deps.db.query<{ token_hash: string; workspace_id: string | null }>(
    `SELECT s.token_hash, m.workspace_id
       FROM sessions s
       LEFT JOIN memberships m ON m.workspace_id = s.workspace_id AND m.user_id = s.user_id
      WHERE s.token_hash = ANY($1::text[]) AND s.expires_at > now()`,
    [hashes],
  );
  const current = new Map(rows.map((r) => [r.token_hash, r.workspace_id]));
  for (const c of clients) {
    if (!current.has(c.tokenHash)) {
      c.socket.close(WS_CLOSE_UNAUTHORIZED, 'session ended');
      clients.delete(c);
    } else if ((current.get(c.tokenHash) ?? null) !== c.workspaceId) {
      c.socket.close(WS_CLOSE_WORKSPACE_CHANGED, 'workspace changed; reconnect');
      clients.delete(c);
    }
  }
}

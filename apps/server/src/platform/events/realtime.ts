import type { FastifyInstance } from 'fastify';
import type { WebSocket } from 'ws';
import type { Deps } from '../deps.ts';
import { authenticate } from '../auth/authenticate.ts';

/**
 * One WebSocket per signed-in browser tab at /api/ws. Events arrive from the database bus, so
 * an event published by any process reaches the user wherever they are connected.
 */
export async function registerRealtime(app: FastifyInstance, deps: Deps) {
  const clients = new Set<{ socket: WebSocket; userId: string; workspaceId: string | null }>();
  const unsubscribe = deps.events.subscribe((event) => {
    const msg = JSON.stringify({ type: event.type, payload: event.payload ?? null, workspaceId: event.workspaceId ?? null });
    for (const c of clients) {
      if (event.userId && c.userId !== event.userId) continue;
      if (!event.userId && event.workspaceId && c.workspaceId !== event.workspaceId) continue;
      if (c.socket.readyState === 1) c.socket.send(msg);
    }
  });
  app.addHook('onClose', async () => unsubscribe());
  app.get('/api/ws', { websocket: true }, async (socket, req) => {
    const auth = await authenticate(deps.db, req).catch(() => null);
    if (!auth || auth.principal.via !== 'session' || !auth.principal.userId) {
      socket.close(4401, 'unauthorized');
      return;
    }
    const client = { socket, userId: auth.principal.userId, workspaceId: auth.workspace?.id ?? null };
    clients.add(client);
    socket.on('close', () => clients.delete(client));
    socket.send(JSON.stringify({ type: 'hello', payload: { userId: client.userId, workspaceId: client.workspaceId } }));
  });
}

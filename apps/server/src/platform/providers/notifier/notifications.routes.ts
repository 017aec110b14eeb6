import { z } from 'zod';
import { defineRoute, type Principal } from '../../http/route.ts';
import { badRequest, forbidden } from '../../http/errors.ts';
import { listNotifications, markNotificationsRead, NOTIFICATIONS_READ } from './in-app.ts';

// Notifications belong to a person: workspace API keys have no inbox.
function requireUser(principal: Principal): string {
  if (!principal.userId) throw forbidden('Notifications belong to a signed-in user, not an API key.');
  return principal.userId;
}

function encodeCursor(row: { createdAt: string; id: string }) {
  return Buffer.from(`${row.createdAt}|${row.id}`).toString('base64url');
}

function decodeCursor(cursor: string) {
  const [createdAt, id] = Buffer.from(cursor, 'base64url').toString().split('|');
  if (!createdAt || !id || Number.isNaN(Date.parse(createdAt)) || !z.uuid().safeParse(id).success) throw badRequest('Invalid cursor.', { before: 'Invalid cursor.' });
  return { createdAt, id };
}

const NotificationSchema = z.object({
  id: z.uuid(),
  kind: z.string(),
  severity: z.enum(['info', 'warning', 'critical']),
  title: z.string(),
  body: z.string(),
  link: z.string().nullable(),
  refType: z.string().nullable(),
  refId: z.string().nullable(),
  createdAt: z.string(),
  readAt: z.string().nullable(),
});

export const notificationRoutes = [
  defineRoute({
    method: 'GET', url: '/api/v1/notifications', auth: 'workspace', tags: ['notifications'],
    summary: 'Your notifications in this workspace, newest first, with the unread count',
    query: z.object({
      unread: z.enum(['true', 'false']).optional(),
      before: z.string().max(200).optional(),
      limit: z.coerce.number().int().min(1).max(100).default(30),
    }),
    response: z.object({ data: z.array(NotificationSchema), unreadCount: z.number().int(), nextCursor: z.string().nullable() }),
    handler: async ({ query, principal, workspace, tx }) => {
      const userId = requireUser(principal);
      const before = query.before ? decodeCursor(query.before) : undefined;
      const { rows, unreadCount } = await tx((t) => listNotifications(t, workspace.id, userId, { unreadOnly: query.unread === 'true', before, limit: query.limit + 1 }));
      const page = rows.slice(0, query.limit);
      return { data: page, unreadCount, nextCursor: rows.length > query.limit ? encodeCursor(page[page.length - 1]) : null };
    },
  }),
  defineRoute({
    method: 'POST', url: '/api/v1/notifications/read', auth: 'workspace', tags: ['notifications'],
    summary: 'Mark notifications read (the given ids, or all); your other tabs update live',
    body: z.union([z.object({ ids: z.array(z.uuid()).min(1).max(500) }), z.object({ all: z.literal(true) })]),
    response: z.object({ updated: z.number().int() }),
    handler: async ({ deps, body, principal, workspace, tx }) => {
      const userId = requireUser(principal);
      const updated = await tx(async (t) => {
        const ids = await markNotificationsRead(t, workspace.id, userId, 'ids' in body ? body.ids : 'all');
        if (ids.length) await deps.events.publish({ type: NOTIFICATIONS_READ, workspaceId: workspace.id, userId, payload: { ids } }, t);
        return ids.length;
      });
      return { updated };
    },
  }),
];

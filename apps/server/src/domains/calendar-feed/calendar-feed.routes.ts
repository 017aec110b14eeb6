import { z } from 'zod';
import { CalendarFeedSchema, type CalendarFeed } from '@flywheel/contracts';
import { defineRoute, type WorkspaceRouteCtx } from '../../platform/http/route.ts';
import { badRequest, notFound } from '../../platform/http/errors.ts';
import { withWorkspace } from '../../platform/tenancy/with-workspace.ts';
import { feedTasks, issueToken, liveToken, resolveToken } from './feed.repo.ts';
import { renderFeed } from './ics.ts';

function feedUrl(publicUrl: string, token: string): string {
  return `${publicUrl}/calendar/${token}.ics`;
}

/** The feed is per member: an API key has no "me" to publish a calendar for. */
function member(ctx: WorkspaceRouteCtx<unknown, unknown, unknown>): string {
  if (!ctx.principal.userId) throw badRequest('A calendar feed belongs to a signed-in member; an API key has no "me".');
  return ctx.principal.userId;
}

export const calendarFeedRoutes = [
  defineRoute({
    method: 'GET', url: '/api/v1/calendar-feed', auth: 'workspace', tags: ['calendar feed'],
    summary: "The signed-in member's private calendar feed: created (URL shown once) on first call, then only that it exists",
    response: CalendarFeedSchema,
    handler: async (ctx): Promise<CalendarFeed> => {
      const userId = member(ctx);
      return ctx.tx(async (tx) => {
        const live = await liveToken(tx, ctx.workspace.id, userId);
        if (live) return { exists: true, createdAt: live.createdAt.toISOString(), url: null };
        const issued = await issueToken(tx, ctx.workspace.id, userId);
        return { exists: true, createdAt: issued.createdAt.toISOString(), url: feedUrl(ctx.deps.config.publicUrl, issued.token) };
      });
    },
  }),
  defineRoute({
    method: 'POST', url: '/api/v1/calendar-feed/rotate', auth: 'workspace', tags: ['calendar feed'],
    summary: 'Revoke the current feed URL and issue a new one (shown once)',
    response: CalendarFeedSchema,
    handler: async (ctx): Promise<CalendarFeed> => {
      const userId = member(ctx);
      const issued = await ctx.tx((tx) => issueToken(tx, ctx.workspace.id, userId));
      return { exists: true, createdAt: issued.createdAt.toISOString(), url: feedUrl(ctx.deps.config.publicUrl, issued.token) };
    },
  }),
  defineRoute({
    method: 'GET', url: '/calendar/:file', auth: 'public', tags: ['calendar feed'],
    summary: "A member's callbacks and follow-ups as an iCalendar feed (the token in the URL is the only credential)",
    params: z.object({ file: z.string().max(200) }),
    handler: async ({ params, deps, reply }) => {
      // the same 404 for a malformed, unknown or revoked token: nothing to learn by probing
      const m = /^(cal_[A-Za-z0-9_-]{20,64})\.ics$/.exec(params.file);
      const owner = m ? await resolveToken(deps.db, m[1]) : null;
      if (!owner) throw notFound('Calendar feed');
      const tasks = await withWorkspace(deps.db, owner.workspaceId, (tx) => feedTasks(tx, owner.workspaceId, owner.userId, new Date()));
      const body = renderFeed(tasks, { publicUrl: deps.config.publicUrl, calName: `Flywheel callbacks (${owner.workspaceName})` });
      return reply.header('cache-control', 'private, max-age=300').type('text/calendar; charset=utf-8').send(body);
    },
  }),
];

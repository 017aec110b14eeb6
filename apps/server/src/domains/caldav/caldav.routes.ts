import {
  CaldavConnectSchema, CaldavCredentialsSchema, CaldavPatchSchema, CaldavStatusSchema, CaldavTestResultSchema, ReminderSettingsSchema,
  type CaldavStatus, type CaldavTestResult,
} from '@flywheel/contracts';
import type { Sql } from '../../db/client.ts';
import { AppError, badRequest, notFound } from '../../platform/http/errors.ts';
import { defineRoute, type WorkspaceRouteCtx } from '../../platform/http/route.ts';
import { getSecretBox } from '../../platform/secrets/secrets.ts';
import { connectionOf, reminderMinutes, toConnection } from './caldav.repo.ts';
import { CaldavError, discover, type CaldavCreds } from './client.ts';
import { enqueueSync } from './hook.ts';

/** Calendar sync is per member: an API key has no "me". */
function member(ctx: WorkspaceRouteCtx<unknown, unknown, unknown>): string {
  if (!ctx.principal.userId) throw badRequest('Calendar sync belongs to a signed-in member; an API key has no "me".');
  return ctx.principal.userId;
}

/** A CalDAV failure as an HTTP answer: the rep's input (400) or the other server (502/504). */
function asHttp(err: unknown): never {
  if (!(err instanceof CaldavError)) throw err;
  const field = err.kind === 'auth' || err.kind === 'forbidden' ? 'password' : 'serverUrl';
  if (err.kind === 'timeout') throw new AppError(504, 'caldav_timeout', err.message);
  if (err.kind === 'server' || err.kind === 'network') throw new AppError(502, `caldav_${err.kind}`, err.message);
  throw new AppError(400, `caldav_${err.kind}`, err.message, { [field]: err.message });
}

async function status(tx: Sql, workspaceId: string, userId: string): Promise<CaldavStatus> {
  const c = await connectionOf(tx, workspaceId, userId);
  return { connection: c ? toConnection(c) : null, reminders: { minutesBefore: await reminderMinutes(tx, workspaceId, userId) } };
}

/** The password to use: the one typed, or the stored one when server and username are unchanged. */
async function credentials(ctx: WorkspaceRouteCtx<unknown, unknown, unknown>, userId: string, body: { serverUrl: string; username: string; password?: string }): Promise<CaldavCreds> {
  const serverUrl = body.serverUrl.trim();
  if (body.password) return { serverUrl, username: body.username, password: body.password };
  const stored = await ctx.tx((tx) => connectionOf(tx, ctx.workspace.id, userId));
  if (!stored || stored.server_url !== serverUrl || stored.username !== body.username) throw badRequest('Enter the password for this account.', { password: 'Required.' });
  const box = await getSecretBox(ctx.deps.db, ctx.deps.config.secret);
  return { serverUrl, username: body.username, password: box.decrypt(stored.password_sealed) };
}

const sameUrl = (a: string, b: string) => a.replace(/\/+$/, '') === b.replace(/\/+$/, '');

export const caldavRouteList = [
  defineRoute({
    method: 'GET', url: '/api/v1/caldav', auth: 'workspace', tags: ['calendar sync'],
    summary: "The signed-in member's CalDAV connection (never the password), its last sync, and their reminder lead time",
    response: CaldavStatusSchema,
    handler: (ctx) => {
      const userId = member(ctx);
      return ctx.tx((tx) => status(tx, ctx.workspace.id, userId));
    },
  }),
  defineRoute({
    method: 'POST', url: '/api/v1/caldav/test', auth: 'workspace', tags: ['calendar sync'],
    summary: 'Test a CalDAV account: finds the principal and lists the calendars that accept events (nothing is saved)',
    body: CaldavCredentialsSchema, response: CaldavTestResultSchema,
    handler: async (ctx): Promise<CaldavTestResult> => {
      const userId = member(ctx);
      const creds = await credentials(ctx, userId, ctx.body);
      return discover(creds).catch(asHttp);
    },
  }),
  defineRoute({
    method: 'PUT', url: '/api/v1/caldav/connection', auth: 'workspace', tags: ['calendar sync'],
    summary: 'Connect (or change) the calendar that receives callbacks/follow-ups; the account is checked first, then a full sync is queued',
    body: CaldavConnectSchema, response: CaldavStatusSchema,
    handler: async (ctx): Promise<CaldavStatus> => {
      const userId = member(ctx);
      const ws = ctx.workspace.id;
      const creds = await credentials(ctx, userId, ctx.body);
      const found = await discover(creds).catch(asHttp);
      const calendar = found.calendars.find((c) => sameUrl(c.url, ctx.body.calendarUrl));
      if (!calendar) throw badRequest('That calendar is not one of this account’s event calendars. Test the connection and pick one from the list.', { calendarUrl: 'Not found on the server.' });
      const sealed = (await getSecretBox(ctx.deps.db, ctx.deps.config.secret)).encrypt(creds.password);
      const { id, result } = await ctx.tx(async (tx) => {
        const prev = await connectionOf(tx, ws, userId);
        // another account: its events cannot be cleaned up with these credentials, so forget them
        if (prev && (prev.server_url !== creds.serverUrl || prev.username !== creds.username)) await tx.query('DELETE FROM caldav_events WHERE workspace_id = $1 AND connection_id = $2', [ws, prev.id]);
        const { rows } = await tx.query<{ id: string }>(
          `INSERT INTO caldav_connections (workspace_id, user_id, server_url, username, password_sealed, principal_url, calendar_url, calendar_name, enabled)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
           ON CONFLICT (workspace_id, user_id) DO UPDATE SET server_url = EXCLUDED.server_url, username = EXCLUDED.username, password_sealed = EXCLUDED.password_sealed,
             principal_url = EXCLUDED.principal_url, calendar_url = EXCLUDED.calendar_url, calendar_name = EXCLUDED.calendar_name, enabled = EXCLUDED.enabled,
             status = 'pending', last_error = NULL, failures = 0, full_resync_requested = true, sync_requested_at = clock_timestamp(), updated_at = now()
           RETURNING id`,
          [ws, userId, creds.serverUrl, creds.username, sealed, found.principalUrl, calendar.url, calendar.name, ctx.body.enabled],
        );
        return { id: rows[0].id, result: await status(tx, ws, userId) };
      });
      if (ctx.body.enabled) await enqueueSync(ctx.deps, ws, id, 0);
      return result;
    },
  }),
  defineRoute({
    method: 'PATCH', url: '/api/v1/caldav/connection', auth: 'workspace', tags: ['calendar sync'],
    summary: 'Pause or resume calendar sync (events already in the calendar stay)',
    body: CaldavPatchSchema, response: CaldavStatusSchema,
    handler: async (ctx): Promise<CaldavStatus> => {
      const userId = member(ctx);
      const ws = ctx.workspace.id;
      const { id, result } = await ctx.tx(async (tx) => {
        const { rows } = await tx.query<{ id: string }>(
          `UPDATE caldav_connections SET enabled = $3, sync_requested_at = clock_timestamp(), updated_at = now() WHERE workspace_id = $1 AND user_id = $2 RETURNING id`,
          [ws, userId, ctx.body.enabled],
        );
        if (!rows.length) throw notFound('Calendar connection');
        return { id: rows[0].id, result: await status(tx, ws, userId) };
      });
      if (ctx.body.enabled) await enqueueSync(ctx.deps, ws, id, 0);
      return result;
    },
  }),
  defineRoute({
    method: 'DELETE', url: '/api/v1/caldav/connection', auth: 'workspace', tags: ['calendar sync'],
    summary: 'Disconnect the calendar: the stored password is deleted; events already in the calendar stay there',
    response: CaldavStatusSchema,
    handler: (ctx) => {
      const userId = member(ctx);
      return ctx.tx(async (tx) => {
        await tx.query('DELETE FROM caldav_connections WHERE workspace_id = $1 AND user_id = $2', [ctx.workspace.id, userId]);
        return status(tx, ctx.workspace.id, userId);
      });
    },
  }),
  defineRoute({
    method: 'POST', url: '/api/v1/caldav/resync', auth: 'workspace', tags: ['calendar sync'],
    summary: 'Full resync: lists the calendar, rewrites every callback/follow-up event and removes stray ones (runs in the background)',
    response: CaldavStatusSchema, successStatus: 202,
    handler: async (ctx): Promise<CaldavStatus> => {
      const userId = member(ctx);
      const ws = ctx.workspace.id;
      const { id, result } = await ctx.tx(async (tx) => {
        const { rows } = await tx.query<{ id: string; enabled: boolean }>(
          `UPDATE caldav_connections SET full_resync_requested = true, sync_requested_at = clock_timestamp(), updated_at = now() WHERE workspace_id = $1 AND user_id = $2 RETURNING id, enabled`,
          [ws, userId],
        );
        if (!rows.length) throw notFound('Calendar connection');
        if (!rows[0].enabled) throw new AppError(409, 'conflict', 'Calendar sync is paused; resume it first.');
        return { id: rows[0].id, result: await status(tx, ws, userId) };
      });
      await enqueueSync(ctx.deps, ws, id, 0);
      return result;
    },
  }),
  defineRoute({
    method: 'PUT', url: '/api/v1/caldav/reminders', auth: 'workspace', tags: ['calendar sync'],
    summary: 'How many minutes before a callback/follow-up is due the member is reminded (0 = no early reminder)',
    body: ReminderSettingsSchema, response: CaldavStatusSchema,
    handler: (ctx) => {
      const userId = member(ctx);
      const ws = ctx.workspace.id;
      return ctx.tx(async (tx) => {
        await tx.query(
          `INSERT INTO callback_reminder_settings (workspace_id, user_id, minutes_before) VALUES ($1, $2, $3)
           ON CONFLICT (workspace_id, user_id) DO UPDATE SET minutes_before = EXCLUDED.minutes_before, updated_at = now()`,
          [ws, userId, ctx.body.minutesBefore],
        );
        // the calendar's alarms follow the same lead time
        await tx.query('UPDATE caldav_connections SET sync_requested_at = clock_timestamp() WHERE workspace_id = $1 AND user_id = $2 AND enabled', [ws, userId]);
        return status(tx, ws, userId);
      });
    },
  }),
];

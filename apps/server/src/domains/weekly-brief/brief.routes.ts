import { z } from 'zod';
import { CreateChannelSchema, GenerateBriefSchema, NotificationChannelSchema, UpdateChannelSchema, WeeklyBriefListSchema, WeeklyBriefSchema, WeeklyBriefSettingsSchema } from '@flywheel/contracts';
import { defineRoute, uuidParam } from '../../platform/http/route.ts';
import { badRequest, notFound } from '../../platform/http/errors.ts';
import { NotifierError } from '../../platform/providers/notifier/port.ts';
import { outboundRefusal } from '../../platform/net/outbound.ts';
import { getSecretBox } from '../../platform/secrets/secrets.ts';
import { generateBrief, getBriefRow } from './brief.service.ts';
import { isValidZone, readBriefSettings, writeBriefSettings } from './settings.ts';
import { channelAdapter, getChannelRow, insertChannel, listChannelRows, recordChannelResult, toChannel } from './channels.repo.ts';

const tags = ['weekly-brief'];

export const briefRoutes = [
  defineRoute({
    method: 'GET', url: '/api/v1/briefs', auth: 'workspace', tags,
    summary: 'Weekly briefs, newest first, with their headline figures',
    response: WeeklyBriefListSchema,
    handler: async ({ tx, workspace }) => tx(async (q) => {
      const { rows } = await q.query<{ id: string; week_start: string | Date; generated_at: Date; trigger: 'schedule' | 'manual'; content: { headline: { key: string; value: number }[] } }>(
        'SELECT id, week_start, generated_at, trigger, content FROM weekly_briefs WHERE workspace_id = $1 ORDER BY week_start DESC LIMIT 104', [workspace.id],
      );
      const v = (c: { headline: { key: string; value: number }[] }, k: string) => c.headline.find((f) => f.key === k)?.value ?? 0;
      return { data: rows.map((r) => ({ id: r.id, weekStart: typeof r.week_start === 'string' ? r.week_start.slice(0, 10) : r.week_start.toISOString().slice(0, 10), generatedAt: r.generated_at.toISOString(), trigger: r.trigger, calls: v(r.content, 'calls'), connects: v(r.content, 'connects'), sold: v(r.content, 'sold') })) };
    }),
  }),
  defineRoute({
    method: 'GET', url: '/api/v1/briefs/:id', auth: 'workspace', tags,
    summary: 'One weekly brief: every figure with the previous week and the link to its view, and how it was delivered',
    params: uuidParam, response: WeeklyBriefSchema,
    handler: async ({ tx, workspace, params }) => {
      const b = await tx((q) => getBriefRow(q, workspace.id, params.id));
      if (!b) throw notFound('Brief');
      return b;
    },
  }),
  defineRoute({
    method: 'POST', url: '/api/v1/briefs/generate', auth: 'workspace', minRole: 'manager', tags,
    summary: "Generate (or regenerate) a week's brief now and deliver it (default: the last complete week)",
    body: GenerateBriefSchema, response: WeeklyBriefSchema, successStatus: 201,
    handler: async ({ deps, workspace, body }) => {
      if (body.weekStart) {
        const d = new Date(`${body.weekStart}T12:00:00Z`);
        if (Number.isNaN(d.getTime()) || d.getUTCDay() !== 1) throw badRequest('weekStart: A Monday, like 2026-11-16.', { weekStart: 'Pick a Monday.' });
        if (d.getTime() > Date.now()) throw badRequest('weekStart: That week has not happened yet.', { weekStart: 'Pick a past week.' });
      }
      return generateBrief(deps, workspace.id, { weekStart: body.weekStart, trigger: 'manual', deliver: body.deliver });
    },
  }),
  defineRoute({
    method: 'GET', url: '/api/v1/settings/weekly-brief', auth: 'workspace', minRole: 'manager', tags: ['settings'],
    summary: 'When the weekly brief goes out (weekday, hour, time zone) and to whom in the app',
    response: WeeklyBriefSettingsSchema,
    handler: ({ tx, workspace }) => tx((q) => readBriefSettings(q, workspace.id)),
  }),
  defineRoute({
    method: 'PUT', url: '/api/v1/settings/weekly-brief', auth: 'workspace', minRole: 'admin', tags: ['settings'],
    summary: 'Change when the weekly brief goes out and to whom',
    body: WeeklyBriefSettingsSchema, response: WeeklyBriefSettingsSchema,
    handler: ({ tx, workspace, body }) => {
      if (!isValidZone(body.timezone)) throw badRequest(`timezone: "${body.timezone}" is not a time zone (use an IANA name like America/Chicago).`, { timezone: 'Use an IANA zone like America/Chicago.' });
      return tx(async (q) => {
        await writeBriefSettings(q, workspace.id, body);
        return readBriefSettings(q, workspace.id);
      });
    },
  }),
  defineRoute({
    method: 'GET', url: '/api/v1/notification-channels', auth: 'workspace', minRole: 'manager', tags,
    summary: 'Email, Telegram and webhook channels (never their tokens or secrets), with their last success and error',
    response: z.object({ data: z.array(NotificationChannelSchema) }),
    handler: ({ tx, workspace }) => tx(async (q) => ({ data: (await listChannelRows(q, workspace.id)).map(toChannel) })),
  }),
  defineRoute({
    method: 'POST', url: '/api/v1/notification-channels', auth: 'workspace', minRole: 'admin', tags,
    summary: "Add a channel: email recipients, a Telegram bot (token from @BotFather + chat id) or a webhook URL (its signing secret is generated and shown once unless given)",
    body: CreateChannelSchema, response: NotificationChannelSchema, successStatus: 201,
    handler: async ({ deps, tx, workspace, principal, body }) => {
      if (body.kind === 'webhook') {
        const refused = await outboundRefusal(body.url);
        if (refused && !/does not resolve/.test(refused)) throw badRequest(`url: This URL cannot be called: ${refused}.`, { url: `Cannot be called: ${refused}.` });
      }
      const box = await getSecretBox(deps.db, deps.config.secret);
      return tx((q) => insertChannel(box, q, workspace.id, principal.userId, body));
    },
  }),
  defineRoute({
    method: 'PATCH', url: '/api/v1/notification-channels/:id', auth: 'workspace', minRole: 'admin', tags,
    summary: 'Rename, turn on/off, or change the recipients of a channel',
    params: uuidParam, body: UpdateChannelSchema, response: NotificationChannelSchema,
    handler: ({ tx, workspace, params, body }) => tx(async (q) => {
      const row = await getChannelRow(q, workspace.id, params.id);
      if (!row) throw notFound('Channel');
      if (body.recipients && row.kind !== 'email') throw badRequest('recipients: Only email channels have recipients.', { recipients: 'Only for email channels.' });
      await q.query(
        `UPDATE notification_channels SET name = coalesce($3, name), enabled = coalesce($4, enabled),
           config = CASE WHEN $5::jsonb IS NULL THEN config ELSE config || jsonb_build_object('recipients', $5::jsonb) END, updated_at = now()
         WHERE workspace_id = $1 AND id = $2`,
        [workspace.id, params.id, body.name ?? null, body.enabled ?? null, body.recipients ? JSON.stringify([...new Set(body.recipients.map((r) => r.toLowerCase()))]) : null],
      );
      return toChannel((await getChannelRow(q, workspace.id, params.id))!);
    }),
  }),
  defineRoute({
    method: 'DELETE', url: '/api/v1/notification-channels/:id', auth: 'workspace', minRole: 'admin', tags,
    summary: 'Remove a channel (its token or secret is deleted with it)',
    params: uuidParam, response: z.object({ deleted: z.literal(true) }),
    handler: ({ tx, workspace, params }) => tx(async (q) => {
      const { rowCount } = await q.query('DELETE FROM notification_channels WHERE workspace_id = $1 AND id = $2', [workspace.id, params.id]);
      if (!rowCount) throw notFound('Channel');
      return { deleted: true as const };
    }),
  }),
  defineRoute({
    method: 'POST', url: '/api/v1/notification-channels/:id/test', auth: 'workspace', minRole: 'admin', tags,
    summary: 'Send a test message through a channel; the answer says whether it arrived and, if not, why',
    params: uuidParam, response: z.object({ ok: z.boolean(), error: z.string().nullable(), channel: NotificationChannelSchema }),
    handler: async ({ deps, tx, workspace, params }) => {
      const row = await tx((q) => getChannelRow(q, workspace.id, params.id));
      if (!row) throw notFound('Channel');
      let error: string | null = null;
      try {
        await (await channelAdapter(deps, row)).notify({ workspaceId: workspace.id, minRole: 'manager' }, { kind: 'channel.test', title: 'Flywheel test message', body: `This channel ("${row.name}") will receive the weekly brief.`, link: '/settings/notifications' });
      } catch (err) {
        if (!(err instanceof NotifierError)) throw err;
        error = err.message;
      }
      const channel = await tx(async (q) => {
        await recordChannelResult(q, workspace.id, row.id, error);
        return toChannel((await getChannelRow(q, workspace.id, row.id))!);
      });
      return { ok: error === null, error, channel };
    },
  }),
];

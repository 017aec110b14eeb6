import { z } from 'zod';
import {
  MessageSchema, MessageThreadQuerySchema, MessageThreadSchema, MessagingSettingsSchema, MessagingSettingsViewSchema, SCRIPT_VARIABLES, SendMessageSchema,
  SimulateInboundSmsSchema, SmsTemplateCreateSchema, SmsTemplateListSchema, SmsTemplatePreviewResultSchema, SmsTemplatePreviewSchema, SmsTemplateSchema,
  SmsTemplateUpdateSchema, fillScript, unknownScriptVariables,
} from '@flywheel/contracts';
import { AppError, badRequest } from '../../platform/http/errors.ts';
import { defineRoute, uuidParam } from '../../platform/http/route.ts';
import { normalizePhone } from '../../platform/normalize/phone.ts';
import { ensureSandboxAccount } from '../../platform/providers/accounts.ts';
import { getProviderRegistry } from '../../platform/providers/registry.ts';
import { getSmsSandbox } from '../../platform/providers/sms/index.ts';
import { readComplianceSettings } from '../compliance/index.ts';
import { loadLeadScriptValues } from '../scripts/index.ts';
import { leadMessages, toMessage } from './messages.repo.ts';
import { sendLeadSms } from './messaging.service.ts';
import { readMessagingSettings, writeMessagingSettings } from './settings.ts';
import { deleteTemplate, getTemplate, insertTemplate, listTemplates, updateTemplate } from './templates.repo.ts';

const tags = ['messaging'];

/** A template may only use variables a send can fill: a typo like {Frist Name} is caught when saving. */
function checkVariables(body: string | undefined): void {
  if (body === undefined) return;
  const unknown = unknownScriptVariables(body);
  if (unknown.length === 0) return;
  const list = unknown.map((v) => `{${v}}`).join(', ');
  throw badRequest(`Unknown variable${unknown.length === 1 ? '' : 's'} ${list}. Use: ${SCRIPT_VARIABLES.map((v) => `{${v}}`).join(' ')}.`, { body: `Unknown: ${list}` });
}

export const messageRoutes = [
  defineRoute({
    method: 'GET', url: '/api/v1/leads/:id/messages', auth: 'workspace', tags,
    summary: "A lead's message thread (every channel), newest last, paged backwards with ?before=<message id>; with its opt-out state. Reading it clears the unread count.",
    params: uuidParam, query: MessageThreadQuerySchema, response: MessageThreadSchema,
    handler: ({ workspace, params, query, tx }) =>
      tx(async (t) => {
        const lead = (await t.query<{ primary_phone: string | null }>('SELECT primary_phone FROM leads WHERE workspace_id = $1 AND id = $2 AND deleted_at IS NULL', [workspace.id, params.id])).rows[0];
        if (!lead) throw new AppError(404, 'not_found', 'Lead not found.');
        if (query.before) {
          const ok = (await t.query('SELECT 1 FROM messages WHERE workspace_id = $1 AND id = $2 AND lead_id = $3', [workspace.id, query.before, params.id])).rows[0];
          if (!ok) throw badRequest('before must be a message of this lead.');
        }
        const page = await leadMessages(t, workspace.id, params.id, { before: query.before, limit: query.limit });
        const out = lead.primary_phone
          ? (await t.query<{ phone: string; keyword: string; created_at: Date }>('SELECT phone, keyword, created_at FROM sms_opt_outs WHERE workspace_id = $1 AND phone = $2', [workspace.id, lead.primary_phone])).rows[0]
          : undefined;
        if (!query.before) await t.query('UPDATE message_threads SET unread_count = 0 WHERE workspace_id = $1 AND lead_id = $2 AND unread_count > 0', [workspace.id, params.id]);
        return {
          data: page.rows.map(toMessage), nextBefore: page.nextBefore, phone: lead.primary_phone,
          optedOut: out ? { phone: out.phone, keyword: out.keyword, at: new Date(out.created_at).toISOString() } : null,
          tenDlcStatus: (await readComplianceSettings(t, workspace.id)).tenDlcStatus,
        };
      }),
  }),
  defineRoute({
    method: 'POST', url: '/api/v1/leads/:id/messages', auth: 'workspace', tags, successStatus: 201,
    summary:
      "Text a lead (its primary phone, or another of its numbers) from its thread: a body, or a template (variables filled from the lead). Goes through the compliance gate "
      + '(10DLC approved, not opted out, calling hours): 422 with why and when, 409 for do-not-call; 502 when the provider refuses.',
    params: uuidParam, body: SendMessageSchema, response: MessageSchema,
    handler: ({ deps, workspace, principal, params, body }) => {
      checkVariables(body.body);
      return sendLeadSms(deps, { workspaceId: workspace.id, userId: principal.userId, label: principal.label }, params.id, body);
    },
  }),
];

export const templateRoutes = [
  defineRoute({
    method: 'GET', url: '/api/v1/sms-templates', auth: 'workspace', tags,
    summary: 'SMS templates (active ones unless includeArchived=true)',
    query: z.object({ includeArchived: z.enum(['true', 'false']).optional() }), response: SmsTemplateListSchema,
    handler: ({ workspace, query, tx }) => tx(async (t) => ({ data: await listTemplates(t, workspace.id, query.includeArchived === 'true') })),
  }),
  defineRoute({
    method: 'POST', url: '/api/v1/sms-templates', auth: 'workspace', minRole: 'manager', tags, successStatus: 201,
    summary: 'Create an SMS template ({FirstName}-style variables are checked)', body: SmsTemplateCreateSchema, response: SmsTemplateSchema,
    handler: ({ workspace, principal, body, tx }) => {
      checkVariables(body.body);
      return tx((t) => insertTemplate(t, workspace.id, principal.userId, body));
    },
  }),
  defineRoute({
    method: 'GET', url: '/api/v1/sms-templates/:id', auth: 'workspace', tags,
    summary: 'One SMS template', params: uuidParam, response: SmsTemplateSchema,
    handler: ({ workspace, params, tx }) => tx((t) => getTemplate(t, workspace.id, params.id)),
  }),
  defineRoute({
    method: 'PATCH', url: '/api/v1/sms-templates/:id', auth: 'workspace', minRole: 'manager', tags,
    summary: 'Edit an SMS template, or archive it (active=false); an archived template cannot be an auto-SMS template',
    params: uuidParam, body: SmsTemplateUpdateSchema, response: SmsTemplateSchema,
    handler: ({ workspace, params, body, tx }) => {
      checkVariables(body.body);
      return tx(async (t) => {
        if (body.active === false) {
          const s = await readMessagingSettings(t, workspace.id);
          if ((s.autoExhausted.enabled && s.autoExhausted.templateId === params.id) || (s.autoMissedCall.enabled && s.autoMissedCall.templateId === params.id)) {
            throw new AppError(409, 'conflict', 'This template is the auto-SMS template; choose another one in the auto-SMS settings first.');
          }
        }
        return updateTemplate(t, workspace.id, params.id, body);
      });
    },
  }),
  defineRoute({
    method: 'DELETE', url: '/api/v1/sms-templates/:id', auth: 'workspace', minRole: 'manager', tags,
    summary: 'Delete an SMS template for good (messages sent from it keep their text); refused while an auto-SMS uses it',
    params: uuidParam, response: z.object({ ok: z.literal(true) }),
    handler: async ({ workspace, params, tx }) => {
      await tx(async (t) => {
        const s = await readMessagingSettings(t, workspace.id);
        if ((s.autoExhausted.enabled && s.autoExhausted.templateId === params.id) || (s.autoMissedCall.enabled && s.autoMissedCall.templateId === params.id)) {
          throw new AppError(409, 'conflict', 'This template is the auto-SMS template; choose another one in the auto-SMS settings first.');
        }
        await deleteTemplate(t, workspace.id, params.id);
      });
      return { ok: true as const };
    },
  }),
  defineRoute({
    method: 'POST', url: '/api/v1/sms-templates/preview', auth: 'workspace', tags,
    summary: "A draft template filled with a lead's data (its primary contact, and you as the rep), with the variables it has no value for",
    body: SmsTemplatePreviewSchema, response: SmsTemplatePreviewResultSchema,
    handler: ({ workspace, principal, body, tx }) =>
      tx(async (t) => {
        const { lead, values } = await loadLeadScriptValues(t, workspace.id, body.leadId, principal.userId);
        const filled = fillScript(body.body, values);
        return { lead, body: filled.body, missing: filled.missing };
      }),
  }),
];

export const messagingSettingsRoutes = [
  defineRoute({
    method: 'GET', url: '/api/v1/settings/messaging', auth: 'workspace', tags,
    summary: 'Messaging settings: HELP reply text, auto-SMS after exhausted attempts / a missed call (on/off + template); with the 10DLC status and the SMS provider',
    response: MessagingSettingsViewSchema,
    handler: async ({ deps, workspace, tx }) => {
      const r = await getProviderRegistry(deps).resolve(workspace.id, 'sms');
      return tx(async (t) => ({ ...(await readMessagingSettings(t, workspace.id)), tenDlcStatus: (await readComplianceSettings(t, workspace.id)).tenDlcStatus, provider: r.adapter }));
    },
  }),
  defineRoute({
    method: 'PUT', url: '/api/v1/settings/messaging', auth: 'workspace', minRole: 'manager', tags,
    summary: 'Replace the messaging settings (an enabled auto-SMS needs an active template)',
    body: MessagingSettingsSchema, response: MessagingSettingsViewSchema,
    handler: async ({ deps, workspace, body, tx }) => {
      const r = await getProviderRegistry(deps).resolve(workspace.id, 'sms');
      return tx(async (t) => ({ ...(await writeMessagingSettings(t, workspace.id, body)), tenDlcStatus: (await readComplianceSettings(t, workspace.id)).tenDlcStatus, provider: r.adapter }));
    },
  }),
  defineRoute({
    method: 'POST', url: '/api/v1/messaging/sandbox/inbound', auth: 'workspace', tags,
    summary:
      'Sandbox only: a text from `from` to the workspace\'s sandbox number, delivered to /webhooks/twilio/sms signed as Twilio would — '
      + 'try STOP, HELP and replies without an account. 409 when the workspace texts through a live provider.',
    body: SimulateInboundSmsSchema, response: z.object({ messageSid: z.string(), status: z.number().int() }),
    handler: async ({ deps, workspace, body, tx }) => {
      const r = await getProviderRegistry(deps).resolve(workspace.id, 'sms');
      if (r.adapter !== 'sandbox') throw new AppError(409, 'not_sandbox', 'Simulated texts are only for the sandbox; this workspace texts through a live provider.');
      const country = await tx(async (t) => (await t.query<{ default_country: string }>('SELECT default_country FROM workspaces WHERE id = $1', [workspace.id])).rows[0]?.default_country ?? 'US');
      const from = normalizePhone(body.from, country);
      if (!from.ok) throw badRequest(`${from.reason}.`, { from: 'Not a phone number.' });
      const account = await ensureSandboxAccount(deps, workspace.id);
      const res = await getSmsSandbox(deps).inbound({ account, url: `${deps.config.publicUrl}/webhooks/twilio/sms`, from: from.e164, to: account.defaultFrom ?? '+12125550100', body: body.body });
      if (res.httpStatus !== 200) throw new AppError(502, 'provider_error', `The webhook answered ${res.httpStatus || 'nothing'}.`);
      return { messageSid: res.sid, status: res.httpStatus };
    },
  }),
];

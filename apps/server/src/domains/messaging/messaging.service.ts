import { fillScript, type Message, type SendMessage } from '@flywheel/contracts';
import type { Sql } from '../../db/client.ts';
import type { Deps } from '../../platform/deps.ts';
import { AppError, badRequest } from '../../platform/http/errors.ts';
import { normalizePhone } from '../../platform/normalize/phone.ts';
import type { ProviderAccount } from '../../platform/providers/accounts.ts';
import { resolveSms, SmsError, toSmsError, type ResolvedSms, type SmsStatus } from '../../platform/providers/sms/index.ts';
import type { TwilioParams } from '../../platform/providers/telephony/webhook/twilio.ts';
import { withWorkspace } from '../../platform/tenancy/with-workspace.ts';
import { recordActivity } from '../activities/index.ts';
import { checkDial, gateRefusal } from '../compliance/index.ts';
import { loadLeadScriptValues } from '../scripts/index.ts';
import { parseKeyword } from './keywords.ts';
import { advanceStatus, getMessage, insertMessage, toMessage, type MessageRow } from './messages.repo.ts';
import { readMessagingSettings } from './settings.ts';
import { findTemplate, getTemplate } from './templates.repo.ts';

const E164 = /^\+[1-9][0-9]{6,14}$/;

/** What the carrier error codes of a failed text mean, for the thread's "failed: why". */
export const SMS_ERROR_TEXT: Record<string, string> = {
  '30001': 'Queue overflow at the provider',
  '30002': 'The provider account is suspended',
  '30003': 'Unreachable destination handset (phone off or out of coverage)',
  '30004': 'Message blocked by the recipient or their carrier',
  '30005': 'Unknown destination handset (the number does not exist)',
  '30006': 'Landline or unreachable carrier',
  '30007': 'Filtered by the carrier as spam',
  '30008': 'Unknown delivery error',
  '21610': 'The recipient replied STOP: they have opted out',
  '21211': 'Not a valid phone number',
  '21614': 'Not a mobile number',
};

const statusCallbackUrl = (deps: Deps, messageId: string) => `${deps.config.publicUrl}/webhooks/twilio/sms-status?m=${messageId}`;

async function optOut(tx: Sql, ws: string, phone: string, keyword: string): Promise<boolean> {
  if (!E164.test(phone)) return false;
  const { rows } = await tx.query('INSERT INTO sms_opt_outs (workspace_id, phone, keyword) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING phone', [ws, phone, keyword]);
  return rows.length > 0;
}

/**
 * Hands a queued message to the provider and records what it answered. A refusal marks the
 * message failed with the provider's code and words (21610 also opts the number out) and is
 * returned, not thrown: the caller decides whether a person needs to hear about it.
 */
async function transmit(deps: Deps, ws: string, id: string, sms: ResolvedSms, m: { from: string; to: string; body: string }): Promise<SmsError | null> {
  try {
    const sent = await sms.port.send({ workspaceId: ws, messageId: id, from: m.from, to: m.to, body: m.body, statusCallbackUrl: statusCallbackUrl(deps, id) });
    await withWorkspace(deps.db, ws, (tx) => advanceStatus(tx, ws, id, { status: sent.status, provider: sent.provider, providerMessageId: sent.providerMessageId, segments: sent.segments ?? null }));
    return null;
  } catch (err) {
    const e = toSmsError(err);
    deps.log.warn({ code: e.code, messageId: id, workspaceId: ws }, 'sms send refused');
    await withWorkspace(deps.db, ws, async (tx) => {
      await advanceStatus(tx, ws, id, { status: 'failed', errorCode: e.code, errorMessage: SMS_ERROR_TEXT[e.code] ? `${SMS_ERROR_TEXT[e.code]} (${e.message})` : e.message });
      if (e.optedOut) await optOut(tx, ws, m.to, 'carrier');
    });
    return e;
  }
}

function providerFailure(e: SmsError): AppError {
  if (e.notConfigured) return new AppError(409, 'provider_not_configured', e.message);
  if (e.optedOut) return new AppError(422, 'sms_opted_out', SMS_ERROR_TEXT['21610']);
  if (e.invalidNumber) return new AppError(422, 'invalid_number', `${SMS_ERROR_TEXT[e.code] ?? 'The number cannot receive texts'}: ${e.message}`);
  return new AppError(502, 'provider_error', `The SMS provider refused the text: ${e.message}`);
}

async function resolveOrConflict(deps: Deps, ws: string): Promise<ResolvedSms> {
  try {
    return await resolveSms(deps, ws);
  } catch (err) {
    if (err instanceof SmsError) throw providerFailure(err);
    throw err;
  }
}

/** The lead's numbers: its contacts' phones and its primary phone. */
async function leadPhones(tx: Sql, ws: string, leadId: string): Promise<{ primary: string | null; all: Set<string>; contactOf: Map<string, string> }> {
  const lead = (await tx.query<{ primary_phone: string | null }>('SELECT primary_phone FROM leads WHERE workspace_id = $1 AND id = $2 AND deleted_at IS NULL', [ws, leadId])).rows[0];
  const contacts = (await tx.query<{ id: string; phones: string[] }>('SELECT id, phones FROM contacts WHERE workspace_id = $1 AND lead_id = $2 ORDER BY is_primary DESC, created_at', [ws, leadId])).rows;
  const contactOf = new Map<string, string>();
  for (const c of contacts) for (const p of c.phones) if (!contactOf.has(p)) contactOf.set(p, c.id);
  const all = new Set([...contactOf.keys(), ...(lead?.primary_phone ? [lead.primary_phone] : [])]);
  return { primary: lead?.primary_phone ?? null, all, contactOf };
}

export interface SendCtx {
  workspaceId: string;
  userId: string | null;
  label: string;
}

/** A person's text from a lead's thread: template or body, variables filled, through the compliance gate. */
export async function sendLeadSms(deps: Deps, ctx: SendCtx, leadId: string, input: SendMessage): Promise<Message> {
  const ws = ctx.workspaceId;
  const sms = await resolveOrConflict(deps, ws);
  const out = await withWorkspace(deps.db, ws, async (tx) => {
    const { values } = await loadLeadScriptValues(tx, ws, leadId, ctx.userId);
    const phones = await leadPhones(tx, ws, leadId);
    let phone = phones.primary;
    if (input.phone) {
      const country = (await tx.query<{ default_country: string }>('SELECT default_country FROM workspaces WHERE id = $1', [ws])).rows[0]?.default_country ?? 'US';
      const n = normalizePhone(input.phone, country);
      if (!n.ok) throw badRequest(`${n.reason}.`, { phone: 'Not a phone number.' });
      if (!phones.all.has(n.e164)) throw badRequest(`${n.e164} is not one of this lead's numbers.`, { phone: 'Not this lead’s number.' });
      phone = n.e164;
    }
    let source = input.body ?? '';
    if (input.templateId) {
      const t = await getTemplate(tx, ws, input.templateId);
      if (!t.active) throw badRequest(`The template "${t.name}" is archived.`, { templateId: 'Archived.' });
      if (!input.body) source = t.body;
    }
    const filled = fillScript(source, values);
    if (filled.missing.length) {
      const list = filled.missing.map((v) => `{${v}}`).join(', ');
      throw new AppError(422, 'missing_variables', `This lead has no value for ${list}; edit the text before sending.`, { body: `No value for ${list}` });
    }
    const decision = await checkDial(tx, { workspaceId: ws, userId: ctx.userId }, { leadId, phone, kind: 'sms', source: 'sms' });
    // a refusal is returned, not thrown: the transaction commits and the decision stays logged
    if (!decision.allowed) return { ok: false as const, refused: decision };
    const to = decision.phone;
    const id = await insertMessage(tx, ws, {
      leadId, contactId: phones.contactOf.get(to) ?? null, channel: 'sms', direction: 'out', from: sms.fromNumber, to, body: filled.body, status: 'queued',
      provider: sms.adapter, templateId: input.templateId ?? null, sentBy: ctx.userId,
    });
    if (!id) throw new Error('message not stored');
    await recordActivity(tx, { workspaceId: ws, leadId, actorUserId: ctx.userId, actorLabel: ctx.label, kind: 'sms.sent', summary: `Texted ${to}: ${filled.body.slice(0, 140)}`, refType: 'message', refId: id });
    return { ok: true as const, id, to, body: filled.body };
  });
  if (!out.ok) throw gateRefusal(out.refused);
  const failure = await transmit(deps, ws, out.id, sms, { from: sms.fromNumber, to: out.to, body: out.body });
  if (failure) throw providerFailure(failure);
  return withWorkspace(deps.db, ws, async (tx) => toMessage((await getMessage(tx, ws, out.id)) as MessageRow));
}

// ───────────── auto-SMS ─────────────

export type AutoSmsReason = 'exhausted' | 'missed_call';
export interface AutoSmsInput {
  workspaceId: string;
  leadId: string;
  /** E.164; the lead's primary phone when null. */
  phone: string | null;
  reason: AutoSmsReason;
}
export interface AutoSmsResult {
  sent: boolean;
  /** 'sent', or why not: disabled, no_template, already_sent, a gate code (sms_not_registered, sms_opted_out, …), missing_variables, provider_error. */
  reason: string;
  messageId?: string;
}

const AUTOMATION: Record<AutoSmsReason, 'auto_exhausted' | 'auto_missed_call'> = { exhausted: 'auto_exhausted', missed_call: 'auto_missed_call' };

/**
 * The automatic text after a lead's attempts are exhausted (the power dialer) or after a missed
 * inbound call: the workspace's template for that reason, variables filled, through the
 * compliance gate, at most once per lead and reason within 24 h (the lead row is locked, so two
 * triggers racing send one text). Never throws for a refusal: answers why nothing was sent.
 */
export async function sendAutoSms(deps: Deps, input: AutoSmsInput): Promise<AutoSmsResult> {
  const ws = input.workspaceId;
  const automation = AUTOMATION[input.reason];
  const settings = await withWorkspace(deps.db, ws, (tx) => readMessagingSettings(tx, ws));
  const rule = input.reason === 'exhausted' ? settings.autoExhausted : settings.autoMissedCall;
  if (!rule.enabled) return { sent: false, reason: 'disabled' };
  if (!rule.templateId) return { sent: false, reason: 'no_template' };
  let sms: ResolvedSms;
  try {
    sms = await resolveSms(deps, ws);
  } catch (err) {
    if (err instanceof SmsError) return { sent: false, reason: 'provider_not_configured' };
    throw err;
  }
  const out = await withWorkspace(deps.db, ws, async (tx): Promise<AutoSmsResult & { to?: string; body?: string }> => {
    const locked = await tx.query('SELECT id FROM leads WHERE workspace_id = $1 AND id = $2 AND deleted_at IS NULL FOR UPDATE', [ws, input.leadId]);
    if (!locked.rows[0]) return { sent: false, reason: 'no_lead' };
    const recent = await tx.query(
      `SELECT 1 FROM messages WHERE workspace_id = $1 AND lead_id = $2 AND automation = $3 AND created_at > now() - interval '24 hours' AND status <> 'failed' LIMIT 1`,
      [ws, input.leadId, automation],
    );
    if (recent.rows[0]) return { sent: false, reason: 'already_sent' };
    const template = await findTemplate(tx, ws, rule.templateId as string);
    if (!template || !template.active) return { sent: false, reason: 'no_template' };
    const { values } = await loadLeadScriptValues(tx, ws, input.leadId, null);
    const filled = fillScript(template.body, values);
    if (filled.missing.length) return { sent: false, reason: 'missing_variables' };
    const decision = await checkDial(tx, { workspaceId: ws, userId: null }, { leadId: input.leadId, phone: input.phone, kind: 'sms', source: 'sms' });
    if (!decision.allowed) return { sent: false, reason: decision.code };
    const phones = await leadPhones(tx, ws, input.leadId);
    const id = await insertMessage(tx, ws, {
      leadId: input.leadId, contactId: phones.contactOf.get(decision.phone) ?? null, channel: 'sms', direction: 'out', from: sms.fromNumber, to: decision.phone,
      body: filled.body, status: 'queued', provider: sms.adapter, templateId: template.id, automation,
    });
    if (!id) return { sent: false, reason: 'already_sent' };
    await recordActivity(tx, {
      workspaceId: ws, leadId: input.leadId, actorLabel: 'Auto-SMS', kind: 'sms.sent',
      summary: `Auto-SMS (${input.reason === 'exhausted' ? 'attempts exhausted' : 'missed call'}) to ${decision.phone}: ${filled.body.slice(0, 120)}`, refType: 'message', refId: id,
    });
    return { sent: true, reason: 'sent', messageId: id, to: decision.phone, body: filled.body };
  });
  if (!out.sent || !out.messageId || !out.to || !out.body) return { sent: out.sent, reason: out.reason };
  const failure = await transmit(deps, ws, out.messageId, sms, { from: sms.fromNumber, to: out.to, body: out.body });
  return failure ? { sent: false, reason: 'provider_error', messageId: out.messageId } : { sent: true, reason: 'sent', messageId: out.messageId };
}

// ───────────── webhooks ─────────────

export class SmsPayloadError extends Error {}

const one = (p: TwilioParams, k: string): string | undefined => {
  const v = p[k];
  const s = Array.isArray(v) ? v[0] : v;
  return s === undefined ? undefined : s;
};
const SID = /^(SM|MM|SX)[0-9a-zA-Z]{8,64}$/;

/**
 * An inbound text (Twilio's inbound webhook, or the sandbox's): stored on the sender's thread
 * (matched to a contact/lead by phone; unknown senders kept with no lead), once per MessageSid.
 * Opt-out words opt the number out with one confirmation; START re-subscribes; HELP answers.
 * A replayed webhook changes nothing and sends nothing.
 */
export async function receiveInboundSms(deps: Deps, account: ProviderAccount, params: TwilioParams): Promise<{ stored: boolean; messageId: string | null; keyword: string | null }> {
  const sid = one(params, 'MessageSid') ?? one(params, 'SmsSid');
  const from = one(params, 'From')?.trim();
  const to = one(params, 'To')?.trim();
  const body = one(params, 'Body') ?? '';
  if (!sid || !SID.test(sid)) throw new SmsPayloadError('MessageSid is missing or not a message sid.');
  if (!from || from.length > 64) throw new SmsPayloadError('From is missing.');
  if (!to || to.length > 64) throw new SmsPayloadError('To is missing.');
  if (body.length > 10_000) throw new SmsPayloadError('Body is too long.');
  const ws = account.workspaceId;
  const provider = account.provider === 'sandbox' ? 'sandbox' : 'twilio';
  const keyword = parseKeyword(body);

  const result = await withWorkspace(deps.db, ws, async (tx) => {
    const match = (await tx.query<{ contact_id: string | null; lead_id: string }>(
      `SELECT c.id AS contact_id, l.id AS lead_id FROM contacts c JOIN leads l ON l.id = c.lead_id AND l.deleted_at IS NULL
        WHERE c.workspace_id = $1 AND c.phones @> ARRAY[$2]::text[]
       UNION ALL
       SELECT NULL, l.id FROM leads l WHERE l.workspace_id = $1 AND l.primary_phone = $2 AND l.deleted_at IS NULL
       LIMIT 1`,
      [ws, from],
    )).rows[0];
    const leadId = match?.lead_id ?? null;
    const id = await insertMessage(tx, ws, {
      leadId, contactId: match?.contact_id ?? null, channel: 'sms', direction: 'in', from, to, body, status: 'received', provider, providerMessageId: sid,
      segments: Number(one(params, 'NumSegments')) || null,
    });
    if (!id) return { id: null, replies: [] };
    const replies: { text: string; automation: string }[] = [];
    const activity = (kind: string, summary: string) =>
      leadId ? recordActivity(tx, { workspaceId: ws, leadId, actorLabel: from, kind, summary, refType: 'message', refId: id }) : Promise.resolve();
    await activity('sms.received', `Text from ${from}: ${body.slice(0, 140)}`);
    const wsName = (await tx.query<{ name: string }>('SELECT name FROM workspaces WHERE id = $1', [ws])).rows[0]?.name ?? 'us';
    if (keyword?.kind === 'opt_out') {
      if (await optOut(tx, ws, from, keyword.keyword)) {
        await activity('sms.opted_out', `${from} opted out of texts (replied ${keyword.keyword})`);
        replies.push({ automation: 'opt_out_confirmation', text: `${wsName}: you are unsubscribed and will receive no more texts from us. Reply START to resubscribe.` });
      }
    } else if (keyword?.kind === 'opt_in') {
      const removed = await tx.query('DELETE FROM sms_opt_outs WHERE workspace_id = $1 AND phone = $2 RETURNING phone', [ws, from]);
      if (removed.rows.length) {
        await activity('sms.opted_in', `${from} opted back in to texts (replied ${keyword.keyword})`);
        replies.push({ automation: 'opt_in_confirmation', text: `${wsName}: you are resubscribed to our texts. Reply HELP for help, STOP to opt out.` });
      }
    } else if (keyword?.kind === 'help') {
      replies.push({ automation: 'help_reply', text: (await readMessagingSettings(tx, ws)).helpText });
    }
    const queued: { id: string; text: string }[] = [];
    for (const r of replies) {
      // one reply per inbound message and kind (unique in_reply_to + automation)
      const rid = await insertMessage(tx, ws, {
        leadId, contactId: match?.contact_id ?? null, channel: 'sms', direction: 'out', from: to, to: from, body: r.text, status: 'queued', provider, automation: r.automation, inReplyTo: id,
      });
      if (rid) queued.push({ id: rid, text: r.text });
    }
    return { id, replies: queued };
  });

  if (result.replies.length) {
    // compliance replies answer the person who just wrote: they skip the gate (no hours, no 10DLC, opted out or not)
    let sms: ResolvedSms | null = null;
    try {
      sms = await resolveSms(deps, ws);
    } catch (err) {
      deps.log.warn({ err, workspaceId: ws }, 'sms reply: no provider');
    }
    for (const r of result.replies) {
      if (!sms) {
        await withWorkspace(deps.db, ws, (tx) => advanceStatus(tx, ws, r.id, { status: 'failed', errorCode: 'not_configured', errorMessage: 'No SMS provider is configured.' }));
        continue;
      }
      await transmit(deps, ws, r.id, sms, { from: to, to: from, body: r.text });
    }
  }
  return { stored: result.id !== null, messageId: result.id, keyword: keyword?.keyword ?? null };
}

const TWILIO_STATUS: Record<string, SmsStatus | 'received'> = {
  accepted: 'queued', scheduled: 'queued', queued: 'queued', sending: 'sending', sent: 'sent', delivered: 'delivered', undelivered: 'undelivered', failed: 'failed',
  canceled: 'failed', receiving: 'received', received: 'received', read: 'delivered',
};

/** A delivery status callback: moves the message forward (never back); 21610 opts the number out. Unknown messages are ignored. */
export async function receiveSmsStatus(deps: Deps, account: ProviderAccount, params: TwilioParams, messageIdHint: string | undefined): Promise<{ updated: boolean; known: boolean }> {
  const sid = one(params, 'MessageSid') ?? one(params, 'SmsSid');
  const raw = (one(params, 'MessageStatus') ?? one(params, 'SmsStatus'))?.trim().toLowerCase();
  if (!sid || !SID.test(sid)) throw new SmsPayloadError('MessageSid is missing or not a message sid.');
  if (!raw || !(raw in TWILIO_STATUS)) throw new SmsPayloadError(`MessageStatus "${(raw ?? '').slice(0, 30)}" is not a message status.`);
  const errorCode = one(params, 'ErrorCode')?.trim() || null;
  if (errorCode && !/^\d{1,6}$/.test(errorCode)) throw new SmsPayloadError('ErrorCode must be a number.');
  const status = TWILIO_STATUS[raw];
  const ws = account.workspaceId;
  const provider = account.provider === 'sandbox' ? 'sandbox' : 'twilio';
  return withWorkspace(deps.db, ws, async (tx) => {
    const found = (await tx.query<{ id: string; to_address: string; provider_message_id: string | null }>(
      `SELECT id, to_address, provider_message_id FROM messages WHERE workspace_id = $1
          AND ((provider = $2 AND provider_message_id = $3) OR (id = $4::uuid AND direction = 'out'))
        ORDER BY provider_message_id = $3 DESC NULLS LAST LIMIT 1`,
      [ws, provider, sid, messageIdHint ?? null],
    )).rows[0];
    if (!found || (found.provider_message_id && found.provider_message_id !== sid)) return { updated: false, known: false };
    const errorMessage = errorCode ? (one(params, 'ErrorMessage')?.slice(0, 300) || SMS_ERROR_TEXT[errorCode] || `Carrier error ${errorCode}`) : null;
    const updated = await advanceStatus(tx, ws, found.id, { status: status === 'received' ? 'sent' : status, provider, providerMessageId: sid, errorCode, errorMessage });
    if (errorCode === '21610') await optOut(tx, ws, found.to_address, 'carrier');
    return { updated, known: true };
  });
}

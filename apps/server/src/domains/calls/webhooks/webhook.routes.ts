import crypto from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Deps } from '../../../platform/deps.ts';
import { AppError, badRequest } from '../../../platform/http/errors.ts';
import { defineRoute } from '../../../platform/http/route.ts';
import type { ProviderAccount } from '../../../platform/providers/accounts.ts';
import { WebhookPayloadError } from '../../../platform/providers/telephony/webhook/events.ts';
import { parseOpenPhoneEvent, verifyOpenPhoneSignature } from '../../../platform/providers/telephony/webhook/openphone.ts';
import { webhookRawBody } from '../../../platform/providers/telephony/webhook/raw-body.ts';
import { parseForm, parseTwilioRecording, parseTwilioVoice, twilioAccountSid, twilioDedupeKey, verifyTwilioRequest, type TwilioParams } from '../../../platform/providers/telephony/webhook/twilio.ts';
import { findTwilioShapedAccount, openPhoneAccounts } from './accounts-cache.ts';
import { webhookInbox } from './inbox.ts';

const tags = ['webhooks'];
const EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response/>';

/** 403 for anything we cannot attribute to an account by its signature; logged without secrets. */
async function refuse(deps: Deps, req: FastifyRequest, provider: string, reason: string, claimedAccount: string | null): Promise<never> {
  deps.log.warn({ provider, route: req.url.split('?')[0], reason, claimedAccount, ip: req.ip }, 'webhook refused');
  await deps.db
    .query(`INSERT INTO webhook_rejections (provider, route, reason, claimed_account, remote_addr, body_bytes) VALUES ($1, $2, $3, $4, $5, $6)`, [
      provider, req.url.split('?')[0].slice(0, 200), reason, claimedAccount?.slice(0, 100) ?? null, req.ip ?? null, webhookRawBody(req).length,
    ])
    .catch((err: unknown) => deps.log.error({ err }, 'could not log a refused webhook'));
  throw new AppError(403, 'forbidden', 'Webhook signature missing or invalid.');
}

function header(req: FastifyRequest, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

const CsQuery = z.object({ cs: z.uuid().optional() });

/** Our call session id from the callback URL (?cs=), as part of the signed URL. */
export function callSessionHint(pathAndQuery: string): string | undefined {
  const q = pathAndQuery.includes('?') ? Object.fromEntries(new URLSearchParams(pathAndQuery.slice(pathAndQuery.indexOf('?') + 1))) : {};
  const r = CsQuery.safeParse({ cs: q.cs });
  return r.success ? r.data.cs : undefined;
}

function noNul(raw: object): void {
  if (JSON.stringify(raw).includes('\\u0000')) throw badRequest('The payload contains a NUL character.');
}

/** Verifies a Twilio-shaped delivery (Twilio or the sandbox carrier) and returns its account and fields. */
export async function verifyTwilioShaped(deps: Deps, req: FastifyRequest): Promise<{ account: ProviderAccount; params: TwilioParams }> {
  const isForm = /^application\/x-www-form-urlencoded\b/i.test(header(req, 'content-type') ?? '');
  const params = isForm ? parseForm(webhookRawBody(req).toString('utf8')) : {};
  const sid = twilioAccountSid(params);
  const signature = header(req, 'x-twilio-signature');
  if (!sid) return refuse(deps, req, 'twilio', isForm ? 'no AccountSid' : 'not a form post', null);
  if (!signature) return refuse(deps, req, 'twilio', 'unsigned', sid);
  const url = `${deps.config.publicUrl}${req.url}`;
  let account = await findTwilioShapedAccount(deps, sid);
  if (account && !verifyTwilioRequest(account.secret, url, params, signature)) {
    // the token may have been rotated since it was cached
    account = await findTwilioShapedAccount(deps, sid, true);
    if (account && !verifyTwilioRequest(account.secret, url, params, signature)) return refuse(deps, req, account.provider, 'bad signature', sid);
  }
  if (!account) return refuse(deps, req, 'twilio', 'unknown account', sid);
  if (req.query && typeof req.query === 'object' && 'cs' in req.query && !callSessionHint(req.url)) throw badRequest('cs must be a call session id.');
  return { account, params };
}

async function storeTwilio(deps: Deps, req: FastifyRequest, kind: 'twilio.voice' | 'twilio.recording') {
  const { account, params } = await verifyTwilioShaped(deps, req);
  const receivedAt = new Date();
  const opts = { callSessionId: callSessionHint(req.url), receivedAt };
  let providerCallId: string;
  try {
    providerCallId = (kind === 'twilio.voice' ? parseTwilioVoice(params, opts) : parseTwilioRecording(params, opts)).providerCallId;
  } catch (err) {
    if (err instanceof WebhookPayloadError) throw badRequest(err.message);
    throw err;
  }
  const raw = { url: req.url, params, receivedAt: receivedAt.toISOString() };
  noNul(raw);
  await webhookInbox(deps.db).store({
    workspaceId: account.workspaceId, provider: account.provider === 'sandbox' ? 'sandbox' : 'twilio', kind, providerCallId,
    // the receive time is not part of the identity: a replay of the same fields is the same delivery
    dedupeKey: twilioDedupeKey(req.url, params), raw,
  });
}

export const webhookRoutes = [
  defineRoute({
    method: 'POST', url: '/webhooks/twilio/voice', auth: 'public', tags, rawBody: true,
    summary:
      'Twilio voice status callback (also the async AMD callback). Form-encoded, signed with X-Twilio-Signature over PUBLIC_URL + path + query. '
      + 'Stored before processing; replays are stored once. 200 with empty TwiML; 403 unsigned/bad signature/unknown AccountSid; 400 malformed.',
    handler: async (c) => {
      await storeTwilio(c.deps, c.req, 'twilio.voice');
      return c.reply.code(200).type('text/xml').send(EMPTY_TWIML);
    },
  }),
  defineRoute({
    method: 'POST', url: '/webhooks/twilio/recording', auth: 'public', tags, rawBody: true,
    summary:
      'Twilio recording status and transcription callbacks (RecordingStatus / TranscriptionStatus), form-encoded and signed like the voice callback. '
      + '200 once stored; 403 unsigned/bad signature; 400 malformed.',
    handler: async (c) => {
      await storeTwilio(c.deps, c.req, 'twilio.recording');
      return c.reply.code(200).type('text/xml').send(EMPTY_TWIML);
    },
  }),
  defineRoute({
    method: 'POST', url: '/webhooks/openphone', auth: 'public', tags, rawBody: true,
    summary:
      'OpenPhone (Quo) webhooks: call.completed, call.recording.completed, call.transcript.completed, call.summary.completed (others are acknowledged and ignored). '
      + 'JSON, signed with openphone-signature: hmac;1;<ms>;<base64 HMAC-SHA256 of "<ms>.<raw body>" under the base64-decoded signing key>. 200 once stored; 403 bad signature; 400 malformed.',
    handler: async (c) => {
      const { deps, req } = c;
      const raw = webhookRawBody(req);
      const signature = header(req, 'openphone-signature');
      if (!signature) return refuse(deps, req, 'openphone', 'unsigned', null);
      const matches = (list: ProviderAccount[]) => list.find((a) => verifyOpenPhoneSignature(a.secret, signature, raw));
      const account = matches(await openPhoneAccounts(deps)) ?? matches(await openPhoneAccounts(deps, true));
      if (!account) return refuse(deps, req, 'openphone', 'no account signs like this', null);
      let body: unknown;
      try {
        body = JSON.parse(raw.toString('utf8'));
      } catch {
        throw badRequest('The body is not JSON.');
      }
      let parsed;
      try {
        parsed = parseOpenPhoneEvent(body);
      } catch (err) {
        if (err instanceof WebhookPayloadError) throw badRequest(err.message);
        throw err;
      }
      if (!parsed.event) return { received: true, ignored: parsed.type };
      const stored = { body, receivedAt: new Date().toISOString() };
      noNul(stored);
      await webhookInbox(deps.db).store({
        workspaceId: account.workspaceId, provider: 'openphone', kind: parsed.type, providerCallId: parsed.event.providerCallId,
        // OpenPhone's event id names the delivery; its retries carry the same one
        dedupeKey: crypto.createHash('sha256').update(`openphone:${parsed.eventId}`).digest('hex'), raw: stored,
      });
      return { received: true };
    },
  }),
];

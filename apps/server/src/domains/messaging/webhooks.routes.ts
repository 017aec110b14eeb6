import { z } from 'zod';
import { badRequest } from '../../platform/http/errors.ts';
import { defineRoute } from '../../platform/http/route.ts';
import { verifyTwilioShaped } from '../calls/webhooks/webhook.routes.ts';
import { receiveInboundSms, receiveSmsStatus, SmsPayloadError } from './messaging.service.ts';

const tags = ['webhooks'];
const EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response/>';
const HintQuery = z.object({ m: z.uuid().optional() });

function noNul(params: object): void {
  if (JSON.stringify(params).includes('\\u0000')) throw badRequest('The payload contains a NUL character.');
}

function payload<T>(fn: () => Promise<T>): Promise<T> {
  return fn().catch((err: unknown) => {
    if (err instanceof SmsPayloadError) throw badRequest(err.message);
    throw err;
  });
}

export const smsWebhookRoutes = [
  defineRoute({
    method: 'POST', url: '/webhooks/twilio/sms', auth: 'public', tags, rawBody: true,
    summary:
      'Twilio inbound SMS webhook (also the sandbox\'s): From, To, Body, MessageSid, AccountSid, form-encoded and signed with X-Twilio-Signature over PUBLIC_URL + path. '
      + 'Stored on the sender\'s thread once per MessageSid; STOP/STOPALL/UNSUBSCRIBE/CANCEL/END/QUIT/OPTOUT/REVOKE opt the number out (one confirmation), '
      + 'START/UNSTOP/YES opt back in, HELP/INFO answer with the help text. 200 with empty TwiML; 403 unsigned/bad signature/unknown account; 400 malformed.',
    handler: async (c) => {
      const { account, params } = await verifyTwilioShaped(c.deps, c.req);
      noNul(params);
      await payload(() => receiveInboundSms(c.deps, account, params));
      return c.reply.code(200).type('text/xml').send(EMPTY_TWIML);
    },
  }),
  defineRoute({
    method: 'POST', url: '/webhooks/twilio/sms-status', auth: 'public', tags, rawBody: true,
    summary:
      'Twilio SMS status callback (MessageStatus queued/sent/delivered/undelivered/failed, ErrorCode), signed like the inbound webhook; ?m= names our message. '
      + 'Statuses only move forward (a late "sent" after "delivered" is ignored); 21610 opts the number out. 200; 403 unsigned/bad signature; 400 malformed.',
    handler: async (c) => {
      const { account, params } = await verifyTwilioShaped(c.deps, c.req);
      const q = HintQuery.safeParse(c.req.query ?? {});
      if (!q.success) throw badRequest('m must be a message id.');
      noNul(params);
      await payload(() => receiveSmsStatus(c.deps, account, params, q.data.m));
      return c.reply.code(200).type('text/xml').send(EMPTY_TWIML);
    },
  }),
];

import twilio from 'twilio';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Deps } from '../../platform/deps.ts';
import { defineRoute } from '../../platform/http/route.ts';
import { withWorkspace } from '../../platform/tenancy/with-workspace.ts';
import { recordActivity } from '../activities/index.ts';
import { callSessionHint, flagPhone, outboundTwiml, verifyTwilioShaped } from '../calls/index.ts';
import { voicemailAudioUrl } from './voicemail.ts';

/**
 * What the provider plays on a power-dialer call. Every request is signed like any Twilio webhook
 * (403 otherwise) and names its call session (?cs=). While AMD decides, the callee hears a short
 * silence (hold); then the engine redirects the call to one of the others.
 */

interface CallInfo { to_number: string; from_number: string; lead_id: string | null; workspace_name: string; dial_session_id: string | null }

async function callInfo(deps: Deps, ws: string, cs: string | undefined): Promise<CallInfo | null> {
  if (!cs) return null;
  const { rows } = await withWorkspace(deps.db, ws, (tx) => tx.query<CallInfo>(
    `SELECT cs.to_number, cs.from_number, cs.lead_id, w.name AS workspace_name, cs.dial_session_id FROM call_sessions cs JOIN workspaces w ON w.id = cs.workspace_id WHERE cs.workspace_id = $1 AND cs.id = $2`,
    [ws, cs],
  ));
  return rows[0] ?? null;
}

/** Digits read one by one, so a text-to-speech voice says "four one five…" rather than a big number. */
export const spokenNumber = (e164: string) => e164.replace(/^\+1/, '').replace(/\D/g, '').split('').join(' ');

/**
 * The safe-harbor message (FTC TSR 310.4(b)(4)(iii)): who is calling, a number to call back, and an
 * automated way to opt out — pressing 9 puts the number on the do-not-call list.
 */
export function safeHarborTwiml(info: Pick<CallInfo, 'workspace_name' | 'from_number'>, optOutUrl: string): string {
  const r = new twilio.twiml.VoiceResponse();
  const g = r.gather({ numDigits: 1, timeout: 6, action: optOutUrl, method: 'POST' });
  g.say(`Hello, this is ${info.workspace_name}. We are sorry, nobody was free to take your call. You can call us back at ${spokenNumber(info.from_number)}. To not be called again, press 9 now.`);
  r.say('Thank you. Goodbye.');
  r.hangup();
  return r.toString();
}

const xml = (reply: FastifyReply, body: string) => reply.code(200).type('text/xml').send(body);
const hangupOnly = () => {
  const r = new twilio.twiml.VoiceResponse();
  r.hangup();
  return r.toString();
};

async function verified(deps: Deps, req: FastifyRequest) {
  const { account, params } = await verifyTwilioShaped(deps, req);
  const cs = callSessionHint(req.url);
  return { ws: account.workspaceId, cs, params, info: await callInfo(deps, account.workspaceId, cs) };
}

export const powerTwimlRoutes = [
  defineRoute({
    method: 'POST', url: '/webhooks/twilio/twiml/power/hold', auth: 'public', tags: ['webhooks'], rawBody: true,
    summary: 'TwiML while answering-machine detection decides (?cs=): a short silence; the power dialer then redirects the call',
    handler: async ({ deps, req, reply }) => {
      await verified(deps, req);
      const r = new twilio.twiml.VoiceResponse();
      r.pause({ length: 20 });
      r.hangup();
      return xml(reply, r.toString());
    },
  }),
  defineRoute({
    method: 'POST', url: '/webhooks/twilio/twiml/power/bridge', auth: 'public', tags: ['webhooks'], rawBody: true,
    summary: "TwiML bridging a person who answered to the rep's browser (?cs=), after the recording-consent announcement where required",
    handler: async ({ deps, req, reply }) => {
      const { ws, cs } = await verified(deps, req);
      return xml(reply, await outboundTwiml(deps, ws, cs ?? null));
    },
  }),
  defineRoute({
    method: 'POST', url: '/webhooks/twilio/twiml/power/safe-harbor', auth: 'public', tags: ['webhooks'], rawBody: true,
    summary: 'TwiML for an abandoned call (?cs=): identification, a callback number and press-9 opt-out',
    handler: async ({ deps, req, reply }) => {
      const { cs, info } = await verified(deps, req);
      if (!info || !cs) return xml(reply, hangupOnly());
      return xml(reply, safeHarborTwiml(info, `${deps.config.publicUrl}/webhooks/twilio/twiml/power/opt-out?cs=${cs}`));
    },
  }),
  defineRoute({
    method: 'POST', url: '/webhooks/twilio/twiml/power/opt-out', auth: 'public', tags: ['webhooks'], rawBody: true,
    summary: 'The digit pressed during the safe-harbor message (?cs=): 9 puts the number on the do-not-call list',
    handler: async ({ deps, req, reply }) => {
      const { ws, cs, params, info } = await verified(deps, req);
      const r = new twilio.twiml.VoiceResponse();
      if (info && params.Digits === '9') {
        await withWorkspace(deps.db, ws, async (tx) => {
          await flagPhone(tx, { workspaceId: ws, phone: info.to_number, kind: 'dnc', reason: 'Opted out during the safe-harbor message', leadId: info.lead_id });
          if (info.lead_id) {
            await tx.query('UPDATE leads SET dnc_at = coalesce(dnc_at, now()) WHERE workspace_id = $1 AND id = $2', [ws, info.lead_id]);
            await recordActivity(tx, { workspaceId: ws, actorLabel: 'Power dialer', leadId: info.lead_id, kind: 'lead.dnc', summary: `${info.to_number} opted out by pressing 9 during the safe-harbor message`, refType: 'call_session', refId: cs });
          }
        });
        r.say('You will not be called again. Goodbye.');
      } else r.say('Thank you. Goodbye.');
      r.hangup();
      return xml(reply, r.toString());
    },
  }),
  defineRoute({
    method: 'POST', url: '/webhooks/twilio/twiml/power/voicemail', auth: 'public', tags: ['webhooks'], rawBody: true,
    summary: 'TwiML dropping the recorded voicemail after the beep (?cs=), then hanging up',
    handler: async ({ deps, req, reply }) => {
      const { ws, info } = await verified(deps, req);
      const url = info?.dial_session_id ? await voicemailAudioUrl(deps, ws, info.dial_session_id) : null;
      if (!url) return xml(reply, hangupOnly());
      const r = new twilio.twiml.VoiceResponse();
      r.play(url);
      r.hangup();
      return xml(reply, r.toString());
    },
  }),
];

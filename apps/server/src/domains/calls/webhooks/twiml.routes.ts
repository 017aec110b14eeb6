import twilio from 'twilio';
import type { Deps } from '../../../platform/deps.ts';
import { defineRoute } from '../../../platform/http/route.ts';
import { CONSENT_ANNOUNCEMENT, needsConsentAnnouncement } from '../../../platform/providers/telephony/twiml/consent.ts';
import { callSessionHint, verifyTwilioShaped } from './webhook.routes.ts';
import { readComplianceSettings } from '../../compliance/settings.ts';

interface CallRow { user_id: string | null; record: boolean | null; to_number: string; region: string | null }

/** What the answered call does: the consent announcement when needed, then ring the rep's browser. */
export async function outboundTwiml(deps: Deps, workspaceId: string, callSessionId: string | null): Promise<string> {
  const r = new twilio.twiml.VoiceResponse();
  const { rows } = callSessionId
    ? await deps.db.query<CallRow>(
        `SELECT cs.user_id, cs.record, cs.to_number, l.region FROM call_sessions cs LEFT JOIN leads l ON l.id = cs.lead_id WHERE cs.id = $1 AND cs.workspace_id = $2`,
        [callSessionId, workspaceId],
      )
    : { rows: [] };
  const call = rows[0];
  if (!call) {
    r.say('This call cannot be connected.');
    r.hangup();
    return r.toString();
  }
  // the announcement: where every party must consent, or on every recorded call when the workspace says so
  if (call.record && ((await readComplianceSettings(deps.db, workspaceId)).recordingConsent === 'always' || (await needsConsentAnnouncement(call.region, call.to_number)))) r.say(CONSENT_ANNOUNCEMENT);
  // the browser softphone (next issue) registers as client "user-<id>"; in the sandbox nobody needs to answer
  r.dial().client(`user-${call.user_id ?? 'unknown'}`);
  return r.toString();
}

export const twimlRoutes = [
  defineRoute({
    method: 'POST', url: '/webhooks/twilio/twiml/outbound', auth: 'public', tags: ['webhooks'], rawBody: true,
    summary: 'TwiML for an answered outbound call (?cs=<call session id>): the recording-consent announcement where the state requires it, then <Dial><Client>. Signed like every Twilio webhook; 403 otherwise.',
    handler: async ({ deps, req, reply }) => {
      // the same verification (and refusal log) as the status callbacks
      const { account } = await verifyTwilioShaped(deps, req);
      const xml = await outboundTwiml(deps, account.workspaceId, callSessionHint(req.url) ?? null);
      return reply.code(200).type('text/xml').send(xml);
    },
  }),
];

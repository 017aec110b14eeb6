import type { Deps } from '../../platform/deps.ts';
import { sendAutoSms } from './messaging.service.ts';

/** Statuses of an inbound call nobody picked up. */
const MISSED = ['no_answer', 'busy', 'canceled'];

/**
 * The auto-SMS after a missed inbound call (F10): called with the call sessions a webhook batch just
 * changed; inbound calls that ended unanswered from a known lead's number get the missed-call
 * template (sendAutoSms decides whether it is on, allowed, and not already sent within 24 h).
 */
export async function autoSmsForMissedCalls(deps: Deps, calls: { workspaceId: string; callSessionId: string }[]): Promise<number> {
  if (calls.length === 0) return 0;
  const { rows } = await deps.db.query<{ workspace_id: string; lead_id: string | null; from_number: string }>(
    `SELECT cs.workspace_id, coalesce(cs.lead_id, (
              SELECT l.id FROM leads l WHERE l.workspace_id = cs.workspace_id AND l.deleted_at IS NULL
                 AND (l.primary_phone = cs.from_number OR EXISTS (SELECT 1 FROM contacts c WHERE c.workspace_id = l.workspace_id AND c.lead_id = l.id AND cs.from_number = ANY(c.phones)))
               ORDER BY l.last_touched_at DESC NULLS LAST LIMIT 1)) AS lead_id, cs.from_number
       FROM call_sessions cs WHERE cs.id = ANY($1::uuid[]) AND cs.direction = 'inbound' AND cs.status = ANY($2::text[])`,
    [calls.map((c) => c.callSessionId), MISSED],
  );
  let sent = 0;
  for (const r of rows) {
    if (!r.lead_id) continue;
    const res = await sendAutoSms(deps, { workspaceId: r.workspace_id, leadId: r.lead_id, phone: r.from_number, reason: 'missed_call' }).catch((err: unknown) => {
      deps.log.warn({ err, workspaceId: r.workspace_id }, 'auto-SMS after a missed call failed');
      return { sent: false };
    });
    if (res.sent) sent++;
  }
  return sent;
}

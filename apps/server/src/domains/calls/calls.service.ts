import type { CallSession } from '@flywheel/contracts';
import { DIALER_EVENTS } from '@flywheel/contracts';
import { badRequest, conflict, notFound } from '../../platform/http/errors.ts';
import type { ServiceCtx } from '../../platform/http/service-ctx.ts';
import { recordActivity } from '../activities/index.ts';
import { countCallSessions, loadCallSessions, type LoadCallSessionsOptions } from './call-session.read.ts';
import { describeCallOutcome } from './call-words.ts';
import { callUpdatedPayload } from './call-events.ts';

export type CallsCtx = ServiceCtx;

export interface CallListInput {
  dialSessionId?: string;
  leadId?: string;
  userId?: 'me' | string;
  unmatched?: boolean;
  limit: number;
  offset: number;
}

export async function listCalls(ctx: CallsCtx, q: CallListInput): Promise<{ items: CallSession[]; total: number }> {
  let userId: string | undefined;
  if (q.userId === 'me') {
    if (!ctx.userId) throw badRequest('userId=me needs a signed-in user; an API key has no user. Pass a member id.', { userId: 'Pass a member id.' });
    userId = ctx.userId;
  } else userId = q.userId;
  const opts: LoadCallSessionsOptions = { dialSessionId: q.dialSessionId, leadId: q.leadId, userId, unmatched: q.unmatched, limit: q.limit, offset: q.offset };
  return ctx.tx(async (tx) => ({ items: await loadCallSessions(tx, ctx.workspaceId, opts), total: await countCallSessions(tx, ctx.workspaceId, opts) }));
}

export async function getCall(ctx: CallsCtx, id: string): Promise<CallSession> {
  const [call] = await ctx.tx((tx) => loadCallSessions(tx, ctx.workspaceId, { ids: [id] }));
  if (!call) throw notFound('Call');
  return call;
}

/**
 * Links a call no lead was matched to (an OpenPhone call placed outside a session, an inbound
 * call from an unknown number) to the lead it was with. Linking again to the same lead is a
 * no-op; a call already linked to another lead is refused (409) rather than silently moved.
 */
export async function linkCall(ctx: CallsCtx, id: string, leadId: string): Promise<CallSession> {
  return ctx.tx(async (tx) => {
    const { rows } = await tx.query<{ lead_id: string | null; status: CallSession['status']; provider_duration_seconds: number | null; amd_result: string | null; user_id: string | null; to_number: string; from_number: string; direction: string }>(
      `SELECT lead_id, status, provider_duration_seconds, amd_result, user_id, to_number, from_number, direction FROM call_sessions WHERE workspace_id = $1 AND id = $2 FOR UPDATE`,
      [ctx.workspaceId, id],
    );
    const call = rows[0];
    if (!call) throw notFound('Call');
    const lead = (await tx.query<{ id: string; name: string }>(`SELECT id, name FROM leads WHERE workspace_id = $1 AND id = $2 AND deleted_at IS NULL`, [ctx.workspaceId, leadId])).rows[0];
    if (!lead) throw badRequest('That lead does not exist in this workspace.', { leadId: 'Choose a lead of this workspace.' });
    if (call.lead_id && call.lead_id !== leadId) throw conflict('This call is already linked to another lead.');
    if (call.lead_id !== leadId) {
      await tx.query(`UPDATE call_sessions SET lead_id = $3, updated_at = now() WHERE workspace_id = $1 AND id = $2`, [ctx.workspaceId, id, leadId]);
      const remote = call.direction === 'inbound' ? call.from_number : call.to_number;
      await recordActivity(tx, {
        workspaceId: ctx.workspaceId, leadId, actorUserId: ctx.userId, actorLabel: ctx.actorLabel, kind: 'call.linked',
        summary: `Call with ${remote} linked to this lead · ${describeCallOutcome(call.status, call.provider_duration_seconds, call.amd_result)}`,
        refType: 'call_session', refId: id,
      });
    }
    const [out] = await loadCallSessions(tx, ctx.workspaceId, { ids: [id] });
    await ctx.deps.events.publish({ type: DIALER_EVENTS.callUpdated, workspaceId: ctx.workspaceId, ...(call.user_id ? { userId: call.user_id } : {}), payload: callUpdatedPayload(out) }, tx);
    return out;
  });
}

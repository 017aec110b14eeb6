import type { z } from 'zod';
import type { CallSession, PlaceCallResponse, PlaceCallSchema } from '@flywheel/contracts';
import type { Sql } from '../../db/client.ts';
import { AppError, badRequest, conflict, forbidden, notFound } from '../../platform/http/errors.ts';
import { normalizePhone } from '../../platform/normalize/phone.ts';
import { getWorkspaceAccount } from '../../platform/providers/accounts.ts';
import { isTerminalCallStatus, resolveTelephony, TelephonyError, type CallStatus } from '../../platform/providers/telephony/index.ts';
import { recordActivity } from '../activities/index.ts';
import { flagPhone, insertCallSessions, loadCallSessions } from '../calls/index.ts';
import { pickCallerId } from '../numbers/index.ts';
import { actorOf, isManager, requireUser, type WorkCtx } from '../tasks/index.ts';
import { checkDial, gateRefusal } from '../compliance/index.ts';
import { assignExperimentVariants } from '../experiments/index.ts';
import { requireSession, selectItem } from './session.repo.ts';
import { assertActive } from './session.service.ts';

type PlaceBody = z.output<typeof PlaceCallSchema>;

async function loadOneCall(tx: Sql, workspaceId: string, id: string): Promise<CallSession> {
  const [c] = await loadCallSessions(tx, workspaceId, { ids: [id] });
  if (!c) throw notFound('Call');
  return c;
}

/**
 * Call: creates a call session only (status initiated) — never an attempt (SPEC §1.1). With the
 * rep's phone app (tel:) the OpenPhone webhook later finds this row by numbers and time; with the
 * workspace's provider the call is placed after the transaction commits, so the provider's first
 * status callback (matched by ?cs=) always finds the row.
 */
export async function placeCall(ctx: WorkCtx, sessionId: string, itemId: string, body: PlaceBody): Promise<PlaceCallResponse> {
  const userId = requireUser(ctx, 'A call');
  const ws = ctx.workspaceId;
  const session = await ctx.tx((tx) => requireSession(tx, ctx, sessionId));
  const telephony = session.call_via === 'provider' ? await resolveTelephony(ctx.deps, ws).catch(providerFailure) : null;
  // resolved before the transaction: provider accounts are read over the pool, and PGlite has a single connection
  const openphone = session.call_via === 'tel' ? await getWorkspaceAccount(ctx.deps, ws, 'openphone') : null;
  // a tel: call shows the rep's OpenPhone number when configured, else the workspace's caller id
  const from = telephony?.fromNumber ?? openphone?.defaultFrom ?? (await resolveTelephony(ctx.deps, ws).catch(providerFailure)).fromNumber;
  const placed = await ctx.tx(async (tx) => {
    const s = await requireSession(tx, ctx, sessionId, { forUpdate: true });
    assertActive(s);
    const item = await selectItem(tx, ws, sessionId, itemId, { forUpdate: true });
    if (item.status !== 'pending') throw conflict(`${item.lead_name} is already ${item.status === 'called' ? 'logged' : 'skipped'} in this session.`);
    const { rows } = await tx.query<{ default_country: string; deleted_at: Date | null }>(
      `SELECT l.deleted_at, w.default_country FROM leads l JOIN workspaces w ON w.id = l.workspace_id WHERE l.workspace_id = $1 AND l.id = $2`,
      [ws, item.lead_id],
    );
    const lead = rows[0];
    if (!lead || lead.deleted_at) throw notFound('Lead');
    let phone = item.phone;
    if (body.phone) {
      const n = normalizePhone(body.phone, lead.default_country);
      if (!n.ok) throw badRequest(`That phone number is not valid: ${n.reason}.`, { phone: 'Not a valid phone number.' });
      phone = n.e164;
    }
    if (!phone) throw badRequest(`${item.lead_name} has no phone number; skip it or add one.`, { phone: 'No phone number.' });
    // the compliance gate (DNC and bad numbers, calling hours, state caps, minimum gap); a refusal is
    // returned, not thrown, so the transaction commits the logged decision
    const gate = await checkDial(tx, ctx, { leadId: item.lead_id, phone, kind: 'call', source: 'dial' });
    if (!gate.allowed) return { refused: gate };
    // local presence: a pool number near the lead when the workspace has a pool for this carrier
    const callerId = telephony ? await pickCallerId(tx, ws, phone, { provider: telephony.adapter, override: body.callerId }) : null;
    if (body.callerId && callerId?.tier !== 'override') throw badRequest(`${body.callerId} is not a usable number of this workspace's pool (missing or flagged).`, { callerId: 'Not a usable pool number.' });
    const fromUsed = callerId?.e164 ?? from;
    const now = new Date();
    const [id] = await insertCallSessions(tx, ws, [{
      provider: telephony ? telephony.adapter : 'openphone', providerCallId: null, direction: 'outbound', from: fromUsed, to: phone, status: 'initiated',
      statusHistory: [{ status: 'initiated', at: now.toISOString(), source: 'app' }], startedAt: now, leadId: item.lead_id, contactId: item.contact_id,
      userId, dialSessionId: sessionId, dialSessionItemId: itemId, record: body.record,
    }]);
    await tx.query('UPDATE dial_session_items SET call_session_id = $3 WHERE workspace_id = $1 AND id = $2', [ws, itemId, id]);
    // experiments (issue 5): the call gets its variant of each running experiment that targets the lead, in this transaction
    await assignExperimentVariants(tx, ws, { callSessionId: id, leadId: item.lead_id, userId });
    await recordActivity(tx, { ...actorOf(ctx), leadId: item.lead_id, contactId: item.contact_id, kind: 'call.placed', summary: `Call placed to ${phone}${telephony ? '' : ' (phone app)'}`, after: { via: s.call_via, record: body.record }, refType: 'call_session', refId: id });
    return { id, phone, from: fromUsed, leadId: item.lead_id };
  });
  if (placed.refused) throw gateRefusal(placed.refused);

  if (telephony) {
    const base = ctx.deps.config.publicUrl;
    try {
      const r = await telephony.port.placeCall({
        workspaceId: ws, callSessionId: placed.id, from: placed.from, to: placed.phone,
        instructionsUrl: `${base}/webhooks/twilio/twiml/outbound?cs=${placed.id}`, statusCallbackUrl: `${base}/webhooks/twilio/voice?cs=${placed.id}`,
        record: body.record, machineDetection: 'off', ringTimeoutSeconds: 25,
      });
      // the status webhook may have set it already (matched by ?cs=); never overwrite
      await ctx.tx((tx) => tx.query('UPDATE call_sessions SET provider_call_id = $3, updated_at = now() WHERE workspace_id = $1 AND id = $2 AND provider_call_id IS NULL', [ws, placed.id, r.providerCallId]));
    } catch (err) {
      await ctx.tx(async (tx) => {
        await markFailed(tx, ws, placed.id);
        if (err instanceof TelephonyError && err.isBadNumber) {
          await flagPhone(tx, { workspaceId: ctx.workspaceId, phone: placed.phone, kind: 'bad_number', reason: err.message, leadId: placed.leadId, createdBy: ctx.userId });
          await recordActivity(tx, { ...actorOf(ctx), leadId: placed.leadId, kind: 'phone.flagged', summary: `${placed.phone} flagged as a bad number: ${err.message}`, refType: 'call_session', refId: placed.id });
        }
      });
      providerFailure(err);
    }
  }
  return ctx.tx(async (tx) => ({ callSession: await loadOneCall(tx, ws, placed.id), telUri: telephony ? null : `tel:${placed.phone}` }));
}

/** A provider error becomes 502 with the provider's own words; anything else is ours. */
function providerFailure(err: unknown): never {
  if (err instanceof TelephonyError) throw new AppError(err.code === 'not_configured' ? 409 : 502, 'provider_error', err.message);
  throw err;
}

async function markFailed(tx: Sql, workspaceId: string, id: string) {
  await tx.query(
    `UPDATE call_sessions SET status = 'failed', ended_at = now(), updated_at = now(),
            status_history = status_history || jsonb_build_array(jsonb_build_object('status', 'failed', 'at', now(), 'source', 'app'))
      WHERE workspace_id = $1 AND id = $2 AND status = 'initiated'`,
    [workspaceId, id],
  );
}

/** Hang up a call placed through the workspace's provider; the provider's callback records the end. */
export async function hangupCall(ctx: WorkCtx, callSessionId: string): Promise<CallSession> {
  const ws = ctx.workspaceId;
  const row = await ctx.tx(async (tx) => {
    const { rows } = await tx.query<{ user_id: string | null; provider: string; provider_call_id: string | null; status: CallStatus }>(
      'SELECT user_id, provider, provider_call_id, status FROM call_sessions WHERE workspace_id = $1 AND id = $2',
      [ws, callSessionId],
    );
    const r = rows[0];
    if (!r) throw notFound('Call');
    if (r.user_id !== ctx.userId && !isManager(ctx)) throw forbidden("This is another rep's call.");
    return r;
  });
  if (!isTerminalCallStatus(row.status)) {
    if (row.provider === 'openphone') throw conflict('This call runs in your phone app; hang up there.');
    if (row.provider_call_id) {
      const t = await resolveTelephony(ctx.deps, ws).catch(providerFailure);
      await t.port.hangup(row.provider_call_id).catch(providerFailure);
    } else {
      // the provider never accepted it: nothing to hang up, the call simply did not happen
      await ctx.tx((tx) => markFailed(tx, ws, callSessionId));
    }
  }
  return ctx.tx((tx) => loadOneCall(tx, ws, callSessionId));
}

import type { z } from 'zod';
import { POWER_EVENTS, PowerConfigSchema, type PowerLine, type PowerRep, type PowerSessionListItem, type PowerSessionState, type StartPowerSessionSchema, type UpdatePowerConfigSchema } from '@flywheel/contracts';
import type { Sql } from '../../db/client.ts';
import { AppError, conflict, forbidden, notFound } from '../../platform/http/errors.ts';
import { isManager, requireUser, type WorkCtx } from '../tasks/index.ts';
import { startSession } from '../dialer/session.service.ts';
import { advancePowerSession } from './driver.ts';
import { configOf, selectPowerSession, type PowerSessionRow } from './power.repo.ts';
import { advanceOptions } from './hooks.ts';
import { reportSpam } from '../numbers/index.ts';

type StartBody = z.output<typeof StartPowerSessionSchema>;
type ConfigPatch = z.output<typeof UpdatePowerConfigSchema>;

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);
const statusOf = (s: PowerSessionRow): PowerSessionState['status'] => (s.status === 'ended' ? 'ended' : s.power_state === 'paused' ? 'paused' : 'running');

/** Starts a power session: the mode's snapshot becomes the engine's queue, the rep its first line holder. */
export async function startPowerSession(ctx: WorkCtx, body: StartBody): Promise<PowerSessionState> {
  const userId = requireUser(ctx, 'A power session');
  const created = await startSession(ctx, { mode: body.mode, custom: body.custom, filters: body.filters, limit: body.limit, callVia: 'provider' }, async (tx, id) => {
    await tx.query(
      `UPDATE dial_sessions SET kind = 'power', power_config = $3::jsonb, shared = $4, name = $5, power_state = 'running', dial_level = 1 WHERE workspace_id = $1 AND id = $2`,
      [ctx.workspaceId, id, JSON.stringify(body.config), body.shared, body.name ?? null],
    );
    await tx.query(`UPDATE dial_session_items SET power_state = 'queued', power_order = position WHERE workspace_id = $1 AND dial_session_id = $2 AND status = 'pending'`, [ctx.workspaceId, id]);
    // a rep works one campaign at a time
    await tx.query(`UPDATE power_reps SET state = 'left', state_since = now() WHERE workspace_id = $1 AND user_id = $2 AND state <> 'left'`, [ctx.workspaceId, userId]);
    await tx.query(`INSERT INTO power_reps (dial_session_id, user_id, workspace_id) VALUES ($1, $2, $3)`, [id, userId, ctx.workspaceId]);
  });
  await advancePowerSession(ctx.deps, ctx.workspaceId, created.id, advanceOptions(ctx.deps));
  return getPowerState(ctx, created.id);
}

async function requirePower(tx: Sql, ctx: WorkCtx, id: string, opts: { join?: boolean } = {}): Promise<PowerSessionRow> {
  const s = await selectPowerSession(tx, ctx.workspaceId, id);
  if (!s) throw notFound('Power session');
  if (s.user_id === ctx.userId || isManager(ctx)) return s;
  if (opts.join && s.shared) return s;
  const r = await tx.query(`SELECT 1 FROM power_reps WHERE workspace_id = $1 AND dial_session_id = $2 AND user_id = $3`, [ctx.workspaceId, id, ctx.userId]);
  if (!r.rows.length) throw forbidden(s.shared ? 'Join this campaign first.' : "This is another rep's power session.");
  return s;
}

export async function getPowerState(ctx: WorkCtx, id: string): Promise<PowerSessionState> {
  return ctx.tx(async (tx) => {
    const s = await requirePower(tx, ctx, id, { join: true });
    const ws = ctx.workspaceId;
    const reps = (await tx.query<{ user_id: string; name: string; state: PowerRep['state']; state_since: Date; call_session_id: string | null }>(
      `SELECT r.user_id, coalesce(nullif(u.name, ''), u.email) AS name, r.state, r.state_since, r.call_session_id
         FROM power_reps r JOIN users u ON u.id = r.user_id WHERE r.workspace_id = $1 AND r.dial_session_id = $2 ORDER BY r.joined_at, r.user_id`,
      [ws, id],
    )).rows.map((r): PowerRep => ({ userId: r.user_id, name: r.name, state: r.state, since: r.state_since.toISOString(), callSessionId: r.call_session_id }));
    const lineRows = (await tx.query<{ call_session_id: string; item_id: string; lead_id: string; lead_name: string; phone: string; state: PowerLine['state']; outcome: PowerLine['outcome']; attempt_no: number; user_id: string | null; placed_at: Date; answered_at: Date | null; ended_at: Date | null }>(
      `(SELECT pl.call_session_id, pl.item_id, i.lead_id, l.name AS lead_name, cs.to_number AS phone, pl.state, pl.outcome, pl.attempt_no, pl.user_id, pl.placed_at, pl.answered_at, pl.ended_at
          FROM power_lines pl JOIN dial_session_items i ON i.id = pl.item_id JOIN leads l ON l.id = i.lead_id JOIN call_sessions cs ON cs.id = pl.call_session_id
         WHERE pl.workspace_id = $1 AND pl.dial_session_id = $2 AND pl.state <> 'ended')
       UNION ALL
       (SELECT pl.call_session_id, pl.item_id, i.lead_id, l.name, cs.to_number, pl.state, pl.outcome, pl.attempt_no, pl.user_id, pl.placed_at, pl.answered_at, pl.ended_at
          FROM power_lines pl JOIN dial_session_items i ON i.id = pl.item_id JOIN leads l ON l.id = i.lead_id JOIN call_sessions cs ON cs.id = pl.call_session_id
         WHERE pl.workspace_id = $1 AND pl.dial_session_id = $2 AND pl.state = 'ended' ORDER BY pl.ended_at DESC NULLS LAST LIMIT 8)`,
      [ws, id],
    )).rows;
    const toLine = (r: (typeof lineRows)[number]): PowerLine => ({
      callSessionId: r.call_session_id, itemId: r.item_id, leadId: r.lead_id, leadName: r.lead_name, phone: r.phone, state: r.state, outcome: r.outcome,
      attemptNo: r.attempt_no, userId: r.user_id, placedAt: r.placed_at.toISOString(), answeredAt: iso(r.answered_at), endedAt: iso(r.ended_at),
    });
    const me = reps.find((r) => r.userId === ctx.userId) ?? null;
    let currentItemId: string | null = null;
    if (me?.callSessionId) {
      const it = await tx.query<{ item_id: string }>('SELECT item_id FROM power_lines WHERE workspace_id = $1 AND call_session_id = $2', [ws, me.callSessionId]);
      currentItemId = it.rows[0]?.item_id ?? null;
    }
    const next = (await tx.query<{ id: string; lead_name: string; phone: string | null; reason: string; power_attempts: number; power_state: string }>(
      `SELECT i.id, l.name AS lead_name, i.phone, i.reason, i.power_attempts, i.power_state FROM dial_session_items i JOIN leads l ON l.id = i.lead_id
        WHERE i.workspace_id = $1 AND i.dial_session_id = $2 AND i.power_state IN ('queued', 'redial') AND i.status = 'pending'
        ORDER BY (i.ready_at IS NOT NULL AND i.ready_at > now()), i.power_order, i.position, i.id LIMIT 5`,
      [ws, id],
    )).rows.map((r) => ({ itemId: r.id, leadName: r.lead_name, phone: r.phone, reason: r.reason, attempts: r.power_attempts, redial: r.power_state === 'redial' }));
    const st = (await tx.query<{ calls: number; connects: number; voicemails: number; talk: number; first_at: Date | null; live30: number; ab30: number; q: number; rd: number; dl: number; dn: number; ex: number; dead: number; bl: number }>(
      `SELECT
         -- a line released while ringing is not a call, unless the person had already picked up (a race the provider reports as answered)
         (SELECT count(*)::int FROM power_lines pl JOIN call_sessions cs ON cs.id = pl.call_session_id WHERE pl.workspace_id = $1 AND pl.dial_session_id = $2 AND (pl.outcome IS DISTINCT FROM 'canceled_before_answer' OR cs.answered_at IS NOT NULL)) AS calls,
         (SELECT count(*)::int FROM power_lines WHERE workspace_id = $1 AND dial_session_id = $2 AND outcome = 'bridged') AS connects,
         (SELECT count(*)::int FROM power_lines WHERE workspace_id = $1 AND dial_session_id = $2 AND outcome = 'voicemail_dropped') AS voicemails,
         (SELECT coalesce(sum(cs.provider_duration_seconds), 0)::int FROM power_lines pl JOIN call_sessions cs ON cs.id = pl.call_session_id WHERE pl.workspace_id = $1 AND pl.dial_session_id = $2 AND pl.outcome = 'bridged') AS talk,
         (SELECT min(placed_at) FROM power_lines WHERE workspace_id = $1 AND dial_session_id = $2) AS first_at,
         (SELECT count(*)::int FROM power_lines WHERE workspace_id = $1 AND dial_session_id = $2 AND live_answered AND answered_at > now() - interval '30 days') AS live30,
         (SELECT count(*)::int FROM power_lines WHERE workspace_id = $1 AND dial_session_id = $2 AND live_answered AND outcome = 'abandoned' AND answered_at > now() - interval '30 days') AS ab30,
         count(*) FILTER (WHERE i.power_state = 'queued')::int AS q, count(*) FILTER (WHERE i.power_state = 'redial')::int AS rd, count(*) FILTER (WHERE i.power_state = 'dialing')::int AS dl,
         count(*) FILTER (WHERE i.power_state = 'done')::int AS dn, count(*) FILTER (WHERE i.power_state = 'exhausted')::int AS ex, count(*) FILTER (WHERE i.power_state = 'dead')::int AS dead,
         count(*) FILTER (WHERE i.power_state = 'blocked')::int AS bl
       FROM dial_session_items i WHERE i.workspace_id = $1 AND i.dial_session_id = $2`,
      [ws, id],
    )).rows[0];
    const hours = st.first_at ? Math.max((Date.now() - st.first_at.getTime()) / 3_600_000, 1 / 60) : 0;
    const cfg = configOf(s);
    return {
      id: s.id, name: s.name ?? String(s.preset_snapshot.label ?? 'Power session'), ownerId: s.user_id, shared: s.shared, status: statusOf(s), startedAt: s.started_at.toISOString(),
      config: cfg, reps, lines: lineRows.filter((r) => r.state !== 'ended').map(toLine), recent: lineRows.filter((r) => r.state === 'ended').map(toLine), me, currentItemId, next,
      stats: {
        calls: st.calls, connects: st.connects, connectRate: st.calls ? st.connects / st.calls : 0, talkSeconds: st.talk, callsPerHour: hours ? Math.round((st.calls / hours) * 10) / 10 : 0, voicemails: st.voicemails,
        abandoned30d: st.ab30, liveAnswered30d: st.live30, abandonRate30d: st.live30 ? st.ab30 / st.live30 : 0, abandonCap: 0.03, dialLevel: s.dial_level ?? 1, pacingReason: s.pacing_reason,
        queue: { queued: st.q, redial: st.rd, dialing: st.dl, done: st.dn, exhausted: st.ex, dead: st.dead, blocked: st.bl },
      },
    };
  });
}

export async function listPowerSessions(ctx: WorkCtx): Promise<{ items: PowerSessionListItem[] }> {
  return ctx.tx(async (tx) => {
    const { rows } = await tx.query<PowerSessionRow & { owner_name: string; reps: number; joined: boolean }>(
      `SELECT s.id, s.workspace_id, s.user_id, s.status, s.power_state, s.power_config, s.shared, s.name, s.dial_level, s.pacing_reason, s.preset_snapshot, s.started_at, s.ended_at,
              coalesce(nullif(u.name, ''), u.email) AS owner_name,
              (SELECT count(*)::int FROM power_reps r WHERE r.dial_session_id = s.id AND r.state <> 'left') AS reps,
              EXISTS (SELECT 1 FROM power_reps r WHERE r.dial_session_id = s.id AND r.user_id = $2 AND r.state <> 'left') AS joined
         FROM dial_sessions s JOIN users u ON u.id = s.user_id
        WHERE s.workspace_id = $1 AND s.kind = 'power' AND s.status = 'active' AND (s.shared OR s.user_id = $2 OR $3)
        ORDER BY s.started_at DESC LIMIT 50`,
      [ctx.workspaceId, ctx.userId, isManager(ctx)],
    );
    return { items: rows.map((r) => ({ id: r.id, name: r.name ?? String(r.preset_snapshot.label ?? 'Power session'), ownerId: r.user_id, ownerName: r.owner_name, shared: r.shared, status: statusOf(r), startedAt: r.started_at.toISOString(), reps: r.reps, joined: r.joined })) };
  });
}

async function mutate(ctx: WorkCtx, id: string, fn: (tx: Sql, s: PowerSessionRow) => Promise<void>, opts: { join?: boolean } = {}): Promise<PowerSessionState> {
  await ctx.tx(async (tx) => {
    const s = await requirePower(tx, ctx, id, opts);
    await tx.query(`SELECT 1 FROM dial_sessions WHERE workspace_id = $1 AND id = $2 FOR UPDATE`, [ctx.workspaceId, id]);
    await fn(tx, s);
    await ctx.deps.events.publish({ type: POWER_EVENTS.updated, workspaceId: ctx.workspaceId, payload: { sessionId: id } }, tx);
  });
  await advancePowerSession(ctx.deps, ctx.workspaceId, id, advanceOptions(ctx.deps));
  return getPowerState(ctx, id);
}

const assertActive = (s: PowerSessionRow) => {
  if (s.status === 'ended') throw conflict('This power session has ended.');
};

/** Pause stops new calls (lines already ringing play out); resume starts dialing again. */
export function setRunning(ctx: WorkCtx, id: string, running: boolean) {
  return mutate(ctx, id, async (tx, s) => {
    assertActive(s);
    await tx.query(`UPDATE dial_sessions SET power_state = $3 WHERE workspace_id = $1 AND id = $2`, [ctx.workspaceId, id, running ? 'running' : 'paused']);
  });
}

export function endPowerSession(ctx: WorkCtx, id: string) {
  return mutate(ctx, id, async (tx) => {
    await tx.query(`UPDATE dial_sessions SET status = 'ended', ended_at = coalesce(ended_at, now()), power_state = NULL, wake_at = NULL WHERE workspace_id = $1 AND id = $2`, [ctx.workspaceId, id]);
    await tx.query(`UPDATE power_reps SET state = 'left', state_since = now() WHERE workspace_id = $1 AND dial_session_id = $2 AND state <> 'left'`, [ctx.workspaceId, id]);
    await tx.query(`UPDATE dial_session_items SET power_state = CASE WHEN power_state IN ('queued', 'redial') THEN NULL ELSE power_state END WHERE workspace_id = $1 AND dial_session_id = $2`, [ctx.workspaceId, id]);
  });
}

/** The rep is ready for the next call (after the disposition), or takes a break. */
export function setRepState(ctx: WorkCtx, id: string, state: 'available' | 'paused') {
  const userId = requireUser(ctx, 'A power session');
  return mutate(ctx, id, async (tx, s) => {
    assertActive(s);
    const { rows } = await tx.query<{ state: string }>(`SELECT state FROM power_reps WHERE workspace_id = $1 AND dial_session_id = $2 AND user_id = $3`, [ctx.workspaceId, id, userId]);
    const cur = rows[0];
    if (!cur || cur.state === 'left') throw conflict('You are not taking calls from this session.');
    if (cur.state === 'talking') throw new AppError(409, 'on_call', 'You are on a call: hang up first.');
    await tx.query(`UPDATE power_reps SET state = $4, state_since = now(), call_session_id = CASE WHEN $4 = 'available' THEN NULL ELSE call_session_id END WHERE workspace_id = $1 AND dial_session_id = $2 AND user_id = $3`, [ctx.workspaceId, id, userId, state]);
  });
}

/** Another rep joins a shared campaign: their lines pool over its queue. */
export function joinPowerSession(ctx: WorkCtx, id: string) {
  const userId = requireUser(ctx, 'A power session');
  return mutate(ctx, id, async (tx, s) => {
    assertActive(s);
    if (!s.shared && s.user_id !== userId) throw forbidden('This session is not shared.');
    await tx.query(`UPDATE power_reps SET state = 'left', state_since = now() WHERE workspace_id = $1 AND user_id = $2 AND dial_session_id <> $3 AND state <> 'left'`, [ctx.workspaceId, userId, id]);
    await tx.query(
      `INSERT INTO power_reps (dial_session_id, user_id, workspace_id) VALUES ($1, $2, $3)
       ON CONFLICT (dial_session_id, user_id) DO UPDATE SET state = CASE WHEN power_reps.state = 'left' THEN 'available' ELSE power_reps.state END, state_since = now()`,
      [id, userId, ctx.workspaceId],
    );
  }, { join: true });
}

export function leavePowerSession(ctx: WorkCtx, id: string) {
  const userId = requireUser(ctx, 'A power session');
  return mutate(ctx, id, async (tx) => {
    const { rows } = await tx.query<{ state: string }>(`SELECT state FROM power_reps WHERE workspace_id = $1 AND dial_session_id = $2 AND user_id = $3`, [ctx.workspaceId, id, userId]);
    if (rows[0]?.state === 'talking') throw new AppError(409, 'on_call', 'You are on a call: hang up first.');
    await tx.query(`UPDATE power_reps SET state = 'left', state_since = now() WHERE workspace_id = $1 AND dial_session_id = $2 AND user_id = $3`, [ctx.workspaceId, id, userId]);
  });
}

export function updatePowerConfig(ctx: WorkCtx, id: string, patch: ConfigPatch) {
  return mutate(ctx, id, async (tx, s) => {
    assertActive(s);
    if (s.user_id !== ctx.userId && !isManager(ctx)) throw forbidden('Only the owner or a manager changes the configuration.');
    const next = PowerConfigSchema.parse({ ...configOf(s), ...patch });
    await tx.query(`UPDATE dial_sessions SET power_config = $3::jsonb WHERE workspace_id = $1 AND id = $2`, [ctx.workspaceId, id, JSON.stringify(next)]);
  });
}

/**
 * The person on the line says our number shows up as spam: counted on that pool number (the health
 * check weighs reps' reports), with who reported it and for which call.
 */
export async function reportCallerIdSpam(ctx: WorkCtx, id: string, callSessionId: string): Promise<{ number: string; spamReportsByReps: number }> {
  requireUser(ctx, 'A spam report');
  return ctx.tx(async (tx) => {
    await requirePower(tx, ctx, id);
    const { rows } = await tx.query<{ from_number: string; lead_name: string | null; number_id: string | null }>(
      `SELECT cs.from_number, l.name AS lead_name, pn.id AS number_id
         FROM power_lines pl JOIN call_sessions cs ON cs.id = pl.call_session_id LEFT JOIN leads l ON l.id = cs.lead_id
         LEFT JOIN phone_numbers pn ON pn.workspace_id = cs.workspace_id AND pn.e164 = cs.from_number
        WHERE pl.workspace_id = $1 AND pl.dial_session_id = $2 AND pl.call_session_id = $3`,
      [ctx.workspaceId, id, callSessionId],
    );
    const r = rows[0];
    if (!r) throw notFound('Call');
    if (!r.number_id) throw conflict(`${r.from_number} is not in the workspace's number pool (Settings → Numbers), so there is nothing to flag.`);
    await reportSpam(tx, ctx.workspaceId, r.number_id, ctx.userId, `Reported during a call${r.lead_name ? ` with ${r.lead_name}` : ''}`.slice(0, 500));
    const n = await tx.query<{ n: number }>('SELECT spam_reports_by_reps AS n FROM phone_numbers WHERE workspace_id = $1 AND id = $2', [ctx.workspaceId, r.number_id]);
    return { number: r.from_number, spamReportsByReps: n.rows[0]?.n ?? 0 };
  });
}

import type { z } from 'zod';
import { DIAL_MODE_LABELS, DIAL_MODES, type DialFilters, type DialModeCount, type DialSession, type DialSessionListQuerySchema, type SessionSummary, type StartSessionSchema } from '@flywheel/contracts';
import type { Sql } from '../../db/client.ts';
import { AppError, conflict } from '../../platform/http/errors.ts';
import { SqlParams } from '../leads/lead-filters.ts';
import { toIso } from '../leads/lead.mapper.ts';
import { requireUser, resolveOwnerFilter, workspaceClock, type WorkCtx } from '../tasks/index.ts';
import { buildModeCounts, buildModeQuery } from './modes.ts';
import { bindUsed, reasonSql, withCtes } from './reasons.ts';
import { loadSession, requireSession, sessionLabel, selectItems, toDialSession, type SessionRow } from './session.repo.ts';
import { preferBestWindows } from '../dashboard/index.ts';

type StartBody = z.output<typeof StartSessionSchema>;
type ListQuery = z.output<typeof DialSessionListQuerySchema>;

const DESCRIPTIONS: Record<(typeof DIAL_MODES)[number], string> = {
  new: 'Never called, still open — oldest first',
  followups: 'Tasks due today or overdue — overdue first, then priority',
  interested: 'Showed interest or set a meeting — tasks due first, then most recent',
  nurture: 'Not now for money or timing, in Nurture, or with a nurture task',
  callbacks: 'Callbacks due now or overdue',
  custom: 'A saved view, a stage or filters',
};

/** Live count per mode (the session-setup cards), all in one statement; Custom counts every callable lead under the filters. */
export function getModes(ctx: WorkCtx, filters: DialFilters): Promise<{ modes: DialModeCount[] }> {
  return ctx.tx(async (tx) => {
    const clock = await workspaceClock(tx, ctx.workspaceId);
    const p = new SqlParams();
    const stmt = bindUsed(await buildModeCounts(ctx, tx, p, clock, filters), p.values);
    const { rows } = await tx.query<Record<(typeof DIAL_MODES)[number], number>>(stmt.text, stmt.values);
    const counts = rows[0];
    return { modes: DIAL_MODES.map((mode) => ({ mode, label: DIAL_MODE_LABELS[mode], description: DESCRIPTIONS[mode], count: Number(counts[mode]) })) };
  });
}

/**
 * Starts a session: the queue is frozen into dial_session_items by one INSERT … SELECT (the mode's
 * pick, limited, with its reasons, contacts and phones), so what the rep sees never moves under
 * them (SPEC §1.7). A rep has one active session; starting another ends the previous one.
 */
export function startSession(ctx: WorkCtx, body: StartBody, extend?: (tx: Sql, sessionId: string) => Promise<void>): Promise<DialSession> {
  const userId = requireUser(ctx, 'A dial session');
  return ctx.tx(async (tx) => {
    const clock = await workspaceClock(tx, ctx.workspaceId);
    const p = new SqlParams();
    const q = await buildModeQuery(ctx, tx, p, clock, { mode: body.mode, custom: body.custom, filters: body.filters });
    await tx.query(`UPDATE dial_sessions SET status = 'ended', ended_at = now(), updated_at = now() WHERE workspace_id = $1 AND user_id = $2 AND status = 'active'`, [ctx.workspaceId, userId]);
    const { rows } = await tx.query<{ id: string }>(
      `INSERT INTO dial_sessions (workspace_id, user_id, mode, source, filters, preset_snapshot, call_via) VALUES ($1, $2, $3, $4::jsonb, $5::jsonb, $6::jsonb, $7) RETURNING id`,
      [ctx.workspaceId, userId, body.mode, JSON.stringify(body.custom ?? {}), JSON.stringify(body.filters), JSON.stringify({ label: q.label, builtAt: clock.now.toISO(), limit: body.limit, timezone: clock.tz }), body.callVia],
    );
    const sessionId = rows[0].id;
    const ws = p.add(ctx.workspaceId);
    const sid = p.add(sessionId);
    const limit = p.add(body.limit);
    const reason = reasonSql(q, p, clock);
    const insert = bindUsed(
      `${withCtes(q.withClause, `picked AS (SELECT q.lead_id, q.task_id, q.source, row_number() OVER () AS ord FROM (${q.pick} LIMIT ${limit}) q)`)}
       INSERT INTO dial_session_items (workspace_id, dial_session_id, lead_id, contact_id, phone, position, source, reason, task_id)
       SELECT ${ws}, ${sid}, pk.lead_id, coalesce(t.contact_id, pc.id), coalesce(tc.phones[1], l.primary_phone), pk.ord, pk.source, ${reason}, pk.task_id
         FROM picked pk
         JOIN leads l ON l.id = pk.lead_id
         LEFT JOIN tasks t ON t.id = pk.task_id
         LEFT JOIN contacts tc ON tc.id = t.contact_id
         LEFT JOIN pipeline_stages ps ON ps.workspace_id = l.workspace_id AND ps.key = l.stage
         LEFT JOIN LATERAL (SELECT c.id FROM contacts c WHERE c.workspace_id = ${ws} AND c.lead_id = l.id ORDER BY c.is_primary DESC, c.created_at, c.id LIMIT 1) pc ON true`,
      p.values,
    );
    const inserted = await tx.query(insert.text, insert.values);
    if (!inserted.rowCount) throw new AppError(422, 'empty_queue', `Nothing to call in ${q.label} right now${Object.keys(body.filters).length ? ' with these filters' : ''}.`);
    await tx.query('UPDATE dial_sessions SET item_count = $3 WHERE workspace_id = $1 AND id = $2', [ctx.workspaceId, sessionId, inserted.rowCount]);
    // leads whose best window (their time zone's connect rates, enough calls) is now go first
    if (body.mode === 'new' || body.mode === 'followups' || body.mode === 'interested' || body.mode === 'nurture') await preferBestWindows(tx, ctx.workspaceId, sessionId);
    // a power session turns the same snapshot into the engine's queue, in the same transaction
    if (extend) await extend(tx, sessionId);
    return loadSession(tx, ctx, sessionId);
  });
}

export function getSession(ctx: WorkCtx, id: string): Promise<DialSession> {
  return ctx.tx((tx) => loadSession(tx, ctx, id));
}

export function listSessions(ctx: WorkCtx, q: ListQuery) {
  return ctx.tx(async (tx) => {
    const owner = resolveOwnerFilter(ctx, q.user, 'me');
    const { rows } = await tx.query<SessionRow & { total: number; pending: number; called: number; skipped: number; current_item_id: string | null }>(
      `SELECT s.id, s.user_id, s.mode, s.call_via, s.status, s.preset_snapshot, s.started_at, s.ended_at, c.*
         FROM dial_sessions s
         CROSS JOIN LATERAL (
           SELECT count(*)::int AS total, count(*) FILTER (WHERE i.status = 'pending')::int AS pending,
                  count(*) FILTER (WHERE i.status = 'called')::int AS called, count(*) FILTER (WHERE i.status = 'skipped')::int AS skipped,
                  (SELECT i2.id FROM dial_session_items i2 WHERE i2.dial_session_id = s.id AND i2.status = 'pending' ORDER BY i2.position, i2.id LIMIT 1) AS current_item_id
             FROM dial_session_items i WHERE i.dial_session_id = s.id
         ) c
        WHERE s.workspace_id = $1 AND ($2::uuid IS NULL OR s.user_id = $2::uuid) AND ($3::text IS NULL OR s.status = $3::text)
        ORDER BY s.started_at DESC LIMIT $4`,
      [ctx.workspaceId, owner.kind === 'user' ? owner.id : null, q.status ?? null, q.limit],
    );
    return {
      items: rows.map((r) => {
        const { items: _items, ...rest } = toDialSession(r, []);
        return { ...rest, counts: { total: r.total, pending: r.pending, called: r.called, skipped: r.skipped }, currentItemId: r.current_item_id };
      }),
    };
  });
}

export function endSession(ctx: WorkCtx, id: string): Promise<SessionSummary> {
  return ctx.tx(async (tx) => {
    await requireSession(tx, ctx, id, { forUpdate: true });
    await tx.query(`UPDATE dial_sessions SET status = 'ended', ended_at = coalesce(ended_at, now()), updated_at = now() WHERE workspace_id = $1 AND id = $2`, [ctx.workspaceId, id]);
    return buildSummary(tx, ctx, id);
  });
}

export function getSummary(ctx: WorkCtx, id: string): Promise<SessionSummary> {
  return ctx.tx((tx) => buildSummary(tx, ctx, id));
}

/** Attempts come from logged dispositions; talk time only from provider-reported durations (SPEC §1.1, §1.2). */
async function buildSummary(tx: Sql, ctx: WorkCtx, id: string): Promise<SessionSummary> {
  const s = await requireSession(tx, ctx, id);
  const items = await selectItems(tx, ctx.workspaceId, id);
  const calls = await tx.query<{ calls: number; talk: number; pending: number }>(
    `SELECT count(*)::int AS calls, coalesce(sum(provider_duration_seconds), 0)::int AS talk,
            count(*) FILTER (WHERE provider_duration_seconds IS NULL AND status NOT IN ('failed', 'canceled'))::int AS pending
       FROM call_sessions WHERE workspace_id = $1 AND dial_session_id = $2`,
    [ctx.workspaceId, id],
  );
  const disp = await tx.query<{ key: string; label: string; n: number; connects: number; dm: number }>(
    `SELECT d.key, d.label, count(*)::int AS n, count(*) FILTER (WHERE d.counts_as_connect)::int AS connects,
            count(*) FILTER (WHERE d.counts_as_dm OR a.dm_reached)::int AS dm
       FROM dial_session_items i JOIN attempts a ON a.id = i.attempt_id JOIN dispositions d ON d.workspace_id = a.workspace_id AND d.key = a.disposition_key
      WHERE i.workspace_id = $1 AND i.dial_session_id = $2 GROUP BY d.key, d.label, d.position ORDER BY d.position`,
    [ctx.workspaceId, id],
  );
  const sum = (f: (r: (typeof disp.rows)[number]) => number) => disp.rows.reduce((a, r) => a + Number(f(r)), 0);
  const c = calls.rows[0];
  return {
    sessionId: s.id, mode: s.mode, label: sessionLabel(s), startedAt: toIso(s.started_at), endedAt: toIso(s.ended_at),
    items: { total: items.length, called: items.filter((i) => i.status === 'called').length, skipped: items.filter((i) => i.status === 'skipped').length, pending: items.filter((i) => i.status === 'pending').length },
    calls: Number(c.calls), attempts: sum((r) => r.n), connects: sum((r) => r.connects), dmReached: sum((r) => r.dm),
    talkSeconds: Number(c.talk), durationsPending: Number(c.pending),
    dispositions: disp.rows.map((r) => ({ key: r.key, label: r.label, count: Number(r.n) })),
  };
}

/** 409 unless the session still takes calls and dispositions. */
export function assertActive(s: SessionRow) {
  if (s.status !== 'active') throw conflict('This dial session has ended; start a new one to keep calling.');
}

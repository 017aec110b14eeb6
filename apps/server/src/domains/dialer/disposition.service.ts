import type { z } from 'zod';
import type { LogDispositionResponse, LogDispositionSchema } from '@flywheel/contracts';
import type { Sql } from '../../db/client.ts';
import { AppError, badRequest } from '../../platform/http/errors.ts';
import { recordActivity } from '../activities/index.ts';
import { flagPhone, insertAttempts, listDispositions, type Disposition } from '../calls/index.ts';
import { afterTaskChange, applyTransition, formatLocal, insertTask, requireUser, selectTasksByIds, workspaceClock, actorOf, type WorkCtx, type WorkspaceClock } from '../tasks/index.ts';
import { experimentOutcomeLogged } from '../experiments/index.ts';
import { nextPendingItemId, requireSession, selectItem, type ItemRow } from './session.repo.ts';
import { assertActive } from './session.service.ts';

type LogBody = z.output<typeof LogDispositionSchema>;

/**
 * Logging: the only place an attempt is created (SPEC §1.1). One transaction writes the attempt
 * (linked to the item's latest call), marks the item called, applies the disposition's configured
 * effects with an activity row each, completes the task the item came from, and answers with the
 * next pending item.
 */
export async function logDisposition(ctx: WorkCtx, sessionId: string, itemId: string, body: LogBody): Promise<LogDispositionResponse> {
  const userId = requireUser(ctx, 'Logging an outcome');
  const ws = ctx.workspaceId;
  let loggedCall: string | null = null;
  const res = await ctx.tx(async (tx) => {
    const s = await requireSession(tx, ctx, sessionId, { forUpdate: true });
    assertActive(s);
    const item = await selectItem(tx, ws, sessionId, itemId, { forUpdate: true });
    if (item.attempt_id) throw new AppError(409, 'already_logged', `${item.lead_name} is already logged in this session.`, { attemptId: item.attempt_id });
    if (item.status === 'skipped') throw new AppError(409, 'skipped', `${item.lead_name} was skipped in this session.`);
    const d = (await listDispositions(tx, ws)).find((x) => x.key === body.dispositionKey);
    if (!d) throw badRequest(`There is no outcome "${body.dispositionKey}".`, { dispositionKey: 'Unknown outcome.' });
    if (d.key === 'not_interested' && !body.notInterestedReason) throw badRequest('Say why they are not interested (money, timing, need, authority, competitor or other).', { notInterestedReason: 'Required for Not interested.' });
    const ct = d.effects.create_task;
    if (ct?.ask_due && !body.taskDueAt) throw badRequest(`${d.label} needs a date and time for the ${ct.kind === 'callback' ? 'callback' : 'follow-up'}.`, { taskDueAt: 'Pick a date and time.' });

    const clock = await workspaceClock(tx, ws);
    // the call this outcome belongs to: the item's latest call session without an outcome yet
    const call = await tx.query<{ id: string }>(
      `SELECT c.id FROM call_sessions c WHERE c.workspace_id = $1 AND c.dial_session_item_id = $2
          AND NOT EXISTS (SELECT 1 FROM attempts a WHERE a.call_session_id = c.id) ORDER BY c.started_at DESC, c.id LIMIT 1`,
      [ws, itemId],
    );
    const callSessionId = call.rows[0]?.id ?? null;
    loggedCall = callSessionId;
    const [attemptId] = await insertAttempts(tx, ws, [{
      callSessionId, leadId: item.lead_id, contactId: item.contact_id, userId, dispositionKey: d.key, dmReached: body.dmReached ?? d.countsAsDm,
      notes: body.notes, objectionTags: body.objectionTags, notInterestedReason: d.key === 'not_interested' ? (body.notInterestedReason ?? null) : null, createdAt: new Date(),
    }]);
    await tx.query(
      `UPDATE dial_session_items SET status = 'called', attempt_id = $3, call_session_id = coalesce($4, call_session_id), done_at = now() WHERE workspace_id = $1 AND id = $2`,
      [ws, itemId, attemptId, callSessionId],
    );
    const why = body.notInterestedReason && d.key === 'not_interested' ? ` (${body.notInterestedReason})` : '';
    await recordActivity(tx, {
      ...actorOf(ctx), leadId: item.lead_id, contactId: item.contact_id, kind: 'call.logged', summary: `Logged: ${d.label}${why}${body.notes ? ` — ${body.notes.slice(0, 200)}` : ''}`,
      after: { disposition: d.key, dmReached: body.dmReached ?? d.countsAsDm, objectionTags: body.objectionTags }, refType: 'attempt', refId: attemptId,
    });
    const effects = await applyEffects(ctx, tx, clock, item, d, body, attemptId);
    const tasksChanged = effects.tasks;
    if (item.task_id) {
      const [task] = await selectTasksByIds(tx, ws, [item.task_id], { forUpdate: true });
      if (task && task.status === 'open' && (await applyTransition(ctx, tx, task, { kind: 'complete' }, clock))) {
        effects.words.push(`Completed: ${task.title}`);
        tasksChanged.push({ id: task.id, leadId: task.lead_id, ownerId: task.owner_id });
      }
    }
    if (tasksChanged.length) await afterTaskChange(ctx, tx, tasksChanged);
    return { attemptId, effects: effects.words, nextItemId: await nextPendingItemId(tx, ws, sessionId) };
  });
  // experiments (issue 5): after the commit, an experiment this call was in may have reached its target
  await experimentOutcomeLogged(ctx.deps, ws, loggedCall);
  return res;
}

/** The disposition's configured effects, each logged on the lead's timeline. */
async function applyEffects(ctx: WorkCtx, tx: Sql, clock: WorkspaceClock, item: ItemRow, d: Disposition, body: LogBody, attemptId: string) {
  const ws = ctx.workspaceId;
  const words: string[] = [];
  const tasks: { id: string; leadId: string | null; ownerId: string | null }[] = [];
  const base = { ...actorOf(ctx), leadId: item.lead_id, refType: 'attempt', refId: attemptId };
  const e = d.effects;
  if (e.move_stage) {
    const { rows } = await tx.query<{ stage: string; from_label: string | null; to_label: string | null }>(
      `SELECT l.stage, f.label AS from_label, t.label AS to_label FROM leads l
         LEFT JOIN pipeline_stages f ON f.workspace_id = l.workspace_id AND f.key = l.stage
         LEFT JOIN pipeline_stages t ON t.workspace_id = l.workspace_id AND t.key = $3
        WHERE l.workspace_id = $1 AND l.id = $2 FOR UPDATE OF l`,
      [ws, item.lead_id, e.move_stage],
    );
    const r = rows[0];
    // a stage the workspace has removed is skipped, not invented (one canonical stage, SPEC §1.3)
    if (r && r.to_label && r.stage !== e.move_stage) {
      await tx.query('UPDATE leads SET stage = $3, updated_at = now() WHERE workspace_id = $1 AND id = $2', [ws, item.lead_id, e.move_stage]);
      await recordActivity(tx, { ...base, kind: 'stage.changed', summary: `Stage: ${r.from_label ?? r.stage} → ${r.to_label} (logged ${d.label})`, before: { stage: r.stage }, after: { stage: e.move_stage, reason: `disposition:${d.key}` } });
      words.push(`Stage → ${r.to_label}`);
    }
  }
  if (e.create_task) {
    const dueAt = body.taskDueAt ? new Date(body.taskDueAt) : e.create_task.due_in_days !== undefined ? clock.now.plus({ days: e.create_task.due_in_days }).toJSDate() : null;
    const title = body.taskTitle?.trim() || e.create_task.title;
    const id = await insertTask(tx, ws, { leadId: item.lead_id, contactId: item.contact_id, ownerId: ctx.userId, kind: e.create_task.kind, title, notes: '', dueAt, priority: e.create_task.kind === 'callback' ? 2 : 0, createdBy: ctx.userId, attemptId });
    await recordActivity(tx, { ...base, contactId: item.contact_id, kind: 'task.created', summary: `Task: ${title}, due ${dueAt ? formatLocal(clock, dueAt) : 'no due date'} (logged ${d.label})`, after: { kind: e.create_task.kind, title, dueAt: dueAt?.toISOString() ?? null }, refType: 'task', refId: id });
    tasks.push({ id, leadId: item.lead_id, ownerId: ctx.userId });
    words.push(`${e.create_task.kind === 'callback' ? 'Callback' : 'Follow-up'} due ${dueAt ? formatLocal(clock, dueAt) : '—'}`);
  }
  if (e.flag_dnc) {
    await tx.query('UPDATE leads SET dnc_at = coalesce(dnc_at, now()), updated_at = now() WHERE workspace_id = $1 AND id = $2', [ws, item.lead_id]);
    if (item.phone) await flagPhone(tx, { workspaceId: ctx.workspaceId, phone: item.phone, kind: 'dnc', reason: `Logged ${d.label}`, leadId: item.lead_id, createdBy: ctx.userId });
    await recordActivity(tx, { ...base, kind: 'lead.dnc', summary: `Do not call${item.phone ? `: ${item.phone}` : ''}`, after: { dnc: true, phone: item.phone } });
    words.push('Do not call — skipped by every queue');
  }
  if (e.flag_bad_number) {
    await tx.query('UPDATE leads SET bad_number_at = coalesce(bad_number_at, now()), updated_at = now() WHERE workspace_id = $1 AND id = $2', [ws, item.lead_id]);
    if (item.phone) await flagPhone(tx, { workspaceId: ctx.workspaceId, phone: item.phone, kind: 'bad_number', reason: `Logged ${d.label}`, leadId: item.lead_id, createdBy: ctx.userId });
    await recordActivity(tx, { ...base, kind: 'phone.flagged', summary: `Bad number${item.phone ? `: ${item.phone}` : ''}`, after: { badNumber: true, phone: item.phone } });
    words.push('Bad number — skipped by every queue');
  }
  if (e.open_sale_form && body.saleValue !== undefined) {
    const { rows } = await tx.query<{ value: number | null }>('SELECT value::float8 AS value FROM leads WHERE workspace_id = $1 AND id = $2', [ws, item.lead_id]);
    const value = Math.round(body.saleValue * 100) / 100;
    await tx.query('UPDATE leads SET value = $3, updated_at = now() WHERE workspace_id = $1 AND id = $2', [ws, item.lead_id, value]);
    await recordActivity(tx, { ...base, kind: 'sale.logged', summary: `Sale: ${value.toLocaleString('en-US', { style: 'currency', currency: 'USD' })}${body.saleNotes ? ` — ${body.saleNotes.slice(0, 200)}` : ''}`, before: { value: rows[0]?.value ?? null }, after: { value, notes: body.saleNotes ?? '' } });
    words.push(`Sale ${value.toLocaleString('en-US', { style: 'currency', currency: 'USD' })}`);
  }
  return { words, tasks };
}

/** Skip with a reason: no attempt, nothing on the lead but an activity row. */
export function skipItem(ctx: WorkCtx, sessionId: string, itemId: string, reason: string): Promise<{ nextItemId: string | null }> {
  const ws = ctx.workspaceId;
  return ctx.tx(async (tx) => {
    const s = await requireSession(tx, ctx, sessionId, { forUpdate: true });
    assertActive(s);
    const item = await selectItem(tx, ws, sessionId, itemId, { forUpdate: true });
    if (item.status !== 'pending') throw new AppError(409, 'not_pending', `${item.lead_name} is already ${item.status === 'called' ? 'logged' : 'skipped'} in this session.`);
    await tx.query(`UPDATE dial_session_items SET status = 'skipped', skip_reason = $3, done_at = now() WHERE workspace_id = $1 AND id = $2`, [ws, itemId, reason]);
    await recordActivity(tx, { ...actorOf(ctx), leadId: item.lead_id, kind: 'dialer.skipped', summary: `Skipped in the Dialer: ${reason}`, refType: 'dial_session', refId: sessionId });
    return { nextItemId: await nextPendingItemId(tx, ws, sessionId) };
  });
}

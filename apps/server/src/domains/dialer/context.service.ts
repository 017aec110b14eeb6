import { DateTime } from 'luxon';
import { fillScript, type ItemContext } from '@flywheel/contracts';
import { loadCallSessions } from '../calls/index.ts';
import { activeScript, defaultScriptFor, scriptValues } from '../scripts/index.ts';
import { toIso } from '../leads/lead.mapper.ts';
import { TASK_COLUMNS, TASK_FROM, safeZone, toTaskItem, workspaceClock, type TaskRow, type WorkCtx } from '../tasks/index.ts';
import { phoneZones } from './calling-hours.ts';
import { requireSession, selectItem, toDialItem } from './session.repo.ts';
import { readDialerSettings } from './settings.ts';
import type { Sql } from '../../db/client.ts';

interface LeadCtxRow {
  id: string; name: string; stage: string; stage_label: string | null; segment: string | null; source: string | null; tags: string[];
  value: number | null; city: string | null; region: string | null; timezone: string | null; facts: string; questions: string; objective: string;
  dnc_at: Date | null; bad_number_at: Date | null; attempt_count: number;
}

/**
 * The script a session reads: a power session's chosen script (its config's scriptId), then the
 * workspace's default for power sessions, then the default for the session's mode (Settings →
 * Scripts); null = the Dialer setting's script.
 */
async function sessionScript(tx: Sql, ws: string, sessionId: string, mode: string): Promise<{ name: string; body: string } | null> {
  const s = (await tx.query<{ kind: string; script_id: string | null }>(
    `SELECT s.kind, s.power_config ->> 'scriptId' AS script_id FROM dial_sessions s WHERE s.workspace_id = $1 AND s.id = $2`,
    [ws, sessionId],
  )).rows[0];
  if (s?.kind === 'power') {
    const chosen = s.script_id ? await activeScript(tx, ws, s.script_id) : null;
    const power = chosen ?? (await defaultScriptFor(tx, ws, 'power'));
    if (power) return power;
  }
  return defaultScriptFor(tx, ws, mode);
}

/** Everything the run screen shows for one queue item, read in one transaction (a read never changes the queue). */
export function getItemContext(ctx: WorkCtx, sessionId: string, itemId: string): Promise<ItemContext> {
  const ws = ctx.workspaceId;
  return ctx.tx(async (tx) => {
    const session = await requireSession(tx, ctx, sessionId);
    const item = await selectItem(tx, ws, sessionId, itemId);
    const clock = await workspaceClock(tx, ws);
    const lead = (await tx.query<LeadCtxRow>(
      `SELECT l.id, l.name, l.stage, ps.label AS stage_label, l.segment, l.source, l.tags, l.value::float8 AS value, l.city, l.region, l.timezone,
              l.facts, l.questions, l.objective, l.dnc_at, l.bad_number_at, l.attempt_count
         FROM leads l LEFT JOIN pipeline_stages ps ON ps.workspace_id = l.workspace_id AND ps.key = l.stage
        WHERE l.workspace_id = $1 AND l.id = $2`,
      [ws, item.lead_id],
    )).rows[0];
    const contacts = (await tx.query<{ id: string; first_name: string; last_name: string; title: string | null; phones: string[]; emails: string[]; is_primary: boolean; is_decision_maker: boolean }>(
      `SELECT id, first_name, last_name, title, phones, emails, is_primary, is_decision_maker FROM contacts WHERE workspace_id = $1 AND lead_id = $2 ORDER BY is_primary DESC, created_at, id`,
      [ws, item.lead_id],
    )).rows;
    const tasks = (await tx.query<TaskRow>(
      `SELECT ${TASK_COLUMNS} FROM ${TASK_FROM} WHERE t.workspace_id = $1 AND t.lead_id = $2 AND t.status = 'open' ORDER BY t.due_at NULLS LAST, t.id LIMIT 20`,
      [ws, item.lead_id],
    )).rows;
    const activity = (await tx.query<{ id: string; kind: string; summary: string; actor_label: string; occurred_at: Date }>(
      `SELECT id, kind, summary, actor_label, occurred_at FROM activities WHERE workspace_id = $1 AND lead_id = $2 ORDER BY occurred_at DESC, id DESC LIMIT 10`,
      [ws, item.lead_id],
    )).rows;
    const settings = await readDialerSettings(tx, ws);
    const rep = ctx.userId ? (await tx.query<{ name: string }>('SELECT name FROM users WHERE id = $1', [ctx.userId])).rows[0]?.name ?? '' : '';
    const contact = contacts.find((c) => c.id === item.contact_id) ?? contacts[0];
    // the workspace's default script for this session's mode (Settings → Scripts), else the Dialer setting
    const chosen = await sessionScript(tx, ws, sessionId, session.mode);
    const script = fillScript(chosen?.body ?? settings.script, scriptValues({ contact, lead, repName: rep }));
    // the lead's local time: its own zone, else its number's (when unambiguous)
    const zones = safeZone(lead.timezone) ? [lead.timezone ?? ''] : await phoneZones(item.phone);
    const zone = zones.length === 1 ? zones[0] : null;
    return {
      item: toDialItem(item),
      lead: {
        id: lead.id, name: lead.name, stage: lead.stage, stageLabel: lead.stage_label ?? lead.stage, segment: lead.segment, source: lead.source, tags: lead.tags,
        value: lead.value === null ? null : Number(lead.value), city: lead.city, region: lead.region, timezone: lead.timezone ?? zone,
        localTime: zone ? DateTime.fromJSDate(clock.now.toJSDate()).setZone(zone).toFormat('h:mm a') : null,
        facts: lead.facts, questions: lead.questions, objective: lead.objective, dnc: lead.dnc_at !== null, badNumber: lead.bad_number_at !== null, attemptCount: Number(lead.attempt_count),
      },
      contacts: contacts.map((c) => ({ id: c.id, name: `${c.first_name} ${c.last_name}`.trim() || '(no name)', title: c.title, phones: c.phones, emails: c.emails, isPrimary: c.is_primary, isDecisionMaker: c.is_decision_maker })),
      openTasks: tasks.map((r) => toTaskItem(r, clock)),
      recentActivity: activity.map((a) => ({ id: a.id, kind: a.kind, summary: a.summary, actorLabel: a.actor_label, occurredAt: toIso(a.occurred_at) })),
      script: { title: chosen?.name ?? settings.scriptTitle, body: script.body, missing: script.missing },
      calls: await loadCallSessions(tx, ws, { dialSessionId: sessionId, leadId: item.lead_id, limit: 20 }),
    };
  });
}

import type { WeeklyBrief, WeeklyBriefContent, WeeklyBriefSettings } from '@flywheel/contracts';
import type { Sql } from '../../db/client.ts';
import type { Deps } from '../../platform/deps.ts';
import { withWorkspace } from '../../platform/tenancy/with-workspace.ts';
import { getProviderRegistry } from '../../platform/providers/registry.ts';
import { computeBrief } from './compute.ts';
import { briefText, briefTitle } from './render.ts';
import { briefDue, lastCompleteWeek, readBriefSettings } from './settings.ts';
import { channelAdapter, listChannelRows, recordChannelResult } from './channels.repo.ts';

type Delivery = WeeklyBrief['deliveries'][number];

interface BriefRow { id: string; week_start: string | Date; timezone: string; trigger: 'schedule' | 'manual'; generated_at: Date; content: WeeklyBriefContent; deliveries: Delivery[] }
const COLS = 'id, week_start, timezone, trigger, generated_at, content, deliveries';
const day = (d: string | Date) => (typeof d === 'string' ? d.slice(0, 10) : d.toISOString().slice(0, 10));
export const toBrief = (r: BriefRow): WeeklyBrief => ({ id: r.id, weekStart: day(r.week_start), timezone: r.timezone, trigger: r.trigger, generatedAt: r.generated_at.toISOString(), content: r.content, deliveries: r.deliveries });

export async function getBriefRow(tx: Sql, ws: string, id: string): Promise<WeeklyBrief | null> {
  const { rows } = await tx.query<BriefRow>(`SELECT ${COLS} FROM weekly_briefs WHERE workspace_id = $1 AND id = $2`, [ws, id]);
  return rows[0] ? toBrief(rows[0]) : null;
}

/**
 * Computes the brief of a week, stores it (a manual run replaces that week's brief) and, unless
 * told not to, delivers it: in-app to the audience, then to every enabled channel subscribed to the
 * weekly brief. One channel failing is recorded on that channel and the brief; the others still get it.
 */
export async function generateBrief(deps: Deps, ws: string, opts: { weekStart?: string; trigger: 'schedule' | 'manual'; deliver?: boolean; now?: Date; settings?: WeeklyBriefSettings }): Promise<WeeklyBrief> {
  const settings = opts.settings ?? (await withWorkspace(deps.db, ws, (tx) => readBriefSettings(tx, ws)));
  const weekStart = opts.weekStart ?? lastCompleteWeek(opts.now ?? new Date(), settings.timezone);
  const brief = await withWorkspace(deps.db, ws, async (tx) => {
    const content = await computeBrief(tx, ws, weekStart, settings.timezone);
    const { rows } = await tx.query<BriefRow>(
      `INSERT INTO weekly_briefs (workspace_id, week_start, timezone, content, trigger) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (workspace_id, week_start) DO UPDATE SET content = EXCLUDED.content, timezone = EXCLUDED.timezone, trigger = EXCLUDED.trigger, generated_at = now(), deliveries = '[]'::jsonb
       RETURNING ${COLS}`,
      [ws, weekStart, settings.timezone, JSON.stringify(content), opts.trigger],
    );
    return toBrief(rows[0]);
  });
  if (opts.deliver === false) return brief;
  return deliverBrief(deps, ws, brief, settings.audience);
}

async function deliverBrief(deps: Deps, ws: string, brief: WeeklyBrief, audience: 'managers' | 'everyone'): Promise<WeeklyBrief> {
  const title = briefTitle(brief.content);
  const message = {
    kind: 'weekly_brief.ready', title, body: briefText(brief.content), link: `/brief/${brief.id}`,
    ref: { type: 'weekly_brief', id: brief.id }, dedupeKey: `weekly_brief:${brief.id}:${brief.generatedAt}`,
    data: { briefId: brief.id, ...brief.content } as Record<string, unknown>,
  };
  const deliveries: Delivery[] = [];
  const at = () => new Date().toISOString();
  const inApp = await getProviderRegistry(deps).resolve(ws, 'notifier');
  try {
    if (!inApp.configured) throw new Error(inApp.reason);
    const r = await inApp.port.notify({ workspaceId: ws, minRole: audience === 'everyone' ? 'rep' : 'manager' }, message);
    deliveries.push({ channel: 'in_app', channelId: null, name: 'In-app', status: 'sent', at: at(), detail: `${r.delivered} member${r.delivered === 1 ? '' : 's'}` });
  } catch (err) {
    deliveries.push({ channel: 'in_app', channelId: null, name: 'In-app', status: 'failed', at: at(), detail: err instanceof Error ? err.message : String(err) });
  }
  const channels = await withWorkspace(deps.db, ws, (tx) => listChannelRows(tx, ws, 'weekly_brief'));
  for (const ch of channels) {
    let error: string | null = null;
    try {
      await (await channelAdapter(deps, ch)).notify({ workspaceId: ws, minRole: 'manager' }, message);
    } catch (err) {
      error = err instanceof Error ? err.message : String(err);
      deps.log.warn({ channelId: ch.id, kind: ch.kind, workspaceId: ws, error }, 'weekly brief: a channel could not deliver');
    }
    deliveries.push({ channel: ch.kind, channelId: ch.id, name: ch.name, status: error ? 'failed' : 'sent', at: at(), detail: error });
    await withWorkspace(deps.db, ws, (tx) => recordChannelResult(tx, ws, ch.id, error));
  }
  return withWorkspace(deps.db, ws, async (tx) => {
    const { rows } = await tx.query<BriefRow>(`UPDATE weekly_briefs SET deliveries = $3 WHERE workspace_id = $1 AND id = $2 RETURNING ${COLS}`, [ws, brief.id, JSON.stringify(deliveries)]);
    return toBrief(rows[0]);
  });
}

/** The scheduled run for one workspace: generates and delivers last week's brief once it is due. */
export async function runScheduledBrief(deps: Deps, ws: string, now = new Date()): Promise<WeeklyBrief | null> {
  const settings = await withWorkspace(deps.db, ws, (tx) => readBriefSettings(tx, ws));
  const week = briefDue(now, settings);
  if (!week) return null;
  const exists = await withWorkspace(deps.db, ws, (tx) => tx.query('SELECT 1 FROM weekly_briefs WHERE workspace_id = $1 AND week_start = $2', [ws, week]));
  if (exists.rows.length) return null;
  return generateBrief(deps, ws, { weekStart: week, trigger: 'schedule', settings });
}

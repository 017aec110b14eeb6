import type { TimelineActivity, TimelineResponse } from '@flywheel/contracts';
import { notFound } from '../../platform/http/errors.ts';
import type { LeadsCtx } from './leads-ctx.ts';
import { toIso } from './lead.mapper.ts';
import { findLeadRow } from './lead.repo.ts';
import { selectActivitiesAt, selectActivitiesBefore, type ActivityDbRow } from './timeline.repo.ts';

const toActivity = (r: ActivityDbRow): TimelineActivity => ({
  id: r.id, kind: r.kind, summary: r.summary, actorLabel: r.actor_label, before: r.before, after: r.after,
  occurredAt: toIso(r.occurred_at), refType: r.ref_type, refId: r.ref_id,
});

/**
 * Newest first, paged by time. Rows written in one transaction share a timestamp, so a page never
 * ends inside such a group: it is extended to the whole group and the next page starts strictly
 * before it (a page can therefore run a little over `limit`).
 */
export function getTimeline(ctx: LeadsCtx, leadId: string, query: { before?: string; limit: number }): Promise<TimelineResponse> {
  const ws = ctx.workspaceId;
  return ctx.tx(async (tx) => {
    if (!(await findLeadRow(tx, ws, leadId))) throw notFound('Lead');
    const rows = await selectActivitiesBefore(tx, ws, leadId, query.before ?? null, query.limit + 1);
    if (rows.length <= query.limit) return { data: rows.map(toActivity), nextBefore: null };
    const cut = rows[query.limit - 1].occurred_us;
    const page = rows.slice(0, query.limit);
    if (rows[query.limit].occurred_us === cut) {
      const group = await selectActivitiesAt(tx, ws, leadId, cut);
      const newer = page.filter((r) => r.occurred_us !== cut);
      return { data: [...newer, ...group].map(toActivity), nextBefore: cut };
    }
    return { data: page.map(toActivity), nextBefore: cut };
  });
}

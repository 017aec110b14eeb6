import type { z } from 'zod';
import type { LeadBulkBodySchema } from '@flywheel/contracts';
import { actorOf, type LeadsCtx } from './leads-ctx.ts';
import { listStageRows } from './lead.repo.ts';
import { normalizeTags, requireMember, requireStage } from './lead-rules.ts';
import { applyBulkChange, lockBulkTargets, recordActivities, userLabels, type ActivityRow, type BulkChange, type BulkTarget } from './lead-bulk.repo.ts';
import { assertNever } from './lead-filters.ts';

type BulkBody = z.output<typeof LeadBulkBodySchema>;

/**
 * Applies one action to many leads in one transaction, with one activity row per lead that
 * actually changed (assigning a lead to its current owner is not a change). `restore` undoes `delete`.
 */
export function bulkUpdateLeads(ctx: LeadsCtx, body: BulkBody): Promise<{ affected: number }> {
  const ws = ctx.workspaceId;
  return ctx.tx(async (tx) => {
    const ids = [...new Set(body.ids)];
    const stages = await listStageRows(tx, ws);
    const change = toChange(body);
    if (change.action === 'assign' && change.ownerId) await requireMember(tx, ws, change.ownerId, 'ownerId');
    if (change.action === 'stage') requireStage(stages, change.stage, 'stage');

    const targets = await lockBulkTargets(tx, ws, ids, change.action === 'restore');
    const changed = targets.filter((t) => isChangedBy(t, change));
    await applyBulkChange(tx, ws, changed.map((t) => t.id), change);

    const stageLabel = (k: string) => stages.find((s) => s.key === k)?.label ?? k;
    const labels = change.action === 'assign' ? await userLabels(tx, [...new Set([...changed.map((t) => t.owner_id), change.ownerId].filter((x): x is string => !!x))]) : new Map<string, string>();
    const ownerLabel = (id: string | null) => (id ? (labels.get(id) ?? 'someone') : 'Unassigned');
    const activities: ActivityRow[] = changed.map((t) => {
      switch (change.action) {
        case 'assign':
          return { leadId: t.id, kind: 'lead.updated', summary: `Owner: ${ownerLabel(t.owner_id)} → ${ownerLabel(change.ownerId)}`, before: { ownerId: t.owner_id }, after: { ownerId: change.ownerId } };
        case 'tag': {
          const tags = [...t.tags, ...change.tags.filter((x) => !t.tags.includes(x))];
          return { leadId: t.id, kind: 'lead.updated', summary: `Tagged ${change.tags.filter((x) => !t.tags.includes(x)).join(', ')}`, before: { tags: t.tags }, after: { tags } };
        }
        case 'untag': {
          const tags = t.tags.filter((x) => !change.tags.includes(x));
          return { leadId: t.id, kind: 'lead.updated', summary: `Untagged ${t.tags.filter((x) => change.tags.includes(x)).join(', ')}`, before: { tags: t.tags }, after: { tags } };
        }
        case 'stage':
          return { leadId: t.id, kind: 'stage.changed', summary: `Stage: ${stageLabel(t.stage)} → ${stageLabel(change.stage)}`, before: { stage: t.stage }, after: { stage: change.stage } };
        case 'delete':
          return { leadId: t.id, kind: 'lead.deleted', summary: `Deleted lead ${t.name}`, before: { deleted: false }, after: { deleted: true } };
        case 'restore':
          return { leadId: t.id, kind: 'lead.restored', summary: `Restored lead ${t.name}`, before: { deleted: true }, after: { deleted: false } };
        default:
          return assertNever(change);
      }
    });
    await recordActivities(tx, actorOf(ctx), activities);
    return { affected: changed.length };
  });
}

function toChange(body: BulkBody): BulkChange {
  switch (body.action) {
    case 'assign':
      return { action: 'assign', ownerId: body.ownerId ?? null };
    case 'tag':
    case 'untag':
      return { action: body.action, tags: normalizeTags(body.tags ?? []) };
    case 'stage':
      return { action: 'stage', stage: body.stage ?? '' };
    case 'delete':
    case 'restore':
      return { action: body.action };
    default:
      return assertNever(body.action);
  }
}

function isChangedBy(t: BulkTarget, c: BulkChange): boolean {
  switch (c.action) {
    case 'assign':
      return t.owner_id !== c.ownerId;
    case 'tag':
      return c.tags.some((x) => !t.tags.includes(x));
    case 'untag':
      return c.tags.some((x) => t.tags.includes(x));
    case 'stage':
      return t.stage !== c.stage;
    case 'delete':
    case 'restore':
      return true;
    default:
      return assertNever(c);
  }
}

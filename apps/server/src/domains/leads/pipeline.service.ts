import type { z } from 'zod';
import type { BoardResponse, Stage, StagesPutBodySchema } from '@flywheel/contracts';
import type { Sql } from '../../db/client.ts';
import { badRequest } from '../../platform/http/errors.ts';
import { actorOf, type LeadsCtx } from './leads-ctx.ts';
import { listStageRows, type StageRow } from './lead.repo.ts';
import { countLeadsPerStage } from './lead-list.repo.ts';
import { recordActivities } from './lead-bulk.repo.ts';
import { splitList } from './lead-filters.ts';
import { countLeadsInStage, deleteStages, moveLeadsToStage, selectViewsFilteringStage, setViewStageFilter, upsertStages } from './pipeline.repo.ts';

type PutBody = z.output<typeof StagesPutBodySchema>;
export type { BoardResponse };

async function stagesWithCounts(tx: Sql, workspaceId: string): Promise<Stage[]> {
  const counts = await countLeadsPerStage(tx, workspaceId);
  return (await listStageRows(tx, workspaceId)).map((s) => ({ ...s, position: Number(s.position), count: counts.get(s.key) ?? 0 }));
}

export function listStages(ctx: LeadsCtx): Promise<{ data: Stage[] }> {
  return ctx.tx(async (tx) => ({ data: await stagesWithCounts(tx, ctx.workspaceId) }));
}

export function slugify(label: string): string {
  const s = label
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, 48);
  return s || 'stage';
}

/** The requested pipeline with keys resolved (new stages get a unique slug of their label). */
function resolveStages(body: PutBody, current: StageRow[]): StageRow[] {
  const currentKeys = new Set(current.map((s) => s.key));
  const taken = new Set(currentKeys);
  const seen = new Set<string>();
  const labels = new Set<string>();
  return body.stages.map((s, i) => {
    let key = s.key;
    if (key !== undefined) {
      if (!currentKeys.has(key)) throw badRequest(`There is no stage "${key}".`, { [`stages.${i}.key`]: `There is no stage "${key}"; leave the key out to add a stage.` });
      if (seen.has(key)) throw badRequest(`Stage "${key}" is listed twice.`, { [`stages.${i}.key`]: `Stage "${key}" is listed twice.` });
    } else {
      const base = slugify(s.label);
      key = base;
      for (let n = 2; taken.has(key); n++) key = `${base}_${n}`;
    }
    taken.add(key);
    seen.add(key);
    const folded = s.label.toLowerCase();
    if (labels.has(folded)) throw badRequest(`Two stages are called "${s.label}".`, { [`stages.${i}.label`]: `Another stage is already called "${s.label}".` });
    labels.add(folded);
    const existing = current.find((c) => c.key === key);
    return { key, label: s.label, kind: s.kind, color: s.color === undefined ? (existing?.color ?? null) : s.color, position: i };
  });
}

/**
 * Replaces the pipeline: reorder, rename, recolor, add, remove. Leads of a removed stage move to
 * moveTo[key] with a stage.changed activity each; a removed stage that still has leads and no
 * moveTo is refused with the count. At least one open stage must remain.
 */
export function replaceStages(ctx: LeadsCtx, body: PutBody): Promise<{ data: Stage[] }> {
  const ws = ctx.workspaceId;
  return ctx.tx(async (tx) => {
    // serialize pipeline edits of a workspace
    await tx.query(`SELECT pg_advisory_xact_lock(hashtext('pipeline:' || $1))`, [ws]);
    const current = await listStageRows(tx, ws);
    const next = resolveStages(body, current);
    if (!next.some((s) => s.kind === 'open')) throw badRequest('Keep at least one open stage.', { stages: 'Keep at least one open stage.' });
    const nextKeys = new Set(next.map((s) => s.key));
    const removed = current.filter((s) => !nextKeys.has(s.key));
    const moveTo = body.moveTo ?? {};
    const fallback = next.find((s) => s.kind === 'open')!;

    const moves: { from: StageRow; to: StageRow }[] = [];
    for (const r of removed) {
      const target = moveTo[r.key];
      if (target !== undefined && !nextKeys.has(target)) {
        throw badRequest(`Cannot move leads to "${target}": it is not a stage of the new pipeline.`, { [`moveTo.${r.key}`]: `"${target}" is not a stage of the new pipeline.` });
      }
      const { live, deleted } = await countLeadsInStage(tx, ws, r.key);
      if (live > 0 && target === undefined) {
        const msg = `${live} lead${live === 1 ? ' is' : 's are'} still in "${r.label}"; choose a stage to move ${live === 1 ? 'it' : 'them'} to.`;
        throw badRequest(msg, { [`moveTo.${r.key}`]: msg });
      }
      // deleted leads still reference the stage row; they follow moveTo, or the first open stage
      if (live > 0 || deleted > 0) moves.push({ from: r, to: next.find((s) => s.key === target) ?? fallback });
    }

    await upsertStages(tx, ws, next, new Set(current.map((s) => s.key)));
    for (const m of moves) {
      const ids = await moveLeadsToStage(tx, ws, m.from.key, m.to.key);
      await recordActivities(
        tx,
        actorOf(ctx),
        ids.map((leadId) => ({ leadId, kind: 'stage.changed', summary: `Stage: ${m.from.label} → ${m.to.label} (stage removed)`, before: { stage: m.from.key }, after: { stage: m.to.key } })),
      );
    }
    await rewriteSavedViewStages(tx, ws, new Map(removed.map((r) => [r.key, moves.find((m) => m.from.key === r.key)?.to.key ?? null])));
    await deleteStages(tx, ws, removed.map((r) => r.key));
    return { data: await stagesWithCounts(tx, ws) };
  });
}

/** Saved views that filter on a removed stage follow its leads to the new stage (or drop it). */
async function rewriteSavedViewStages(tx: Sql, ws: string, replaced: Map<string, string | null>): Promise<void> {
  if (!replaced.size) return;
  for (const v of await selectViewsFilteringStage(tx, ws)) {
    if (typeof v.stage !== 'string') continue;
    const keys = splitList(v.stage);
    if (!keys.some((k) => replaced.has(k))) continue;
    const next = [...new Set(keys.flatMap((k) => (replaced.has(k) ? [replaced.get(k)].filter((x): x is string => !!x) : [k])))];
    await setViewStageFilter(tx, ws, v.id, next.length ? next.join(',') : null);
  }
}

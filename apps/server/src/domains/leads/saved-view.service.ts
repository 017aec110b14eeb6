import type { z } from 'zod';
import { LeadFiltersSchema, LeadSortSchema, type SavedView, type SavedViewCreateBodySchema, type SavedViewUpdateBodySchema } from '@flywheel/contracts';
import type { Sql } from '../../db/client.ts';
import { badRequest, forbidden, notFound } from '../../platform/http/errors.ts';
import { ROLE_RANK } from '../../platform/http/route.ts';
import type { LeadsCtx } from './leads-ctx.ts';
import { toIso } from './lead.mapper.ts';
import { listStageRows } from './lead.repo.ts';
import { requireStages } from './lead-rules.ts';
import { splitList } from './lead-filters.ts';
import { deleteView, findVisibleView, insertView, selectVisibleViews, updateView, type SavedViewRow } from './saved-view.repo.ts';

type CreateBody = z.output<typeof SavedViewCreateBodySchema>;
type UpdateBody = z.output<typeof SavedViewUpdateBodySchema>;

function toSavedView(r: SavedViewRow, userId: string | null): SavedView {
  // stored rows are parsed, not trusted: a view written by an older version still loads
  const filters = LeadFiltersSchema.safeParse(r.filters);
  const sort = LeadSortSchema.safeParse(r.sort);
  const authorId = r.created_by ?? r.user_id;
  return {
    id: r.id, name: r.name, filters: filters.success ? filters.data : {}, sort: sort.success ? sort.data : null,
    shared: r.user_id === null, authorId, isMine: authorId !== null && authorId === userId,
    createdAt: toIso(r.created_at), updatedAt: toIso(r.updated_at),
  };
}

async function checkFilters(tx: Sql, workspaceId: string, filters: z.output<typeof LeadFiltersSchema>) {
  const stages = splitList(filters.stage);
  if (stages.length) requireStages(await listStageRows(tx, workspaceId), stages, 'filters.stage');
}

export function listViews(ctx: LeadsCtx): Promise<{ data: SavedView[] }> {
  return ctx.tx(async (tx) => ({ data: (await selectVisibleViews(tx, ctx.workspaceId, ctx.userId)).map((r) => toSavedView(r, ctx.userId)) }));
}

export function createView(ctx: LeadsCtx, body: CreateBody): Promise<SavedView> {
  return ctx.tx(async (tx) => {
    if (!body.shared && !ctx.userId) throw badRequest('An API key has no private views.', { shared: 'An API key can only create shared views.' });
    await checkFilters(tx, ctx.workspaceId, body.filters);
    const row = await insertView(tx, ctx.workspaceId, {
      name: body.name, filters: body.filters, sort: body.sort ?? null, userId: body.shared ? null : ctx.userId, createdBy: ctx.userId,
    });
    return toSavedView(row, ctx.userId);
  });
}

/** Private views are invisible to others (404); shared ones may be changed by their author or an admin. */
async function requireEditableView(tx: Sql, ctx: LeadsCtx, id: string): Promise<SavedViewRow> {
  const row = await findVisibleView(tx, ctx.workspaceId, ctx.userId, id);
  if (!row) throw notFound('Saved view');
  const authorId = row.created_by ?? row.user_id;
  const isAuthor = authorId !== null && authorId === ctx.userId;
  if (!isAuthor && ROLE_RANK[ctx.role] < ROLE_RANK.admin) throw forbidden('Only the author of this view or an admin can change it.');
  return row;
}

export function patchView(ctx: LeadsCtx, id: string, body: UpdateBody): Promise<SavedView> {
  return ctx.tx(async (tx) => {
    const row = await requireEditableView(tx, ctx, id);
    if (body.filters) await checkFilters(tx, ctx.workspaceId, body.filters);
    const current = toSavedView(row, ctx.userId);
    const shared = body.shared ?? current.shared;
    const owner = current.authorId ?? ctx.userId;
    if (!shared && !owner) throw badRequest('This view has no author to keep it private.', { shared: 'An API key can only keep views shared.' });
    const updated = await updateView(tx, ctx.workspaceId, id, {
      name: body.name ?? current.name,
      filters: body.filters ?? current.filters,
      sort: body.sort === undefined ? current.sort : body.sort,
      userId: shared ? null : owner,
    });
    return toSavedView(updated, ctx.userId);
  });
}

export function removeView(ctx: LeadsCtx, id: string): Promise<{ ok: true }> {
  return ctx.tx(async (tx) => {
    await requireEditableView(tx, ctx, id);
    await deleteView(tx, ctx.workspaceId, id);
    return { ok: true as const };
  });
}

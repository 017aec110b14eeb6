import { z } from 'zod';
import {
  CallReviewSchema, REVIEW_CRITERIA, REVIEW_CRITERION_LABELS, ReviewCallDetailSchema, ReviewCallListQuerySchema, ReviewCallListSchema, ReviewPatchSchema,
  ReviewTagListSchema, ReviewTopQuerySchema, ReviewTopSchema, ReviewUpsertSchema, type CallReview,
} from '@flywheel/contracts';
import type { Sql } from '../../db/client.ts';
import { forbidden } from '../../platform/http/errors.ts';
import { defineRoute, uuidParam, type Principal, type WorkspaceCtx } from '../../platform/http/route.ts';
import { recordActivity } from '../activities/index.ts';
import { loadRecording, sendRecording } from './recording.ts';
import {
  canEditReview, deleteReview, getCallRef, getReviewCall, getReviewRow, listReviewCalls, patchReview, sessionInfo, tagsInUse, topReviews, toReview,
  upsertReview, type CallRef, type Viewer,
} from './review.repo.ts';

const tags = ['review'];
const callParam = z.object({ callSessionId: z.uuid('Not a call id.') });

const viewer = (w: WorkspaceCtx, p: Principal): Viewer => ({ userId: p.userId, role: w.role });
/** "me" is the caller (an API key is nobody: its "me" matches no call). */
const resolveUser = (u: string | undefined, p: Principal): string | null | undefined => (u === 'me' ? p.userId : u);

const day = (d: Date) => d.toISOString().slice(0, 10);

/** The timeline line of a saved review: tags, score, insight — readable without opening it. */
async function logReviewActivity(t: Sql, workspaceId: string, p: Principal, call: CallRef, r: CallReview, kind: 'review.saved' | 'review.deleted') {
  if (!call.lead_id) return;
  const bits: string[] = [];
  if (kind === 'review.saved') {
    if (r.scored) bits.push(`score ${r.totalScore}/30`);
    else if (r.totalScore > 0) bits.push(`partly scored (${REVIEW_CRITERIA.filter((c) => r.scores[c] !== null).map((c) => REVIEW_CRITERION_LABELS[c].toLowerCase()).join(', ')})`);
    if (r.tags.length) bits.push(`tags: ${r.tags.join(', ')}`);
    if (r.marketInsight) bits.push(`“${r.marketInsight.length > 80 ? `${r.marketInsight.slice(0, 79)}…` : r.marketInsight}”`);
  }
  const what = kind === 'review.saved' ? `${r.reviewType === 'deep' ? 'Deep-dive review' : 'Review'} of the call of ${day(call.started_at)}` : `Review of the call of ${day(call.started_at)} deleted`;
  await recordActivity(t, {
    workspaceId, leadId: call.lead_id, actorUserId: p.userId, actorLabel: p.label, kind,
    summary: bits.length ? `${what} · ${bits.join(' · ')}` : what,
    after: kind === 'review.saved'
      ? { callSessionId: call.id, reviewType: r.reviewType, tags: r.tags, marketInsight: r.marketInsight, totalScore: r.totalScore, scored: r.scored }
      : undefined,
    refType: 'call_review', refId: r.id,
  });
}

function mayEdit(v: Viewer, authorId: string | null) {
  if (!canEditReview(v, authorId)) throw forbidden('Only the author of this review or a manager can change it.');
}

export const reviewRoutes = [
  defineRoute({
    method: 'GET', url: '/api/v1/review/calls', auth: 'workspace', tags,
    summary: 'Calls to review, newest first, with their lead, rep, logged outcome, your review and the review count; filters: session, from/to, userId (or me), outcome, disposition, minDuration/maxDuration, tags, reviewed, hasTranscript',
    query: ReviewCallListQuerySchema, response: ReviewCallListSchema,
    handler: ({ workspace, principal, query, tx }) =>
      tx(async (t) => {
        const { limit, offset, userId, ...rest } = query;
        const list = await listReviewCalls(t, workspace.id, viewer(workspace, principal), { ...rest, userId: resolveUser(userId, principal) }, limit, offset);
        return { ...list, session: query.session ? await sessionInfo(t, workspace.id, query.session) : null };
      }),
  }),
  defineRoute({
    method: 'GET', url: '/api/v1/review/calls/:callSessionId', auth: 'workspace', tags,
    summary: 'One call to review: transcript turns, recording availability, the logged attempt and every review of it',
    params: callParam, response: ReviewCallDetailSchema,
    handler: ({ workspace, principal, params, tx }) => tx((t) => getReviewCall(t, workspace.id, viewer(workspace, principal), params.callSessionId)),
  }),
  defineRoute({
    method: 'PUT', url: '/api/v1/review/calls/:callSessionId/review', auth: 'workspace', tags,
    summary: 'Create or replace your review of a call (quick: tags, market insight; deep: six 1–5 scores, what worked / failed, coaching notes); the total is computed by the database',
    params: callParam, body: ReviewUpsertSchema, response: CallReviewSchema,
    handler: ({ workspace, principal, params, body, tx }) => {
      const userId = principal.userId;
      if (!userId) throw forbidden('A review is written by a signed-in person, not an API key.');
      return tx(async (t) => {
        const call = await getCallRef(t, workspace.id, params.callSessionId);
        const { id } = await upsertReview(t, workspace.id, call, userId, body);
        const saved = toReview(await getReviewRow(t, workspace.id, id), viewer(workspace, principal));
        await logReviewActivity(t, workspace.id, principal, call, saved, 'review.saved');
        return saved;
      });
    },
  }),
  defineRoute({
    method: 'PATCH', url: '/api/v1/reviews/:id', auth: 'workspace', tags,
    summary: 'Edit a review (its author or a manager): only the fields given change',
    params: uuidParam, body: ReviewPatchSchema, response: CallReviewSchema,
    handler: ({ workspace, principal, params, body, tx }) =>
      tx(async (t) => {
        const v = viewer(workspace, principal);
        const row = await getReviewRow(t, workspace.id, params.id);
        mayEdit(v, row.author_id);
        await patchReview(t, workspace.id, params.id, principal.userId, body);
        const saved = toReview(await getReviewRow(t, workspace.id, params.id), v);
        await logReviewActivity(t, workspace.id, principal, await getCallRef(t, workspace.id, row.call_session_id), saved, 'review.saved');
        return saved;
      }),
  }),
  defineRoute({
    method: 'DELETE', url: '/api/v1/reviews/:id', auth: 'workspace', tags,
    summary: 'Delete a review (its author or a manager)',
    params: uuidParam, response: z.object({ ok: z.literal(true) }),
    handler: ({ workspace, principal, params, tx }) =>
      tx(async (t) => {
        const v = viewer(workspace, principal);
        const row = await getReviewRow(t, workspace.id, params.id);
        mayEdit(v, row.author_id);
        await deleteReview(t, workspace.id, params.id);
        await logReviewActivity(t, workspace.id, principal, await getCallRef(t, workspace.id, row.call_session_id), toReview(row, v), 'review.deleted');
        return { ok: true as const };
      }),
  }),
  defineRoute({
    method: 'GET', url: '/api/v1/review/top', auth: 'workspace', tags,
    summary: 'Top N best and worst fully scored reviews by total score (calls between from and to, of a rep), with call, lead, rep and a playback link',
    query: ReviewTopQuerySchema, response: ReviewTopSchema,
    handler: ({ workspace, principal, query, tx }) =>
      tx((t) => topReviews(t, workspace.id, viewer(workspace, principal), { limit: query.limit, from: query.from, to: query.to, userId: resolveUser(query.userId, principal) })),
  }),
  defineRoute({
    method: 'GET', url: '/api/v1/review/tags', auth: 'workspace', tags,
    summary: 'Review tags in use, most used first, with counts (for the tag picker)',
    response: ReviewTagListSchema,
    handler: ({ workspace, tx }) => tx(async (t) => ({ data: await tagsInUse(t, workspace.id) })),
  }),
  defineRoute({
    method: 'GET', url: '/api/v1/calls/:id/recording', auth: 'workspace', tags,
    summary: "A call's recording for the browser's player (sandbox: a WAV as long as the call, with Range; Twilio: the provider's file)",
    params: uuidParam,
    handler: async ({ deps, workspace, params, tx, req, reply }) => {
      const row = await tx((t) => loadRecording(t, workspace.id, params.id));
      return sendRecording(deps, workspace.id, row, req, reply);
    },
  }),
];

import type { CallReview, ReviewCallItem, ReviewScoresInput, ReviewTopItem, ReviewTranscriptTurn } from '@flywheel/contracts';
import { TranscriptTurnSchema } from '@flywheel/contracts';
import type { Sql } from '../../db/client.ts';
import { notFound } from '../../platform/http/errors.ts';
import { ROLE_RANK, type MemberRole } from '../../platform/http/route.ts';

/** Who is asking: their reviews are "mine"; managers and up may edit anyone's. */
export interface Viewer {
  userId: string | null;
  role: MemberRole;
}

export const canEditReview = (v: Viewer, authorId: string | null) => ROLE_RANK[v.role] >= ROLE_RANK.manager || (v.userId !== null && authorId === v.userId);

// ───────────── reviews ─────────────

export interface ReviewRow {
  id: string;
  call_session_id: string;
  attempt_id: string | null;
  lead_id: string | null;
  author_id: string | null;
  author_name: string | null;
  review_type: 'quick' | 'deep';
  tags: string[];
  market_insight: string;
  score_opening: number | null;
  score_discovery: number | null;
  score_control: number | null;
  score_objections: number | null;
  score_close: number | null;
  score_next_step: number | null;
  total_score: number;
  scored: boolean;
  what_worked: string;
  what_failed: string;
  coaching_notes: string;
  created_at: Date;
  updated_at: Date;
  updated_by: string | null;
}

const REVIEW_COLUMNS = `r.id, r.call_session_id, r.attempt_id, r.lead_id, r.author_id, nullif(coalesce(nullif(au.name, ''), au.email), '') AS author_name,
  r.review_type, r.tags, r.market_insight, r.score_opening, r.score_discovery, r.score_control, r.score_objections, r.score_close,
  r.score_next_step, r.total_score, r.scored, r.what_worked, r.what_failed, r.coaching_notes, r.created_at, r.updated_at, r.updated_by`;
const REVIEW_FROM = 'call_reviews r LEFT JOIN users au ON au.id = r.author_id';

export function toReview(r: ReviewRow, v: Viewer): CallReview {
  return {
    id: r.id, callSessionId: r.call_session_id, attemptId: r.attempt_id, leadId: r.lead_id, authorId: r.author_id, authorName: r.author_name,
    reviewType: r.review_type, tags: r.tags ?? [], marketInsight: r.market_insight,
    scores: { opening: r.score_opening, discovery: r.score_discovery, control: r.score_control, objections: r.score_objections, close: r.score_close, nextStep: r.score_next_step },
    totalScore: Number(r.total_score), scored: r.scored, whatWorked: r.what_worked, whatFailed: r.what_failed, coachingNotes: r.coaching_notes,
    createdAt: new Date(r.created_at).toISOString(), updatedAt: new Date(r.updated_at).toISOString(), updatedBy: r.updated_by,
    canEdit: canEditReview(v, r.author_id),
  };
}

export async function getReviewRow(tx: Sql, workspaceId: string, id: string): Promise<ReviewRow> {
  const { rows } = await tx.query<ReviewRow>(`SELECT ${REVIEW_COLUMNS} FROM ${REVIEW_FROM} WHERE r.workspace_id = $1 AND r.id = $2`, [workspaceId, id]);
  if (!rows[0]) throw notFound('Review');
  return rows[0];
}

export async function reviewsOfCalls(tx: Sql, workspaceId: string, callIds: string[], authorId?: string | null): Promise<ReviewRow[]> {
  if (callIds.length === 0) return [];
  const { rows } = await tx.query<ReviewRow>(
    `SELECT ${REVIEW_COLUMNS} FROM ${REVIEW_FROM}
      WHERE r.workspace_id = $1 AND r.call_session_id = ANY($2::uuid[]) AND ($3::boolean IS FALSE OR r.author_id = $4)
      ORDER BY r.updated_at DESC, r.id`,
    [workspaceId, callIds, authorId !== undefined, authorId ?? null],
  );
  return rows;
}

const SCORE_COLUMNS = {
  opening: 'score_opening', discovery: 'score_discovery', control: 'score_control', objections: 'score_objections', close: 'score_close', nextStep: 'score_next_step',
} as const;

export interface ReviewFields {
  reviewType: 'quick' | 'deep';
  tags: string[];
  marketInsight: string;
  scores: ReviewScoresInput;
  whatWorked: string;
  whatFailed: string;
  coachingNotes: string;
}

export interface CallRef {
  id: string;
  lead_id: string | null;
  attempt_id: string | null;
  started_at: Date;
  lead_name: string | null;
}

export async function getCallRef(tx: Sql, workspaceId: string, callSessionId: string): Promise<CallRef> {
  const { rows } = await tx.query<CallRef>(
    `SELECT cs.id, cs.lead_id, a.id AS attempt_id, cs.started_at, l.name AS lead_name
       FROM call_sessions cs LEFT JOIN attempts a ON a.call_session_id = cs.id LEFT JOIN leads l ON l.id = cs.lead_id
      WHERE cs.workspace_id = $1 AND cs.id = $2`,
    [workspaceId, callSessionId],
  );
  if (!rows[0]) throw notFound('Call');
  return rows[0];
}

/** Creates or replaces the author's review of a call; returns its id and whether it is new. */
export async function upsertReview(tx: Sql, workspaceId: string, call: CallRef, authorId: string, f: ReviewFields): Promise<{ id: string; created: boolean }> {
  const s = f.scores;
  const { rows } = await tx.query<{ id: string; created: boolean }>(
    `INSERT INTO call_reviews (workspace_id, call_session_id, attempt_id, lead_id, author_id, review_type, tags, market_insight,
       score_opening, score_discovery, score_control, score_objections, score_close, score_next_step, what_worked, what_failed, coaching_notes, updated_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7::text[], $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $5)
     ON CONFLICT (workspace_id, call_session_id, author_id) DO UPDATE SET
       attempt_id = EXCLUDED.attempt_id, lead_id = EXCLUDED.lead_id, review_type = EXCLUDED.review_type, tags = EXCLUDED.tags,
       market_insight = EXCLUDED.market_insight, score_opening = EXCLUDED.score_opening, score_discovery = EXCLUDED.score_discovery,
       score_control = EXCLUDED.score_control, score_objections = EXCLUDED.score_objections, score_close = EXCLUDED.score_close,
       score_next_step = EXCLUDED.score_next_step, what_worked = EXCLUDED.what_worked, what_failed = EXCLUDED.what_failed,
       coaching_notes = EXCLUDED.coaching_notes, updated_by = EXCLUDED.updated_by, updated_at = now()
     RETURNING id, (xmax = 0) AS created`,
    [workspaceId, call.id, call.attempt_id, call.lead_id, authorId, f.reviewType, f.tags, f.marketInsight,
      s.opening ?? null, s.discovery ?? null, s.control ?? null, s.objections ?? null, s.close ?? null, s.nextStep ?? null,
      f.whatWorked, f.whatFailed, f.coachingNotes],
  );
  return rows[0];
}

/** Changes only the fields given (scores: only the criteria given). */
export async function patchReview(tx: Sql, workspaceId: string, id: string, userId: string | null, p: Partial<ReviewFields>): Promise<void> {
  const sets: string[] = [];
  const params: unknown[] = [workspaceId, id, userId];
  const set = (col: string, v: unknown, cast = '') => {
    params.push(v);
    sets.push(`${col} = $${params.length}${cast}`);
  };
  if (p.reviewType !== undefined) set('review_type', p.reviewType);
  if (p.tags !== undefined) set('tags', p.tags, '::text[]');
  if (p.marketInsight !== undefined) set('market_insight', p.marketInsight);
  if (p.whatWorked !== undefined) set('what_worked', p.whatWorked);
  if (p.whatFailed !== undefined) set('what_failed', p.whatFailed);
  if (p.coachingNotes !== undefined) set('coaching_notes', p.coachingNotes);
  for (const [k, col] of Object.entries(SCORE_COLUMNS)) {
    const v = p.scores?.[k as keyof typeof SCORE_COLUMNS];
    if (v !== undefined) set(col, v, '::int');
  }
  await tx.query(`UPDATE call_reviews SET ${[...sets, 'updated_by = $3', 'updated_at = now()'].join(', ')} WHERE workspace_id = $1 AND id = $2`, params);
}

export async function deleteReview(tx: Sql, workspaceId: string, id: string): Promise<void> {
  await tx.query('DELETE FROM call_reviews WHERE workspace_id = $1 AND id = $2', [workspaceId, id]);
}

// ───────────── calls to review ─────────────

export interface CallFilters {
  session?: string;
  from?: string;
  to?: string;
  /** A member id (already resolved from "me"). */
  userId?: string | null;
  outcome?: string;
  disposition?: string;
  minDuration?: number;
  maxDuration?: number;
  tags?: string[];
  reviewed?: 'yes' | 'no' | 'mine' | 'notmine';
  hasTranscript?: boolean;
}

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/** A day (YYYY-MM-DD, UTC) or an instant; `to` of a day means up to its end. */
export function boundOf(v: string, edge: 'from' | 'to'): Date {
  if (!DATE_ONLY.test(v)) return new Date(v);
  const d = new Date(`${v}T00:00:00Z`);
  return edge === 'to' ? new Date(d.getTime() + 86_400_000) : d;
}

const HAS_TRANSCRIPT = `(CASE WHEN jsonb_typeof(cs.transcript) = 'array' THEN jsonb_array_length(cs.transcript) > 0 ELSE false END)`;
export const HAS_RECORDING = `(cs.recording_url IS NOT NULL AND coalesce(cs.recording_status, 'completed') = 'completed')`;

function callWhere(workspaceId: string, me: string | null, f: CallFilters): { sql: string; params: unknown[]; meRef: () => string } {
  const params: unknown[] = [workspaceId];
  const parts = ['cs.workspace_id = $1'];
  let meIdx: string | null = null;
  const meRef = () => (meIdx ??= (params.push(me), `$${params.length}::uuid`));
  const add = (cond: (n: string) => string, v: unknown) => {
    params.push(v);
    parts.push(cond(`$${params.length}`));
  };
  if (f.session) add((n) => `cs.dial_session_id = ${n}::uuid`, f.session);
  if (f.from) add((n) => `cs.started_at >= ${n}::timestamptz`, boundOf(f.from, 'from').toISOString());
  if (f.to) add((n) => (DATE_ONLY.test(f.to!) ? `cs.started_at < ${n}::timestamptz` : `cs.started_at <= ${n}::timestamptz`), boundOf(f.to, 'to').toISOString());
  if (f.userId !== undefined) add((n) => `cs.user_id = ${n}::uuid`, f.userId);
  if (f.outcome === 'answered') parts.push('cs.answered_at IS NOT NULL');
  else if (f.outcome === 'unanswered') parts.push('cs.answered_at IS NULL');
  else if (f.outcome) add((n) => `cs.status = ${n}`, f.outcome);
  if (f.disposition) add((n) => `a.disposition_key = ${n}`, f.disposition);
  if (f.minDuration !== undefined) add((n) => `coalesce(cs.provider_duration_seconds, 0) >= ${n}::int`, f.minDuration);
  if (f.maxDuration !== undefined) add((n) => `coalesce(cs.provider_duration_seconds, 0) <= ${n}::int`, f.maxDuration);
  if (f.tags && f.tags.length) add((n) => `EXISTS (SELECT 1 FROM call_reviews rt WHERE rt.workspace_id = cs.workspace_id AND rt.call_session_id = cs.id AND rt.tags && ${n}::text[])`, f.tags);
  const anyReview = 'EXISTS (SELECT 1 FROM call_reviews rr WHERE rr.workspace_id = cs.workspace_id AND rr.call_session_id = cs.id)';
  const myReview = () => `EXISTS (SELECT 1 FROM call_reviews rm WHERE rm.workspace_id = cs.workspace_id AND rm.call_session_id = cs.id AND rm.author_id = ${meRef()})`;
  if (f.reviewed === 'yes') parts.push(anyReview);
  if (f.reviewed === 'no') parts.push(`NOT ${anyReview}`);
  if (f.reviewed === 'mine') parts.push(myReview());
  if (f.reviewed === 'notmine') parts.push(`NOT ${myReview()}`);
  if (f.hasTranscript === true) parts.push(HAS_TRANSCRIPT);
  if (f.hasTranscript === false) parts.push(`NOT ${HAS_TRANSCRIPT}`);
  return { sql: parts.join(' AND '), params, meRef };
}

interface CallRow {
  id: string;
  provider: string;
  direction: 'outbound' | 'inbound';
  status: string;
  started_at: Date;
  answered_at: Date | null;
  ended_at: Date | null;
  provider_duration_seconds: number | null;
  recording_status: string | null;
  has_recording: boolean;
  transcript_status: string | null;
  has_transcript: boolean;
  dial_session_id: string | null;
  lead_id: string | null;
  lead_name: string | null;
  lead_stage: string | null;
  lead_segment: string | null;
  rep_id: string | null;
  rep_name: string | null;
  attempt_id: string | null;
  disposition_key: string | null;
  disposition_label: string | null;
  attempt_notes: string | null;
  objection_tags: string[] | null;
  review_count: number;
}

const CALL_COLUMNS = `cs.id, cs.provider, cs.direction, cs.status, cs.started_at, cs.answered_at, cs.ended_at, cs.provider_duration_seconds,
  cs.recording_status, ${HAS_RECORDING} AS has_recording, cs.transcript_status, ${HAS_TRANSCRIPT} AS has_transcript, cs.dial_session_id,
  l.id AS lead_id, l.name AS lead_name, l.stage AS lead_stage, l.segment AS lead_segment,
  u.id AS rep_id, coalesce(nullif(u.name, ''), u.email) AS rep_name,
  a.id AS attempt_id, a.disposition_key, d.label AS disposition_label, a.notes AS attempt_notes, a.objection_tags,
  (SELECT count(*) FROM call_reviews rc WHERE rc.workspace_id = cs.workspace_id AND rc.call_session_id = cs.id)::int AS review_count`;
const CALL_FROM = `call_sessions cs
  LEFT JOIN leads l ON l.id = cs.lead_id
  LEFT JOIN users u ON u.id = cs.user_id
  LEFT JOIN attempts a ON a.call_session_id = cs.id
  LEFT JOIN dispositions d ON d.workspace_id = a.workspace_id AND d.key = a.disposition_key`;

function toItem(r: CallRow, mine: ReviewRow | undefined, v: Viewer): ReviewCallItem {
  return {
    call: {
      id: r.id, provider: r.provider, direction: r.direction, status: r.status, startedAt: r.started_at.toISOString(),
      answeredAt: r.answered_at?.toISOString() ?? null, endedAt: r.ended_at?.toISOString() ?? null, durationSeconds: r.provider_duration_seconds,
      recordingStatus: r.recording_status, hasRecording: r.has_recording, transcriptStatus: r.transcript_status, hasTranscript: r.has_transcript,
      dialSessionId: r.dial_session_id,
    },
    lead: r.lead_id ? { id: r.lead_id, name: r.lead_name ?? '', stage: r.lead_stage ?? '', segment: r.lead_segment } : null,
    rep: r.rep_id ? { id: r.rep_id, name: r.rep_name ?? '' } : null,
    attempt: r.attempt_id && r.disposition_key
      ? { id: r.attempt_id, dispositionKey: r.disposition_key, dispositionLabel: r.disposition_label ?? r.disposition_key, notes: r.attempt_notes ?? '', objectionTags: r.objection_tags ?? [] }
      : null,
    myReview: mine ? toReview(mine, v) : null,
    reviewCount: r.review_count,
  };
}

export async function listReviewCalls(tx: Sql, workspaceId: string, v: Viewer, f: CallFilters, limit: number, offset: number) {
  const w = callWhere(workspaceId, v.userId, f);
  const { rows } = await tx.query<CallRow>(
    `SELECT ${CALL_COLUMNS} FROM ${CALL_FROM} WHERE ${w.sql} ORDER BY cs.started_at DESC, cs.id DESC LIMIT ${limit} OFFSET ${offset}`,
    w.params,
  );
  const me = w.meRef();
  const counts = await tx.query<{ total: number; mine: number }>(
    `SELECT count(*)::int AS total,
            count(*) FILTER (WHERE EXISTS (SELECT 1 FROM call_reviews rm WHERE rm.workspace_id = cs.workspace_id AND rm.call_session_id = cs.id AND rm.author_id = ${me}))::int AS mine
       FROM call_sessions cs LEFT JOIN attempts a ON a.call_session_id = cs.id WHERE ${w.sql}`,
    w.params,
  );
  const mine = v.userId ? await reviewsOfCalls(tx, workspaceId, rows.map((r) => r.id), v.userId) : [];
  const byCall = new Map(mine.map((m) => [m.call_session_id, m]));
  return { data: rows.map((r) => toItem(r, byCall.get(r.id), v)), total: counts.rows[0]?.total ?? 0, reviewedByMe: counts.rows[0]?.mine ?? 0 };
}

export async function sessionInfo(tx: Sql, workspaceId: string, id: string) {
  const { rows } = await tx.query<{ id: string; started_at: Date; mode: string }>('SELECT id, started_at, mode FROM dial_sessions WHERE workspace_id = $1 AND id = $2', [workspaceId, id]);
  return rows[0] ? { id: rows[0].id, startedAt: rows[0].started_at.toISOString(), mode: rows[0].mode } : null;
}

export async function getReviewCall(tx: Sql, workspaceId: string, v: Viewer, callSessionId: string) {
  const { rows } = await tx.query<CallRow & { transcript: unknown; summary: string | null }>(
    `SELECT ${CALL_COLUMNS}, cs.transcript, cs.summary FROM ${CALL_FROM} WHERE cs.workspace_id = $1 AND cs.id = $2`,
    [workspaceId, callSessionId],
  );
  const r = rows[0];
  if (!r) throw notFound('Call');
  const reviews = await reviewsOfCalls(tx, workspaceId, [r.id]);
  const mine = v.userId ? reviews.find((x) => x.author_id === v.userId) : undefined;
  // rows written by older code or by hand must not break the page: bad turns are dropped
  const raw = Array.isArray(r.transcript) ? r.transcript : [];
  const transcript: ReviewTranscriptTurn[] = raw.flatMap((x) => {
    const p = TranscriptTurnSchema.safeParse(x);
    return p.success ? [p.data] : [];
  });
  return {
    ...toItem(r, mine, v),
    transcript,
    summary: r.summary,
    recordingUrl: r.has_recording ? `/api/v1/calls/${r.id}/recording` : null,
    reviews: reviews.map((x) => toReview(x, v)),
  };
}

// ───────────── top N, tags ─────────────

export async function topReviews(tx: Sql, workspaceId: string, v: Viewer, o: { limit: number; from?: string; to?: string; userId?: string | null }) {
  const params: unknown[] = [workspaceId];
  const parts = ['r.workspace_id = $1', 'r.scored'];
  const add = (cond: (n: string) => string, x: unknown) => {
    params.push(x);
    parts.push(cond(`$${params.length}`));
  };
  if (o.from) add((n) => `cs.started_at >= ${n}::timestamptz`, boundOf(o.from, 'from').toISOString());
  if (o.to) add((n) => (DATE_ONLY.test(o.to!) ? `cs.started_at < ${n}::timestamptz` : `cs.started_at <= ${n}::timestamptz`), boundOf(o.to, 'to').toISOString());
  if (o.userId !== undefined) add((n) => `cs.user_id = ${n}::uuid`, o.userId);
  type TopRow = ReviewRow & { c_started_at: Date; c_duration: number | null; c_has_recording: boolean; l_id: string | null; l_name: string | null; rep_id: string | null; rep_name: string | null };
  const q = (dir: 'DESC' | 'ASC') =>
    tx.query<TopRow>(
      `SELECT ${REVIEW_COLUMNS}, cs.started_at AS c_started_at, cs.provider_duration_seconds AS c_duration, ${HAS_RECORDING} AS c_has_recording,
              l.id AS l_id, l.name AS l_name, u.id AS rep_id, coalesce(nullif(u.name, ''), u.email) AS rep_name
         FROM ${REVIEW_FROM} JOIN call_sessions cs ON cs.id = r.call_session_id
         LEFT JOIN leads l ON l.id = cs.lead_id LEFT JOIN users u ON u.id = cs.user_id
        WHERE ${parts.join(' AND ')}
        ORDER BY r.total_score ${dir}, cs.started_at DESC, r.id LIMIT ${o.limit}`,
      params,
    );
  const toTop = (x: TopRow): ReviewTopItem => ({
    review: toReview(x, v),
    call: { id: x.call_session_id, startedAt: x.c_started_at.toISOString(), durationSeconds: x.c_duration, hasRecording: x.c_has_recording },
    lead: x.l_id ? { id: x.l_id, name: x.l_name ?? '' } : null,
    rep: x.rep_id ? { id: x.rep_id, name: x.rep_name ?? '' } : null,
    playUrl: `/review?tab=deep&call=${x.call_session_id}&t=0`,
  });
  const [best, worst, count] = [await q('DESC'), await q('ASC'), await tx.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM call_reviews r JOIN call_sessions cs ON cs.id = r.call_session_id WHERE ${parts.join(' AND ')}`, params)];
  return { best: best.rows.map(toTop), worst: worst.rows.map(toTop), scoredCount: count.rows[0]?.n ?? 0 };
}

export async function tagsInUse(tx: Sql, workspaceId: string) {
  const { rows } = await tx.query<{ tag: string; count: number }>(
    `SELECT t AS tag, count(*)::int AS count FROM call_reviews r, unnest(r.tags) AS t WHERE r.workspace_id = $1 GROUP BY t ORDER BY count(*) DESC, t LIMIT 500`,
    [workspaceId],
  );
  return rows;
}

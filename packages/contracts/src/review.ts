import { z } from 'zod';
import { TranscriptTurnSchema } from './dialer.ts';

// Review (SPEC §3.4): Quick batch (tags + a one-line market insight per call) and Deep dive (a 1–5
// rubric on six criteria, what worked / failed, coaching notes), one review per call and author,
// with the total computed by the database; Top 10 best / worst; the calls to review, filtered.
// Shared by the server (validation + OpenAPI) and the web app (types only).

const hasNoNul = (s: string) => !s.includes('\u0000');
const text = (max: number) => z.string().trim().max(max, `At most ${max} characters.`).refine(hasNoNul, 'Contains an invalid character.');

export const REVIEW_CRITERIA = ['opening', 'discovery', 'control', 'objections', 'close', 'nextStep'] as const;
export type ReviewCriterion = (typeof REVIEW_CRITERIA)[number];
export const REVIEW_CRITERION_LABELS: Record<ReviewCriterion, string> = {
  opening: 'Opening',
  discovery: 'Discovery',
  control: 'Control',
  objections: 'Objections',
  close: 'Close',
  nextStep: 'Next step',
};
export const REVIEW_TYPES = ['quick', 'deep'] as const;
export type ReviewType = (typeof REVIEW_TYPES)[number];
export const REVIEW_MAX_TAGS = 20;

/** A tag as stored: trimmed, lowercase, inner whitespace collapsed ("Price  Objection" → "price objection"). */
export function normalizeReviewTag(s: string): string {
  return s.trim().replace(/\s+/g, ' ').toLowerCase();
}

const tag = z
  .string()
  .transform(normalizeReviewTag)
  .pipe(
    z
      .string()
      .min(1, 'An empty tag.')
      .max(40, 'A tag is at most 40 characters.')
      .regex(/^[\p{L}\p{N}][\p{L}\p{N} &/_'.+-]*$/u, 'Tags use letters, digits, spaces and & / _ \' . + - only.'),
  );

export const ReviewTagsSchema = z
  .array(tag, { error: 'Tags are a list of words.' })
  .transform((l) => [...new Set(l)])
  .refine((l) => l.length <= REVIEW_MAX_TAGS, `At most ${REVIEW_MAX_TAGS} tags.`);

/** One line: line breaks become spaces. */
const oneLine = z
  .string({ error: 'The market insight is text.' })
  .transform((s) => s.replace(/[\r\n]+/g, ' ').replace(/\s+/g, ' ').trim())
  .pipe(z.string().max(500, 'The market insight is one line of at most 500 characters.').refine(hasNoNul, 'Contains an invalid character.'));

const score = z
  .number({ error: 'A score is a whole number from 1 to 5 (or empty).' })
  .int('A score is a whole number from 1 to 5.')
  .min(1, 'A score is from 1 to 5.')
  .max(5, 'A score is from 1 to 5.')
  .nullable();

export const ReviewScoresSchema = z.object({
  opening: score.optional(),
  discovery: score.optional(),
  control: score.optional(),
  objections: score.optional(),
  close: score.optional(),
  nextStep: score.optional(),
}, { error: 'Scores are { opening, discovery, control, objections, close, nextStep }.' }).strict();
export type ReviewScoresInput = z.infer<typeof ReviewScoresSchema>;

const notes = () => text(4000);

/** PUT: the caller's review of a call, created or replaced (fields left out are emptied). */
export const ReviewUpsertSchema = z.object({
  reviewType: z.enum(REVIEW_TYPES, { error: 'reviewType is quick or deep.' }).default('quick'),
  tags: ReviewTagsSchema.default([]),
  marketInsight: oneLine.default(''),
  scores: ReviewScoresSchema.default({}),
  whatWorked: notes().default(''),
  whatFailed: notes().default(''),
  coachingNotes: notes().default(''),
});
export type ReviewUpsert = z.input<typeof ReviewUpsertSchema>;

/** PATCH: only the fields given change (scores: only the criteria given). */
export const ReviewPatchSchema = z.object({
  reviewType: z.enum(REVIEW_TYPES, { error: 'reviewType is quick or deep.' }).optional(),
  tags: ReviewTagsSchema.optional(),
  marketInsight: oneLine.optional(),
  scores: ReviewScoresSchema.optional(),
  whatWorked: notes().optional(),
  whatFailed: notes().optional(),
  coachingNotes: notes().optional(),
});
export type ReviewPatch = z.input<typeof ReviewPatchSchema>;

export const ReviewScoresSchemaOut = z.object({
  opening: z.number().nullable(),
  discovery: z.number().nullable(),
  control: z.number().nullable(),
  objections: z.number().nullable(),
  close: z.number().nullable(),
  nextStep: z.number().nullable(),
});
export type ReviewScores = z.infer<typeof ReviewScoresSchemaOut>;

export const CallReviewSchema = z.object({
  id: z.uuid(),
  callSessionId: z.uuid(),
  attemptId: z.string().nullable(),
  leadId: z.string().nullable(),
  authorId: z.string().nullable(),
  authorName: z.string().nullable(),
  reviewType: z.enum(REVIEW_TYPES),
  tags: z.array(z.string()),
  marketInsight: z.string(),
  scores: ReviewScoresSchemaOut,
  /** Sum of the scores given (computed by the database), 0–30. */
  totalScore: z.number(),
  /** All six criteria scored. */
  scored: z.boolean(),
  whatWorked: z.string(),
  whatFailed: z.string(),
  coachingNotes: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  updatedBy: z.string().nullable(),
  /** The caller may edit or delete it (its author, or a manager+). */
  canEdit: z.boolean(),
});
export type CallReview = z.infer<typeof CallReviewSchema>;

// ───────────── calls to review ─────────────

export const REVIEW_OUTCOMES = ['answered', 'unanswered', 'completed', 'no_answer', 'busy', 'failed', 'canceled', 'in_progress'] as const;
export type ReviewOutcome = (typeof REVIEW_OUTCOMES)[number];

const dateOrDateTime = z
  .string()
  .trim()
  .refine((s) => /^\d{4}-\d{2}-\d{2}$/.test(s) ? !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) : !Number.isNaN(Date.parse(s)) && /^\d{4}-\d{2}-\d{2}T/.test(s), 'A date (YYYY-MM-DD) or an ISO date-time.');

const boolParam = (field: string) => z.enum(['true', 'false'], { error: `${field} is true or false.` }).transform((v) => v === 'true');
const seconds = (field: string) => z.coerce.number({ error: `${field} is a number of seconds.` }).int(`${field} is whole seconds.`).min(0, `${field} is at least 0.`).max(86_400, `${field} is at most 86400.`);

export const ReviewCallListQuerySchema = z
  .object({
    /** A dialer session (call_sessions.dial_session_id). */
    session: z.uuid('session is a dialer session id.').optional(),
    /** From this day (inclusive; YYYY-MM-DD in UTC) or instant. */
    from: dateOrDateTime.optional(),
    /** Up to this day (inclusive) or instant. */
    to: dateOrDateTime.optional(),
    /** The rep who placed the call: a member id or "me". */
    userId: z.union([z.literal('me'), z.uuid()], { error: 'userId is "me" or a member id.' }).optional(),
    /** answered / unanswered, or a call status. */
    outcome: z.enum(REVIEW_OUTCOMES, { error: `outcome is one of ${REVIEW_OUTCOMES.join(', ')}.` }).optional(),
    /** The logged attempt's disposition key. */
    disposition: z.string().trim().regex(/^[a-z][a-z0-9_]{0,39}$/, 'disposition is a disposition key.').optional(),
    minDuration: seconds('minDuration').optional(),
    maxDuration: seconds('maxDuration').optional(),
    /** Comma-separated review tags: calls with a review carrying any of them. */
    tags: z
      .string()
      .transform((s) => [...new Set(s.split(',').map(normalizeReviewTag).filter(Boolean))])
      .refine((l) => l.length <= REVIEW_MAX_TAGS, `At most ${REVIEW_MAX_TAGS} tags.`)
      .optional(),
    /** yes: someone reviewed it; no: nobody did; mine: I reviewed it; notmine: I have not. */
    reviewed: z.enum(['yes', 'no', 'mine', 'notmine'], { error: 'reviewed is yes, no, mine or notmine.' }).optional(),
    hasTranscript: boolParam('hasTranscript').optional(),
    limit: z.coerce.number({ error: 'limit is a number.' }).int().min(1, 'limit is 1–200.').max(200, 'limit is 1–200.').default(50),
    offset: z.coerce.number({ error: 'offset is a number.' }).int().min(0, 'offset is at least 0.').max(1_000_000).default(0),
  })
  .refine((q) => q.minDuration === undefined || q.maxDuration === undefined || q.minDuration <= q.maxDuration, { message: 'minDuration is more than maxDuration.', path: ['maxDuration'] });
export type ReviewCallListQuery = z.input<typeof ReviewCallListQuerySchema>;

export const ReviewCallSchema = z.object({
  id: z.uuid(),
  provider: z.string(),
  direction: z.enum(['outbound', 'inbound']),
  status: z.string(),
  startedAt: z.string(),
  answeredAt: z.string().nullable(),
  endedAt: z.string().nullable(),
  durationSeconds: z.number().nullable(),
  recordingStatus: z.string().nullable(),
  /** The recording can be played from /api/v1/calls/:id/recording. */
  hasRecording: z.boolean(),
  transcriptStatus: z.string().nullable(),
  hasTranscript: z.boolean(),
  dialSessionId: z.string().nullable(),
});

export const ReviewCallItemSchema = z.object({
  call: ReviewCallSchema,
  lead: z.object({ id: z.string(), name: z.string(), stage: z.string(), segment: z.string().nullable() }).nullable(),
  rep: z.object({ id: z.string(), name: z.string() }).nullable(),
  attempt: z
    .object({ id: z.string(), dispositionKey: z.string(), dispositionLabel: z.string(), notes: z.string(), objectionTags: z.array(z.string()) })
    .nullable(),
  myReview: CallReviewSchema.nullable(),
  reviewCount: z.number(),
});
export type ReviewCallItem = z.infer<typeof ReviewCallItemSchema>;

export const ReviewCallListSchema = z.object({
  data: z.array(ReviewCallItemSchema),
  /** Calls matching the filters. */
  total: z.number(),
  /** Of those, the ones the caller has reviewed (progress: "7 of 23 reviewed"). */
  reviewedByMe: z.number(),
  /** The dialer session filtered on, for the "Session of <date>" chip. */
  session: z.object({ id: z.string(), startedAt: z.string(), mode: z.string() }).nullable(),
});
export type ReviewCallList = z.infer<typeof ReviewCallListSchema>;

export type ReviewTranscriptTurn = z.infer<typeof TranscriptTurnSchema>;

export const ReviewCallDetailSchema = ReviewCallItemSchema.extend({
  transcript: z.array(TranscriptTurnSchema),
  summary: z.string().nullable(),
  /** Where the browser's player loads the audio, or null when the call has none. */
  recordingUrl: z.string().nullable(),
  reviews: z.array(CallReviewSchema),
});
export type ReviewCallDetail = z.infer<typeof ReviewCallDetailSchema>;

// ───────────── top N, tags ─────────────

export const ReviewTopQuerySchema = z.object({
  limit: z.coerce.number({ error: 'limit is a number.' }).int('limit is a whole number.').min(1, 'limit is 1–50.').max(50, 'limit is 1–50.').default(10),
  from: dateOrDateTime.optional(),
  to: dateOrDateTime.optional(),
  userId: z.union([z.literal('me'), z.uuid()], { error: 'userId is "me" or a member id.' }).optional(),
});

export const ReviewTopItemSchema = z.object({
  review: CallReviewSchema,
  call: z.object({ id: z.string(), startedAt: z.string(), durationSeconds: z.number().nullable(), hasRecording: z.boolean() }),
  lead: z.object({ id: z.string(), name: z.string() }).nullable(),
  rep: z.object({ id: z.string(), name: z.string() }).nullable(),
  /** Opens the call in Deep dive, at its start. */
  playUrl: z.string(),
});
export type ReviewTopItem = z.infer<typeof ReviewTopItemSchema>;
export const ReviewTopSchema = z.object({ best: z.array(ReviewTopItemSchema), worst: z.array(ReviewTopItemSchema), scoredCount: z.number() });
export type ReviewTop = z.infer<typeof ReviewTopSchema>;

export const ReviewTagListSchema = z.object({ data: z.array(z.object({ tag: z.string(), count: z.number() })) });
export type ReviewTagList = z.infer<typeof ReviewTagListSchema>;

// AI suggestion contracts for a call (tags, rubric scores, objections, evidence snippets) and the
// workspace's AI settings (an OpenAI-compatible endpoint, or the offline analyzer).
import { z } from 'zod';
import { REVIEW_CRITERIA, REVIEW_CRITERION_LABELS, type ReviewCriterion } from './review.ts';

/** The six rubric dimensions of a deep review (SPEC §3.4), in display order: the review's criteria. */
export const RUBRIC_KEYS = REVIEW_CRITERIA;
export type RubricKey = ReviewCriterion;
export const RUBRIC_LABELS = REVIEW_CRITERION_LABELS;

/** A moment of the call that backs a suggestion: seconds from the answer, and the words said. */
export const SuggestionEvidenceSchema = z.object({
  start: z.number().nonnegative(),
  end: z.number().nonnegative(),
  quote: z.string().min(1),
});
export type SuggestionEvidence = z.infer<typeof SuggestionEvidenceSchema>;

export const SuggestedTagSchema = z.object({
  tag: z.string().min(1).max(60),
  reason: z.string(),
  evidence: z.array(SuggestionEvidenceSchema).min(1),
});
export type SuggestedTag = z.infer<typeof SuggestedTagSchema>;

export const SuggestedScoreSchema = z.object({
  score: z.number().int().min(1).max(5),
  rationale: z.string().min(1),
  /** The moments the score rests on; empty only when the score is about something that never happened. */
  evidence: z.array(SuggestionEvidenceSchema),
});
export type SuggestedScore = z.infer<typeof SuggestedScoreSchema>;

export const SuggestedScoresSchema = z.object({
  opening: SuggestedScoreSchema,
  discovery: SuggestedScoreSchema,
  control: SuggestedScoreSchema,
  objections: SuggestedScoreSchema,
  close: SuggestedScoreSchema,
  nextStep: SuggestedScoreSchema,
});

export const SuggestedSnippetSchema = z.object({
  start: z.number().nonnegative(),
  end: z.number().nonnegative(),
  text: z.string().min(1),
  /** Why this moment is worth keeping (objection handled, meeting booked, strong discovery question …). */
  why: z.string(),
});
export type SuggestedSnippet = z.infer<typeof SuggestedSnippetSchema>;

export const AI_MODES = ['offline', 'live'] as const;

/** What a person sees before saving a review: every item is a suggestion they accept or ignore. */
export const ReviewSuggestionsSchema = z.object({
  /** 'offline' (the built-in analyzer) or the model that answered. */
  provider: z.string(),
  mode: z.enum(AI_MODES),
  /** Set when the configured model failed and the offline analyzer answered instead. */
  fallbackReason: z.string().optional(),
  summary: z.string(),
  tags: z.array(SuggestedTagSchema),
  scores: SuggestedScoresSchema,
  objections: z.array(z.object({ tag: z.string().min(1), evidence: z.array(SuggestionEvidenceSchema).min(1) })),
  snippets: z.array(SuggestedSnippetSchema).max(3),
  /** Measured on the transcript (offline analyzer); absent when a model answered. */
  metrics: z
    .object({
      talkRatio: z.object({ rep: z.number(), prospect: z.number() }),
      repQuestions: z.number().int().nonnegative(),
      sentiment: z.number(),
    })
    .optional(),
  generatedAt: z.string(),
});
export type ReviewSuggestions = z.infer<typeof ReviewSuggestionsSchema>;

// ───────────── Settings → AI ─────────────

const AI_TIMEOUT_MIN_MS = 1_000;
const AI_TIMEOUT_MAX_MS = 120_000;
export const AI_DEFAULT_TIMEOUT_MS = 30_000;

export const AiSettingsSchema = z.object({
  /** live when an endpoint is configured; offline otherwise. */
  mode: z.enum(AI_MODES),
  /** The model that answers, or 'offline'. */
  provider: z.string(),
  configured: z.boolean(),
  baseUrl: z.string().nullable(),
  model: z.string().nullable(),
  /** The API key is write-only: only whether one is stored. */
  apiKeySet: z.boolean(),
  timeoutMs: z.number().int(),
  health: z.object({ lastSuccessAt: z.string().nullable(), lastErrorAt: z.string().nullable(), lastError: z.string().nullable() }).nullable(),
});
export type AiSettings = z.infer<typeof AiSettingsSchema>;

const baseUrl = z
  .string()
  .trim()
  .min(1, 'Enter the endpoint URL, e.g. https://api.openai.com/v1 or http://localhost:11434/v1.')
  .max(500)
  .refine((v) => {
    try {
      const u = new URL(v);
      return u.protocol === 'http:' || u.protocol === 'https:';
    } catch {
      return false;
    }
  }, 'Use an http(s) URL, e.g. https://api.openai.com/v1.');

export const AiSettingsUpdateSchema = z.object({
  baseUrl,
  model: z.string().trim().min(1, 'Name the model, e.g. gpt-4o-mini or llama3.1.').max(200),
  /** Omit to keep the stored key; an empty string removes it (local endpoints often need none). */
  apiKey: z.string().max(500).optional(),
  timeoutMs: z.number().int().min(AI_TIMEOUT_MIN_MS, 'At least 1000 ms.').max(AI_TIMEOUT_MAX_MS, 'At most 120000 ms.').optional(),
});
export type AiSettingsUpdate = z.infer<typeof AiSettingsUpdateSchema>;

/** Test connection: the saved settings, or unsaved values from the form laid over them. */
export const AiTestRequestSchema = AiSettingsUpdateSchema.partial();
export const AiTestResultSchema = z.object({
  ok: z.boolean(),
  model: z.string().nullable(),
  latencyMs: z.number().int().nonnegative(),
  message: z.string(),
});
export type AiTestResult = z.infer<typeof AiTestResultSchema>;

import { z } from 'zod';
import { ReviewSuggestionsSchema } from '@flywheel/contracts';
import type { ProviderMode } from '../types.ts';

/**
 * AI port. Adapters to come: any OpenAI-compatible endpoint with JSON-schema outputs (the schemas
 * below are sent as the response format and every answer is parsed with them), and a
 * deterministic offline analyzer (lexicons/rules) that fills the same structures.
 *
 * Every claim carries evidence (SPEC §1.5) and answers keep Facts / Inferred / Missing apart.
 * Callers treat failures as "no analysis yet" and never block dialing or logging (SPEC §1.12).
 */

export const TranscriptTurnSchema = z.object({
  speaker: z.enum(['rep', 'prospect', 'unknown']),
  /** Seconds from the moment the call was answered. */
  start: z.number().nonnegative(),
  end: z.number().nonnegative(),
  text: z.string(),
});
export type TranscriptTurn = z.infer<typeof TranscriptTurnSchema>;

/** A pointer into a call (or a message) that backs a claim: where, and the words. */
export const EvidenceSchema = z.object({
  callSessionId: z.uuid().optional(),
  messageId: z.uuid().optional(),
  start: z.number().nonnegative().optional(),
  end: z.number().nonnegative().optional(),
  quote: z.string().min(1),
});
export type Evidence = z.infer<typeof EvidenceSchema>;

export const ClaimSchema = z.object({
  text: z.string().min(1),
  evidence: z.array(EvidenceSchema).min(1, 'A claim needs at least one piece of evidence.'),
});
export type Claim = z.infer<typeof ClaimSchema>;

export const CallAnalysisSchema = z.object({
  summary: z.string(),
  /** Said on the call, quoted. */
  facts: z.array(ClaimSchema),
  /** Concluded from what was said; still linked to what it was concluded from. */
  inferred: z.array(ClaimSchema),
  /** What the rep should have learned and did not (budget, timeline, decision maker …). */
  missing: z.array(z.string()),
  objections: z.array(z.object({ tag: z.string(), evidence: z.array(EvidenceSchema).min(1) })),
  decisionMakerReached: z.boolean().nullable(),
  /** Suggested disposition key; the rep decides (no fake attempts, SPEC §1.1). */
  suggestedDisposition: z.string().nullable(),
  nextSteps: z.array(ClaimSchema),
  /** -1 … 1, prospect side. */
  sentiment: z.number().min(-1).max(1),
  /** Share of talk time by speaker, 0 … 1. */
  talkRatio: z.object({ rep: z.number().min(0).max(1), prospect: z.number().min(0).max(1) }),
});
export type CallAnalysis = z.infer<typeof CallAnalysisSchema>;

export interface AnalyzeCallInput {
  workspaceId: string;
  callSessionId: string;
  transcript: TranscriptTurn[];
  lead: { name: string; stage: string; segment?: string | null; facts?: string; objective?: string };
  /** The workspace's objection tags and disposition keys, so outputs use the same vocabulary. */
  vocabulary: { objectionTags: string[]; dispositionKeys: string[] };
}

export const SuggestionSchema = z.object({
  text: z.string().min(1),
  rationale: z.string(),
  evidence: z.array(EvidenceSchema).min(1),
});
export type Suggestion = z.infer<typeof SuggestionSchema>;
export const SuggestionsSchema = z.object({ suggestions: z.array(SuggestionSchema) });

export interface SuggestInput {
  workspaceId: string;
  /** reply: answer a message; next_step: what to do with a lead; rewrite: improve a draft; opener: first line of a call. */
  kind: 'reply' | 'next_step' | 'rewrite' | 'opener';
  /** The thread, call or draft being worked on, and the playbook rules that apply. */
  context: {
    lead?: { name: string; stage: string; segment?: string | null };
    draft?: string;
    thread?: { from: 'us' | 'them'; text: string; at: string }[];
    transcript?: TranscriptTurn[];
    playbook?: { ruleId: string; text: string }[];
  };
  /** Evidence the suggestions may cite; a suggestion citing nothing is dropped. */
  evidence: Evidence[];
  max?: number;
}

/**
 * What a reviewer is offered for one call (SPEC §3.4): tags, rubric scores 1–5 with rationale,
 * objections and 1–3 quotable moments, each backed by transcript quotes with start/end.
 */
export const ReviewDraftSchema = ReviewSuggestionsSchema.pick({ summary: true, tags: true, scores: true, objections: true, snippets: true, metrics: true });
export type ReviewDraft = z.infer<typeof ReviewDraftSchema>;

export interface AiPort {
  /** 'offline', or the model that answers. */
  readonly provider: string;
  readonly mode: ProviderMode;
  /** Output is parsed with CallAnalysisSchema; claims without evidence are rejected. */
  analyzeCall(input: AnalyzeCallInput): Promise<CallAnalysis>;
  /** Review suggestions for a call; items without transcript evidence are dropped. */
  reviewCall(input: AnalyzeCallInput): Promise<ReviewDraft>;
  suggest(input: SuggestInput): Promise<Suggestion[]>;
}

/** Why an AI call failed, in words an admin can act on (never the API key). */
export type AiErrorCode = 'not_configured' | 'unauthorized' | 'not_found' | 'rate_limited' | 'timeout' | 'unreachable' | 'bad_response' | 'provider_error';
export class AiError extends Error {
  readonly code: AiErrorCode;
  constructor(code: AiErrorCode, message: string) {
    super(message);
    this.name = 'AiError';
    this.code = code;
  }
}

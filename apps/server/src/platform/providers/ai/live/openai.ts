import OpenAI from 'openai';
import { z } from 'zod';
import { RUBRIC_KEYS } from '@flywheel/contracts';
import { AiError, CallAnalysisSchema, ReviewDraftSchema, type AiPort, type AnalyzeCallInput, type CallAnalysis, type ReviewDraft, type Suggestion, type SuggestInput, type TranscriptTurn } from '../port.ts';
import { groundAll, groundQuote, normalizeText } from '../evidence.ts';
import { strictJsonSchema } from './json-schema.ts';

export interface LiveAiConfig {
  /** e.g. https://api.openai.com/v1, http://localhost:11434/v1 (Ollama), a vLLM server … */
  baseUrl: string;
  model: string;
  /** Null or empty for local servers that need none. */
  apiKey: string | null;
  timeoutMs: number;
  /**
   * Retries on 408/429/5xx, connection errors and timeouts (the SDK's backoff). Default 0: a
   * reviewer waits at most timeoutMs, then the offline analyzer answers and says why.
   */
  maxRetries?: number;
}

// ───────────── what the model is asked to fill (all fields required: strict mode) ─────────────

const LlmEvidence = z.object({ start: z.number(), end: z.number(), quote: z.string() });
const LlmScore = z.object({ score: z.number().int(), rationale: z.string(), evidence: z.array(LlmEvidence) });
export const LlmReviewSchema = z.object({
  summary: z.string(),
  tags: z.array(z.object({ tag: z.string(), reason: z.string(), evidence: z.array(LlmEvidence) })),
  scores: z.object(Object.fromEntries(RUBRIC_KEYS.map((k) => [k, LlmScore])) as Record<(typeof RUBRIC_KEYS)[number], typeof LlmScore>),
  objections: z.array(z.object({ tag: z.string(), evidence: z.array(LlmEvidence) })),
  snippets: z.array(z.object({ start: z.number(), end: z.number(), text: z.string(), why: z.string() })),
});
const LlmClaim = z.object({ text: z.string(), evidence: z.array(LlmEvidence) });
export const LlmAnalysisSchema = z.object({
  summary: z.string(),
  facts: z.array(LlmClaim),
  inferred: z.array(LlmClaim),
  missing: z.array(z.string()),
  objections: z.array(z.object({ tag: z.string(), evidence: z.array(LlmEvidence) })),
  decisionMakerReached: z.boolean().nullable(),
  suggestedDisposition: z.string().nullable(),
  nextSteps: z.array(LlmClaim),
  sentiment: z.number(),
  talkRatio: z.object({ rep: z.number(), prospect: z.number() }),
});
export const LlmSuggestionsSchema = z.object({
  suggestions: z.array(z.object({ text: z.string(), rationale: z.string(), evidenceIds: z.array(z.number().int()) })),
});
const PingSchema = z.object({ ok: z.boolean() });

const SYSTEM = [
  'You are a sales coach reviewing a cold call for a B2B sales team.',
  'Every claim must be backed by evidence: quotes copied word for word from the transcript, with the start and end seconds of the line they come from.',
  'Claims you cannot back with a quote are left out. Do not invent what was said.',
  'Rubric scores are integers 1 (poor) to 5 (excellent): opening (permission, reason), discovery (questions that surface pain), control (steering the call),',
  'objections (handled with a question, not dropped), close (asked for a meeting or commitment), nextStep (a concrete, dated next step agreed).',
  'snippets: the 1 to 3 most quotable moments (objection handled, meeting booked, strong discovery question), text copied from the transcript.',
  'Answer only with JSON that matches the schema.',
].join(' ');

function transcriptText(turns: TranscriptTurn[]): string {
  const who = { rep: 'Rep', prospect: 'Prospect', unknown: 'Speaker' } as const;
  return turns.map((t) => `[${t.start.toFixed(1)}-${t.end.toFixed(1)}] ${who[t.speaker]}: ${t.text}`).join('\n');
}

function callPrompt(input: AnalyzeCallInput, task: string): string {
  return [
    task,
    `Lead: ${input.lead.name} (stage ${input.lead.stage}${input.lead.segment ? `, segment ${input.lead.segment}` : ''}).`,
    input.lead.objective ? `Call objective: ${input.lead.objective}` : '',
    input.vocabulary.objectionTags.length ? `Objection tags this team uses (prefer them): ${input.vocabulary.objectionTags.join(', ')}.` : 'Objection tags: short snake_case words such as price, no_budget, timing, has_provider, not_decision_maker, not_interested, send_info, trust.',
    input.vocabulary.dispositionKeys.length ? `Disposition keys: ${input.vocabulary.dispositionKeys.join(', ')}.` : '',
    'Transcript ([start-end] seconds from the answer):',
    transcriptText(input.transcript),
  ].filter(Boolean).join('\n');
}

// ───────────── errors an admin can act on ─────────────

function mapError(err: unknown, cfg: LiveAiConfig): AiError {
  const hide = (s: string) => (cfg.apiKey ? s.split(cfg.apiKey).join('***') : s);
  if (err instanceof AiError) return err;
  if (err instanceof OpenAI.APIConnectionTimeoutError) return new AiError('timeout', `The AI endpoint did not answer within ${Math.round(cfg.timeoutMs / 100) / 10} s (${cfg.baseUrl}).`);
  if (err instanceof OpenAI.APIConnectionError) {
    const cause = err.cause instanceof Error ? `: ${err.cause.message}` : '';
    return new AiError('unreachable', hide(`Could not reach the AI endpoint at ${cfg.baseUrl}${cause}.`));
  }
  if (err instanceof OpenAI.APIError) {
    const detail = hide(err.message.replace(/^\d{3}\s*/, '').slice(0, 300));
    if (err.status === 401 || err.status === 403) return new AiError('unauthorized', `The AI endpoint refused the API key (${err.status}). Check the key in Settings → AI.`);
    if (err.status === 404) return new AiError('not_found', `The AI endpoint has no model "${cfg.model}" or no /chat/completions route (404). Check the base URL and the model name.`);
    if (err.status === 429) return new AiError('rate_limited', `The AI endpoint is rate limiting or out of quota (429): ${detail}`);
    return new AiError('provider_error', `The AI endpoint answered ${err.status ?? 'an error'}: ${detail}`);
  }
  return new AiError('provider_error', hide(`The AI request failed: ${err instanceof Error ? err.message : String(err)}`));
}

function issues(e: z.ZodError): string {
  return e.issues.slice(0, 3).map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
}

/** An OpenAI-compatible chat-completions endpoint with JSON-schema outputs (OpenAI, Ollama, vLLM …). */
export interface LiveAiPort extends AiPort {
  /** Test connection: the smallest structured request, to prove URL, key, model and JSON-schema support. */
  ping(): Promise<{ model: string; latencyMs: number }>;
}

export function createOpenAiCompatible(cfg: LiveAiConfig): LiveAiPort {
  const client = new OpenAI({
    apiKey: cfg.apiKey || 'none', // local servers accept any bearer
    baseURL: cfg.baseUrl.replace(/\/+$/, ''),
    organization: null,
    project: null,
    timeout: cfg.timeoutMs,
    maxRetries: cfg.maxRetries ?? 0,
  });

  async function complete<S extends z.ZodType>(name: string, schema: S, user: string): Promise<z.infer<S>> {
    let res: OpenAI.Chat.Completions.ChatCompletion;
    try {
      res = await client.chat.completions.create({
        model: cfg.model,
        temperature: 0,
        messages: [
          { role: 'system', content: SYSTEM },
          { role: 'user', content: user },
        ],
        response_format: { type: 'json_schema', json_schema: { name, strict: true, schema: strictJsonSchema(schema) } },
      });
    } catch (err) {
      throw mapError(err, cfg);
    }
    const message = res.choices?.[0]?.message;
    if (message?.refusal) throw new AiError('bad_response', `The model declined to answer: ${message.refusal.slice(0, 200)}`);
    const content = message?.content;
    if (!content) throw new AiError('bad_response', `The model "${cfg.model}" returned an empty answer.`);
    let json: unknown;
    try {
      json = JSON.parse(content);
    } catch {
      throw new AiError('bad_response', `The model "${cfg.model}" did not answer with JSON (it began: ${JSON.stringify(content.slice(0, 60))}).`);
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) throw new AiError('bad_response', `The model "${cfg.model}" answered JSON that does not match the schema (${issues(parsed.error)}).`);
    return parsed.data;
  }

  const port: LiveAiPort = {
    provider: cfg.model,
    mode: 'live',

    async reviewCall(input): Promise<ReviewDraft> {
      const raw = await complete('call_review', LlmReviewSchema, callPrompt(input, 'Suggest review tags, rubric scores, objections and snippets for this call.'));
      const t = input.transcript;
      const tags = raw.tags.map((x) => ({ tag: x.tag.trim().slice(0, 60), reason: x.reason, evidence: groundAll(t, x.evidence) })).filter((x) => x.tag && x.evidence.length > 0);
      const objections = raw.objections.map((x) => ({ tag: x.tag.trim(), evidence: groundAll(t, x.evidence) })).filter((x) => x.tag && x.evidence.length > 0);
      const scores = Object.fromEntries(
        RUBRIC_KEYS.map((k) => {
          const s = raw.scores[k];
          return [k, { score: Math.max(1, Math.min(5, Math.round(s.score))), rationale: s.rationale.trim() || 'No rationale given.', evidence: groundAll(t, s.evidence) }];
        }),
      ) as ReviewDraft['scores'];
      const snippets = raw.snippets
        .map((s) => {
          // "Rep: … Prospect: …" or a plain quote: every part must be in the transcript
          const parts = s.text.split(/\b(?:Rep|Prospect|Speaker)\s*:\s*/).map((p) => p.trim()).filter((p) => normalizeText(p).length > 1);
          const grounded = parts.map((p) => groundQuote(t, { quote: p, start: s.start }));
          if (parts.length === 0 || grounded.some((g) => g === null)) return null;
          const g = grounded as NonNullable<(typeof grounded)[number]>[];
          return { start: Math.min(...g.map((x) => x.start)), end: Math.max(...g.map((x) => x.end)), text: s.text.trim(), why: s.why };
        })
        .filter((s): s is NonNullable<typeof s> => s !== null)
        .slice(0, 3);
      return ReviewDraftSchema.parse({ summary: raw.summary, tags, scores, objections, snippets });
    },

    async analyzeCall(input): Promise<CallAnalysis> {
      const raw = await complete('call_analysis', LlmAnalysisSchema, callPrompt(input, 'Analyse this call: facts (said, quoted), inferred (concluded, with what it rests on), missing (what the rep should have learned), objections, next steps.'));
      const t = input.transcript;
      const withId = (evs: z.infer<typeof LlmEvidence>[]) => groundAll(t, evs).map((e) => ({ callSessionId: input.callSessionId, ...e }));
      const claims = (cs: z.infer<typeof LlmClaim>[]) => cs.map((c) => ({ text: c.text.trim(), evidence: withId(c.evidence) })).filter((c) => c.text && c.evidence.length > 0);
      const unit = (n: number) => Math.max(0, Math.min(1, n));
      return CallAnalysisSchema.parse({
        summary: raw.summary,
        facts: claims(raw.facts),
        inferred: claims(raw.inferred),
        missing: raw.missing.filter((m) => m.trim()),
        objections: raw.objections.map((o) => ({ tag: o.tag.trim(), evidence: withId(o.evidence) })).filter((o) => o.tag && o.evidence.length > 0),
        decisionMakerReached: raw.decisionMakerReached,
        suggestedDisposition: raw.suggestedDisposition && (input.vocabulary.dispositionKeys.length === 0 || input.vocabulary.dispositionKeys.includes(raw.suggestedDisposition)) ? raw.suggestedDisposition : null,
        nextSteps: claims(raw.nextSteps),
        sentiment: Math.max(-1, Math.min(1, raw.sentiment)),
        talkRatio: { rep: unit(raw.talkRatio.rep), prospect: unit(raw.talkRatio.prospect) },
      });
    },

    async suggest(input: SuggestInput): Promise<Suggestion[]> {
      const evidence = input.evidence.map((e, i) => `#${i}: ${e.quote}`).join('\n');
      const ctx = input.context;
      const user = [
        `Task: ${input.kind.replace('_', ' ')} suggestions (at most ${input.max ?? 3}). Cite evidence by its #number in evidenceIds; a suggestion citing nothing is discarded.`,
        ctx.lead ? `Lead: ${ctx.lead.name} (stage ${ctx.lead.stage}).` : '',
        ctx.draft ? `Draft:\n${ctx.draft}` : '',
        ctx.thread?.length ? `Thread:\n${ctx.thread.map((m) => `${m.from === 'us' ? 'Us' : 'Them'} (${m.at}): ${m.text}`).join('\n')}` : '',
        ctx.transcript?.length ? `Call transcript:\n${transcriptText(ctx.transcript)}` : '',
        ctx.playbook?.length ? `Playbook rules:\n${ctx.playbook.map((r) => `- ${r.text}`).join('\n')}` : '',
        `Evidence:\n${evidence || '(none)'}`,
      ].filter(Boolean).join('\n\n');
      const raw = await complete('suggestions', LlmSuggestionsSchema, user);
      return raw.suggestions
        .map((s) => ({ text: s.text.trim(), rationale: s.rationale, evidence: [...new Set(s.evidenceIds)].map((i) => input.evidence[i]).filter((e) => e !== undefined) }))
        .filter((s) => s.text && s.evidence.length > 0)
        .slice(0, input.max ?? 3);
    },

    async ping() {
      const started = Date.now();
      const ok = await complete('connection_test', PingSchema, 'Connection test. Answer {"ok": true}.');
      if (!ok.ok) throw new AiError('bad_response', `The model "${cfg.model}" answered, but not with {"ok": true}.`);
      return { model: cfg.model, latencyMs: Date.now() - started };
    },
  };
  return port;
}

import { z } from 'zod';

// Playbook (SPEC §3.5, invariant 5 "evidence or it didn't happen"): rules, stop signals, drills and
// objection handlers, each with at least one piece of evidence (a moment of a call, a message or a
// saved metric), matched to leads by segment / stage / tags and shown in the Dialer's call prep.
// Shared by the server (validation + OpenAPI) and the web app (types only).

const hasNoNul = (s: string) => !s.includes('\u0000');
const text = (max: number) => z.string().trim().max(max, `At most ${max} characters.`).refine(hasNoNul, 'Contains an invalid character.');

export const PLAYBOOK_KINDS = ['rule', 'stop_signal', 'drill', 'objection_handler'] as const;
export type PlaybookKind = (typeof PLAYBOOK_KINDS)[number];
export const PLAYBOOK_KIND_LABELS: Record<PlaybookKind, string> = {
  rule: 'Rule',
  stop_signal: 'Stop signal',
  drill: 'Drill',
  objection_handler: 'Objection handler',
};

/** The suggested categories; a team may also use its own word (stored lowercased). */
export const PLAYBOOK_CATEGORIES = ['opening', 'discovery', 'objections', 'closing', 'pricing', 'general'] as const;

export const PLAYBOOK_SOURCES = ['manual', 'review', 'experiment'] as const;
export type PlaybookSource = (typeof PLAYBOOK_SOURCES)[number];

const category = text(40)
  .min(1, 'Choose a category.')
  .regex(/^[\p{L}\p{N}][\p{L}\p{N} &/_-]*$/u, 'Letters, digits, spaces and & / _ - only.')
  .transform((s) => s.toLowerCase());

const targetList = (what: string) =>
  z
    .array(text(80).min(1, `An empty ${what}.`))
    .max(50, `At most 50 ${what}s.`)
    .transform((l) => [...new Set(l)]);

// ───────────── evidence ─────────────

export const CallEvidenceInputSchema = z
  .object({
    kind: z.literal('call'),
    callSessionId: z.uuid('Pick a call.'),
    /** Seconds from the start of the recording. */
    start: z.number().min(0, 'The start is at least 0 s.').max(86_400),
    end: z.number().min(0, 'The end is at least 0 s.').max(86_400),
    snippet: text(2000).min(1, 'Quote what was said (the snippet).'),
  })
  .refine((e) => e.end >= e.start, { message: 'The end must not be before the start.', path: ['end'] });

export const MessageEvidenceInputSchema = z.object({
  kind: z.literal('message'),
  messageId: z.uuid('Pick a message.'),
});

export const MetricEvidenceInputSchema = z.object({
  kind: z.literal('metric'),
  name: text(120).min(1, 'Name the metric.'),
  value: z.union([z.number(), text(120).min(1, 'Give the metric a value.')]),
  period: text(120).optional(),
  link: text(500).optional(),
});

export const EvidenceInputSchema = z.discriminatedUnion('kind', [CallEvidenceInputSchema, MessageEvidenceInputSchema, MetricEvidenceInputSchema], {
  error: 'Evidence kind must be call, message or metric.',
});
export type EvidenceInput = z.infer<typeof EvidenceInputSchema>;

export const PlaybookMetricSchema = z.object({
  name: z.string(),
  value: z.union([z.number(), z.string()]),
  period: z.string().optional(),
  link: z.string().optional(),
});
export type PlaybookMetric = z.infer<typeof PlaybookMetricSchema>;

export const PlaybookEvidenceSchema = z.object({
  id: z.uuid(),
  ruleId: z.uuid(),
  kind: z.enum(['call', 'message', 'metric']),
  callSessionId: z.string().nullable(),
  snippet: z.string().nullable(),
  start: z.number().nullable(),
  end: z.number().nullable(),
  messageId: z.string().nullable(),
  metric: PlaybookMetricSchema.nullable(),
  /** The call's or the message's lead, when known. */
  leadId: z.string().nullable(),
  leadName: z.string().nullable(),
  /** Call evidence: when the call happened, its length and whether a recording exists. */
  callStartedAt: z.string().nullable(),
  callDurationSeconds: z.number().nullable(),
  hasRecording: z.boolean(),
  /** Message evidence: channel, direction and the first line of the message. */
  messageChannel: z.string().nullable(),
  messageDirection: z.string().nullable(),
  messagePreview: z.string().nullable(),
  messageThreadId: z.string().nullable(),
  createdBy: z.string().nullable(),
  createdByName: z.string().nullable(),
  createdAt: z.string(),
});
export type PlaybookEvidence = z.infer<typeof PlaybookEvidenceSchema>;

// ───────────── rules ─────────────

const ruleFields = {
  kind: z.enum(PLAYBOOK_KINDS, { error: `Kind must be one of: ${PLAYBOOK_KINDS.join(', ')}.` }),
  category,
  title: text(200).min(1, 'Give the rule a title.'),
  body: text(8000),
  segments: targetList('segment'),
  stages: targetList('stage'),
  tags: targetList('tag'),
  objectionTag: text(80).nullable(),
  priority: z.number().int('Priority is a whole number.').min(-100).max(100),
};

export const PlaybookRuleCreateSchema = z.object({
  kind: ruleFields.kind.default('rule'),
  category: ruleFields.category.default('general'),
  title: ruleFields.title,
  body: ruleFields.body.default(''),
  segments: ruleFields.segments.default([]),
  stages: ruleFields.stages.default([]),
  tags: ruleFields.tags.default([]),
  objectionTag: ruleFields.objectionTag.optional(),
  priority: ruleFields.priority.default(0),
  source: z.enum(PLAYBOOK_SOURCES).default('manual'),
  sourceReviewId: z.uuid().nullable().optional(),
  sourceExperimentId: z.uuid().nullable().optional(),
  /** Invariant 5: a rule is only saved with its evidence (at least one). */
  evidence: z
    .array(EvidenceInputSchema, { error: 'A rule needs evidence: a call moment, a message or a metric.' })
    .min(1, 'A rule needs at least one piece of evidence: a call moment, a message or a metric.')
    .max(20, 'At most 20 pieces of evidence at once.'),
});
export type PlaybookRuleCreate = z.input<typeof PlaybookRuleCreateSchema>;
/** What the server works with (defaults applied). */
export type CreateRuleInput = z.output<typeof PlaybookRuleCreateSchema>;

export const PlaybookRuleUpdateSchema = z.object({
  kind: ruleFields.kind.optional(),
  category: ruleFields.category.optional(),
  title: ruleFields.title.optional(),
  body: ruleFields.body.optional(),
  segments: ruleFields.segments.optional(),
  stages: ruleFields.stages.optional(),
  tags: ruleFields.tags.optional(),
  objectionTag: ruleFields.objectionTag.optional(),
  priority: ruleFields.priority.optional(),
  status: z.enum(['active', 'archived']).optional(),
  /** Why it changed (kept in the history). */
  changeNote: text(500).optional(),
});
export type PlaybookRuleUpdate = z.input<typeof PlaybookRuleUpdateSchema>;

export const PlaybookRuleSchema = z.object({
  id: z.uuid(),
  kind: z.enum(PLAYBOOK_KINDS),
  category: z.string(),
  title: z.string(),
  body: z.string(),
  segments: z.array(z.string()),
  stages: z.array(z.string()),
  tags: z.array(z.string()),
  objectionTag: z.string().nullable(),
  priority: z.number(),
  status: z.enum(['active', 'archived']),
  source: z.enum(PLAYBOOK_SOURCES),
  sourceReviewId: z.string().nullable(),
  sourceExperimentId: z.string().nullable(),
  version: z.number(),
  evidenceCount: z.number(),
  /** The first piece of evidence (lists); the detail has them all. */
  firstEvidence: PlaybookEvidenceSchema.nullable(),
  createdBy: z.string().nullable(),
  createdByName: z.string().nullable(),
  updatedByName: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type PlaybookRule = z.infer<typeof PlaybookRuleSchema>;

export const PlaybookRuleVersionSchema = z.object({
  version: z.number(),
  snapshot: z.record(z.string(), z.unknown()),
  changeNote: z.string(),
  /** Fields that differ from the previous version. */
  changed: z.array(z.string()),
  editedBy: z.string().nullable(),
  editedByName: z.string().nullable(),
  editedAt: z.string(),
});
export type PlaybookRuleVersion = z.infer<typeof PlaybookRuleVersionSchema>;

export const PlaybookRuleDetailSchema = PlaybookRuleSchema.extend({
  evidence: z.array(PlaybookEvidenceSchema),
  history: z.array(PlaybookRuleVersionSchema),
  uses: z.object({ shown: z.number(), opened: z.number() }),
});
export type PlaybookRuleDetail = z.infer<typeof PlaybookRuleDetailSchema>;

const csv = z
  .string()
  .optional()
  .transform((s) => (s ? s.split(',').map((x) => x.trim()).filter(Boolean) : undefined));

export const PlaybookRuleListQuerySchema = z.object({
  kind: z.enum(PLAYBOOK_KINDS, { error: `Kind must be one of: ${PLAYBOOK_KINDS.join(', ')}.` }).optional(),
  category: z.string().trim().toLowerCase().max(40).optional(),
  status: z.enum(['active', 'archived', 'all']).default('active'),
  q: z.string().trim().max(200).optional(),
  segment: z.string().trim().max(80).optional(),
  stage: z.string().trim().max(80).optional(),
  /** One tag, or several separated by commas (any of them). */
  tag: csv,
  limit: z.coerce.number().int().min(1).max(500).default(200),
});

export const PlaybookRuleListSchema = z.object({
  data: z.array(PlaybookRuleSchema),
  categories: z.array(z.string()),
});
export type PlaybookRuleList = z.infer<typeof PlaybookRuleListSchema>;

export const PlaybookCategoriesSchema = z.object({
  data: z.array(z.object({ category: z.string(), rules: z.number() })),
});

export const PlaybookHistorySchema = z.object({ data: z.array(PlaybookRuleVersionSchema) });

export const PlaybookUseCreateSchema = z.object({
  action: z.literal('opened', { error: "Action must be 'opened'." }),
  callSessionId: z.uuid().nullable().optional(),
  leadId: z.uuid().nullable().optional(),
});

// ───────────── call prep ─────────────

export const PlaybookPrepQuerySchema = z.object({
  leadId: z.uuid('leadId must be a lead id.'),
  callSessionId: z.uuid('callSessionId must be a call id.').optional(),
  limit: z.coerce.number().int().min(1).max(50).default(12),
});

export const PlaybookPrepItemSchema = PlaybookRuleSchema.extend({
  /** Why it is shown: the lead's values that matched the rule's targeting (empty = applies to everyone). */
  matched: z.object({ segment: z.string().nullable(), stage: z.string().nullable(), tags: z.array(z.string()) }),
  /** How many targeting dimensions matched (0–3). */
  specificity: z.number(),
  /** An objection handler or stop signal for an objection this lead has raised before. */
  matchesKnownObjection: z.boolean(),
});
export type PlaybookPrepItem = z.infer<typeof PlaybookPrepItemSchema>;

export const PlaybookPrepSchema = z.object({
  lead: z.object({ id: z.uuid(), name: z.string(), segment: z.string().nullable(), stage: z.string(), tags: z.array(z.string()), objections: z.array(z.string()) }),
  data: z.array(PlaybookPrepItemSchema),
});
export type PlaybookPrep = z.infer<typeof PlaybookPrepSchema>;

/** mm:ss (or h:mm:ss) for a position in a recording. */
export function formatPlaybookTime(seconds: number | null | undefined): string {
  if (seconds == null || !Number.isFinite(seconds)) return '–';
  const s = Math.max(0, Math.floor(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

import { z } from 'zod';

// Experiments (SPEC §3.5, issue 5): 2–4 variants of an opener (or another script line) assigned to
// calls as they are placed, the outcome of each call read from its attempt's disposition, and a
// significance test (chi-squared / two-proportion z-test / Fisher's exact) once enough calls have
// an outcome. A winner can be promoted to a playbook rule with the result as its metric evidence.
// Shared by the server (validation + OpenAPI) and the web app (types only).

const hasNoNul = (s: string) => !s.includes('\u0000');
const text = (max: number) => z.string().trim().max(max, `At most ${max} characters.`).refine(hasNoNul, 'Contains an invalid character.');

export const EXPERIMENT_STATUSES = ['draft', 'running', 'completed', 'stopped'] as const;
export type ExperimentStatus = (typeof EXPERIMENT_STATUSES)[number];
export const EXPERIMENT_STATUS_LABELS: Record<ExperimentStatus, string> = { draft: 'Draft', running: 'Running', completed: 'Completed', stopped: 'Stopped' };

/** Variant keys in order: the first variant is A, the second B … */
export const EXPERIMENT_VARIANT_KEYS = ['A', 'B', 'C', 'D'] as const;
export const EXPERIMENT_ALPHA = 0.05;
export const EXPERIMENT_DEFAULT_TARGET = 20;
/** Suggested subjects; a team may use its own word. */
export const EXPERIMENT_SUBJECTS = ['opener', 'pitch', 'question', 'close', 'voicemail'] as const;

const targetList = (what: string) =>
  z
    .array(text(80).min(1, `An empty ${what}.`))
    .max(50, `At most 50 ${what}s.`)
    .transform((l) => [...new Set(l)]);

export const ExperimentTargetingSchema = z.object({
  segments: targetList('segment').default([]),
  stages: targetList('stage').default([]),
  tags: targetList('tag').default([]),
});
export type ExperimentTargeting = z.output<typeof ExperimentTargetingSchema>;

export const ExperimentVariantInputSchema = z.object({
  label: text(60).min(1, 'Name the variant.'),
  text: text(2000).min(1, 'Write what the rep says.'),
});

export const ExperimentVariantSchema = z.object({
  key: z.string(),
  label: z.string(),
  text: z.string(),
});
export type ExperimentVariant = z.infer<typeof ExperimentVariantSchema>;

export const ExperimentCreateSchema = z
  .object({
    name: text(200).min(1, 'Name the experiment.'),
    hypothesis: text(2000).default(''),
    subject: text(40)
      .min(1, 'Say what is varied (e.g. opener).')
      .regex(/^[\p{L}\p{N}][\p{L}\p{N} &/_-]*$/u, 'Letters, digits, spaces and & / _ - only.')
      .transform((s) => s.toLowerCase())
      .default('opener'),
    variants: z.array(ExperimentVariantInputSchema).min(2, 'An experiment needs at least two variants.').max(4, 'At most four variants.'),
    targetCalls: z
      .number({ error: 'A number of calls.' })
      .int('A whole number of calls.')
      .min(2, 'At least 2 calls.')
      .max(100_000, 'At most 100,000 calls.')
      .default(EXPERIMENT_DEFAULT_TARGET),
    /** Disposition keys that count as a success; default: the workspace's positive outcomes. */
    successDispositions: z.array(text(40).min(1, 'An empty outcome.')).max(30, 'At most 30 outcomes.').transform((l) => [...new Set(l)]).optional(),
    targeting: ExperimentTargetingSchema.default({ segments: [], stages: [], tags: [] }),
    sourceReviewId: z.uuid('Not a review id.').nullish(),
    /** false keeps it a draft (start it later); default: running at once. */
    start: z.boolean().default(true),
  })
  .superRefine((e, ctx) => {
    const labels = e.variants.map((v) => v.label.toLowerCase());
    labels.forEach((l, i) => {
      if (labels.indexOf(l) !== i) ctx.addIssue({ code: 'custom', path: ['variants', i, 'label'], message: 'Two variants have the same name.' });
    });
    if (e.targetCalls < e.variants.length * 2) ctx.addIssue({ code: 'custom', path: ['targetCalls'], message: `At least ${e.variants.length * 2} calls for ${e.variants.length} variants (2 each).` });
  });
export type ExperimentCreate = z.input<typeof ExperimentCreateSchema>;

export const ExperimentListQuerySchema = z.object({
  status: z.enum(EXPERIMENT_STATUSES, { error: `Use a status from: ${EXPERIMENT_STATUSES.join(', ')}.` }).optional(),
});

export const ExperimentPromoteSchema = z.object({
  variant: text(8).min(1, 'Pick the variant to promote.'),
});

// ───────────── the result ─────────────

export const EXPERIMENT_TESTS = ['chi_squared_yates', 'chi_squared', 'fisher_exact', 'none'] as const;
export type ExperimentTest = (typeof EXPERIMENT_TESTS)[number];
export const EXPERIMENT_TEST_LABELS: Record<ExperimentTest, string> = {
  chi_squared_yates: 'Chi-squared test with Yates continuity correction',
  chi_squared: 'Chi-squared test of independence',
  fisher_exact: "Fisher's exact test",
  none: 'No test',
};

const num = z.number();
export const VariantOutcomeSchema = z.object({
  key: z.string(),
  label: z.string(),
  calls: z.number().int(),
  successes: z.number().int(),
  /** successes / calls, null without calls */
  rate: num.nullable(),
  /** Wilson score 95% interval of the rate */
  ciLow: num.nullable(),
  ciHigh: num.nullable(),
});
export type VariantOutcome = z.infer<typeof VariantOutcomeSchema>;

const chi = z.object({ statistic: num, df: z.number().int(), pValue: num });
export const ExperimentResultSchema = z.object({
  /** The test the verdict rests on. */
  test: z.enum(EXPERIMENT_TESTS),
  testLabel: z.string(),
  statistic: num.nullable(),
  df: z.number().int().nullable(),
  pValue: num.nullable(),
  alpha: num,
  significant: z.boolean(),
  /** An expected count below 5 in some cell (or a variant without calls): the chi-squared approximation does not hold. */
  tooFew: z.boolean(),
  note: z.string().nullable(),
  /** Smallest expected count of the 2×k table, null when it cannot be computed. */
  minExpected: num.nullable(),
  calls: z.number().int(),
  successes: z.number().int(),
  perVariant: z.array(VariantOutcomeSchema),
  /** Two variants: pooled two-proportion z-test (second variant minus first). */
  zTest: z.object({ z: num, pValue: num }).nullable(),
  chiSquared: chi.nullable(),
  /** 2×2 only. */
  chiSquaredYates: chi.nullable(),
  /** 2×2 with an expected count below 5. */
  fisherExact: z.object({ pValue: num }).nullable(),
  /** Two variants: rate of `of[0]` minus rate of `of[1]`, Newcombe hybrid score 95% interval. */
  difference: z.object({ of: z.tuple([z.string(), z.string()]), value: num, ciLow: num, ciHigh: num, method: z.literal('newcombe') }).nullable(),
  /** The variant with the best rate, when the test is significant. */
  winner: z.string().nullable(),
  /** "B beats A: 31% vs 18%, p = 0.012" / "No significant difference yet" / "Too few calls to tell" */
  verdict: z.string(),
  /** The result is final (experiment completed or stopped) rather than an interim look. */
  final: z.boolean(),
});
export type ExperimentResult = z.infer<typeof ExperimentResultSchema>;

export const ExperimentProgressSchema = z.object({
  assigned: z.number().int(),
  withOutcome: z.number().int(),
  perVariant: z.array(z.object({ key: z.string(), assigned: z.number().int(), withOutcome: z.number().int() })),
});

export const ExperimentSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  hypothesis: z.string(),
  subject: z.string(),
  variants: z.array(ExperimentVariantSchema),
  targetCalls: z.number().int(),
  successDispositions: z.array(z.string()),
  /** Labels of the success outcomes, for display. */
  successLabels: z.array(z.string()),
  targeting: z.object({ segments: z.array(z.string()), stages: z.array(z.string()), tags: z.array(z.string()) }),
  status: z.enum(EXPERIMENT_STATUSES),
  sourceReviewId: z.string().nullable(),
  progress: ExperimentProgressSchema,
  /** Frozen when completed; computed live from the calls' outcomes otherwise. */
  result: ExperimentResultSchema,
  winnerVariant: z.string().nullable(),
  promotedRuleId: z.string().nullable(),
  /** Promotion is allowed: completed, or stopped with a significant result, and not promoted yet. */
  canPromote: z.boolean(),
  createdBy: z.string().nullable(),
  createdByName: z.string().nullable(),
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  completedAt: z.string().nullable(),
});
export type Experiment = z.infer<typeof ExperimentSchema>;

export const ExperimentListSchema = z.object({ data: z.array(ExperimentSchema) });
export type ExperimentList = z.infer<typeof ExperimentListSchema>;

export const CallExperimentVariantSchema = z.object({
  experimentId: z.uuid(),
  experimentName: z.string(),
  subject: z.string(),
  variantKey: z.string(),
  variantLabel: z.string(),
  variantText: z.string(),
});
export type CallExperimentVariant = z.infer<typeof CallExperimentVariantSchema>;
export const CallExperimentsSchema = z.object({ data: z.array(CallExperimentVariantSchema) });
export type CallExperiments = z.infer<typeof CallExperimentsSchema>;

// ───────────── wording (server verdicts and the web app share it) ─────────────

/** "p = 0.012", "p < 0.001" */
export function formatPValue(p: number): string {
  if (p < 0.001) return 'p < 0.001';
  return `p = ${p.toFixed(3)}`;
}

/** "31%" (one decimal under 10%: "4.5%") */
export function formatRate(rate: number | null): string {
  if (rate === null) return '—';
  const pct = rate * 100;
  return `${pct < 10 && pct > 0 && Math.round(pct) !== pct ? pct.toFixed(1) : Math.round(pct)}%`;
}

import { z } from 'zod';

// Postgres text and jsonb cannot hold NUL; refusing it here keeps such input a 400, never a 500.
const hasNoNul = (s: string) => !s.includes('\u0000');
const text = (max: number) => z.string().trim().max(max, `At most ${max} characters.`).refine(hasNoNul, 'Contains an invalid character.');
const requiredText = (max: number, emptyMessage: string) =>
  z.string().trim().min(1, emptyMessage).max(max, `At most ${max} characters.`).refine(hasNoNul, 'Contains an invalid character.');
/** Optional text where an empty string means "clear it". */
const clearableText = (max: number) => text(max).nullable().transform((s) => (s ? s : null));

const isoDate = z.string();

// ───────────── list filters (the query object of GET /leads; also what a saved view stores) ─────────────

/**
 * Sort keys; prefix - for descending. Empty values sort as the extreme they mean: never touched =
 * longest ago, no value = smallest, no next task = furthest away (so `last_touched_at` ascending
 * starts with never-touched leads, `next_task_at` ascending ends with leads without a task).
 */
export const LEAD_SORT_KEYS = ['name', 'created_at', 'updated_at', 'last_touched_at', 'next_task_at', 'value', 'stage'] as const;
export type LeadSortKey = (typeof LEAD_SORT_KEYS)[number];
const SORTS = [...LEAD_SORT_KEYS, ...LEAD_SORT_KEYS.map((k) => `-${k}` as const)] as const;
export const LeadSortSchema = z.enum(SORTS, { error: `Unknown sort. Use one of: ${LEAD_SORT_KEYS.join(', ')} (prefix - for descending).` });
export type LeadSort = z.infer<typeof LeadSortSchema>;

export const TOUCHED_FILTERS = ['7d', '30d', '90d', 'stale30', 'never'] as const;
export const NEXT_TASK_FILTERS = ['overdue', 'today', 'upcoming', 'none'] as const;

/**
 * Filters as plain strings, exactly as they travel in the query string (stage and tags are comma
 * lists). Saved views store this same object, so applying a view is `?${new URLSearchParams(filters)}`.
 * touched: 7d/30d/90d = touched within; stale30 = not touched for 30+ days or never; never.
 * nextTask: overdue = next open task due before now; today = due today in the workspace time zone
 * (including earlier today); upcoming = due after today; none = no open task.
 */
// a comma list; an array (repeated query key, or a saved view posted from UI state) is joined to one
const listParam = z.union([text(2000), z.array(text(200)).max(200, 'At most 200 values.')]).transform((v) => (Array.isArray(v) ? v.join(',') : v));

export const LeadFiltersSchema = z.object({
  q: text(200).optional(),
  stage: listParam.optional(),
  owner: z.union([z.literal('me'), z.literal('none'), z.uuid()], { error: 'Use a member id, "me" or "none".' }).optional(),
  source: text(200).optional(),
  segment: text(200).optional(),
  tags: listParam.optional(),
  touched: z.enum(TOUCHED_FILTERS, { error: `Use one of: ${TOUCHED_FILTERS.join(', ')}.` }).optional(),
  nextTask: z.enum(NEXT_TASK_FILTERS, { error: `Use one of: ${NEXT_TASK_FILTERS.join(', ')}.` }).optional(),
});
export type LeadFilters = z.infer<typeof LeadFiltersSchema>;

export const LeadListQuerySchema = LeadFiltersSchema.extend({
  sort: LeadSortSchema.default('-created_at'),
  limit: z.coerce.number({ error: 'A number from 1 to 500.' }).int('A whole number.').min(1, 'At least 1.').max(500, 'At most 500.').default(50),
  offset: z.coerce.number({ error: 'A number of rows to skip.' }).int('A whole number.').min(0, 'At least 0.').max(10_000_000, 'Too far.').default(0),
});
export type LeadListQuery = z.input<typeof LeadListQuerySchema>;

/** Same filters as the list; sort applies to the CSV rows. */
export const LeadExportQuerySchema = LeadFiltersSchema.extend({ sort: LeadSortSchema.default('-created_at') });
export const LeadBoardQuerySchema = LeadFiltersSchema;

// ───────────── lead shapes ─────────────

export const LeadListItemSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  stage: z.string(),
  ownerId: z.uuid().nullable(),
  ownerName: z.string().nullable(),
  source: z.string().nullable(),
  segment: z.string().nullable(),
  tags: z.array(z.string()),
  value: z.number().nullable(),
  primaryEmail: z.string().nullable(),
  primaryPhone: z.string().nullable(),
  city: z.string().nullable(),
  lastTouchedAt: isoDate.nullable(),
  nextTaskAt: isoDate.nullable(),
  nextTaskTitle: z.string().nullable(),
  openTaskCount: z.number().int(),
  createdAt: isoDate,
  updatedAt: isoDate,
});
export type LeadListItem = z.infer<typeof LeadListItemSchema>;

export const LeadListResponseSchema = z.object({ data: z.array(LeadListItemSchema), total: z.number().int() });
export type LeadListResponse = z.infer<typeof LeadListResponseSchema>;

export const ContactSchema = z.object({
  id: z.uuid(),
  firstName: z.string(),
  lastName: z.string(),
  title: z.string().nullable(),
  emails: z.array(z.string()),
  phones: z.array(z.string()),
  isPrimary: z.boolean(),
  isDecisionMaker: z.boolean(),
  notes: z.string(),
});
export type Contact = z.infer<typeof ContactSchema>;

export const CustomFieldValueSchema = z.union([
  text(5000),
  z.number().finite(),
  z.boolean(),
  z.array(z.union([text(500), z.number().finite(), z.boolean()])).max(100, 'At most 100 values.'),
]);
export type CustomFieldValue = z.infer<typeof CustomFieldValueSchema>;

export const TaskSummarySchema = z.object({
  pendingCount: z.number().int(),
  overdueCount: z.number().int(),
  next: z.object({ title: z.string(), dueAt: isoDate.nullable(), kind: z.string() }).nullable(),
});

export const LeadDetailSchema = LeadListItemSchema.extend({
  facts: z.string(),
  questions: z.string(),
  objective: z.string(),
  customFields: z.record(z.string(), CustomFieldValueSchema),
  website: z.string().nullable(),
  address: z.string().nullable(),
  region: z.string().nullable(),
  postalCode: z.string().nullable(),
  country: z.string().nullable(),
  timezone: z.string().nullable(),
  contacts: z.array(ContactSchema),
  taskSummary: TaskSummarySchema,
});
export type LeadDetail = z.infer<typeof LeadDetailSchema>;

// ───────────── lead writes ─────────────

const TagSchema = requiredText(64, 'Tags cannot be empty.').refine((t) => !t.includes(','), 'Tags cannot contain commas.');
export const TagsSchema = z.array(TagSchema).max(50, 'At most 50 tags.');
export const LeadValueSchema = z.number({ error: 'A number.' }).finite().min(0, 'Cannot be negative.').max(999_999_999_999, 'Too large.');
const stageKey = z.string().trim().min(1, 'Choose a stage.').max(64);
const timezoneSchema = z
  .string()
  .max(64)
  .refine((tz) => {
    try {
      new Intl.DateTimeFormat('en', { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  }, 'Unknown time zone.');

export const ContactInlineSchema = z.object({
  firstName: text(100).default(''),
  lastName: text(100).default(''),
  title: clearableText(200).optional(),
  email: text(320).optional(),
  phone: text(64).optional(),
});

// Fields a lead has both when created and when edited (one definition, so limits cannot drift).
const leadEditableFields = {
  stage: stageKey.optional(),
  ownerId: z.uuid().nullable().optional(),
  source: clearableText(200).optional(),
  segment: clearableText(200).optional(),
  tags: TagsSchema.optional(),
  value: LeadValueSchema.nullable().optional(),
  website: clearableText(500).optional(),
  city: clearableText(200).optional(),
  region: clearableText(200).optional(),
  country: clearableText(100).optional(),
};

/** ownerId omitted = the creating user (none for API keys); null = unassigned. Stage omitted = the first open stage. */
export const LeadCreateBodySchema = z.object({
  name: requiredText(300, 'Give the lead a name.'),
  ...leadEditableFields,
  contact: ContactInlineSchema.optional(),
});
export type LeadCreateBody = z.input<typeof LeadCreateBodySchema>;

/** customFields is merged into the existing object; a key set to null is removed. */
export const LeadUpdateBodySchema = z.object({
  name: requiredText(300, 'Give the lead a name.').optional(),
  ...leadEditableFields,
  facts: text(20_000).optional(),
  questions: text(20_000).optional(),
  objective: text(20_000).optional(),
  address: clearableText(500).optional(),
  postalCode: clearableText(32).optional(),
  timezone: timezoneSchema.nullable().optional(),
  customFields: z
    .record(requiredText(100, 'Field names cannot be empty.'), CustomFieldValueSchema.nullable())
    .refine((o) => Object.keys(o).length <= 200, 'At most 200 fields per request.')
    .optional(),
});
export type LeadUpdateBody = z.input<typeof LeadUpdateBodySchema>;

export const BULK_ACTIONS = ['assign', 'tag', 'untag', 'stage', 'delete', 'restore'] as const;
/** `delete` is a soft delete; `restore` undoes it. ownerId null with `assign` unassigns. */
export const LeadBulkBodySchema = z
  .object({
    ids: z.array(z.uuid()).min(1, 'Select at least one lead.').max(5000, 'At most 5000 leads at once.'),
    action: z.enum(BULK_ACTIONS, { error: `Use one of: ${BULK_ACTIONS.join(', ')}.` }),
    ownerId: z.uuid().nullable().optional(),
    tags: TagsSchema.optional(),
    stage: stageKey.optional(),
  })
  .superRefine((b, ctx) => {
    if (b.action === 'assign' && b.ownerId === undefined) ctx.addIssue({ code: 'custom', path: ['ownerId'], message: 'Choose who to assign the leads to (null to unassign).' });
    if ((b.action === 'tag' || b.action === 'untag') && !b.tags?.length) ctx.addIssue({ code: 'custom', path: ['tags'], message: 'Give at least one tag.' });
    if (b.action === 'stage' && !b.stage) ctx.addIssue({ code: 'custom', path: ['stage'], message: 'Choose a stage.' });
  });
export type LeadBulkBody = z.input<typeof LeadBulkBodySchema>;
export const LeadBulkResponseSchema = z.object({ affected: z.number().int() });

// ───────────── timeline ─────────────

export const TimelineQuerySchema = z.object({
  // the page cursor: nextBefore of the previous page (microsecond precision)
  before: z.iso
    .datetime({ error: 'An ISO date-time in UTC, e.g. 2024-05-01T12:00:00Z.' })
    .refine((s) => {
      const d = new Date(s);
      return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s.slice(0, 10);
    }, 'Not a real date.')
    .optional(),
  limit: z.coerce.number({ error: 'A number from 1 to 200.' }).int().min(1, 'At least 1.').max(200, 'At most 200.').default(50),
});

export const TimelineActivitySchema = z.object({
  id: z.uuid(),
  kind: z.string(),
  summary: z.string(),
  actorLabel: z.string(),
  before: z.unknown(),
  after: z.unknown(),
  occurredAt: isoDate,
  refType: z.string().nullable(),
  refId: z.string().nullable(),
});
export type TimelineActivity = z.infer<typeof TimelineActivitySchema>;
export const TimelineResponseSchema = z.object({ data: z.array(TimelineActivitySchema), nextBefore: z.string().nullable() });
export type TimelineResponse = z.infer<typeof TimelineResponseSchema>;

// ───────────── contacts ─────────────

const rawEmails = z.array(text(320)).max(10, 'At most 10 email addresses.');
const rawPhones = z.array(text(64)).max(10, 'At most 10 phone numbers.');

/** Emails and phones are normalized (lower-case, E.164 with the workspace's default country). */
export const ContactCreateBodySchema = z.object({
  firstName: text(100).default(''),
  lastName: text(100).default(''),
  title: clearableText(200).optional(),
  emails: rawEmails.default([]),
  phones: rawPhones.default([]),
  isPrimary: z.boolean().optional(),
  isDecisionMaker: z.boolean().default(false),
  notes: text(10_000).default(''),
});
export type ContactCreateBody = z.input<typeof ContactCreateBodySchema>;

export const ContactUpdateBodySchema = z.object({
  firstName: text(100).optional(),
  lastName: text(100).optional(),
  title: clearableText(200).optional(),
  emails: rawEmails.optional(),
  phones: rawPhones.optional(),
  isDecisionMaker: z.boolean().optional(),
  notes: text(10_000).optional(),
});
export type ContactUpdateBody = z.input<typeof ContactUpdateBodySchema>;

// ───────────── pipeline ─────────────

export const STAGE_KINDS = ['open', 'won', 'lost'] as const;
const colorSchema = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'A colour like #22c55e.');

export const StageSchema = z.object({
  key: z.string(),
  label: z.string(),
  kind: z.enum(STAGE_KINDS),
  color: z.string().nullable(),
  position: z.number().int(),
  count: z.number().int(),
});
export type Stage = z.infer<typeof StageSchema>;
export const StagesResponseSchema = z.object({ data: z.array(StageSchema) });

/**
 * The whole pipeline in its new order. An item with a key edits that stage; without one it is
 * new (key slugified from the label). Stages left out are removed; their leads move per moveTo.
 */
export const StagesPutBodySchema = z.object({
  stages: z
    .array(
      z.object({
        key: z.string().trim().min(1).max(64).optional(),
        label: requiredText(60, 'Name the stage.'),
        kind: z.enum(STAGE_KINDS, { error: 'open, won or lost.' }),
        color: colorSchema.nullable().optional(),
      }),
    )
    .min(1, 'Keep at least one stage.')
    .max(50, 'At most 50 stages.'),
  moveTo: z.record(z.string().max(64), z.string().max(64)).optional(),
});
export type StagesPutBody = z.input<typeof StagesPutBodySchema>;

export const BoardResponseSchema = z.object({
  stages: z.array(
    z.object({
      key: z.string(),
      label: z.string(),
      kind: z.enum(STAGE_KINDS),
      color: z.string().nullable(),
      count: z.number().int(),
      /** sum of value over every matching lead of the stage, not only the 50 shown */
      totalValue: z.number(),
      leads: z.array(LeadListItemSchema),
    }),
  ),
});
export type BoardResponse = z.infer<typeof BoardResponseSchema>;

// ───────────── facets ─────────────

const valueCount = z.object({ value: z.string(), count: z.number().int() });
export const LeadFacetsSchema = z.object({
  sources: z.array(valueCount),
  segments: z.array(valueCount),
  tags: z.array(valueCount),
  owners: z.array(z.object({ id: z.uuid(), name: z.string(), email: z.string() })),
  stages: z.array(z.object({ key: z.string(), label: z.string(), kind: z.enum(STAGE_KINDS), color: z.string().nullable(), count: z.number().int() })),
});
export type LeadFacets = z.infer<typeof LeadFacetsSchema>;

// ───────────── saved views ─────────────

export const SavedViewSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  filters: LeadFiltersSchema,
  sort: LeadSortSchema.nullable(),
  shared: z.boolean(),
  authorId: z.uuid().nullable(),
  isMine: z.boolean(),
  createdAt: isoDate,
  updatedAt: isoDate,
});
export type SavedView = z.infer<typeof SavedViewSchema>;
export const SavedViewsResponseSchema = z.object({ data: z.array(SavedViewSchema) });

export const SavedViewCreateBodySchema = z.object({
  name: requiredText(100, 'Name the view.'),
  filters: LeadFiltersSchema.default({}),
  sort: LeadSortSchema.nullable().optional(),
  shared: z.boolean().default(false),
});
export type SavedViewCreateBody = z.input<typeof SavedViewCreateBodySchema>;

export const SavedViewUpdateBodySchema = z.object({
  name: requiredText(100, 'Name the view.').optional(),
  filters: LeadFiltersSchema.optional(),
  sort: LeadSortSchema.nullable().optional(),
  shared: z.boolean().optional(),
});
export type SavedViewUpdateBody = z.input<typeof SavedViewUpdateBodySchema>;

export const OkResponseSchema = z.object({ ok: z.literal(true) });

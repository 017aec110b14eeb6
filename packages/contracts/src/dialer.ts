import { z } from 'zod';
import { TASK_KINDS, type TaskKind, SNOOZE_PRESETS, type SnoozePreset, DIAL_MODES, type DialMode, DIAL_MODE_LABELS, CALL_STATUSES, type CallStatusName, CALL_STATUS_LABELS, NOT_INTERESTED_REASONS, type NotInterestedReason, SCRIPT_VARIABLES, fillScript, DIALER_EVENTS } from './dialer-constants.ts';

export { TASK_KINDS, type TaskKind, SNOOZE_PRESETS, type SnoozePreset, DIAL_MODES, type DialMode, DIAL_MODE_LABELS, CALL_STATUSES, type CallStatusName, CALL_STATUS_LABELS, NOT_INTERESTED_REASONS, type NotInterestedReason, SCRIPT_VARIABLES, fillScript, DIALER_EVENTS };

// The Dialer's API shapes: tasks, session setup (modes), snapshot sessions and their items,
// calls placed from an item, dispositions logged on an item, and the session summary.
// Shared by the server (validation + OpenAPI) and the web app.

const hasNoNul = (s: string) => !s.includes('\u0000');
const text = (max: number) => z.string().trim().max(max, `At most ${max} characters.`).refine(hasNoNul, 'Contains an invalid character.');
const isoDateTime = z.iso.datetime({ offset: true, error: 'A date-time like 2026-11-22T15:00:00Z.' });

// ───────────── tasks (they live in the Dialer: SPEC §1.4) ─────────────

export const TASK_BUCKETS = ['overdue', 'today', 'upcoming', 'unscheduled'] as const;
export type TaskBucket = (typeof TASK_BUCKETS)[number];

export const TaskItemSchema = z.object({
  id: z.uuid(),
  leadId: z.uuid().nullable(),
  leadName: z.string().nullable(),
  leadStage: z.string().nullable(),
  contactId: z.uuid().nullable(),
  ownerId: z.uuid().nullable(),
  ownerName: z.string().nullable(),
  kind: z.enum(TASK_KINDS),
  title: z.string(),
  notes: z.string(),
  priority: z.number().int(),
  dueAt: z.string().nullable(),
  status: z.enum(['open', 'done', 'cancelled']),
  bucket: z.enum(TASK_BUCKETS).nullable(),
  snoozeCount: z.number().int(),
  completedAt: z.string().nullable(),
  createdAt: z.string(),
});
export type TaskItem = z.infer<typeof TaskItemSchema>;

export const TaskListQuerySchema = z.object({
  bucket: z.enum([...TASK_BUCKETS, 'open', 'done'], { error: 'Use overdue, today, upcoming, unscheduled, open or done.' }).default('open'),
  owner: z.union([z.literal('me'), z.literal('all'), z.uuid()], { error: 'Use "me", "all" or a member id.' }).default('me'),
  leadId: z.uuid().optional(),
  kind: z.enum(TASK_KINDS).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(200),
});
export type TaskListQuery = z.input<typeof TaskListQuerySchema>;

export const TaskListResponseSchema = z.object({
  items: z.array(TaskItemSchema),
  counts: z.object({ overdue: z.number(), today: z.number(), upcoming: z.number(), unscheduled: z.number() }),
});
export type TaskListResponse = z.infer<typeof TaskListResponseSchema>;

export const TaskCreateSchema = z.object({
  leadId: z.uuid({ error: 'Choose a lead.' }),
  contactId: z.uuid().nullish(),
  kind: z.enum(TASK_KINDS).default('follow_up'),
  title: text(200).pipe(z.string().min(1, 'Give the task a title.')),
  notes: text(5000).default(''),
  dueAt: isoDateTime.nullish(),
  priority: z.number().int().min(0).max(3).default(0),
  ownerId: z.uuid().nullish(),
});
export type TaskCreate = z.input<typeof TaskCreateSchema>;

export const TaskUpdateSchema = z.object({
  title: text(200).pipe(z.string().min(1, 'Give the task a title.')).optional(),
  notes: text(5000).optional(),
  kind: z.enum(TASK_KINDS).optional(),
  /** Reschedule (null = unscheduled). */
  dueAt: isoDateTime.nullable().optional(),
  priority: z.number().int().min(0).max(3).optional(),
  ownerId: z.uuid().nullable().optional(),
});
export type TaskUpdate = z.input<typeof TaskUpdateSchema>;

export const SnoozeSchema = z.union([z.object({ preset: z.enum(SNOOZE_PRESETS) }), z.object({ until: isoDateTime })], {
  error: `Snooze with a preset (${SNOOZE_PRESETS.join(', ')}) or an "until" date-time.`,
});
export type Snooze = z.infer<typeof SnoozeSchema>;

export const TaskBulkSchema = z.discriminatedUnion('action', [
  z.object({ action: z.literal('complete'), ids: z.array(z.uuid()).min(1).max(500) }),
  z.object({ action: z.literal('cancel'), ids: z.array(z.uuid()).min(1).max(500) }),
  z.object({ action: z.literal('snooze'), ids: z.array(z.uuid()).min(1).max(500), snooze: SnoozeSchema }),
  z.object({ action: z.literal('reschedule'), ids: z.array(z.uuid()).min(1).max(500), dueAt: isoDateTime }),
]);
export type TaskBulk = z.infer<typeof TaskBulkSchema>;
export const TaskBulkResultSchema = z.object({ updated: z.number(), notFound: z.array(z.uuid()) });

// ───────────── Dialer home: today's mission control ─────────────

export const PACE_STATUSES = ['not_started', 'behind', 'on_track', 'done'] as const;
export type PaceStatus = (typeof PACE_STATUSES)[number];

export const DialerHomeSchema = z.object({
  today: z.object({
    /** Logged attempts today (workspace time zone), by this rep. Never call clicks (SPEC §1.1). */
    attempts: z.number(),
    target: z.number(),
    connects: z.number(),
    dmReached: z.number(),
    meetings: z.number(),
    /** Sum of provider-reported durations of today's calls (SPEC §1.2). */
    talkSeconds: z.number(),
    connectRate: z.number().nullable(),
    dmRate: z.number().nullable(),
    pace: z.object({
      status: z.enum(PACE_STATUSES),
      /** Attempts expected by now for an even pace across the working day. */
      expectedByNow: z.number(),
      /** Attempts per hour needed from now to reach the target by the end of the day. */
      neededPerHour: z.number().nullable(),
      workdayEndsAt: z.string(),
    }),
  }),
  followUps: z.object({ overdue: z.number(), dueToday: z.number(), upcoming: z.number() }),
  callbacksDue: z.array(TaskItemSchema),
  activeSession: z.object({ id: z.uuid(), mode: z.string(), label: z.string(), remaining: z.number(), startedAt: z.string() }).nullable(),
});
export type DialerHome = z.infer<typeof DialerHomeSchema>;

// ───────────── session setup: modes with live counts ─────────────

/** Optional narrowing filters, applied on top of any mode. */
export const DialFiltersSchema = z.object({
  owner: z.union([z.literal('me'), z.literal('all'), z.literal('none'), z.uuid()]).optional(),
  segment: text(200).optional(),
  source: text(200).optional(),
  /** Only leads whose local time is inside calling hours now (8:00–21:00 in the lead's time zone). */
  callableNow: z.union([z.boolean(), z.enum(['true', 'false']).transform((v) => v === 'true')]).optional(),
});
export type DialFilters = z.infer<typeof DialFiltersSchema>;

/** What "Custom" calls: a saved view, a pipeline stage, or lead-list filters. */
export const DialCustomSourceSchema = z.union([
  z.object({ viewId: z.uuid() }),
  z.object({ stage: text(100).pipe(z.string().min(1)) }),
  z.object({ filters: z.record(z.string(), z.string()) }),
  /** Hand-picked leads ("Open in Dialer" from a lead, or a selection in the lead list). */
  z.object({ leadIds: z.array(z.uuid()).min(1).max(1000) }),
]);
export type DialCustomSource = z.infer<typeof DialCustomSourceSchema>;

export const DialModeCountSchema = z.object({ mode: z.enum(DIAL_MODES), label: z.string(), description: z.string(), count: z.number() });
export const DialModesResponseSchema = z.object({ modes: z.array(DialModeCountSchema) });
export type DialModeCount = z.infer<typeof DialModeCountSchema>;

export const CALL_VIA = ['provider', 'tel'] as const;
export type CallVia = (typeof CALL_VIA)[number];

export const StartSessionSchema = z
  .object({
    mode: z.enum(DIAL_MODES, { error: 'Choose what to call: New, Follow-ups, Interested, Nurture, Callbacks due or Custom.' }),
    custom: DialCustomSourceSchema.optional(),
    filters: DialFiltersSchema.default({}),
    /** provider = the workspace's telephony (sandbox carrier by default); tel = the rep's phone app. */
    callVia: z.enum(CALL_VIA).default('provider'),
    /** Cap on the snapshot size. */
    limit: z.number().int().min(1).max(1000).default(200),
  })
  .refine((v) => v.mode !== 'custom' || v.custom !== undefined, { message: 'Custom needs a saved view, a stage or filters.', path: ['custom'] });
export type StartSession = z.input<typeof StartSessionSchema>;

// ───────────── sessions and their snapshot items ─────────────

export const ITEM_SOURCES = ['task', 'new', 'interested', 'nurture', 'callback', 'custom'] as const;
export const ITEM_STATUSES = ['pending', 'called', 'skipped'] as const;

export const DialItemSchema = z.object({
  id: z.uuid(),
  position: z.number(),
  leadId: z.uuid(),
  leadName: z.string(),
  contactId: z.uuid().nullable(),
  contactName: z.string().nullable(),
  phone: z.string().nullable(),
  source: z.enum(ITEM_SOURCES),
  reason: z.string(),
  taskId: z.uuid().nullable(),
  status: z.enum(ITEM_STATUSES),
  /** Set when a callback fell due and was inserted mid-session. */
  insertedAt: z.string().nullable(),
  callSessionId: z.uuid().nullable(),
  attemptId: z.uuid().nullable(),
  dispositionKey: z.string().nullable(),
  skipReason: z.string().nullable(),
});
export type DialItem = z.infer<typeof DialItemSchema>;

export const DialSessionSchema = z.object({
  id: z.uuid(),
  userId: z.uuid(),
  mode: z.enum(DIAL_MODES),
  label: z.string(),
  callVia: z.enum(CALL_VIA),
  status: z.enum(['active', 'ended']),
  startedAt: z.string(),
  endedAt: z.string().nullable(),
  counts: z.object({ total: z.number(), pending: z.number(), called: z.number(), skipped: z.number() }),
  /** The first pending item, or null when the queue is done. */
  currentItemId: z.uuid().nullable(),
  items: z.array(DialItemSchema),
});
export type DialSession = z.infer<typeof DialSessionSchema>;

export const DialSessionListSchema = z.object({
  items: z.array(DialSessionSchema.omit({ items: true })),
});

// ───────────── call sessions (one provider call) ─────────────

export const TranscriptTurnSchema = z.object({ speaker: z.enum(['rep', 'prospect', 'unknown']), start: z.number(), end: z.number(), text: z.string() });

export const CallSessionSchema = z.object({
  id: z.uuid(),
  provider: z.string(),
  providerCallId: z.string().nullable(),
  direction: z.enum(['outbound', 'inbound']),
  from: z.string(),
  to: z.string(),
  status: z.enum(CALL_STATUSES),
  statusHistory: z.array(z.object({ status: z.enum(CALL_STATUSES), at: z.string(), source: z.string() })),
  amdResult: z.string().nullable(),
  startedAt: z.string(),
  answeredAt: z.string().nullable(),
  endedAt: z.string().nullable(),
  /** Provider-reported; null until the provider says (SPEC §1.2). */
  durationSeconds: z.number().nullable(),
  record: z.boolean(),
  recordingUrl: z.string().nullable(),
  /** null = not recorded; pending until the provider delivers it. */
  recordingStatus: z.enum(['pending', 'in_progress', 'completed', 'absent', 'failed']).nullable(),
  transcriptStatus: z.enum(['pending', 'completed', 'absent', 'failed']).nullable(),
  transcript: z.array(TranscriptTurnSchema).nullable(),
  summary: z.string().nullable(),
  leadId: z.uuid().nullable(),
  leadName: z.string().nullable(),
  contactId: z.uuid().nullable(),
  userId: z.uuid().nullable(),
  dialSessionId: z.uuid().nullable(),
  dialSessionItemId: z.uuid().nullable(),
  attempt: z.object({ id: z.uuid(), dispositionKey: z.string(), dispositionLabel: z.string(), dmReached: z.boolean(), notes: z.string(), createdAt: z.string() }).nullable(),
});
export type CallSession = z.infer<typeof CallSessionSchema>;

export const CallListQuerySchema = z.object({
  dialSessionId: z.uuid().optional(),
  leadId: z.uuid().optional(),
  userId: z.union([z.literal('me'), z.uuid()]).optional(),
  /** Calls no lead could be matched to (OpenPhone calls placed outside a session). */
  unmatched: z.union([z.boolean(), z.enum(['true', 'false']).transform((v) => v === 'true')]).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  offset: z.coerce.number().int().min(0).default(0),
});
export const CallListResponseSchema = z.object({ items: z.array(CallSessionSchema), total: z.number() });

export const LinkCallSchema = z.object({ leadId: z.uuid({ error: 'Choose the lead this call was with.' }) });

export const PlaceCallSchema = z.object({
  /** Record this call (off by default; consent announcement where the lead's state requires it). */
  record: z.boolean().default(false),
  /** Call another of the lead's numbers than the one frozen with the queue (E.164 or national). */
  phone: text(40).optional(),
  /** Call from this pool number instead of the local-presence pick (Settings → Numbers; never a flagged one). */
  callerId: z.string().trim().regex(/^\+[1-9][0-9]{7,14}$/, 'A pool number in international format, like +14155552671.').optional(),
});
export type PlaceCall = z.input<typeof PlaceCallSchema>;

export const PlaceCallResponseSchema = z.object({
  callSession: CallSessionSchema,
  /** For callVia=tel: the link the rep clicks to dial from their phone app. */
  telUri: z.string().nullable(),
});
export type PlaceCallResponse = z.infer<typeof PlaceCallResponseSchema>;

// ───────────── logging: dispositions ─────────────

export const DispositionEffectsOutSchema = z.object({
  move_stage: z.string().optional(),
  create_task: z.object({ kind: z.enum(TASK_KINDS), title: z.string(), due_in_days: z.number().optional(), ask_due: z.boolean().optional() }).optional(),
  flag_dnc: z.boolean().optional(),
  flag_bad_number: z.boolean().optional(),
  open_sale_form: z.boolean().optional(),
});

export const DispositionSchema = z.object({
  key: z.string(),
  label: z.string(),
  position: z.number(),
  effects: DispositionEffectsOutSchema,
  countsAsConnect: z.boolean(),
  countsAsDm: z.boolean(),
  hotkey: z.string().nullable(),
  color: z.string().nullable(),
});
export type DispositionOut = z.infer<typeof DispositionSchema>;

export const LogDispositionSchema = z.object({
  dispositionKey: z.string().min(1, 'Choose an outcome.'),
  notes: text(10000).default(''),
  dmReached: z.boolean().optional(),
  notInterestedReason: z.enum(NOT_INTERESTED_REASONS).optional(),
  objectionTags: z.array(text(60)).max(20).default([]),
  /** Due time of the follow-up/callback the disposition creates (required when it asks for one). */
  taskDueAt: isoDateTime.optional(),
  taskTitle: text(200).optional(),
  /** Sale form (Sold): the deal value. */
  saleValue: z.number().min(0).max(1e12).optional(),
  saleNotes: text(5000).optional(),
});
export type LogDisposition = z.input<typeof LogDispositionSchema>;

export const LogDispositionResponseSchema = z.object({
  attemptId: z.uuid(),
  /** What logging did, in words, for the toast ("Stage → Interested", "Follow-up due Tue 10:00"). */
  effects: z.array(z.string()),
  nextItemId: z.uuid().nullable(),
});
export type LogDispositionResponse = z.infer<typeof LogDispositionResponseSchema>;

export const SkipItemSchema = z.object({ reason: text(200).pipe(z.string().min(1, 'Say why you skip this lead.')) });

// ───────────── item context (what the run screen shows) ─────────────

export const ItemContextSchema = z.object({
  item: DialItemSchema,
  lead: z.object({
    id: z.uuid(),
    name: z.string(),
    stage: z.string(),
    stageLabel: z.string(),
    segment: z.string().nullable(),
    source: z.string().nullable(),
    tags: z.array(z.string()),
    value: z.number().nullable(),
    city: z.string().nullable(),
    region: z.string().nullable(),
    timezone: z.string().nullable(),
    /** The lead's local time now, "2:14 PM", when its time zone is known. */
    localTime: z.string().nullable(),
    facts: z.string(),
    questions: z.string(),
    objective: z.string(),
    dnc: z.boolean(),
    badNumber: z.boolean(),
    attemptCount: z.number(),
  }),
  contacts: z.array(z.object({ id: z.uuid(), name: z.string(), title: z.string().nullable(), phones: z.array(z.string()), emails: z.array(z.string()), isPrimary: z.boolean(), isDecisionMaker: z.boolean() })),
  openTasks: z.array(TaskItemSchema),
  recentActivity: z.array(z.object({ id: z.uuid(), kind: z.string(), summary: z.string(), actorLabel: z.string(), occurredAt: z.string() })),
  /** The script with the lead's variables filled in. */
  script: z.object({ title: z.string(), body: z.string(), missing: z.array(z.string()) }),
  calls: z.array(CallSessionSchema),
});
export type ItemContext = z.infer<typeof ItemContextSchema>;

// ───────────── end of session ─────────────

export const SessionSummarySchema = z.object({
  sessionId: z.uuid(),
  mode: z.enum(DIAL_MODES),
  label: z.string(),
  startedAt: z.string(),
  endedAt: z.string().nullable(),
  items: z.object({ total: z.number(), called: z.number(), skipped: z.number(), pending: z.number() }),
  calls: z.number(),
  attempts: z.number(),
  connects: z.number(),
  dmReached: z.number(),
  /** From provider-reported durations only. */
  talkSeconds: z.number(),
  /** Calls whose duration the provider has not reported yet. */
  durationsPending: z.number(),
  dispositions: z.array(z.object({ key: z.string(), label: z.string(), count: z.number() })),
});
export type SessionSummary = z.infer<typeof SessionSummarySchema>;

// ───────────── the call script ─────────────

export const DialerSettingsSchema = z.object({
  scriptTitle: text(120).default('Opening'),
  script: text(20000).default(''),
  /** Working day used for pace (workspace time zone). */
  workdayStartHour: z.number().int().min(0).max(23).default(9),
  workdayEndHour: z.number().int().min(1).max(24).default(17),
  autoAdvanceSeconds: z.number().int().min(0).max(30).default(5),
});
export type DialerSettings = z.infer<typeof DialerSettingsSchema>;

// ───────────── small request/response shapes of the Dialer routes ─────────────

/** PATCH /dialer/target: the signed-in rep's daily attempt target. */
export const DialerTargetSchema = z.object({ dailyAttemptTarget: z.number({ error: 'A whole number from 1 to 1000.' }).int().min(1).max(1000) });
export type DialerTarget = z.infer<typeof DialerTargetSchema>;

/** GET /dialer/sessions: the caller's sessions (managers may pass user=all or a member id). */
export const DialSessionListQuerySchema = z.object({
  status: z.enum(['active', 'ended']).optional(),
  user: z.union([z.literal('me'), z.literal('all'), z.uuid()]).default('me'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

/** GET /dispositions: the workspace's active dispositions, in panel order. */
export const DispositionListSchema = z.object({ data: z.array(DispositionSchema) });

// ───────────── the private calendar feed (issue 4) ─────────────

/**
 * GET/POST /calendar-feed[/rotate]: only the token's hash is stored, so the full URL is in the
 * answer once (when the feed is created or rotated); afterwards only that a feed exists.
 */
export const CalendarFeedSchema = z.object({
  exists: z.boolean(),
  createdAt: z.string().nullable(),
  url: z.string().nullable(),
});
export type CalendarFeed = z.infer<typeof CalendarFeedSchema>;

/**
 * Live captions for a call in sandbox mode: the sample conversation the sandbox carrier will
 * transcribe, timed in real seconds from the moment the call was answered, so the simulated
 * device can show it as the call plays.
 */
export const CallCaptionsSchema = z.object({
  callSessionId: z.uuid(),
  answeredAt: z.string().nullable(),
  turns: z.array(TranscriptTurnSchema),
});
export type CallCaptions = z.infer<typeof CallCaptionsSchema>;

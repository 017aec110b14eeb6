// Request/response schemas of the power-dialer API (zod), shared by server and web.
import { z } from 'zod';
import { DIAL_MODES } from './dialer-constants.ts';
import { DialCustomSourceSchema, DialFiltersSchema } from './dialer.ts';

export * from './power-dialer-constants.ts';
import { POWER_LINE_STATES, POWER_OUTCOMES, POWER_REDIAL_DELAYS, POWER_REP_STATES } from './power-dialer-constants.ts';

export const PowerConfigSchema = z.object({
  /** Parallel lines per rep (1–3). */
  linesPerRep: z.number().int().min(1, 'At least one line.').max(3, 'At most three lines.').default(2),
  /** adaptive: the pacer keeps abandonment under the cap; fixed: always every line (1 line is always safe). */
  pacing: z.enum(['adaptive', 'fixed']).default('adaptive'),
  maxAttempts: z.number().int().min(1).max(5).default(2),
  redialDelay: z.enum(POWER_REDIAL_DELAYS).default('end'),
  voicemail: z.enum(['drop', 'hangup']).default('drop'),
  /** The recorded message to drop; null = the workspace default (none → hang up). */
  voicemailTemplateId: z.uuid().nullable().default(null),
  /** local: local presence from the number pool; fixed: always callerId. */
  callerIdMode: z.enum(['local', 'fixed']).default('local'),
  callerId: z.string().regex(/^\+[1-9][0-9]{6,14}$/, 'A caller id is an E.164 number like +14155550100.').nullable().default(null),
  autoSmsOnExhaust: z.boolean().default(false),
  scriptId: z.uuid().nullable().default(null),
  ringTimeoutSeconds: z.number().int().min(15, 'Let it ring at least 15 seconds (4 rings).').max(60).default(25),
  amdTimeoutMs: z.number().int().min(2000).max(6000).default(3000),
  record: z.boolean().default(false),
});
export type PowerConfigInput = z.input<typeof PowerConfigSchema>;
export type PowerConfigValue = z.output<typeof PowerConfigSchema>;

export const StartPowerSessionSchema = z
  .object({
    mode: z.enum(DIAL_MODES, { error: 'Choose what to call: New, Follow-ups, Interested, Nurture, Callbacks due or Custom.' }),
    custom: DialCustomSourceSchema.optional(),
    filters: DialFiltersSchema.default({}),
    limit: z.number().int().min(1).max(5000).default(300),
    config: PowerConfigSchema.default(PowerConfigSchema.parse({})),
    /** Other reps may join and their lines pool over this queue. */
    shared: z.boolean().default(false),
    name: z.string().trim().max(80).optional(),
  })
  .refine((v) => v.mode !== 'custom' || v.custom !== undefined, { message: 'Custom needs a saved view, a stage or filters.', path: ['custom'] });
export type StartPowerSession = z.input<typeof StartPowerSessionSchema>;

export const PowerLineSchema = z.object({
  callSessionId: z.uuid(),
  itemId: z.uuid(),
  leadId: z.uuid(),
  leadName: z.string(),
  phone: z.string(),
  state: z.enum(POWER_LINE_STATES),
  outcome: z.enum(POWER_OUTCOMES).nullable(),
  attemptNo: z.number().int(),
  userId: z.uuid().nullable(),
  placedAt: z.string(),
  answeredAt: z.string().nullable(),
  endedAt: z.string().nullable(),
});
export type PowerLine = z.infer<typeof PowerLineSchema>;

export const PowerRepSchema = z.object({
  userId: z.uuid(),
  name: z.string(),
  state: z.enum(POWER_REP_STATES),
  since: z.string(),
  callSessionId: z.uuid().nullable(),
});
export type PowerRep = z.infer<typeof PowerRepSchema>;

export const PowerNextSchema = z.object({ itemId: z.uuid(), leadName: z.string(), phone: z.string().nullable(), reason: z.string(), attempts: z.number().int(), redial: z.boolean() });

export const PowerStatsSchema = z.object({
  calls: z.number().int(),
  connects: z.number().int(),
  connectRate: z.number(),
  talkSeconds: z.number().int(),
  callsPerHour: z.number(),
  voicemails: z.number().int(),
  /** The campaign's rolling 30 days (SPEC §6). */
  abandoned30d: z.number().int(),
  liveAnswered30d: z.number().int(),
  abandonRate30d: z.number(),
  abandonCap: z.number(),
  dialLevel: z.number(),
  pacingReason: z.string().nullable(),
  queue: z.object({ queued: z.number().int(), redial: z.number().int(), dialing: z.number().int(), done: z.number().int(), exhausted: z.number().int(), dead: z.number().int(), blocked: z.number().int() }),
});
export type PowerStats = z.infer<typeof PowerStatsSchema>;

export const PowerSessionStateSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  ownerId: z.uuid(),
  shared: z.boolean(),
  status: z.enum(['running', 'paused', 'ended']),
  startedAt: z.string(),
  config: PowerConfigSchema,
  reps: z.array(PowerRepSchema),
  lines: z.array(PowerLineSchema),
  /** Lines that ended in the last minutes, newest first (the panel's recent list). */
  recent: z.array(PowerLineSchema),
  me: PowerRepSchema.nullable(),
  /** The item the signed-in rep is talking to or has to disposition. */
  currentItemId: z.uuid().nullable(),
  next: z.array(PowerNextSchema),
  stats: PowerStatsSchema,
});
export type PowerSessionState = z.infer<typeof PowerSessionStateSchema>;

export const PowerSessionListItemSchema = z.object({
  id: z.uuid(), name: z.string(), ownerId: z.uuid(), ownerName: z.string(), shared: z.boolean(), status: z.enum(['running', 'paused', 'ended']), startedAt: z.string(), reps: z.number().int(), joined: z.boolean(),
});
export type PowerSessionListItem = z.infer<typeof PowerSessionListItemSchema>;

export const UpdatePowerConfigSchema = PowerConfigSchema.partial();


/** The dashboard (F8): today or this week, for the workspace (managers) or the rep. */
export const PowerDashboardQuerySchema = z.object({ range: z.enum(['today', 'week']).default('today'), user: z.string().optional() });
export const PowerDashboardSchema = z.object({
  range: z.enum(['today', 'week']),
  from: z.string(),
  calls: z.number().int(),
  connects: z.number().int(),
  connectRate: z.number(),
  talkSeconds: z.number().int(),
  /** Seconds in power sessions not talking (session time minus talk). */
  idleSeconds: z.number().int(),
  dispositions: z.array(z.object({ key: z.string(), label: z.string(), count: z.number().int() })),
  numbers: z.array(z.object({ number: z.string(), calls: z.number().int(), connects: z.number().int(), connectRate: z.number() })),
  campaigns: z.array(z.object({ id: z.uuid(), name: z.string(), liveAnswered: z.number().int(), abandoned: z.number().int(), abandonRate: z.number() })),
  hourly: z.array(z.object({ hour: z.number().int(), calls: z.number().int(), connects: z.number().int() })),
});
export type PowerDashboard = z.infer<typeof PowerDashboardSchema>;

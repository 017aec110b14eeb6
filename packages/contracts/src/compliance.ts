import { z } from 'zod';

// The compliance gate's API shapes (SPEC §6): the workspace's rules, the answer to "may I call or
// text this lead now?", and the log of every decision.

export const COMPLIANCE_CODES = ['dnc', 'bad_number', 'outside_calling_hours', 'state_daily_cap', 'min_gap', 'sms_not_registered', 'sms_opted_out', 'no_phone'] as const;
export type ComplianceCode = (typeof COMPLIANCE_CODES)[number];

export const TEN_DLC_STATUSES = ['none', 'pending', 'approved', 'rejected'] as const;

const hour = z.number({ error: 'An hour from 0 to 24.' }).int('A whole hour.').min(0, 'An hour from 0 to 24.').max(24, 'An hour from 0 to 24.');

/** A window in the called party's local time: start inclusive, end exclusive (8–21 = 08:00 to 20:59). */
export const HoursWindowSchema = z
  .object({ start: hour, end: hour })
  .refine((w) => w.end > w.start, { message: 'The window must end after it starts.', path: ['end'] });

/** A state's stricter rule: a narrower window and/or a cap on calls per person per 24 h. */
export const StateRuleSchema = z.object({
  start: hour.optional(),
  end: hour.optional(),
  maxCallsPer24h: z.number().int().min(1).max(100).optional(),
}).refine((r) => r.start === undefined || r.end === undefined || r.end > r.start, { message: 'The window must end after it starts.', path: ['end'] });
export type StateRule = z.infer<typeof StateRuleSchema>;

export const ComplianceSettingsSchema = z.object({
  callingHours: HoursWindowSchema,
  /** Keyed by postal code: FL, OK, ON… */
  stateRules: z.record(z.string().regex(/^[A-Z]{2}$/, 'A two-letter state or province code (FL, ON).'), StateRuleSchema),
  /** Minimum minutes between two calls to the same lead; 0 = off. */
  minGapMinutes: z.number().int().min(0).max(10080),
  /** The workspace's A2P 10DLC registration; SMS goes out only when approved. */
  tenDlcStatus: z.enum(TEN_DLC_STATUSES),
  /** Recorded calls hear the consent announcement in all-party-consent states, or on every call. */
  recordingConsent: z.enum(['all_party_states', 'always']).default('all_party_states'),
});
export type ComplianceSettings = z.infer<typeof ComplianceSettingsSchema>;

export const ComplianceCheckSchema = z.object({
  leadId: z.uuid(),
  /** Another number than the lead's primary one (E.164 or national format). */
  phone: z.string().trim().min(1).max(40).optional(),
  kind: z.enum(['call', 'sms']).default('call'),
});

export const ComplianceDecisionSchema = z.object({
  allowed: z.boolean(),
  code: z.enum(COMPLIANCE_CODES).nullable(),
  reason: z.string(),
  /** When a time-based refusal lifts (calling hours, state cap, minimum gap). */
  nextAllowedAt: z.string().nullable(),
  phone: z.string().nullable(),
});
export type ComplianceDecision = z.infer<typeof ComplianceDecisionSchema>;

export const ComplianceDecisionRowSchema = ComplianceDecisionSchema.extend({
  id: z.uuid(),
  leadId: z.uuid().nullable(),
  kind: z.enum(['call', 'sms']),
  source: z.enum(['dial', 'check', 'sms', 'engine']),
  userId: z.uuid().nullable(),
  decidedAt: z.string(),
  details: z.record(z.string(), z.unknown()),
});
export type ComplianceDecisionRow = z.infer<typeof ComplianceDecisionRowSchema>;

export const ComplianceDecisionsQuerySchema = z.object({
  leadId: z.uuid().optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
});
export const ComplianceDecisionListSchema = z.object({ data: z.array(ComplianceDecisionRowSchema) });

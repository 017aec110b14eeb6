import { z } from 'zod';

// Settings → Numbers: the workspace's pool of caller ids (local presence), each number's health
// (connect rate, spam labels, reps' reports → healthy / monitor / flagged) and CNAM display name.

export const NUMBER_STATUSES = ['healthy', 'monitor', 'flagged'] as const;
export type NumberStatus = (typeof NUMBER_STATUSES)[number];
export const CNAM_STATUSES = ['pending', 'registered', 'rejected'] as const;
export type CnamStatus = (typeof CNAM_STATUSES)[number];
export const NUMBER_PROVIDERS = ['sandbox', 'twilio', 'openphone'] as const;

const hasNoNul = (s: string) => !s.includes('\u0000');
const e164 = z.string().trim().regex(/^\+[1-9][0-9]{7,14}$/, 'A phone number in international format, like +14155552671.');

/** CNAM: what the callee's phone shows; carriers take at most 15 letters, digits, spaces and . , & ' - */
export const CNAM_PATTERN = /^[A-Za-z0-9 .,&'-]{1,15}$/;
export const CnamSchema = z
  .string()
  .trim()
  .min(1, 'The caller name cannot be empty.')
  .max(15, 'Carriers show at most 15 characters.')
  .regex(CNAM_PATTERN, "Letters, digits, spaces and . , & ' - only.");

export const PhoneNumberSchema = z.object({
  id: z.uuid(),
  e164: z.string(),
  provider: z.enum(NUMBER_PROVIDERS),
  label: z.string(),
  areaCode: z.string().nullable(),
  region: z.string().nullable(),
  status: z.enum(NUMBER_STATUSES),
  healthScore: z.number().nullable(),
  isDefault: z.boolean(),
  cnam: z.string().nullable(),
  cnamStatus: z.enum(CNAM_STATUSES).nullable(),
  spamReportsByReps: z.number(),
  calls7d: z.number().nullable(),
  connects7d: z.number().nullable(),
  /** 0–1; null before the first check or without calls */
  connectRate7d: z.number().nullable(),
  /** Relative change against the 7 days before, e.g. -0.35 = down 35 %; null without a baseline. */
  connectRateWoW: z.number().nullable(),
  spamScore: z.number().nullable(),
  spamSources: z.array(z.object({ source: z.string(), score: z.number().nullable(), label: z.string().nullable(), error: z.string().nullable() })),
  healthReasons: z.array(z.string()),
  calls24h: z.number(),
  lastCheckedAt: z.string().nullable(),
  createdAt: z.string(),
});
export type PhoneNumber = z.infer<typeof PhoneNumberSchema>;

export const PhoneNumberListSchema = z.object({ data: z.array(PhoneNumberSchema) });

export const PhoneNumberCreateSchema = z.object({
  e164,
  provider: z.enum(NUMBER_PROVIDERS).optional(),
  label: z.string().trim().max(60, 'At most 60 characters.').refine(hasNoNul, 'Contains an invalid character.').default(''),
  isDefault: z.boolean().default(false),
  cnam: CnamSchema.nullable().optional(),
});
export type PhoneNumberCreate = z.input<typeof PhoneNumberCreateSchema>;

export const PhoneNumberUpdateSchema = z.object({
  label: z.string().trim().max(60, 'At most 60 characters.').refine(hasNoNul, 'Contains an invalid character.').optional(),
  isDefault: z.boolean().optional(),
  cnam: CnamSchema.nullable().optional(),
  /** Set by an admin once the carrier confirms (or refuses) the display name. */
  cnamStatus: z.enum(CNAM_STATUSES).optional(),
});
export type PhoneNumberUpdate = z.input<typeof PhoneNumberUpdateSchema>;

export const SpamReportSchema = z.object({ note: z.string().trim().max(200, 'At most 200 characters.').refine(hasNoNul, 'Contains an invalid character.').default('') });

/** HTTP spam-label sources: GET the template with {number} (E.164, URL-encoded) and read a JSON verdict. */
export const ReputationSourceSchema = z.object({
  name: z.string().trim().min(1).max(40).regex(/^[A-Za-z0-9 _.-]+$/, 'Letters, digits, spaces, _ . - only.'),
  urlTemplate: z
    .string()
    .trim()
    .max(500)
    .url('A URL like https://lookup.example.com/v1/{number}.')
    .refine((u) => /^https?:\/\//.test(u), 'http or https only.')
    .refine((u) => u.includes('{number}'), 'The URL must contain {number}.'),
});
export type ReputationSource = z.infer<typeof ReputationSourceSchema>;
export const ReputationSourcesSchema = z.object({ sources: z.array(ReputationSourceSchema).max(5, 'At most 5 sources.') });

export const NumberCheckResultSchema = z.object({ checked: z.number(), data: z.array(PhoneNumberSchema) });

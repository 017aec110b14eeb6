import { z } from 'zod';

// Request/response schemas of the messaging API (zod), shared by server and web: messages on a
// lead's thread (every channel; SMS first), SMS templates, the workspace's messaging settings,
// and the GSM-7 / UCS-2 segment counter both sides use.

const hasNoNul = (s: string) => !s.includes('\u0000');
const text = (max: number) => z.string().trim().max(max, `At most ${max} characters.`).refine(hasNoNul, 'Contains an invalid character.');

export const MESSAGE_CHANNELS = ['sms', 'mms', 'email', 'whatsapp', 'messenger', 'instagram', 'telegram', 'other'] as const;
export type MessageChannel = (typeof MESSAGE_CHANNELS)[number];
export const MESSAGE_STATUSES = ['queued', 'sending', 'sent', 'delivered', 'undelivered', 'failed', 'received', 'read'] as const;
export type MessageStatus = (typeof MESSAGE_STATUSES)[number];

/** Why the system (not a person) sent a message. */
export const MESSAGE_AUTOMATIONS = ['auto_exhausted', 'auto_missed_call', 'opt_out_confirmation', 'opt_in_confirmation', 'help_reply'] as const;
export type MessageAutomation = (typeof MESSAGE_AUTOMATIONS)[number];

/** An SMS body: 1600 characters is Twilio's limit (10 segments). */
export const SMS_BODY_MAX = 1600;

export const MessageSchema = z.object({
  id: z.uuid(),
  leadId: z.string().nullable(),
  contactId: z.string().nullable(),
  channel: z.enum(MESSAGE_CHANNELS),
  direction: z.enum(['in', 'out']),
  from: z.string(),
  to: z.string(),
  body: z.string(),
  status: z.enum(MESSAGE_STATUSES),
  provider: z.string().nullable(),
  errorCode: z.string().nullable(),
  errorMessage: z.string().nullable(),
  segments: z.number().int().nullable(),
  templateId: z.string().nullable(),
  automation: z.string().nullable(),
  sentBy: z.string().nullable(),
  sentByName: z.string().nullable(),
  createdAt: z.string(),
  sentAt: z.string().nullable(),
  deliveredAt: z.string().nullable(),
});
export type Message = z.infer<typeof MessageSchema>;

export const MessageThreadQuerySchema = z.object({
  /** Page backwards: messages created before this message id. */
  before: z.uuid().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const MessageThreadSchema = z.object({
  /** Oldest first (newest last), the most recent `limit` before the cursor. */
  data: z.array(MessageSchema),
  /** Pass as `before` to load older messages; null when there are none. */
  nextBefore: z.string().nullable(),
  /** The number texts go to (the lead's primary phone), null when it has none. */
  phone: z.string().nullable(),
  optedOut: z.object({ phone: z.string(), keyword: z.string(), at: z.string() }).nullable(),
  tenDlcStatus: z.string(),
});
export type MessageThread = z.infer<typeof MessageThreadSchema>;

export const SendMessageSchema = z
  .object({
    body: text(SMS_BODY_MAX).optional(),
    templateId: z.uuid().optional(),
    /** Another of the lead's numbers; the primary phone when omitted. */
    phone: z.string().trim().max(40).optional(),
  })
  .refine((b) => (b.body && b.body.length > 0) || b.templateId, { message: 'Write a message or pick a template.', path: ['body'] });
export type SendMessage = z.infer<typeof SendMessageSchema>;

// ───────────── templates ─────────────

export const SmsTemplateSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  body: z.string(),
  category: z.string(),
  active: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type SmsTemplate = z.infer<typeof SmsTemplateSchema>;

const category = text(40)
  .min(1, 'Choose a category.')
  .regex(/^[\p{L}\p{N}][\p{L}\p{N} &/_-]*$/u, 'Letters, digits, spaces and & / _ - only.')
  .transform((s) => s.toLowerCase());

export const SmsTemplateCreateSchema = z.object({
  name: text(120).min(1, 'Give it a name.'),
  body: text(SMS_BODY_MAX).min(1, 'Write the message.'),
  category: category.default('general'),
  active: z.boolean().default(true),
});
export const SmsTemplateUpdateSchema = z.object({
  name: text(120).min(1, 'Give it a name.').optional(),
  body: text(SMS_BODY_MAX).min(1, 'Write the message.').optional(),
  category: category.optional(),
  active: z.boolean().optional(),
});
export const SmsTemplateListSchema = z.object({ data: z.array(SmsTemplateSchema) });
export const SmsTemplatePreviewSchema = z.object({
  leadId: z.uuid(),
  body: z.string().max(SMS_BODY_MAX * 2),
});
export const SmsTemplatePreviewResultSchema = z.object({
  body: z.string(),
  missing: z.array(z.string()),
  lead: z.object({ id: z.string(), name: z.string() }),
});

// ───────────── settings ─────────────

export const MessagingSettingsSchema = z.object({
  /** Answer to HELP / INFO: who you are and how to opt out. */
  helpText: text(320),
  autoExhausted: z.object({ enabled: z.boolean(), templateId: z.uuid().nullable() }),
  autoMissedCall: z.object({ enabled: z.boolean(), templateId: z.uuid().nullable() }),
});
export type MessagingSettings = z.infer<typeof MessagingSettingsSchema>;
export const MessagingSettingsViewSchema = MessagingSettingsSchema.extend({
  /** From the compliance settings (read-only here): texts are sent only when 'approved'. */
  tenDlcStatus: z.string(),
  /** The provider texts go through (sandbox / twilio), or null when none is configured. */
  provider: z.string().nullable(),
});

export const SimulateInboundSmsSchema = z.object({
  from: z.string().trim().min(1).max(40),
  body: text(SMS_BODY_MAX).min(1, 'Write the message.'),
});

// ───────────── segments ─────────────

// GSM 03.38 basic set, and the extension set (each extension character takes two septets)
const GSM7_BASIC = '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
const GSM7_EXT = '^{}\\[~]|€\f';
const BASIC = new Set(GSM7_BASIC);
const EXT = new Set(GSM7_EXT);

export interface SegmentInfo {
  encoding: 'GSM-7' | 'UCS-2';
  /** Characters as the user sees them (code points). */
  chars: number;
  /** Septets (GSM-7) or UTF-16 code units (UCS-2) used. */
  units: number;
  segments: number;
  /** Units left in the last segment before another one starts. */
  remaining: number;
  /** Characters that forced UCS-2 (first few), so the editor can point them out. */
  nonGsm: string[];
}

/**
 * How many SMS segments a body costs: GSM-7 fits 160 septets in one segment and 153 per segment
 * once split (the rest is the concatenation header); anything outside GSM-7 switches the whole
 * message to UCS-2: 70 units, then 67 per segment.
 */
export function smsSegments(body: string): SegmentInfo {
  const chars = [...body];
  const nonGsm = [...new Set(chars.filter((c) => !BASIC.has(c) && !EXT.has(c)))];
  if (nonGsm.length === 0) {
    const units = chars.reduce((n, c) => n + (EXT.has(c) ? 2 : 1), 0);
    const segments = units === 0 ? 0 : units <= 160 ? 1 : Math.ceil(units / 153);
    const cap = segments <= 1 ? 160 : segments * 153;
    return { encoding: 'GSM-7', chars: chars.length, units, segments, remaining: cap - units, nonGsm: [] };
  }
  const units = body.length; // UTF-16 code units: an emoji takes two
  const segments = units <= 70 ? 1 : Math.ceil(units / 67);
  const cap = segments <= 1 ? 70 : segments * 67;
  return { encoding: 'UCS-2', chars: chars.length, units, segments, remaining: cap - units, nonGsm: nonGsm.slice(0, 5) };
}

/** "2 segments · 187 chars · GSM-7" */
export function segmentLabel(info: SegmentInfo): string {
  return `${info.segments} segment${info.segments === 1 ? '' : 's'} · ${info.chars} chars · ${info.encoding}`;
}

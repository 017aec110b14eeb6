import { z } from 'zod';

// Settings → Calendar sync: a member's CalDAV calendar (Fastmail, iCloud, Nextcloud, Radicale…)
// that receives their callbacks/follow-ups as events, and their callback reminder lead time.
// The password is write-only: requests carry it, responses never do.

const httpUrl = z
  .string()
  .trim()
  .min(1, 'Enter the CalDAV server URL.')
  .max(500)
  .refine((s) => {
    try {
      const u = new URL(s);
      return u.protocol === 'https:' || u.protocol === 'http:';
    } catch {
      return false;
    }
  }, 'A web address starting with https:// (or http://), like https://caldav.fastmail.com/dav/.');

export const CaldavCredentialsSchema = z.object({
  serverUrl: httpUrl,
  username: z.string().trim().min(1, 'Enter the username.').max(200),
  /** Omitted: the stored password (same server and username) is used. */
  password: z.string().min(1).max(500).optional(),
});
export type CaldavCredentials = z.infer<typeof CaldavCredentialsSchema>;

export const CaldavCalendarSchema = z.object({
  url: z.string(),
  name: z.string(),
  color: z.string().nullable(),
});
export type CaldavCalendar = z.infer<typeof CaldavCalendarSchema>;

export const CaldavTestResultSchema = z.object({
  principalUrl: z.string(),
  calendars: z.array(CaldavCalendarSchema),
});
export type CaldavTestResult = z.infer<typeof CaldavTestResultSchema>;

export const CaldavConnectSchema = CaldavCredentialsSchema.extend({
  calendarUrl: httpUrl,
  enabled: z.boolean().default(true),
});
export type CaldavConnectBody = z.input<typeof CaldavConnectSchema>;

export const CaldavPatchSchema = z.object({ enabled: z.boolean() });

export const CALDAV_SYNC_STATUSES = ['pending', 'ok', 'error'] as const;
export type CaldavSyncStatus = (typeof CALDAV_SYNC_STATUSES)[number];

export const CaldavConnectionSchema = z.object({
  serverUrl: z.string(),
  username: z.string(),
  /** Always true: a password is stored; it is never sent back. */
  hasPassword: z.literal(true),
  calendarUrl: z.string(),
  calendarName: z.string(),
  enabled: z.boolean(),
  status: z.enum(CALDAV_SYNC_STATUSES),
  lastError: z.string().nullable(),
  lastSyncAt: z.string().nullable(),
  lastSuccessAt: z.string().nullable(),
  /** A change is waiting for the next sync. */
  syncPending: z.boolean(),
  eventCount: z.number().int(),
  createdAt: z.string(),
});
export type CaldavConnection = z.infer<typeof CaldavConnectionSchema>;

export const REMINDER_DEFAULT_MINUTES = 10;
export const ReminderSettingsSchema = z.object({
  /** Minutes before a callback/follow-up is due; 0 turns the early reminder off. */
  minutesBefore: z.number().int().min(0, 'At least 0 (off).').max(1440, 'At most 1 day (1440 minutes).'),
});
export type ReminderSettings = z.infer<typeof ReminderSettingsSchema>;

export const CaldavStatusSchema = z.object({
  connection: CaldavConnectionSchema.nullable(),
  reminders: ReminderSettingsSchema,
});
export type CaldavStatus = z.infer<typeof CaldavStatusSchema>;

/** Realtime events of this domain (per user). */
export const CALDAV_EVENTS = {
  /** A callback/follow-up is due soon: payload { taskId, leadId, leadName, title, dueAt, minutesBefore }. */
  callbackReminder: 'callback.reminder',
  /** The member's sync status changed: refetch the settings. */
  syncStatus: 'caldav.sync_status',
} as const;

export interface CallbackReminderEvent {
  taskId: string;
  leadId: string | null;
  leadName: string | null;
  title: string;
  dueAt: string;
  minutesBefore: number;
}

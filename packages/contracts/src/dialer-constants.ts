// The Dialer's constants and pure helpers, without zod: the web app imports this module directly
// (`@flywheel/contracts/dialer-constants`) so the browser bundle does not carry the schemas.
// dialer.ts re-exports everything here.

export const TASK_KINDS = ['follow_up', 'callback', 'nurture', 'other'] as const;
export type TaskKind = (typeof TASK_KINDS)[number];

/** Snooze presets; "tomorrow" and "next_week" mean 09:00 in the workspace's time zone. */
export const SNOOZE_PRESETS = ['1h', '3h', 'tomorrow', 'next_week'] as const;
export type SnoozePreset = (typeof SNOOZE_PRESETS)[number];

export const DIAL_MODES = ['new', 'followups', 'interested', 'nurture', 'callbacks', 'custom'] as const;
export type DialMode = (typeof DIAL_MODES)[number];

export const DIAL_MODE_LABELS: Record<DialMode, string> = {
  new: 'New',
  followups: 'Follow-ups',
  interested: 'Interested',
  nurture: 'Nurture',
  callbacks: 'Callbacks due',
  custom: 'Custom',
};

export const CALL_STATUSES = ['initiated', 'ringing', 'in_progress', 'completed', 'busy', 'no_answer', 'failed', 'canceled'] as const;
export type CallStatusName = (typeof CALL_STATUSES)[number];

export const CALL_STATUS_LABELS: Record<CallStatusName, string> = {
  initiated: 'Dialing',
  ringing: 'Ringing',
  in_progress: 'In progress',
  completed: 'Completed',
  busy: 'Busy',
  no_answer: 'No answer',
  failed: 'Failed',
  canceled: 'Canceled',
};

export const NOT_INTERESTED_REASONS = ['money', 'timing', 'need', 'authority', 'competitor', 'other'] as const;
export type NotInterestedReason = (typeof NOT_INTERESTED_REASONS)[number];

export const SCRIPT_VARIABLES = ['FirstName', 'LastName', 'FullName', 'Company', 'City', 'State', 'Segment', 'RepName', 'RepFirstName'] as const;

/**
 * Fills `{FirstName}`-style variables; unknown or empty ones stay visible as `{FirstName}` and are
 * reported as missing, so the rep sees the gap instead of a silent blank.
 */
export function fillScript(body: string, vars: Partial<Record<string, string | null | undefined>>): { body: string; missing: string[] } {
  const missing = new Set<string>();
  const out = body.replace(/\{([A-Za-z]+)\}/g, (whole, name: string) => {
    const v = vars[name];
    if (v === undefined || v === null || v.trim() === '') {
      missing.add(name);
      return whole;
    }
    return v;
  });
  return { body: out, missing: [...missing] };
}

/** Realtime events the Dialer listens to (payloads stay small; the browser refetches). */
export const DIALER_EVENTS = {
  callUpdated: 'call.updated',
  itemInserted: 'dialer.item_inserted',
  tasksChanged: 'tasks.changed',
} as const;

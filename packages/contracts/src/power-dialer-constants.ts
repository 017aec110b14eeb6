// Power-dialer constants without zod (power-dialer.ts re-exports everything here), so the browser
// bundle can use them without carrying the schemas.

export const POWER_REDIAL_DELAYS = ['end', '5s', '30s'] as const;
export const POWER_LINE_STATES = ['dialing', 'ringing', 'amd', 'bridged', 'voicemail', 'safe_harbor', 'ended'] as const;
export const POWER_OUTCOMES = ['bridged', 'abandoned', 'machine', 'voicemail_dropped', 'no_answer', 'busy', 'failed', 'bad_number', 'canceled_before_answer', 'amd_unknown'] as const;
export const POWER_REP_STATES = ['available', 'talking', 'wrap_up', 'paused', 'left'] as const;
export const POWER_ITEM_STATES = ['queued', 'dialing', 'redial', 'done', 'exhausted', 'dead', 'blocked'] as const;

export const POWER_LINE_STATE_LABELS: Record<(typeof POWER_LINE_STATES)[number], string> = {
  dialing: 'Dialing', ringing: 'Ringing', amd: 'Answered — detecting', bridged: 'Connected', voicemail: 'Voicemail dropped', safe_harbor: 'Abandoned — safe-harbor message', ended: 'Ended',
};
export const POWER_OUTCOME_LABELS: Record<(typeof POWER_OUTCOMES)[number], string> = {
  bridged: 'Connected', abandoned: 'Abandoned (safe-harbor)', machine: 'Machine — hung up', voicemail_dropped: 'Voicemail dropped', no_answer: 'No answer', busy: 'Busy',
  failed: 'Failed', bad_number: 'Bad number', canceled_before_answer: 'Released before answer', amd_unknown: 'Unclear — hung up',
};

export const POWER_EVENTS = { updated: 'power.updated' } as const;

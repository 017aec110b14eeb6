import { CALL_STATUSES, type CallStatus } from '../port.ts';

/**
 * Twilio's call statuses → ours. `queued` is Twilio's state before it dials; for the app the call
 * has been initiated. Unknown values return null (the caller decides: ignore or 400).
 */
export function fromTwilioStatus(status: string): CallStatus | null {
  if (status === 'queued') return 'initiated';
  const ours = status.replace(/-/g, '_');
  return CALL_STATUSES.find((s) => s === ours) ?? null;
}

/** Ours → Twilio's wire value (the sandbox carrier speaks Twilio). */
export function toTwilioStatus(status: CallStatus): string {
  return status.replace(/_/g, '-');
}

import { CALL_STATUS_LABELS, type CallStatusName } from '@flywheel/contracts';

/** "3m 12s", "45s", "1h 02m" — provider-reported durations only (SPEC §1.2). */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m ${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

/** The timeline line for a call that ended: "Call completed · 3m 12s", "No answer", "Busy". */
export function describeCallOutcome(status: CallStatusName, durationSeconds: number | null, amd: string | null): string {
  switch (status) {
    case 'completed': {
      const base = amd && amd.startsWith('machine') ? 'Call reached voicemail' : 'Call completed';
      return durationSeconds === null ? base : `${base} · ${formatDuration(durationSeconds)}`;
    }
    case 'busy':
    case 'no_answer':
    case 'failed':
    case 'canceled':
      return CALL_STATUS_LABELS[status];
    case 'initiated':
    case 'ringing':
    case 'in_progress':
      return `Call ${CALL_STATUS_LABELS[status].toLowerCase()}`;
    default: {
      const never: never = status;
      return String(never);
    }
  }
}

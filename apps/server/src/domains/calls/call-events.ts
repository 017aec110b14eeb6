import type { CallSession } from '@flywheel/contracts';

/** The realtime `call.updated` payload: small; the browser refetches GET /calls/:id for the rest. */
export function callUpdatedPayload(c: CallSession) {
  return {
    callSessionId: c.id,
    status: c.status,
    dialSessionId: c.dialSessionId,
    durationSeconds: c.durationSeconds,
    recordingStatus: c.recordingStatus,
    transcriptStatus: c.transcriptStatus,
    leadId: c.leadId,
  };
}

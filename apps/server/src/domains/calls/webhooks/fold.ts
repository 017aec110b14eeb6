import type { TranscriptTurn } from '../../../platform/providers/ai/port.ts';
import type { AmdResult, CallStatus, RecordingStatus } from '../../../platform/providers/telephony/port.ts';
import type { ProviderCallEvent, StatusEvent } from '../../../platform/providers/telephony/webhook/events.ts';

/**
 * What a call's provider events say, folded in a way that does not depend on their order or on
 * duplicates: every field is the maximum of its events under a total order (ties broken by the
 * event's content), so any permutation of the same set yields the same result.
 */
export interface FoldedCall {
  /** Earliest provider time per status (one history entry per status). */
  statusAt: Map<CallStatus, Date>;
  status: CallStatus | null;
  answeredAt: Date | null;
  endedAt: Date | null;
  startedAt: Date | null;
  durationSeconds: number | null;
  amd: AmdResult | null;
  errorCode: string | null;
  errorMessage: string | null;
  recording: { status: RecordingStatus; url: string | null; durationSeconds: number | null } | null;
  transcript: { status: 'completed' | 'failed' | 'absent'; turns: TranscriptTurn[] } | null;
  summary: string | null;
  /** The first status event with numbers (creating an unmatched call session needs them). */
  numbers: Pick<StatusEvent, 'direction' | 'from' | 'to' | 'participants'> | null;
}

const STATUS_RANK: Record<CallStatus, number> = { initiated: 0, ringing: 1, in_progress: 2, completed: 3, busy: 3, no_answer: 3, failed: 3, canceled: 3 };
// two different terminal reports of one call (rare): the later wins; same second → this order
const TERMINAL_RANK: Record<CallStatus, number> = { initiated: 0, ringing: 0, in_progress: 0, canceled: 1, no_answer: 2, busy: 3, failed: 4, completed: 5 };
const RECORDING_RANK: Record<RecordingStatus, number> = { in_progress: 1, absent: 2, failed: 3, completed: 4 };
const TRANSCRIPT_RANK = { absent: 1, failed: 2, completed: 3 } as const;

type Key = (number | string)[];
function greater(a: Key, b: Key): boolean {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = a[i] ?? '';
    const y = b[i] ?? '';
    if (x === y) continue;
    return typeof x === 'number' && typeof y === 'number' ? x > y : String(x) > String(y);
  }
  return false;
}

/** The order of statuses: initiated < ringing < in progress < terminal; among terminals, the later. */
export function statusKey(status: CallStatus, at: Date): Key {
  return STATUS_RANK[status] === 3 ? [3, at.getTime(), TERMINAL_RANK[status]] : [STATUS_RANK[status], 0, 0];
}

export function foldEvents(events: ProviderCallEvent[]): FoldedCall {
  const out: FoldedCall = {
    statusAt: new Map(), status: null, answeredAt: null, endedAt: null, startedAt: null, durationSeconds: null, amd: null,
    errorCode: null, errorMessage: null, recording: null, transcript: null, summary: null, numbers: null,
  };
  let statusK: Key | null = null;
  let amdK: Key | null = null;
  let recK: Key | null = null;
  let trK: Key | null = null;
  let sumK: Key | null = null;
  let numK: Key | null = null;
  const minDate = (a: Date | null, b: Date) => (a === null || b.getTime() < a.getTime() ? b : a);
  for (const e of events) {
    const t = e.occurredAt.getTime();
    switch (e.kind) {
      case 'status': {
        const prev = out.statusAt.get(e.status);
        if (!prev || t < prev.getTime()) out.statusAt.set(e.status, e.occurredAt);
        const k = [...statusKey(e.status, e.occurredAt), JSON.stringify([e.errorCode ?? '', e.errorMessage ?? ''])];
        if (statusK === null || greater(k, statusK)) {
          statusK = k;
          out.status = e.status;
          out.errorCode = e.errorCode ?? null;
          out.errorMessage = e.errorMessage ?? null;
        }
        if (e.status === 'in_progress') out.answeredAt = minDate(out.answeredAt, e.occurredAt);
        if (e.answeredAt) out.answeredAt = minDate(out.answeredAt, e.answeredAt);
        out.startedAt = minDate(out.startedAt, e.startedAt ?? e.occurredAt);
        if (e.durationSeconds !== undefined) out.durationSeconds = Math.max(out.durationSeconds ?? 0, e.durationSeconds);
        if (e.answeredBy) {
          const ak = [e.sequence ?? -1, t, e.answeredBy];
          if (amdK === null || greater(ak, amdK)) [amdK, out.amd] = [ak, e.answeredBy];
        }
        if (e.recordingUrl) {
          const rk = [RECORDING_RANK.completed, t, e.recordingUrl];
          if (recK === null || greater(rk, recK)) [recK, out.recording] = [rk, { status: 'completed', url: e.recordingUrl, durationSeconds: null }];
        }
        if (e.from || e.to || e.participants) {
          const nk = [-t, JSON.stringify([e.direction, e.from, e.to, e.participants ?? []])];
          if (numK === null || greater(nk, numK)) [numK, out.numbers] = [nk, { direction: e.direction, from: e.from, to: e.to, participants: e.participants }];
        }
        break;
      }
      case 'amd': {
        const ak = [-1, t, e.answeredBy];
        if (amdK === null || greater(ak, amdK)) [amdK, out.amd] = [ak, e.answeredBy];
        break;
      }
      case 'recording': {
        const rk = [RECORDING_RANK[e.status], t, e.url ?? '', e.durationSeconds ?? -1];
        if (recK === null || greater(rk, recK)) [recK, out.recording] = [rk, { status: e.status, url: e.url ?? null, durationSeconds: e.durationSeconds ?? null }];
        break;
      }
      case 'transcript': {
        const tk = [TRANSCRIPT_RANK[e.status], t, JSON.stringify(e.turns)];
        if (trK === null || greater(tk, trK)) [trK, out.transcript] = [tk, { status: e.status, turns: e.turns }];
        break;
      }
      case 'summary': {
        const sk = [t, e.summary];
        if (sumK === null || greater(sk, sumK)) [sumK, out.summary] = [sk, e.summary];
        break;
      }
      default: {
        const never: never = e;
        throw new Error(`unknown event ${JSON.stringify(never)}`);
      }
    }
  }
  if (out.status && STATUS_RANK[out.status] === 3) out.endedAt = out.statusAt.get(out.status) ?? null;
  return out;
}

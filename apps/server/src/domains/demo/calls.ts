import crypto from 'node:crypto';
import type { NewCallSession, StatusChange } from '../calls/index.ts';
import type { TranscriptTurn } from '../../platform/providers/ai/port.ts';
import type { AmdResult, CallStatus } from '../../platform/providers/telephony/port.ts';
import type { Rng } from './prng.ts';
import { hasTranscript, makeTranscript, type TalkContext } from './transcripts.ts';

const SEC = 1000;

export interface PlayedCall {
  session: NewCallSession & { id: string };
  endedAt: Date;
  /** A person (not a machine) picked up. */
  connected: boolean;
}

interface CallInput {
  rng: Rng;
  startedAt: Date;
  disposition: string | 'canceled';
  from: string;
  to: string;
  leadId: string;
  contactId: string;
  userId: string;
  talk: TalkContext;
}

function history(steps: [CallStatus, Date][]): StatusChange[] {
  return steps.map(([status, at], i) => ({ status, at: at.toISOString(), source: i === 0 ? 'app' : 'provider' }));
}

/**
 * One provider call as the carrier would report it: status history, AMD result, the provider's
 * duration (from answer to hang-up) and, when a person talked, a transcript that fits it.
 */
export function playCall(c: CallInput): PlayedCall {
  const { rng, startedAt: t0 } = c;
  const ringAt = new Date(t0.getTime() + rng.int(1, 3) * SEC);
  const base = {
    id: crypto.randomUUID(),
    provider: 'sandbox',
    providerCallId: `CA${rng.hex(32)}`,
    direction: 'outbound' as const,
    from: c.from,
    to: c.to,
    startedAt: t0,
    leadId: c.leadId,
    contactId: c.contactId,
    userId: c.userId,
    // the demo has no audio; say so rather than point at recordings that do not exist
    recordingStatus: 'absent' as const,
  };
  const unanswered = (status: CallStatus, ringSeconds: number): PlayedCall => {
    const endedAt = new Date(ringAt.getTime() + ringSeconds * SEC);
    return {
      session: { ...base, status, statusHistory: history([['initiated', t0], ['ringing', ringAt], [status, endedAt]]), endedAt, providerDurationSeconds: 0 },
      endedAt,
      connected: false,
    };
  };
  const answered = (amd: AmdResult, ringSeconds: number, talkSeconds: number, transcript: TranscriptTurn[] | null): PlayedCall => {
    const answeredAt = new Date(ringAt.getTime() + ringSeconds * SEC);
    const endedAt = new Date(answeredAt.getTime() + talkSeconds * SEC);
    return {
      session: {
        ...base,
        status: 'completed',
        statusHistory: history([['initiated', t0], ['ringing', ringAt], ['in_progress', answeredAt], ['completed', endedAt]]),
        amdResult: amd,
        answeredAt,
        endedAt,
        providerDurationSeconds: talkSeconds,
        transcript,
      },
      endedAt,
      connected: amd === 'human',
    };
  };

  switch (c.disposition) {
    case 'canceled':
      return unanswered('canceled', rng.int(2, 9));
    case 'no_answer':
      return rng.chance(0.12) ? unanswered('busy', rng.int(1, 4)) : unanswered('no_answer', rng.int(24, 36));
    case 'bad_number':
      return unanswered('failed', 0);
    case 'left_voicemail':
      return answered('machine_end_beep', rng.int(12, 28), rng.int(22, 48), null);
    default: {
      if (!hasTranscript(c.disposition)) throw new Error(`no call shape for disposition ${c.disposition}`);
      const transcript = makeTranscript(rng, c.disposition, c.talk);
      const talkSeconds = Math.ceil((transcript.at(-1)?.end ?? 10) + rng.int(2, 6));
      return answered('human', rng.int(6, 22), talkSeconds, transcript);
    }
  }
}

const STATUS_WORDS: Record<CallStatus, string> = {
  initiated: 'initiated',
  ringing: 'ringing',
  in_progress: 'in progress',
  completed: 'completed',
  busy: 'busy',
  no_answer: 'no answer',
  failed: 'failed (number not in service)',
  canceled: 'canceled before anyone answered',
};

export function describeCall(s: NewCallSession, contactName: string): string {
  const d = s.providerDurationSeconds ?? 0;
  const duration = d > 0 ? `, ${Math.floor(d / 60)}m ${String(d % 60).padStart(2, '0')}s` : '';
  const machine = s.amdResult && s.amdResult !== 'human' ? ' (voicemail)' : '';
  return `Outbound call to ${contactName}: ${STATUS_WORDS[s.status]}${machine}${duration}`;
}

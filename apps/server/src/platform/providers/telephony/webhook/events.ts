import type { TranscriptTurn } from '../../ai/port.ts';
import type { AmdResult, CallDirection, CallStatus, RecordingStatus } from '../port.ts';

/**
 * One provider callback, normalised. Every kind names the provider's call id; `callSessionId` is
 * ours when the callback URL carried it (?cs=). Processing folds a call's events in any order
 * into the same call session, so each event says when the provider says it happened.
 */
export type ProviderCallEvent = StatusEvent | AmdEvent | RecordingEvent | TranscriptEvent | SummaryEvent;

interface Base {
  providerCallId: string;
  callSessionId?: string;
  occurredAt: Date;
}

export interface StatusEvent extends Base {
  kind: 'status';
  direction: CallDirection;
  /** As sent (E.164 for phone legs; a client leg may name `client:…`). */
  from: string | null;
  to: string | null;
  status: CallStatus;
  /** Twilio SequenceNumber: orders late arrivals of the same call. */
  sequence?: number;
  durationSeconds?: number;
  answeredBy?: AmdResult;
  /** OpenPhone reports one record per call with both moments. */
  answeredAt?: Date;
  startedAt?: Date;
  errorCode?: string;
  errorMessage?: string;
  /** Numbers OpenPhone lists as participants (v2 payloads carry no from/to). */
  participants?: string[];
  /** Twilio posts RecordingUrl on the final status when the call was recorded. */
  recordingUrl?: string;
}

export interface AmdEvent extends Base {
  kind: 'amd';
  answeredBy: AmdResult;
  machineDetectionMs?: number;
}

export interface RecordingEvent extends Base {
  kind: 'recording';
  recordingSid: string | null;
  status: RecordingStatus;
  url?: string;
  durationSeconds?: number;
}

export interface TranscriptEvent extends Base {
  kind: 'transcript';
  status: 'completed' | 'failed' | 'absent';
  turns: TranscriptTurn[];
}

export interface SummaryEvent extends Base {
  kind: 'summary';
  summary: string;
}

/** A payload that is signed correctly but not something we understand: the route answers 400. */
export class WebhookPayloadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WebhookPayloadError';
  }
}

import type { E164, ProviderMode } from '../types.ts';

/**
 * Telephony (voice) port. Adapters to come: Twilio (REST + signed webhooks + TwiML), and the
 * sandbox carrier, which speaks the same subset of Twilio's API and plays calls out with
 * configurable statistics through the same webhook routes.
 *
 * The provider is the truth for status and duration (SPEC §1.2): the app stores what
 * `parseStatusCallback` reports and never measures a call itself.
 */

/** Our call statuses (Twilio's, with underscores): the `call_sessions.status` values. */
export const CALL_STATUSES = ['initiated', 'ringing', 'in_progress', 'completed', 'busy', 'no_answer', 'failed', 'canceled'] as const;
export type CallStatus = (typeof CALL_STATUSES)[number];

export const TERMINAL_CALL_STATUSES: ReadonlySet<CallStatus> = new Set(['completed', 'busy', 'no_answer', 'failed', 'canceled']);
export const isTerminalCallStatus = (s: CallStatus) => TERMINAL_CALL_STATUSES.has(s);

/** Answering-machine detection result (Twilio's AnsweredBy values). */
export const AMD_RESULTS = ['human', 'machine_start', 'machine_end_beep', 'machine_end_silence', 'machine_end_other', 'fax', 'unknown'] as const;
export type AmdResult = (typeof AMD_RESULTS)[number];

export type CallDirection = 'outbound' | 'inbound';

export type RecordingStatus = 'in_progress' | 'completed' | 'absent' | 'failed';

export interface PlaceCallInput {
  workspaceId: string;
  /** Our call_sessions.id, created before dialing; echoed in callbacks and used as idempotency key. */
  callSessionId: string;
  from: E164;
  to: E164;
  /** Where the provider asks what to do once answered (TwiML or equivalent). */
  instructionsUrl: string;
  /** Where the provider posts every status change, AMD result and recording event. */
  statusCallbackUrl: string;
  /** 'detect': AMD decides human/machine; 'detect_message_end': waits for the beep (voicemail drop). */
  machineDetection?: 'off' | 'detect' | 'detect_message_end';
  record?: boolean;
  /** Seconds to ring before giving up (no_answer). */
  ringTimeoutSeconds?: number;
  /** Caller name (CNAM) where the provider supports it. */
  callerName?: string;
}

export interface PlacedCall {
  provider: string;
  providerCallId: string;
  status: CallStatus;
}

export interface UpdateCallInput {
  providerCallId: string;
  /** Redirect a live call to new instructions (transfer, voicemail drop, whisper). */
  instructionsUrl?: string;
  /** Start or stop recording mid-call (consent rules may require it). */
  recording?: 'start' | 'stop';
}

/** One provider status callback, normalised. Replays and out-of-order arrival are expected. */
export interface CallStatusEvent {
  provider: string;
  providerCallId: string;
  /** Ours, when the call was placed by us (echoed from PlaceCallInput.callSessionId). */
  callSessionId?: string;
  parentProviderCallId?: string;
  direction: CallDirection;
  from: E164;
  to: E164;
  status: CallStatus;
  /** When the provider says it happened (not when we received it). */
  occurredAt: Date;
  /** Monotonic per call where the provider gives one (Twilio SequenceNumber); orders late arrivals. */
  sequence?: number;
  /** Provider-measured duration; present on terminal statuses. */
  durationSeconds?: number;
  answeredBy?: AmdResult;
  /** AMD decision time in ms, for tuning. */
  machineDetectionMs?: number;
  recordingUrl?: string;
  recordingStatus?: RecordingStatus;
  recordingDurationSeconds?: number;
  /** Provider error code on failures (e.g. Twilio 13224 invalid number) → bad number flag. */
  errorCode?: string;
  errorMessage?: string;
  /** Every field as received, stored verbatim before processing (SPEC §1.8). */
  raw: Record<string, unknown>;
}

export interface TelephonyPort {
  readonly provider: string;
  readonly mode: ProviderMode;
  placeCall(input: PlaceCallInput): Promise<PlacedCall>;
  updateCall(input: UpdateCallInput): Promise<void>;
  /** Ends a call in any state; ringing calls become canceled, live ones completed. */
  hangup(providerCallId: string): Promise<void>;
}
// Callbacks are parsed by the webhook route that receives them (domains/calls/webhooks), not by
// the adapter that placed the call: Twilio and the sandbox carrier post the same Twilio-shaped,
// Twilio-signed requests, and OpenPhone calls are placed by no adapter at all.

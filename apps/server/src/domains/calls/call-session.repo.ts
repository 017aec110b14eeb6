import crypto from 'node:crypto';
import type { Sql } from '../../db/client.ts';
import type { TranscriptTurn } from '../../platform/providers/ai/port.ts';
import type { AmdResult, CallDirection, CallStatus, RecordingStatus } from '../../platform/providers/telephony/port.ts';
import { insertJsonRows } from './batch.ts';

export interface StatusChange {
  status: CallStatus;
  at: string;
  /** Who said so: the provider's callback, or our own request (initiated). */
  source: 'provider' | 'app';
}

export interface NewCallSession {
  id?: string;
  provider: string;
  providerCallId: string | null;
  direction: CallDirection;
  from: string;
  to: string;
  status: CallStatus;
  statusHistory: StatusChange[];
  amdResult?: AmdResult | null;
  startedAt: Date;
  answeredAt?: Date | null;
  endedAt?: Date | null;
  providerDurationSeconds?: number | null;
  recordingUrl?: string | null;
  recordingStatus?: RecordingStatus | null;
  transcript?: TranscriptTurn[] | null;
  leadId?: string | null;
  contactId?: string | null;
  userId?: string | null;
  dialSessionId?: string | null;
  dialSessionItemId?: string | null;
  /** The rep asked for a recording (its status is 'pending' once the call is answered). */
  record?: boolean;
}

const INSERT_SQL = `
  INSERT INTO call_sessions (id, workspace_id, provider, provider_call_id, direction, from_number, to_number, status, status_history,
    amd_result, started_at, answered_at, ended_at, provider_duration_seconds, recording_url, recording_status, transcript,
    lead_id, contact_id, user_id, dial_session_id, dial_session_item_id, record, created_at, updated_at)
  SELECT r.id, $1::uuid, r.provider, r.provider_call_id, r.direction, r.from_number, r.to_number, r.status, r.status_history,
    r.amd_result, r.started_at, r.answered_at, r.ended_at, r.provider_duration_seconds, r.recording_url, r.recording_status, r.transcript,
    r.lead_id, r.contact_id, r.user_id, r.dial_session_id, r.dial_session_item_id, coalesce(r.record, false), r.started_at, coalesce(r.ended_at, r.started_at)
  FROM jsonb_to_recordset($2::jsonb) AS r(id uuid, provider text, provider_call_id text, direction text, from_number text, to_number text,
    status text, status_history jsonb, amd_result text, started_at timestamptz, answered_at timestamptz, ended_at timestamptz,
    provider_duration_seconds int, recording_url text, recording_status text, transcript jsonb, lead_id uuid, contact_id uuid,
    user_id uuid, dial_session_id uuid, dial_session_item_id uuid, record boolean)`;

/**
 * Inserts call sessions in bulk (history backfills, the demo, imports of past calls) and returns
 * their ids in input order. Call inside withWorkspace.
 */
export async function insertCallSessions(tx: Sql, workspaceId: string, sessions: NewCallSession[]): Promise<string[]> {
  const ids = sessions.map((s) => s.id ?? crypto.randomUUID());
  const rows = sessions.map((s, i) => ({
    id: ids[i],
    provider: s.provider,
    provider_call_id: s.providerCallId,
    direction: s.direction,
    from_number: s.from,
    to_number: s.to,
    status: s.status,
    status_history: s.statusHistory,
    amd_result: s.amdResult ?? null,
    started_at: s.startedAt.toISOString(),
    answered_at: s.answeredAt?.toISOString() ?? null,
    ended_at: s.endedAt?.toISOString() ?? null,
    provider_duration_seconds: s.providerDurationSeconds ?? null,
    recording_url: s.recordingUrl ?? null,
    recording_status: s.recordingStatus ?? null,
    transcript: s.transcript ?? null,
    lead_id: s.leadId ?? null,
    contact_id: s.contactId ?? null,
    user_id: s.userId ?? null,
    dial_session_id: s.dialSessionId ?? null,
    dial_session_item_id: s.dialSessionItemId ?? null,
    record: s.record ?? false,
  }));
  await insertJsonRows(tx, INSERT_SQL, workspaceId, rows);
  return ids;
}

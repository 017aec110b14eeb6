import { z } from 'zod';
import type { CallSession } from '@flywheel/contracts';
import type { Sql } from '../../db/client.ts';

/**
 * Reads call sessions in the API's shape (contracts CallSession): the provider's truth plus the
 * logged attempt and its disposition label. Call inside withWorkspace.
 */
export interface LoadCallSessionsOptions {
  ids?: string[];
  dialSessionId?: string;
  leadId?: string;
  userId?: string;
  /** Only calls no lead was matched to (kept for manual linking). */
  unmatched?: boolean;
  limit?: number;
  offset?: number;
}

// A transcript that has not arrived this long after the call ended will not come (the provider's
// transcription was off or failed silently): report it absent instead of pending forever.
export const TRANSCRIPT_PENDING_GIVE_UP_MS = 2 * 60 * 60 * 1000;

const HistoryEntry = z.object({ status: z.enum(['initiated', 'ringing', 'in_progress', 'completed', 'busy', 'no_answer', 'failed', 'canceled']), at: z.string(), source: z.string() });
const TranscriptTurn = z.object({ speaker: z.enum(['rep', 'prospect', 'unknown']), start: z.number(), end: z.number(), text: z.string() });
// rows written by older code or by hand must not crash a read: bad entries are dropped
const History = z.array(z.unknown()).catch([]).transform((xs) => xs.flatMap((x) => { const r = HistoryEntry.safeParse(x); return r.success ? [r.data] : []; }));
const Transcript = z.array(TranscriptTurn).nullable().catch(null);

const Row = z.object({
  id: z.string(),
  provider: z.string(),
  provider_call_id: z.string().nullable(),
  direction: z.enum(['outbound', 'inbound']),
  from_number: z.string(),
  to_number: z.string(),
  status: HistoryEntry.shape.status,
  status_history: z.unknown(),
  amd_result: z.string().nullable(),
  started_at: z.date(),
  answered_at: z.date().nullable(),
  ended_at: z.date().nullable(),
  provider_duration_seconds: z.number().nullable(),
  record: z.boolean(),
  recording_url: z.string().nullable(),
  recording_status: z.enum(['pending', 'in_progress', 'completed', 'absent', 'failed']).nullable(),
  transcript_status: z.enum(['pending', 'completed', 'absent', 'failed']).nullable(),
  transcript: z.unknown(),
  summary: z.string().nullable(),
  lead_id: z.string().nullable(),
  lead_name: z.string().nullable(),
  contact_id: z.string().nullable(),
  user_id: z.string().nullable(),
  dial_session_id: z.string().nullable(),
  dial_session_item_id: z.string().nullable(),
  attempt_id: z.string().nullable(),
  disposition_key: z.string().nullable(),
  disposition_label: z.string().nullable(),
  dm_reached: z.boolean().nullable(),
  attempt_notes: z.string().nullable(),
  attempt_created_at: z.date().nullable(),
});

const SELECT = `
  SELECT cs.id, cs.provider, cs.provider_call_id, cs.direction, cs.from_number, cs.to_number, cs.status, cs.status_history,
         cs.amd_result, cs.started_at, cs.answered_at, cs.ended_at, cs.provider_duration_seconds, cs.record, cs.recording_url,
         cs.recording_status, cs.transcript_status, cs.transcript, cs.summary, cs.lead_id, l.name AS lead_name, cs.contact_id,
         cs.user_id, cs.dial_session_id, cs.dial_session_item_id,
         a.id AS attempt_id, a.disposition_key, d.label AS disposition_label, a.dm_reached, a.notes AS attempt_notes,
         a.created_at AS attempt_created_at
    FROM call_sessions cs
    LEFT JOIN leads l ON l.id = cs.lead_id
    LEFT JOIN attempts a ON a.call_session_id = cs.id
    LEFT JOIN dispositions d ON d.workspace_id = a.workspace_id AND d.key = a.disposition_key`;

function where(workspaceId: string, o: LoadCallSessionsOptions): { sql: string; params: unknown[] } {
  const params: unknown[] = [workspaceId];
  const parts = ['cs.workspace_id = $1'];
  const add = (cond: (n: string) => string, v: unknown) => {
    params.push(v);
    parts.push(cond(`$${params.length}`));
  };
  if (o.ids) add((n) => `cs.id = ANY(${n}::uuid[])`, o.ids);
  if (o.dialSessionId) add((n) => `cs.dial_session_id = ${n}`, o.dialSessionId);
  if (o.leadId) add((n) => `cs.lead_id = ${n}`, o.leadId);
  if (o.userId) add((n) => `cs.user_id = ${n}`, o.userId);
  if (o.unmatched === true) parts.push('cs.lead_id IS NULL');
  if (o.unmatched === false) parts.push('cs.lead_id IS NOT NULL');
  return { sql: parts.join(' AND '), params };
}

export async function loadCallSessions(tx: Sql, workspaceId: string, o: LoadCallSessionsOptions = {}): Promise<CallSession[]> {
  if (o.ids && o.ids.length === 0) return [];
  const w = where(workspaceId, o);
  const limit = Math.min(Math.max(o.limit ?? 100, 1), 1000);
  const { rows } = await tx.query(
    `${SELECT} WHERE ${w.sql} ORDER BY cs.started_at DESC, cs.id LIMIT ${limit} OFFSET ${Math.max(o.offset ?? 0, 0)}`,
    w.params,
  );
  const now = Date.now();
  return rows.map((r) => toCallSession(Row.parse(r), now));
}

export async function countCallSessions(tx: Sql, workspaceId: string, o: LoadCallSessionsOptions = {}): Promise<number> {
  const w = where(workspaceId, o);
  const { rows } = await tx.query<{ n: number }>(`SELECT count(*)::int AS n FROM call_sessions cs WHERE ${w.sql}`, w.params);
  return rows[0]?.n ?? 0;
}

function toCallSession(r: z.infer<typeof Row>, now: number): CallSession {
  const transcriptGaveUp = r.transcript_status === 'pending' && r.ended_at !== null && now - r.ended_at.getTime() > TRANSCRIPT_PENDING_GIVE_UP_MS;
  return {
    id: r.id,
    provider: r.provider,
    providerCallId: r.provider_call_id,
    direction: r.direction,
    from: r.from_number,
    to: r.to_number,
    status: r.status,
    statusHistory: History.parse(r.status_history),
    amdResult: r.amd_result,
    startedAt: r.started_at.toISOString(),
    answeredAt: r.answered_at?.toISOString() ?? null,
    endedAt: r.ended_at?.toISOString() ?? null,
    durationSeconds: r.provider_duration_seconds,
    record: r.record,
    recordingUrl: r.recording_url,
    recordingStatus: r.recording_status,
    transcriptStatus: transcriptGaveUp ? 'absent' : r.transcript_status,
    transcript: Transcript.parse(r.transcript ?? null),
    summary: r.summary,
    leadId: r.lead_id,
    leadName: r.lead_name,
    contactId: r.contact_id,
    userId: r.user_id,
    dialSessionId: r.dial_session_id,
    dialSessionItemId: r.dial_session_item_id,
    attempt:
      r.attempt_id && r.disposition_key && r.attempt_created_at
        ? { id: r.attempt_id, dispositionKey: r.disposition_key, dispositionLabel: r.disposition_label ?? r.disposition_key, dmReached: r.dm_reached ?? false, notes: r.attempt_notes ?? '', createdAt: r.attempt_created_at.toISOString() }
        : null,
  };
}

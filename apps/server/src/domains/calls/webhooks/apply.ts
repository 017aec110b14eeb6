import { DIALER_EVENTS } from '@flywheel/contracts';
import type { Tx } from '../../../db/client.ts';
import type { Deps } from '../../../platform/deps.ts';
import { isTerminalCallStatus, type CallStatus } from '../../../platform/providers/telephony/port.ts';
import type { ProviderCallEvent } from '../../../platform/providers/telephony/webhook/events.ts';
import { flagPhone } from '../phone-flags.repo.ts';
import { recordActivity, type ActivityInput } from '../../activities/index.ts';
import { loadCallSessions } from '../call-session.read.ts';
import { callUpdatedPayload } from '../call-events.ts';
import { describeCallOutcome, formatDuration } from '../call-words.ts';
import { foldEvents, statusKey, type FoldedCall } from './fold.ts';
import { parseStoredEvent } from './stored-event.ts';

// Provider error codes that mean the number itself is invalid — a known outcome the system may
// record (SPEC §1.1): Twilio 13223/13224 (invalid phone number), 21211 (invalid To), 21214 (To not
// a valid phone number), 21217 (number does not appear valid), 21401 (invalid phone number).
export const BAD_NUMBER_CODES = new Set(['13223', '13224', '21211', '21214', '21217', '21401']);

// A tel: call placed from the Dialer is matched to the OpenPhone record of the same number made
// within this window around its creation (the rep may take a while to dial; clocks may differ).
export const TEL_MATCH_BEFORE_MS = 30 * 60 * 1000;
export const TEL_MATCH_AFTER_MS = 2 * 60 * 1000;

export const E164 = /^\+[1-9][0-9]{6,14}$/;
export const ACTOR: Record<string, string> = { twilio: 'Twilio', sandbox: 'Sandbox carrier', openphone: 'OpenPhone' };

export interface SessionRow {
  id: string;
  provider: string;
  provider_call_id: string | null;
  direction: 'outbound' | 'inbound';
  from_number: string;
  to_number: string;
  status: CallStatus;
  status_history: unknown;
  amd_result: string | null;
  answered_at: Date | null;
  ended_at: Date | null;
  provider_duration_seconds: number | null;
  record: boolean;
  recording_url: string | null;
  recording_status: string | null;
  transcript_status: string | null;
  transcript: unknown;
  summary: string | null;
  lead_id: string | null;
  user_id: string | null;
  dial_session_id: string | null;
}
export const SESSION_COLS = `id, provider, provider_call_id, direction, from_number, to_number, status, status_history, amd_result, answered_at, ended_at,
  provider_duration_seconds, record, recording_url, recording_status, transcript_status, transcript, summary, lead_id, user_id, dial_session_id`;

async function lockById(tx: Tx, ws: string, id: string): Promise<SessionRow | null> {
  return (await tx.query<SessionRow>(`SELECT ${SESSION_COLS} FROM call_sessions WHERE workspace_id = $1 AND id = $2 FOR UPDATE`, [ws, id])).rows[0] ?? null;
}
async function lockByProviderId(tx: Tx, ws: string, providerCallId: string): Promise<SessionRow | null> {
  return (await tx.query<SessionRow>(`SELECT ${SESSION_COLS} FROM call_sessions WHERE workspace_id = $1 AND provider_call_id = $2 FOR UPDATE`, [ws, providerCallId])).rows[0] ?? null;
}

export const isOrphan = (s: SessionRow) => s.lead_id === null && s.user_id === null && s.dial_session_id === null;

/** The lead a remote number belongs to, when exactly one lead has it (ambiguous → none). */
async function matchLead(tx: Tx, ws: string, numbers: string[]): Promise<string | null> {
  if (numbers.length === 0) return null;
  const { rows } = await tx.query<{ lead_id: string }>(
    `SELECT DISTINCT lead_id FROM (
       SELECT id AS lead_id FROM leads WHERE workspace_id = $1 AND primary_phone = ANY($2::text[]) AND deleted_at IS NULL
       UNION
       SELECT c.lead_id FROM contacts c JOIN leads l ON l.id = c.lead_id AND l.deleted_at IS NULL WHERE c.workspace_id = $1 AND c.phones && $2::text[]
     ) m LIMIT 2`,
    [ws, numbers],
  );
  return rows.length === 1 ? rows[0].lead_id : null;
}

/** Every valid number the call's events name (null: no status event with numbers yet). */
function callNumbers(folded: FoldedCall): string[] | null {
  const n = folded.numbers;
  if (!n) return null;
  return [...new Set([n.from, n.to, ...(n.participants ?? [])].filter((x): x is string => !!x && E164.test(x)))];
}

/** What an unmatched call session is created with; null when the events do not name both ends yet. */
export function newSessionFields(folded: FoldedCall): { direction: 'outbound' | 'inbound'; from: string; to: string; remote: string; startedAt: Date } | null {
  const n = folded.numbers;
  const numbers = callNumbers(folded);
  if (!n || !numbers) return null;
  const from = n.from && E164.test(n.from) ? n.from : numbers[0];
  const to = n.to && E164.test(n.to) ? n.to : numbers.find((x) => x !== from);
  if (!from || !to) return null;
  return { direction: n.direction, from, to, remote: n.direction === 'inbound' ? from : to, startedAt: folded.startedAt ?? new Date() };
}

/**
 * Finds (or creates) the call session a call's events belong to and locks it: our ?cs= id, else
 * the provider call id, else (OpenPhone) an open tel: session to the same number within the
 * window, else a new session with no lead ("unmatched") when the events carry its numbers.
 * Returns null when nothing can be created yet (e.g. a transcript that arrived before its call).
 */
async function resolveSession(tx: Tx, ws: string, provider: string, providerCallId: string, events: ProviderCallEvent[], folded: FoldedCall): Promise<SessionRow | null> {
  const byProvider = await lockByProviderId(tx, ws, providerCallId);
  const hints = [...new Set(events.flatMap((e) => (e.callSessionId ? [e.callSessionId] : [])))].sort();
  if (byProvider && !(isOrphan(byProvider) && hints.length > 0)) return byProvider;
  for (const cs of hints) {
    const s = await lockById(tx, ws, cs);
    if (!s || (s.provider_call_id !== null && s.provider_call_id !== providerCallId)) continue;
    if (byProvider) {
      // events without ?cs= got here first and made a placeholder: fold it into ours
      await tx.query(`UPDATE webhook_events SET call_session_id = $3 WHERE workspace_id = $1 AND call_session_id = $2`, [ws, byProvider.id, s.id]);
      await tx.query(`DELETE FROM call_sessions WHERE workspace_id = $1 AND id = $2`, [ws, byProvider.id]);
    }
    await tx.query(`UPDATE call_sessions SET provider_call_id = $3 WHERE workspace_id = $1 AND id = $2`, [ws, s.id, providerCallId]);
    return { ...s, provider_call_id: providerCallId };
  }
  if (byProvider) return byProvider;
  const numbers = callNumbers(folded);
  if (!numbers) return null;
  if (provider === 'openphone' && numbers.length > 0 && folded.startedAt) {
    const at = folded.startedAt.getTime();
    const { rows } = await tx.query<{ id: string }>(
      `SELECT id FROM call_sessions
        WHERE workspace_id = $1 AND provider = 'openphone' AND provider_call_id IS NULL AND to_number = ANY($2::text[])
          AND started_at BETWEEN $3 AND $4
        ORDER BY abs(extract(epoch FROM started_at - $5::timestamptz)), id LIMIT 1 FOR UPDATE SKIP LOCKED`,
      [ws, numbers, new Date(at - TEL_MATCH_BEFORE_MS), new Date(at + TEL_MATCH_AFTER_MS), folded.startedAt],
    );
    if (rows[0]) {
      await tx.query(`UPDATE call_sessions SET provider_call_id = $3 WHERE workspace_id = $1 AND id = $2`, [ws, rows[0].id, providerCallId]);
      return lockById(tx, ws, rows[0].id);
    }
  }
  const created = newSessionFields(folded);
  if (!created) return null;
  const leadId = await matchLead(tx, ws, [created.remote]);
  await tx.query(
    `INSERT INTO call_sessions (workspace_id, provider, provider_call_id, direction, from_number, to_number, started_at, lead_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
     ON CONFLICT (workspace_id, provider_call_id) WHERE provider_call_id IS NOT NULL DO NOTHING`,
    [ws, provider, providerCallId, created.direction, created.from, created.to, created.startedAt, leadId],
  );
  return lockByProviderId(tx, ws, providerCallId);
}

interface HistoryEntry { status: CallStatus; at: string; source: string }

function mergeHistory(existing: unknown, folded: FoldedCall): HistoryEntry[] {
  const by = new Map<CallStatus, HistoryEntry>();
  const put = (e: HistoryEntry) => {
    const prev = by.get(e.status);
    if (!prev || e.at < prev.at || (e.at === prev.at && e.source < prev.source)) by.set(e.status, e);
  };
  if (Array.isArray(existing)) {
    for (const x of existing) {
      if (x && typeof x === 'object' && 'status' in x && 'at' in x && typeof x.status === 'string' && typeof x.at === 'string' && x.status in { initiated: 1, ringing: 1, in_progress: 1, completed: 1, busy: 1, no_answer: 1, failed: 1, canceled: 1 }) {
        // our own entries (the click) stay; provider entries are recomputed from the events
        const source = 'source' in x && typeof x.source === 'string' ? x.source : 'app';
        if (source !== 'provider') put({ status: x.status as CallStatus, at: new Date(x.at).toISOString(), source });
      }
    }
  }
  for (const [status, at] of folded.statusAt) put({ status, at: at.toISOString(), source: 'provider' });
  return [...by.values()].sort((a, b) => (a.at === b.at ? statusKey(a.status, new Date(a.at))[0] as number - (statusKey(b.status, new Date(b.at))[0] as number) : a.at < b.at ? -1 : 1));
}

const greaterStatus = (a: HistoryEntry, b: HistoryEntry) => {
  const ka = statusKey(a.status, new Date(a.at));
  const kb = statusKey(b.status, new Date(b.at));
  for (let i = 0; i < ka.length; i++) if (ka[i] !== kb[i]) return (ka[i] as number) > (kb[i] as number);
  return a.status > b.status;
};

/** Stored webhook rows → provider events. */
export function parseStoredRows(rows: { kind: string; raw: unknown }[]): ProviderCallEvent[] {
  const out: ProviderCallEvent[] = [];
  for (const r of rows) {
    try {
      const e = parseStoredEvent(r.kind, r.raw);
      if (e) out.push(e);
    } catch {
      // no longer parses: it was refused when it arrived, so it cannot change the call
    }
  }
  return out;
}

export interface FinalState {
  status: CallStatus;
  history: HistoryEntry[];
  answeredAt: Date | null;
  endedAt: Date | null;
  duration: number | null;
  amd: string | null;
  recordingUrl: string | null;
  recordingStatus: string | null;
  transcript: unknown[] | null;
  transcriptStatus: string | null;
  summary: string | null;
}

/** The call session's provider fields from its current row and the fold of all its events (pure). */
export function finalState(s: SessionRow, folded: FoldedCall): FinalState {
  const history = mergeHistory(s.status_history, folded);
  const top = history.reduce<HistoryEntry | null>((m, e) => (m === null || greaterStatus(e, m) ? e : m), null);
  const status: CallStatus = top?.status ?? s.status;
  const answeredAt = folded.answeredAt ?? s.answered_at;
  const endedAt = isTerminalCallStatus(status) ? (folded.endedAt ?? (top ? new Date(top.at) : s.ended_at)) : null;
  const duration = folded.durationSeconds ?? s.provider_duration_seconds;
  const amd = folded.amd ?? s.amd_result;
  const answered = answeredAt !== null || (status === 'completed' && (duration ?? 0) > 0);
  const recordingUrl = folded.recording?.url ?? s.recording_url;
  const recordingStatus = folded.recording?.status
    ?? (s.recording_status && s.recording_status !== 'pending' ? s.recording_status : null)
    ?? (s.record && answered ? 'pending' : null);
  const transcript = folded.transcript?.status === 'completed' ? folded.transcript.turns : (Array.isArray(s.transcript) ? s.transcript : null);
  // a transcript is expected for answered calls the provider transcribes: the sandbox and
  // OpenPhone transcribe every answered call, Twilio only recorded ones
  const expectsTranscript = answered && status === 'completed' && (s.record || s.provider === 'sandbox' || s.provider === 'openphone');
  const recordingGone = recordingStatus === 'absent' || recordingStatus === 'failed';
  const transcriptStatus = folded.transcript?.status
    ?? (s.transcript_status && s.transcript_status !== 'pending' ? s.transcript_status : null)
    ?? (expectsTranscript ? (recordingGone && s.provider === 'twilio' ? 'absent' : 'pending') : null);
  const summary = folded.summary ?? s.summary;

  return { status, history, answeredAt, endedAt, duration, amd, recordingUrl, recordingStatus, transcript, transcriptStatus, summary };
}

/** The timeline rows a change from `s` to `f` writes: call ended, recording, transcript (only for a call with a lead). */
export function callActivities(ws: string, provider: string, s: SessionRow, f: FinalState, folded: FoldedCall): ActivityInput[] {
  if (!s.lead_id) return [];
  const actor = { workspaceId: ws, leadId: s.lead_id, actorUserId: null, actorLabel: ACTOR[provider] ?? provider, refType: 'call_session', refId: s.id };
  const out: ActivityInput[] = [];
  if (!isTerminalCallStatus(s.status) && isTerminalCallStatus(f.status)) {
    out.push({ ...actor, kind: 'call.ended', summary: describeCallOutcome(f.status, f.duration, f.amd), after: { status: f.status, durationSeconds: f.duration, amd: f.amd } });
  }
  if (!s.recording_url && f.recordingUrl) {
    const d = folded.recording?.durationSeconds;
    out.push({ ...actor, kind: 'call.recording', summary: d ? `Recording attached · ${formatDuration(d)}` : 'Recording attached' });
  }
  if (s.transcript_status !== 'completed' && f.transcriptStatus === 'completed') out.push({ ...actor, kind: 'call.transcript', summary: 'Transcript attached' });
  return out;
}

export const flagsBadNumber = (f: FinalState, folded: FoldedCall) => f.status === 'failed' && !!folded.errorCode && BAD_NUMBER_CODES.has(folded.errorCode);

/**
 * Applies every stored event of one provider call to its call session (inside the processor's
 * workspace-scoped transaction). Recomputes from all stored events, not just the new ones, so
 * the row is the same whatever order or how many times they arrived. Returns the session id.
 */
export async function applyCallEvents(deps: Deps, tx: Tx, ws: string, provider: string, providerCallId: string, newEvents: ProviderCallEvent[]): Promise<string | null> {
  const stored = await tx.query<{ kind: string; raw: unknown }>(`SELECT kind, raw FROM webhook_events WHERE workspace_id = $1 AND provider_call_id = $2`, [ws, providerCallId]);
  const all: ProviderCallEvent[] = [...newEvents, ...parseStoredRows(stored.rows)];
  const folded = foldEvents(all);
  const s = await resolveSession(tx, ws, provider, providerCallId, all, folded);
  if (!s) return null;

  const f = finalState(s, folded);
  await tx.query(
    `UPDATE call_sessions SET status = $3, status_history = $4::jsonb, answered_at = $5, ended_at = $6, provider_duration_seconds = $7, amd_result = $8,
       recording_url = $9, recording_status = $10, transcript = $11::jsonb, transcript_status = $12, summary = $13, updated_at = now()
     WHERE workspace_id = $1 AND id = $2`,
    [ws, s.id, f.status, JSON.stringify(f.history), f.answeredAt, f.endedAt, f.duration, f.amd, f.recordingUrl, f.recordingStatus, f.transcript === null ? null : JSON.stringify(f.transcript), f.transcriptStatus, f.summary],
  );
  for (const a of callActivities(ws, provider, s, f, folded)) await recordActivity(tx, a);
  if (flagsBadNumber(f, folded)) await flagBadNumber(tx, ws, s, folded, ACTOR[provider] ?? provider);

  const [call] = await loadCallSessions(tx, ws, { ids: [s.id] });
  if (call) await deps.events.publish({ type: DIALER_EVENTS.callUpdated, workspaceId: ws, ...(s.user_id ? { userId: s.user_id } : {}), payload: callUpdatedPayload(call) }, tx);
  return s.id;
}

/** The number is invalid: flagged once (phone_flags), the lead marked, one activity — never an attempt. */
async function flagBadNumber(tx: Tx, ws: string, s: SessionRow, folded: FoldedCall, actorLabel: string) {
  const phone = s.direction === 'inbound' ? s.from_number : s.to_number;
  const reason = `invalid number (${folded.errorCode}${folded.errorMessage ? `: ${folded.errorMessage}` : ''})`.slice(0, 300);
  await flagPhone(tx, { workspaceId: ws, phone, kind: 'bad_number', reason, leadId: s.lead_id });
  if (!s.lead_id) return;
  const { rows } = await tx.query(`UPDATE leads SET bad_number_at = now() WHERE workspace_id = $1 AND id = $2 AND bad_number_at IS NULL RETURNING id`, [ws, s.lead_id]);
  if (rows.length > 0) {
    await recordActivity(tx, {
      workspaceId: ws, leadId: s.lead_id, actorUserId: null, actorLabel, kind: 'lead.bad_number',
      summary: `Number ${phone} flagged as bad: invalid number`, refType: 'call_session', refId: s.id,
    });
  }
}

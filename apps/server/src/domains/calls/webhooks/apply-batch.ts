import { DIALER_EVENTS } from '@flywheel/contracts';
import type { Tx } from '../../../db/client.ts';
import type { Deps } from '../../../platform/deps.ts';
import { recordActivityRows, type ActivityInput } from '../../activities/index.ts';
import { loadCallSessions } from '../call-session.read.ts';
import { callUpdatedPayload } from '../call-events.ts';
import { callActivities, finalState, flagsBadNumber, isOrphan, newSessionFields, parseStoredRows, SESSION_COLS, type FinalState, type SessionRow } from './apply.ts';
import { foldEvents, type FoldedCall } from './fold.ts';

/** One provider call of a claimed batch. */
export interface BatchCall { provider: string; providerCallId: string }

/** Per call: the session id it was applied to (null: nothing to attach to yet), or 'slow' for the one-call path. */
export type BatchOutcome = Map<BatchCall, string | null | 'slow'>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Applies the events of many calls with set-based statements: one read of all their stored
 * events, one lock of all their sessions, one multi-row insert of the new ones, one UPDATE … FROM
 * jsonb_to_recordset, one activities INSERT, one read for the realtime events. The per-call
 * semantics are those of applyCallEvents (the same fold and finalState); the rare cases that
 * need per-call decisions — OpenPhone tel: matching, folding a cs-less placeholder into its
 * session, a hint session claimed twice in one batch, bad-number flags — are returned as 'slow'
 * and the caller runs them through applyCallEvents.
 */
export async function applyCallBatch(deps: Deps, tx: Tx, ws: string, calls: BatchCall[]): Promise<BatchOutcome> {
  const out: BatchOutcome = new Map();
  const ids = [...new Set(calls.map((c) => c.providerCallId))];
  const stored = await tx.query<{ provider_call_id: string; kind: string; raw: unknown }>(
    'SELECT provider_call_id, kind, raw FROM webhook_events WHERE workspace_id = $1 AND provider_call_id = ANY($2::text[])', [ws, ids],
  );
  const rowsByCall = new Map<string, { kind: string; raw: unknown }[]>();
  for (const r of stored.rows) rowsByCall.set(r.provider_call_id, [...(rowsByCall.get(r.provider_call_id) ?? []), r]);
  // the same call id under two providers in one batch (never seen): keep their stored events apart the slow way
  const perId = new Map<string, number>();
  for (const c of calls) perId.set(c.providerCallId, (perId.get(c.providerCallId) ?? 0) + 1);

  const events = new Map(calls.map((c) => [c, parseStoredRows(rowsByCall.get(c.providerCallId) ?? [])]));
  // every stored event's ?cs= hint, not only the claimed ones (as applyCallEvents sees them)
  const hintsOf = (c: BatchCall) => [...new Set((events.get(c) ?? []).flatMap((e) => (e.callSessionId ? [e.callSessionId] : [])))].sort();
  const allHints = [...new Set(calls.flatMap(hintsOf))];
  if (allHints.some((h) => !UUID.test(h))) throw new Error('a ?cs= hint is not a uuid'); // the routes store only uuids; the caller falls back
  // every session these calls may touch, locked in one statement in id order (concurrent processors lock in the same order)
  const locked = await lockSessions(tx, ws, ids, allHints);

  const folded = new Map<BatchCall, FoldedCall>();
  const chosen = new Map<BatchCall, SessionRow>();
  const toCreate: { call: BatchCall; fields: NonNullable<ReturnType<typeof newSessionFields>> }[] = [];
  const usedHintIds = new Map<string, number>();
  for (const c of calls) {
    const f = foldEvents(events.get(c) ?? []);
    folded.set(c, f);
    // a failed call with a provider error may flag a bad number: the one-call path does that
    if ((perId.get(c.providerCallId) ?? 0) > 1 || (f.errorCode && f.status === 'failed')) {
      out.set(c, 'slow');
      continue;
    }
    const hints = hintsOf(c);
    const byProvider = locked.byProviderId.get(c.providerCallId) ?? null;
    if (byProvider && !(isOrphan(byProvider) && hints.length > 0)) {
      chosen.set(c, byProvider);
      continue;
    }
    const hinted = hints.map((h) => locked.byId.get(h)).find((s) => s && (s.provider_call_id === null || s.provider_call_id === c.providerCallId));
    if (hinted && byProvider) out.set(c, 'slow'); // a cs-less placeholder to fold into the hinted session
    else if (hinted) {
      chosen.set(c, { ...hinted, provider_call_id: c.providerCallId });
      usedHintIds.set(hinted.id, (usedHintIds.get(hinted.id) ?? 0) + 1);
    } else if (byProvider) chosen.set(c, byProvider);
    else if (c.provider === 'openphone') out.set(c, 'slow'); // tel: matching by number and time window
    else {
      const fields = newSessionFields(f);
      if (fields) toCreate.push({ call: c, fields });
      else out.set(c, null);
    }
  }
  // two calls claiming the same session in one batch: let the one-call path decide, in order
  for (const [c, s] of chosen) {
    if ((usedHintIds.get(s.id) ?? 0) > 1) {
      chosen.delete(c);
      out.set(c, 'slow');
    }
  }

  if (toCreate.length > 0) {
    const created = await createSessions(tx, ws, toCreate.map((x) => ({ ...x.fields, provider: x.call.provider, providerCallId: x.call.providerCallId })));
    for (const { call } of toCreate) {
      const s = created.get(call.providerCallId);
      if (s) chosen.set(call, s);
      else out.set(call, 'slow');
    }
  }

  const updates: (FinalState & { id: string; provider_call_id: string })[] = [];
  const activities: ActivityInput[] = [];
  for (const [c, s] of chosen) {
    const f = folded.get(c);
    if (!f) continue;
    const fin = finalState(s, f);
    if (flagsBadNumber(fin, f)) {
      out.set(c, 'slow');
      continue;
    }
    updates.push({ ...fin, id: s.id, provider_call_id: c.providerCallId });
    activities.push(...callActivities(ws, c.provider, s, fin, f));
    out.set(c, s.id);
  }
  await updateSessions(tx, ws, updates);
  await recordActivityRows(tx, activities);
  await publishUpdates(deps, tx, ws, updates.map((u) => u.id));
  return out;
}

async function lockSessions(tx: Tx, ws: string, providerCallIds: string[], ids: string[]) {
  const { rows } = await tx.query<SessionRow>(
    `SELECT ${SESSION_COLS} FROM call_sessions WHERE workspace_id = $1 AND (provider_call_id = ANY($2::text[]) OR id = ANY($3::uuid[])) ORDER BY id FOR UPDATE`,
    [ws, providerCallIds, ids],
  );
  const byProviderId = new Map<string, SessionRow>();
  const byId = new Map<string, SessionRow>();
  for (const r of rows) {
    if (r.provider_call_id) byProviderId.set(r.provider_call_id, r);
    byId.set(r.id, r);
  }
  return { byProviderId, byId };
}

interface NewSession { provider: string; providerCallId: string; direction: string; from: string; to: string; remote: string; startedAt: Date }

/**
 * Unmatched call sessions for calls seen for the first time: the lead when exactly one lead or
 * contact has the remote number, one multi-row INSERT (in call id order, so two processors
 * creating the same calls wait on each other instead of deadlocking), and the rows locked.
 * A concurrent creator's row is found by ON CONFLICT DO NOTHING + the locking re-read.
 */
async function createSessions(tx: Tx, ws: string, list: NewSession[]): Promise<Map<string, SessionRow>> {
  const remotes = [...new Set(list.map((x) => x.remote))];
  const { rows: matches } = await tx.query<{ num: string; leads: string[] }>(
    `SELECT num, array_agg(DISTINCT lead_id)::text[] AS leads FROM (
       SELECT primary_phone AS num, id AS lead_id FROM leads WHERE workspace_id = $1 AND primary_phone = ANY($2::text[]) AND deleted_at IS NULL
       UNION
       SELECT p.num, c.lead_id FROM contacts c JOIN leads l ON l.id = c.lead_id AND l.deleted_at IS NULL
         CROSS JOIN LATERAL unnest(c.phones) AS p(num)
        WHERE c.workspace_id = $1 AND c.phones && $2::text[] AND p.num = ANY($2::text[])
     ) m GROUP BY num`,
    [ws, remotes],
  );
  const leadOf = new Map(matches.filter((m) => m.leads.length === 1).map((m) => [m.num, m.leads[0]]));
  const sorted = [...list].sort((a, b) => (a.providerCallId < b.providerCallId ? -1 : a.providerCallId > b.providerCallId ? 1 : 0));
  const records = sorted.map((x) => ({ provider: x.provider, provider_call_id: x.providerCallId, direction: x.direction, from_number: x.from, to_number: x.to, started_at: x.startedAt.toISOString(), lead_id: leadOf.get(x.remote) ?? null }));
  await tx.query(
    `INSERT INTO call_sessions (workspace_id, provider, provider_call_id, direction, from_number, to_number, started_at, lead_id)
     SELECT $1, x.provider, x.provider_call_id, x.direction, x.from_number, x.to_number, x.started_at, x.lead_id
       FROM jsonb_to_recordset($2::jsonb) AS x(provider text, provider_call_id text, direction text, from_number text, to_number text, started_at timestamptz, lead_id uuid)
     ON CONFLICT (workspace_id, provider_call_id) WHERE provider_call_id IS NOT NULL DO NOTHING`,
    [ws, JSON.stringify(records)],
  );
  return (await lockSessions(tx, ws, sorted.map((x) => x.providerCallId), [])).byProviderId;
}

async function updateSessions(tx: Tx, ws: string, updates: (FinalState & { id: string; provider_call_id: string })[]) {
  if (updates.length === 0) return;
  const records = updates.map((u) => ({
    id: u.id, provider_call_id: u.provider_call_id, status: u.status, status_history: u.history, answered_at: u.answeredAt?.toISOString() ?? null,
    ended_at: u.endedAt?.toISOString() ?? null, provider_duration_seconds: u.duration, amd_result: u.amd, recording_url: u.recordingUrl,
    recording_status: u.recordingStatus, transcript: u.transcript, transcript_status: u.transcriptStatus, summary: u.summary,
  }));
  await tx.query(
    `UPDATE call_sessions c SET provider_call_id = x.provider_call_id, status = x.status, status_history = x.status_history, answered_at = x.answered_at,
            ended_at = x.ended_at, provider_duration_seconds = x.provider_duration_seconds, amd_result = x.amd_result, recording_url = x.recording_url,
            recording_status = x.recording_status, transcript = x.transcript, transcript_status = x.transcript_status, summary = x.summary, updated_at = now()
       FROM jsonb_to_recordset($2::jsonb) AS x(id uuid, provider_call_id text, status text, status_history jsonb, answered_at timestamptz, ended_at timestamptz,
            provider_duration_seconds int, amd_result text, recording_url text, recording_status text, transcript jsonb, transcript_status text, summary text)
      WHERE c.workspace_id = $1 AND c.id = x.id`,
    [ws, JSON.stringify(records)],
  );
}

/** call.updated for every session the batch changed (fired on commit: NOTIFY inside the transaction). */
async function publishUpdates(deps: Deps, tx: Tx, ws: string, ids: string[]) {
  for (let i = 0; i < ids.length; i += 1000) {
    const calls = await loadCallSessions(tx, ws, { ids: ids.slice(i, i + 1000), limit: 1000 });
    for (const call of calls) {
      await deps.events.publish({ type: DIALER_EVENTS.callUpdated, workspaceId: ws, ...(call.userId ? { userId: call.userId } : {}), payload: callUpdatedPayload(call) }, tx);
    }
  }
}

import crypto from 'node:crypto';
import { z } from 'zod';
import { ReviewSuggestionsSchema, type ReviewSuggestions } from '@flywheel/contracts';
import type { Tx } from '../../db/client.ts';
import type { Deps } from '../../platform/deps.ts';
import { conflict, notFound } from '../../platform/http/errors.ts';
import { getProviderRegistry } from '../../platform/providers/registry.ts';
import { AiError, TranscriptTurnSchema, type AiPort, type AnalyzeCallInput, type ReviewDraft } from '../../platform/providers/ai/port.ts';
import { createOfflineAi, OFFLINE_PROVIDER } from '../../platform/providers/ai/offline/adapter.ts';
import { readAiSettings } from '../../platform/providers/ai/settings.ts';

type RunTx = <T>(fn: (tx: Tx) => Promise<T>) => Promise<T>;

interface CallRow {
  id: string;
  transcript: unknown;
  transcript_status: string | null;
  lead_name: string | null;
  lead_stage: string | null;
  lead_segment: string | null;
}

const Transcript = z.array(TranscriptTurnSchema);

async function loadCall(tx: Tx, workspaceId: string, callId: string): Promise<Omit<AnalyzeCallInput, 'workspaceId'>> {
  const { rows } = await tx.query<CallRow>(
    `SELECT cs.id, cs.transcript, cs.transcript_status, l.name AS lead_name, l.stage AS lead_stage, l.segment AS lead_segment
       FROM call_sessions cs LEFT JOIN leads l ON l.id = cs.lead_id AND l.workspace_id = cs.workspace_id
      WHERE cs.id = $1 AND cs.workspace_id = $2`,
    [callId, workspaceId],
  );
  const call = rows[0];
  if (!call) throw notFound('Call');
  const parsed = Transcript.safeParse(call.transcript ?? []);
  const turns = parsed.success ? parsed.data.filter((t) => t.text.trim()) : [];
  if (turns.length === 0) {
    const why =
      call.transcript_status === 'pending' ? 'the transcription is still being processed' : call.transcript_status === 'failed' ? 'the transcription failed' : call.transcript_status === 'absent' ? 'this call was not transcribed' : 'this call has none';
    throw conflict(`No transcript yet: suggestions need the call's transcript, and ${why}.`);
  }
  const vocab = await tx.query<{ tag: string }>(
    `SELECT DISTINCT t.tag FROM attempts a, unnest(a.objection_tags) AS t(tag) WHERE a.workspace_id = $1 ORDER BY t.tag LIMIT 200`,
    [workspaceId],
  );
  const dispositions = await tx.query<{ key: string }>(`SELECT key FROM dispositions WHERE workspace_id = $1 AND archived_at IS NULL ORDER BY position`, [workspaceId]);
  return {
    callSessionId: call.id,
    transcript: turns,
    lead: { name: call.lead_name ?? 'Unknown lead', stage: call.lead_stage ?? 'new', segment: call.lead_segment },
    vocabulary: { objectionTags: vocab.rows.map((r) => r.tag), dispositionKeys: dispositions.rows.map((r) => r.key) },
  };
}

/** Which transcript a cached answer was computed from: a transcript that changed since is analysed again. */
const transcriptHash = (input: { transcript: unknown }) => crypto.createHash('sha256').update(JSON.stringify(input.transcript)).digest('base64url').slice(0, 22);

async function cached(tx: Tx, workspaceId: string, callId: string, provider: string, hash: string): Promise<ReviewSuggestions | null> {
  const { rows } = await tx.query<{ suggestions: { transcriptHash?: unknown } | null }>(
    'SELECT suggestions FROM call_ai_suggestions WHERE workspace_id = $1 AND call_session_id = $2 AND provider = $3',
    [workspaceId, callId, provider],
  );
  if (!rows[0] || rows[0].suggestions?.transcriptHash !== hash) return null;
  const parsed = ReviewSuggestionsSchema.safeParse(rows[0].suggestions);
  // a row from an older shape is recomputed rather than served half-read
  return parsed.success ? parsed.data : null;
}

async function store(tx: Tx, workspaceId: string, callId: string, s: ReviewSuggestions, hash: string): Promise<void> {
  const { fallbackReason: _not, ...rest } = s;
  const row = { ...rest, transcriptHash: hash };
  await tx.query(
    `INSERT INTO call_ai_suggestions (workspace_id, call_session_id, provider, suggestions) VALUES ($1, $2, $3, $4)
     ON CONFLICT (workspace_id, call_session_id, provider) DO UPDATE SET suggestions = EXCLUDED.suggestions, created_at = now()`,
    [workspaceId, callId, s.provider, JSON.stringify(row)],
  );
}

const stamp = (provider: string, mode: 'offline' | 'live', draft: ReviewDraft, fallbackReason?: string): ReviewSuggestions =>
  ReviewSuggestionsSchema.parse({ provider, mode, ...(fallbackReason ? { fallbackReason } : {}), ...draft, generatedAt: new Date().toISOString() });

/**
 * Review suggestions for a call (SPEC §3.4: AI pre-fills, a person saves): the cached answer of the
 * workspace's current AI provider, or computed now and cached. A live endpoint that fails never
 * fails the request: the offline analyzer answers and `fallbackReason` says why (SPEC §1.12).
 */
export async function callSuggestions(deps: Deps, workspaceId: string, tx: RunTx, callId: string, opts: { refresh: boolean }): Promise<ReviewSuggestions> {
  const input = { workspaceId, ...(await tx((t) => loadCall(t, workspaceId, callId))) };
  const resolved = await getProviderRegistry(deps).resolve(workspaceId, 'ai');
  const live = resolved.configured && resolved.mode === 'live';
  const provider = live ? ((await readAiSettings(deps, workspaceId))?.model ?? resolved.adapter) : OFFLINE_PROVIDER;
  if (!opts.refresh) {
    const hit = await tx((t) => cached(t, workspaceId, callId, provider, transcriptHash(input)));
    if (hit) return hit;
  }
  // no transaction is held while a model thinks
  const port: AiPort = resolved.configured ? resolved.port : createOfflineAi();
  let result: ReviewSuggestions;
  try {
    result = stamp(provider, live ? 'live' : 'offline', await port.reviewCall(input));
  } catch (err) {
    if (!live) throw err;
    const reason = err instanceof AiError ? err.message : 'The AI endpoint failed unexpectedly.';
    deps.log.warn({ workspaceId, callId, code: err instanceof AiError ? err.code : 'unknown' }, 'AI suggestions fell back to the offline analyzer');
    result = stamp(OFFLINE_PROVIDER, 'offline', await createOfflineAi().reviewCall(input), `${reason} The offline analyzer answered instead.`);
  }
  await tx((t) => store(t, workspaceId, callId, result, transcriptHash(input)));
  return result;
}

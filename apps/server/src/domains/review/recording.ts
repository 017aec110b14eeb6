import { Readable } from 'node:stream';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Sql } from '../../db/client.ts';
import type { Deps } from '../../platform/deps.ts';
import { AppError, notFound } from '../../platform/http/errors.ts';
import { getWorkspaceAccount } from '../../platform/providers/accounts.ts';
import { sandboxCallWavRange, sandboxCallWavSize } from '../../platform/providers/sandbox-carrier/wav.ts';
import { HAS_RECORDING } from './review.repo.ts';

const noRecording = (why: string) => new AppError(404, 'not_found', why);

interface RecordingRow {
  provider: string;
  recording_url: string | null;
  has_recording: boolean;
  recording_status: string | null;
  provider_duration_seconds: number | null;
  answered_at: Date | null;
  ended_at: Date | null;
}

export async function loadRecording(tx: Sql, workspaceId: string, callId: string): Promise<RecordingRow> {
  const { rows } = await tx.query<RecordingRow>(
    `SELECT cs.provider, cs.recording_url, ${HAS_RECORDING} AS has_recording, cs.recording_status, cs.provider_duration_seconds, cs.answered_at, cs.ended_at
       FROM call_sessions cs WHERE cs.workspace_id = $1 AND cs.id = $2`,
    [workspaceId, callId],
  );
  if (!rows[0]) throw notFound('Call');
  return rows[0];
}

/** The single byte range a Range header asks for, 'unsatisfiable', or null (whole file). */
export function parseRange(header: string | undefined, size: number): { start: number; end: number } | 'unsatisfiable' | null {
  if (!header) return null;
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m || (m[1] === '' && m[2] === '')) return null; // several ranges or junk: the whole file is a valid answer
  if (m[1] === '') {
    const suffix = Number(m[2]);
    if (suffix === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(m[1]);
  const end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
  if (start >= size || end < start) return 'unsatisfiable';
  return { start, end };
}

/** Seconds of a call's audio: the provider's duration, else answered → ended. */
function secondsOf(r: RecordingRow): number {
  if (r.provider_duration_seconds !== null) return r.provider_duration_seconds;
  if (r.answered_at && r.ended_at) return Math.max(1, Math.round((r.ended_at.getTime() - r.answered_at.getTime()) / 1000));
  return 30;
}

/**
 * Streams a call's recording to the browser's player: a generated WAV as long as the call for the
 * sandbox carrier (with HTTP Range, so the player can seek), the provider's file for Twilio
 * (fetched with the workspace's credentials, Range passed through).
 */
export async function sendRecording(deps: Deps, workspaceId: string, r: RecordingRow, req: FastifyRequest, reply: FastifyReply) {
  if (!r.has_recording || !r.recording_url) {
    throw noRecording(r.recording_status === 'pending' || r.recording_status === 'in_progress'
      ? 'The recording of this call is not ready yet.'
      : 'This call has no recording.');
  }
  if (r.provider === 'sandbox') {
    const size = sandboxCallWavSize(secondsOf(r));
    const range = parseRange(req.headers.range, size);
    reply.header('accept-ranges', 'bytes').header('cache-control', 'private, max-age=3600').type('audio/wav');
    if (range === 'unsatisfiable') return reply.code(416).header('content-range', `bytes */${size}`).send();
    if (range === null) return reply.header('content-length', String(size)).send(sandboxCallWavRange(secondsOf(r), 0, size - 1));
    const body = sandboxCallWavRange(secondsOf(r), range.start, range.end);
    return reply.code(206).header('content-range', `bytes ${range.start}-${range.end}/${size}`).header('content-length', String(body.length)).send(body);
  }
  if (r.provider === 'twilio') {
    const account = await getWorkspaceAccount(deps, workspaceId, 'twilio');
    if (!account) throw noRecording('Connect the Twilio account (Settings → Telephony) to play its recordings.');
    const base = r.recording_url.replace(/\.(json|wav|mp3)$/i, '');
    const headers: Record<string, string> = { authorization: `Basic ${Buffer.from(`${account.accountId}:${account.secret}`).toString('base64')}` };
    if (typeof req.headers.range === 'string') headers.range = req.headers.range;
    let res: Response | null = null;
    for (const ext of ['.mp3', '.wav']) {
      try {
        res = await fetch(base + ext, { headers, signal: AbortSignal.timeout(15_000) });
      } catch {
        res = null;
      }
      if (res && (res.ok || res.status === 206 || res.status === 416)) break;
    }
    if (!res || !(res.ok || res.status === 206 || res.status === 416) || !res.body) {
      throw new AppError(502, 'provider_error', `Twilio did not return the recording${res ? ` (HTTP ${res.status})` : ''}. Try again in a minute.`);
    }
    reply.code(res.status).type(res.headers.get('content-type') ?? 'audio/mpeg').header('cache-control', 'private, max-age=3600');
    for (const h of ['content-length', 'content-range', 'accept-ranges']) {
      const v = res.headers.get(h);
      if (v) reply.header(h, v);
    }
    return reply.send(Readable.fromWeb(res.body as import('node:stream/web').ReadableStream));
  }
  throw noRecording(`Recordings of ${r.provider} calls play in the provider's app, not here.`);
}

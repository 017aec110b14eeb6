import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import twilio from 'twilio';
import { VOICEMAIL_MAX_BYTES, VOICEMAIL_MAX_MS, VOICEMAIL_MIME_TYPES, type VoicemailMimeType } from '@flywheel/contracts';
import type { Db, Sql } from '../../db/client.ts';
import type { Deps } from '../../platform/deps.ts';
import { AppError, badRequest } from '../../platform/http/errors.ts';
import { withWorkspace } from '../../platform/tenancy/with-workspace.ts';
import { AudioError, acceptedMime, inspectAudio, type AudioInfo } from './audio.ts';
import { defaultVoicemail, getVoicemail, insertVoicemail, updateVoicemailAudio, type VoicemailRow } from './voicemail.repo.ts';

const EXT: Record<VoicemailMimeType, string> = { 'audio/webm': 'webm', 'audio/ogg': 'ogg', 'audio/wav': 'wav', 'audio/mpeg': 'mp3' };
const TOKEN = /^vm_[A-Za-z0-9_-]{40,64}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MB = VOICEMAIL_MAX_BYTES / 1024 / 1024;

export const voicemailFile = (deps: Deps, storageKey: string) => path.join(deps.config.dataDir, storageKey);

/** The public playback URL of a template (its token is the only credential). */
export const voicemailPublicUrl = (publicUrl: string, token: string) => `${publicUrl}/voicemail/${token}`;

export interface VoicemailUpload {
  name: string;
  declaredType: string | undefined;
  bytes: Buffer;
  truncated: boolean;
}

/**
 * Checks an uploaded recording: one of the accepted types (by its bytes, not only by what the
 * browser claims), at most 5 MB and 90 seconds. Every refusal is a 400 that says why.
 */
function checkUpload(up: Omit<VoicemailUpload, 'name'>): AudioInfo {
  if (up.truncated || up.bytes.length > VOICEMAIL_MAX_BYTES) throw badRequest(`The recording is larger than ${MB} MB. Keep voicemails under 90 seconds.`, { file: 'Too large.' });
  if (up.bytes.length === 0) throw badRequest('The recording is empty.', { file: 'Empty file.' });
  const declared = acceptedMime(up.declaredType);
  const generic = !up.declaredType || /^application\/octet-stream\b/i.test(up.declaredType);
  if (!declared && !generic) {
    throw badRequest(`Files of type ${up.declaredType} are not accepted. Upload WebM, OGG, WAV or MP3 audio.`, { file: 'Unsupported type.' });
  }
  let info: AudioInfo;
  try {
    info = inspectAudio(up.bytes);
  } catch (err) {
    if (err instanceof AudioError) throw badRequest(`${err.message} Upload WebM, OGG, WAV or MP3 audio.`, { file: err.message });
    throw err;
  }
  if (declared && declared !== info.mimeType) {
    throw badRequest(`The file says it is ${declared} but contains ${info.mimeType}. Upload it again with the right type.`, { file: 'Type mismatch.' });
  }
  if (info.durationMs > VOICEMAIL_MAX_MS) {
    throw badRequest(`The recording is ${Math.round(info.durationMs / 1000)} seconds long; voicemails can be at most ${VOICEMAIL_MAX_MS / 1000} seconds.`, { file: 'Too long.' });
  }
  return info;
}

/** Writes checked audio under the data dir; returns its storage key. */
async function writeAudio(deps: Deps, workspaceId: string, info: AudioInfo, bytes: Buffer): Promise<string> {
  const storageKey = path.join('voicemail', workspaceId, `${crypto.randomUUID()}.${EXT[info.mimeType]}`);
  const file = voicemailFile(deps, storageKey);
  await fs.promises.mkdir(path.dirname(file), { recursive: true });
  await fs.promises.writeFile(file, bytes);
  return storageKey;
}

/** Checks and stores an uploaded recording as a new template. */
export async function storeVoicemail(deps: Deps, workspaceId: string, userId: string | null, up: VoicemailUpload): Promise<VoicemailRow> {
  const info = checkUpload(up);
  const storageKey = await writeAudio(deps, workspaceId, info, up.bytes);
  const id = crypto.randomUUID();
  try {
    return await withWorkspace(deps.db, workspaceId, async (tx) => {
      await insertVoicemail(tx, workspaceId, {
        id, name: up.name, durationMs: info.durationMs, mimeType: info.mimeType, sizeBytes: up.bytes.length, storageKey,
        publicToken: `vm_${crypto.randomBytes(32).toString('base64url')}`, userId,
      });
      return getVoicemail(tx, workspaceId, id);
    });
  } catch (err) {
    await fs.promises.rm(voicemailFile(deps, storageKey), { force: true });
    throw err;
  }
}

/**
 * Re-records a template: new audio under the same template (same name, default and public URL,
 * so sessions that picked it drop the new recording). `allowed` checks who may, on the row.
 */
export async function replaceVoicemailAudio(deps: Deps, workspaceId: string, id: string, up: Omit<VoicemailUpload, 'name'>, allowed: (row: VoicemailRow) => void): Promise<VoicemailRow> {
  const info = checkUpload(up);
  const storageKey = await writeAudio(deps, workspaceId, info, up.bytes);
  try {
    const { row, old } = await withWorkspace(deps.db, workspaceId, async (tx) => {
      const cur = await getVoicemail(tx, workspaceId, id);
      allowed(cur);
      await updateVoicemailAudio(tx, workspaceId, id, { durationMs: info.durationMs, mimeType: info.mimeType, sizeBytes: up.bytes.length, storageKey });
      return { row: await getVoicemail(tx, workspaceId, id), old: cur.storage_key };
    });
    await fs.promises.rm(voicemailFile(deps, old), { force: true });
    return row;
  } catch (err) {
    await fs.promises.rm(voicemailFile(deps, storageKey), { force: true });
    throw err;
  }
}

/** A display name from an uploaded file name ("intro-vm.webm" → "intro-vm"). */
export function nameFromFilename(filename: string | undefined): string {
  const base = path.basename((filename ?? '').replace(/\\/g, '/')).replace(/\.[A-Za-z0-9]{1,5}$/, '');
  const clean = [...base].filter((ch) => ch >= ' ').join('').trim().slice(0, 120);
  return clean && clean !== 'blob' ? clean : 'Voicemail';
}

/** Inside a workspace transaction: the URL the provider plays, or null when there is no such template. */
export async function voicemailDropUrlIn(tx: Sql, publicUrl: string, workspaceId: string, templateId: string | null): Promise<string | null> {
  // a malformed id must not reach the database: an error there would abort the caller's transaction
  if (templateId !== null && !UUID.test(templateId)) return null;
  const row = templateId ? await getVoicemail(tx, workspaceId, templateId).catch((err: unknown) => (err instanceof AppError ? null : Promise.reject(err))) : await defaultVoicemail(tx, workspaceId);
  return row ? voicemailPublicUrl(publicUrl, row.public_token) : null;
}

/**
 * For the power-dialer engine: the URL of the recording to drop when a machine answers —
 * the given template, or the workspace's default when templateId is null. Null when there is
 * none (deleted template, no default): the engine hangs up instead.
 */
export function voicemailDropUrl(deps: Deps, workspaceId: string, templateId: string | null): Promise<string | null> {
  return withWorkspace(deps.db, workspaceId, (tx) => voicemailDropUrlIn(tx, deps.config.publicUrl, workspaceId, templateId));
}

/** TwiML for a machine-answered call after the beep: play the recording, then hang up. */
export function voicemailDropTwiml(url: string): string {
  const r = new twilio.twiml.VoiceResponse();
  r.play(url);
  r.hangup();
  return r.toString();
}

/**
 * Which template a public token opens. Runs outside any tenant scope (the caller is the provider
 * with nothing but the token) and returns only what serving the file needs.
 */
export async function resolveVoicemailToken(db: Db, token: string): Promise<{ storageKey: string; mimeType: VoicemailMimeType; sizeBytes: number } | null> {
  if (!TOKEN.test(token)) return null;
  const { rows } = await db.query<{ storage_key: string; mime_type: string; size_bytes: number }>(
    'SELECT storage_key, mime_type, size_bytes FROM voicemail_templates WHERE public_token = $1',
    [token],
  );
  const r = rows[0];
  if (!r || !(VOICEMAIL_MIME_TYPES as readonly string[]).includes(r.mime_type)) return null;
  return { storageKey: r.storage_key, mimeType: r.mime_type as VoicemailMimeType, sizeBytes: r.size_bytes };
}

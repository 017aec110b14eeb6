import fs from 'node:fs';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { VOICEMAIL_MAX_BYTES, VoicemailTemplateListSchema, VoicemailTemplateSchema, VoicemailTemplateUpdateSchema } from '@flywheel/contracts';
import { AppError, badRequest, forbidden, notFound } from '../../platform/http/errors.ts';
import { defineRoute, ROLE_RANK, uuidParam, type WorkspaceCtx } from '../../platform/http/route.ts';
import { deleteVoicemail, getVoicemail, listVoicemails, toVoicemailDto, updateVoicemail, type VoicemailRow } from './voicemail.repo.ts';
import { nameFromFilename, replaceVoicemailAudio, resolveVoicemailToken, storeVoicemail, voicemailFile, type VoicemailUpload } from './voicemail.service.ts';

const tags = ['voicemail'];
const isManager = (w: WorkspaceCtx) => ROLE_RANK[w.role] >= ROLE_RANK.manager;

/** Whoever recorded a template may rename or delete it; managers may change anyone's. */
function mayChange(w: WorkspaceCtx, userId: string | null, row: VoicemailRow): void {
  if (!isManager(w) && (row.created_by === null || row.created_by !== userId)) throw forbidden("Only managers can change another member's voicemail.");
}

const MultipartError = (err: unknown): unknown => {
  if (err instanceof AppError) return err;
  const e = typeof err === 'object' && err !== null ? (err as { code?: unknown; syscall?: unknown }) : {};
  if (e.code === 'FST_REQ_FILE_TOO_LARGE') return badRequest(`The recording is larger than ${VOICEMAIL_MAX_BYTES / 1024 / 1024} MB. Keep voicemails under 90 seconds.`, { file: 'Too large.' });
  if (typeof e.syscall === 'string') return err;
  return badRequest('The upload was incomplete or malformed. Try again.', { file: 'Incomplete upload.' });
};

/** The multipart body of an upload: the file (field `file`) and an optional `name`. */
async function readUpload(req: FastifyRequest): Promise<{ name: string; upload: Omit<VoicemailUpload, 'name'> & { filename: string } }> {
  if (!req.isMultipart()) throw badRequest('Upload the recording as multipart/form-data in the field "file".', { file: 'Missing file.' });
  let name: string | undefined;
  let upload: (Omit<VoicemailUpload, 'name'> & { filename: string }) | null = null;
  try {
    for await (const part of req.parts({ limits: { fileSize: VOICEMAIL_MAX_BYTES, files: 1, fields: 5, fieldSize: 1024 } })) {
      if (part.type === 'field') {
        if (part.fieldname === 'name' && typeof part.value === 'string') name = part.value;
      } else if (part.fieldname !== 'file') {
        part.file.resume();
      } else {
        const bytes = await part.toBuffer();
        upload = { filename: part.filename, declaredType: part.mimetype, bytes, truncated: part.file.truncated };
      }
    }
  } catch (err) {
    throw MultipartError(err);
  }
  if (!upload) throw badRequest('Attach the recording in the field "file".', { file: 'Missing file.' });
  const clean = [...(name ?? '')].filter((ch) => ch >= ' ').join('').trim();
  if (clean.length > 120) throw badRequest('name: At most 120 characters.', { name: 'At most 120 characters.' });
  return { name: clean, upload };
}

export const voicemailRoutes = [
  defineRoute({
    method: 'GET', url: '/api/v1/voicemail-templates', auth: 'workspace', tags,
    summary: 'Voicemail-drop templates (the default first)', response: VoicemailTemplateListSchema,
    handler: ({ workspace, tx }) => tx(async (t) => ({ data: (await listVoicemails(t, workspace.id)).map(toVoicemailDto) })),
  }),
  defineRoute({
    method: 'POST', url: '/api/v1/voicemail-templates', auth: 'workspace', tags, rawBody: true, successStatus: 201,
    summary: 'Upload a recording (multipart: field `file` with WebM, OGG, WAV or MP3 audio, at most 5 MB and 90 s; optional field `name`). The first template becomes the default.',
    response: VoicemailTemplateSchema,
    handler: async ({ req, deps, workspace, principal }) => {
      const { name, upload } = await readUpload(req);
      const row = await storeVoicemail(deps, workspace.id, principal.userId, { ...upload, name: name || nameFromFilename(upload.filename) });
      return toVoicemailDto(row);
    },
  }),
  defineRoute({
    method: 'PUT', url: '/api/v1/voicemail-templates/:id/audio', auth: 'workspace', tags, rawBody: true,
    summary: 'Re-record a template: replace its audio (multipart field `file`, same checks as an upload); its name, default and public URL stay',
    params: uuidParam, response: VoicemailTemplateSchema,
    handler: async ({ req, deps, workspace, principal, params, tx }) => {
      // whose template it is first: another workspace's id is a 404 whatever the body
      await tx(async (t) => mayChange(workspace, principal.userId, await getVoicemail(t, workspace.id, params.id)));
      const { upload } = await readUpload(req);
      const row = await replaceVoicemailAudio(deps, workspace.id, params.id, upload, (cur) => mayChange(workspace, principal.userId, cur));
      return toVoicemailDto(row);
    },
  }),
  defineRoute({
    method: 'PATCH', url: '/api/v1/voicemail-templates/:id', auth: 'workspace', tags,
    summary: "Rename a template, or make it the default the Dialer drops (managers); the recorder or a manager may rename",
    params: uuidParam, body: VoicemailTemplateUpdateSchema, response: VoicemailTemplateSchema,
    handler: ({ workspace, principal, params, body, tx }) =>
      tx(async (t) => {
        const row = await getVoicemail(t, workspace.id, params.id);
        if (body.isDefault !== undefined && !isManager(workspace)) throw forbidden('Only managers can choose the default voicemail.');
        if (body.name !== undefined) mayChange(workspace, principal.userId, row);
        await updateVoicemail(t, workspace.id, params.id, body);
        return toVoicemailDto(await getVoicemail(t, workspace.id, params.id));
      }),
  }),
  defineRoute({
    method: 'DELETE', url: '/api/v1/voicemail-templates/:id', auth: 'workspace', tags,
    summary: 'Delete a template and its audio (the recorder or a manager)',
    params: uuidParam, response: z.object({ ok: z.literal(true) }),
    handler: async ({ deps, workspace, principal, params, tx }) => {
      const key = await tx(async (t) => {
        mayChange(workspace, principal.userId, await getVoicemail(t, workspace.id, params.id));
        return deleteVoicemail(t, workspace.id, params.id);
      });
      await fs.promises.rm(voicemailFile(deps, key), { force: true });
      return { ok: true as const };
    },
  }),
  defineRoute({
    method: 'GET', url: '/api/v1/voicemail-templates/:id/audio', auth: 'workspace', tags,
    summary: "A template's audio, for the browser's player", params: uuidParam,
    handler: async ({ deps, workspace, params, tx, reply }) => {
      const row = await tx((t) => getVoicemail(t, workspace.id, params.id));
      const file = voicemailFile(deps, row.storage_key);
      if (!fs.existsSync(file)) throw notFound('Voicemail audio');
      return reply.type(row.mime_type).header('content-length', String(row.size_bytes)).header('cache-control', 'private, max-age=3600').send(fs.createReadStream(file));
    },
  }),
  defineRoute({
    method: 'GET', url: '/voicemail/:token', auth: 'public', tags,
    summary: 'A voicemail recording for the telephony provider to play (the unguessable token in the URL is the only credential)',
    params: z.object({ token: z.string().max(200) }),
    handler: async ({ deps, params, reply }) => {
      // the same 404 for a malformed, unknown or deleted token: nothing to learn by probing
      const t = await resolveVoicemailToken(deps.db, params.token);
      const file = t ? voicemailFile(deps, t.storageKey) : null;
      if (!t || !file || !fs.existsSync(file)) throw notFound('Voicemail');
      return reply
        .type(t.mimeType)
        .header('content-length', String(t.sizeBytes))
        .header('cache-control', 'public, max-age=300')
        .header('x-content-type-options', 'nosniff')
        .send(fs.createReadStream(file));
    },
  }),
];

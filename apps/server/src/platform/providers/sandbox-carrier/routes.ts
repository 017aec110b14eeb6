import { z } from 'zod';
import { defineRoute } from '../../http/route.ts';
import { notFound } from '../../http/errors.ts';
import { sandboxRecordingWav } from './wav.ts';

let wav: Buffer | null = null;

/**
 * What the in-process carrier serves from the app: its recordings. (Its REST API is reached
 * in-process through the SDK's request client; `flywheel sandbox-carrier` serves it over HTTP.)
 */
export const sandboxCarrierRoutes = [
  defineRoute({
    method: 'GET', url: '/sandbox-carrier/recordings/:file', auth: 'public', tags: ['sandbox-carrier'],
    summary: 'A sandbox call recording (WAV); the carrier is stateless, so every recording is the same short chime',
    params: z.object({ file: z.string().max(80) }),
    handler: ({ params, reply }) => {
      if (!/^RE[0-9a-f]{32}(\.wav)?$/.test(params.file)) throw notFound('Recording');
      wav ??= sandboxRecordingWav();
      return reply.header('cache-control', 'public, max-age=86400').type('audio/wav').send(wav);
    },
  }),
];

import { VoiceTokenSchema } from '@flywheel/contracts';
import { defineRoute } from '../../http/route.ts';
import { forbidden } from '../../http/errors.ts';
import { issueVoiceToken } from './voice-sdk.ts';

export const voiceRoutes = [
  defineRoute({
    method: 'GET', url: '/api/v1/voice/token', auth: 'workspace', tags: ['telephony'],
    summary: "The rep's browser audio: { mode: 'sandbox' } (simulated device), { mode: 'live', token } (a Twilio Voice SDK access token for client user-<id>, 1 h), or why browser audio is unavailable",
    response: VoiceTokenSchema,
    handler: async ({ deps, workspace, principal, reply }) => {
      if (!principal.userId) throw forbidden('Browser audio belongs to a signed-in person; an API key cannot take calls.');
      reply.header('cache-control', 'no-store');
      return issueVoiceToken(deps, workspace.id, principal.userId);
    },
  }),
];

import type { AuthzPart } from './part.ts';
import { multipart, wavBytes } from '../../src/domains/scripts/audio.test-helpers.ts';

/** Authorization samples for the scripts routes: one per route in the route table. */
export const scriptsAuthz: AuthzPart = {
  async build(t, a, fx) {
    const as = t.as({ cookie: a.cookie });
    const s = await as({ method: 'POST', url: '/api/v1/scripts', payload: { name: 'Marker-7f3a script', category: 'marker-7f3a', body: 'Hi {FirstName}, Marker-7f3a here', defaultForModes: ['new', 'power'] } });
    if (s.statusCode !== 201) throw new Error(`scripts fixture: ${s.statusCode} ${s.body}`);
    fx.extra.scriptId = s.json().id;
    const vm = await as({ method: 'POST', url: '/api/v1/voicemail-templates', ...multipart({ bytes: wavBytes(1), filename: 'marker.wav', type: 'audio/wav' }, { name: 'Marker-7f3a voicemail' }) });
    if (vm.statusCode !== 201) throw new Error(`voicemail fixture: ${vm.statusCode} ${vm.body}`);
    fx.extra.voicemailId = vm.json().id;
  },
  samples: {
    'GET /api/v1/scripts': { url: () => '/api/v1/scripts?includeArchived=true', collection: true },
    'POST /api/v1/scripts': { url: () => '/api/v1/scripts', body: () => ({ name: 'Outsider', body: 'x', defaultForModes: ['new', 'power'] }), collection: true },
    'GET /api/v1/scripts/:id': { url: (fx) => `/api/v1/scripts/${fx.extra.scriptId}` },
    'PATCH /api/v1/scripts/:id': { url: (fx) => `/api/v1/scripts/${fx.extra.scriptId}`, body: () => ({ name: 'Taken over', active: false }) },
    'DELETE /api/v1/scripts/:id': { url: (fx) => `/api/v1/scripts/${fx.extra.scriptId}` },
    'GET /api/v1/scripts/:id/preview': { url: (fx) => `/api/v1/scripts/${fx.extra.scriptId}/preview?leadId=${fx.extra.leadId}` },
    'POST /api/v1/scripts/preview': { url: () => '/api/v1/scripts/preview', body: (fx) => ({ leadId: fx.extra.leadId, body: 'Hi {FirstName} at {Company}' }) },
    'GET /api/v1/voicemail-templates': { url: () => '/api/v1/voicemail-templates', collection: true },
    'POST /api/v1/voicemail-templates': { url: () => '/api/v1/voicemail-templates', body: () => ({ file: 'not multipart' }), collection: true },
    'PATCH /api/v1/voicemail-templates/:id': { url: (fx) => `/api/v1/voicemail-templates/${fx.extra.voicemailId}`, body: () => ({ name: 'Taken over', isDefault: true }) },
    'DELETE /api/v1/voicemail-templates/:id': { url: (fx) => `/api/v1/voicemail-templates/${fx.extra.voicemailId}` },
    'PUT /api/v1/voicemail-templates/:id/audio': { url: (fx) => `/api/v1/voicemail-templates/${fx.extra.voicemailId}/audio`, body: () => ({ file: 'not multipart' }) },
    'GET /api/v1/voicemail-templates/:id/audio': { url: (fx) => `/api/v1/voicemail-templates/${fx.extra.voicemailId}/audio` },
  },
};

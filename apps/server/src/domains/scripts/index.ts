import type { AnyRoute } from '../../platform/http/route.ts';
import { callScriptRoutes } from './scripts.routes.ts';
import { voicemailRoutes } from './voicemail.routes.ts';

/** Every HTTP route of this domain, for the route table (src/routes.ts). */
export const scriptsRoutes: AnyRoute[] = [...callScriptRoutes, ...voicemailRoutes];

export { activeScript, defaultScriptFor } from './scripts.repo.ts';
export { scriptValues, loadLeadScriptValues, repName, type ScriptValues } from './variables.ts';
export { voicemailDropUrl, voicemailDropUrlIn, voicemailDropTwiml, voicemailPublicUrl } from './voicemail.service.ts';
export { inspectAudio, AudioError } from './audio.ts';

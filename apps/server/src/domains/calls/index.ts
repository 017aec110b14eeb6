import type { AnyRoute } from '../../platform/http/route.ts';
import { callRoutes as callReadRoutes } from './calls.routes.ts';
import { webhookRoutes } from './webhooks/webhook.routes.ts';
import { twimlRoutes } from './webhooks/twiml.routes.ts';

export { seedWorkspaceDefaults, listDispositions, DispositionEffectsSchema, type Disposition, type DispositionEffects } from './dispositions.repo.ts';
export { insertCallSessions, type NewCallSession, type StatusChange } from './call-session.repo.ts';
export { insertAttempts, type NewAttempt } from './attempt.repo.ts';
export { flagPhone } from './phone-flags.repo.ts';
export { loadCallSessions, countCallSessions, type LoadCallSessionsOptions } from './call-session.read.ts';
export { callUpdatedPayload } from './call-events.ts';
export { describeCallOutcome, formatDuration } from './call-words.ts';

/** Every HTTP route of the calls domain, for the route table. */
export const callRoutes: AnyRoute[] = [...callReadRoutes, ...webhookRoutes, ...twimlRoutes];
export { processPendingWebhooks, startWebhookProcessor, type ProcessResult, type WebhookProcessor } from './webhooks/processor.ts';
export { forgetWebhookAccounts } from './webhooks/accounts-cache.ts';
export { BAD_NUMBER_CODES } from './webhooks/apply.ts';
export { verifyTwilioShaped, callSessionHint } from './webhooks/webhook.routes.ts';
export { outboundTwiml } from './webhooks/twiml.routes.ts';

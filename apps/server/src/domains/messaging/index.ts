import type { AnyRoute } from '../../platform/http/route.ts';
import { messageRoutes, messagingSettingsRoutes, templateRoutes } from './messaging.routes.ts';
import { smsWebhookRoutes } from './webhooks.routes.ts';

/** Every HTTP route of this domain, for the route table (src/routes.ts). */
export const messagingRoutes: AnyRoute[] = [...messageRoutes, ...templateRoutes, ...messagingSettingsRoutes, ...smsWebhookRoutes];

export { sendAutoSms, sendLeadSms, receiveInboundSms, receiveSmsStatus, SMS_ERROR_TEXT, type AutoSmsInput, type AutoSmsReason, type AutoSmsResult } from './messaging.service.ts';
export { parseKeyword, OPT_OUT_KEYWORDS, OPT_IN_KEYWORDS, HELP_KEYWORDS, type Keyword, type KeywordKind } from './keywords.ts';
export { readMessagingSettings } from './settings.ts';
export { autoSmsForMissedCalls } from './missed-call.ts';

import type { AnyRoute } from './platform/http/route.ts';
import { authRoutes, workspaceRoutes } from './domains/identity/index.ts';
import { leadRoutes } from './domains/leads/index.ts';
import { providerRoutes } from './platform/providers/providers.routes.ts';
import { notificationRoutes } from './platform/providers/notifier/notifications.routes.ts';
import { importRoutes } from './domains/imports/index.ts';
import { taskRoutes } from './domains/tasks/index.ts';
import { dialerRoutes } from './domains/dialer/index.ts';
import { callRoutes } from './domains/calls/index.ts';
import { telephonySettingsRoutes } from './platform/providers/telephony/settings.routes.ts';
import { voiceRoutes } from './platform/providers/telephony/voice.routes.ts';
import { sandboxCarrierRoutes } from './platform/providers/sandbox-carrier/routes.ts';
import { numbersRoutes } from './domains/numbers/index.ts';
import { complianceRoutes } from './domains/compliance/index.ts';
import { calendarFeedRoutes } from './domains/calendar-feed/index.ts';
import { powerDialerRoutes } from './domains/power-dialer/index.ts';
import { messagingRoutes } from './domains/messaging/index.ts';
import { scriptsRoutes } from './domains/scripts/index.ts';
import { caldavRoutes } from './domains/caldav/index.ts';
import { reviewRoutes } from './domains/review/index.ts';
import { playbookRoutes } from './domains/playbook/index.ts';
import { experimentsRoutes } from './domains/experiments/index.ts';
import { callInsightsRoutes } from './domains/call-insights/index.ts';
import { dashboardRoutes } from './domains/dashboard/index.ts';
import { weeklyBriefRoutes } from './domains/weekly-brief/index.ts';

/** The route table: every HTTP route of the API, registered, documented and authorization-tested from here. */
export const apiRoutes: AnyRoute[] = [...authRoutes, ...workspaceRoutes, ...leadRoutes, ...providerRoutes, ...notificationRoutes, ...importRoutes, ...taskRoutes, ...dialerRoutes, ...callRoutes, ...telephonySettingsRoutes, ...voiceRoutes, ...sandboxCarrierRoutes, ...numbersRoutes, ...complianceRoutes, ...calendarFeedRoutes, ...powerDialerRoutes, ...messagingRoutes, ...scriptsRoutes, ...caldavRoutes, ...reviewRoutes, ...playbookRoutes, ...experimentsRoutes, ...callInsightsRoutes, ...dashboardRoutes, ...weeklyBriefRoutes];

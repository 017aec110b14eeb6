import type { AnyRoute } from './platform/http/route.ts';
import { authRoutes, workspaceRoutes } from './domains/identity/index.ts';
import { leadRoutes } from './domains/leads/index.ts';
import { providerRoutes } from './platform/providers/providers.routes.ts';
import { notificationRoutes } from './platform/providers/notifier/notifications.routes.ts';
import { importRoutes } from './domains/imports/index.ts';

/** The route table: every HTTP route of the API, registered, documented and authorization-tested from here. */
export const apiRoutes: AnyRoute[] = [...authRoutes, ...workspaceRoutes, ...leadRoutes, ...providerRoutes, ...notificationRoutes, ...importRoutes];

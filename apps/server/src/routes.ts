import type { AnyRoute } from './platform/http/route.ts';
import { authRoutes, workspaceRoutes } from './domains/identity/index.ts';

/** The route table: every HTTP route of the API, registered, documented and authorization-tested from here. */
export const apiRoutes: AnyRoute[] = [...authRoutes, ...workspaceRoutes];

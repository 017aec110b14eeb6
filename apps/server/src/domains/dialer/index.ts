import type { AnyRoute } from '../../platform/http/route.ts';
import { dialerItemRoutes, dialerSessionRoutes } from './dialer.routes.ts';

/** Every route of the Dialer for the route table. */
export const dialerRoutes: AnyRoute[] = [...dialerSessionRoutes, ...dialerItemRoutes];
export { insertDueCallbacks, registerDialerJobs, CALLBACKS_CRON, CALLBACK_INSERTED_REASON } from './callbacks.job.ts';

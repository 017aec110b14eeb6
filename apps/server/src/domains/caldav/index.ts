import type { AnyRoute } from '../../platform/http/route.ts';
import { caldavRouteList } from './caldav.routes.ts';

/** Every HTTP route of this domain, for the route table (src/routes.ts). */
export const caldavRoutes: AnyRoute[] = caldavRouteList;
export { registerCaldavJobs, CALDAV_CRON } from './jobs.ts';
export { requestCaldavSync, CALDAV_SYNC_JOB } from './hook.ts';
export { syncConnection, eventUid, type SyncResult } from './sync.ts';
export { sendDueReminders } from './reminders.ts';

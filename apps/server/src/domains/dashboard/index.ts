import type { AnyRoute } from '../../platform/http/route.ts';
import { dashboardViewRoutes } from './dashboard.routes.ts';

/** Every HTTP route of this domain, for the route table (src/routes.ts). */
export const dashboardRoutes: AnyRoute[] = [...dashboardViewRoutes];

export { refreshRollups, foldWorkspace, refoldRecent, refoldDays, rollupAsOf, NIGHTLY_REFOLD_DAYS } from './rollups.ts';
export { bestWindows, bestWindowsIn, weekSummary, dashboardView, viewCsv, scoreCells, type WeekSummary } from './views.ts';
export { registerDashboardJobs, ROLLUP_CRON, ROLLUP_NIGHTLY_CRON } from './jobs.ts';
export { preferBestWindows } from './queue-order.ts';

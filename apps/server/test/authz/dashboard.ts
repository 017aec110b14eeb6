import type { AuthzPart } from './part.ts';
import type { Sample } from '../authz.samples.ts';

const views = ['trends', 'funnel', 'velocity', 'aging', 'cohorts', 'breakdown', 'source-roi', 'best-time'] as const;
const query: Record<(typeof views)[number], string> = {
  trends: 'range=90d&bucket=week', funnel: 'range=90d&bucket=month', velocity: 'range=90d', aging: '', cohorts: 'by=segment&range=90d',
  breakdown: 'by=number&range=90d', 'source-roi': 'range=90d', 'best-time': 'by=tz&range=90d',
};

/** Authorization samples for the dashboard routes: one per route in the route table. */
export const dashboardAuthz: AuthzPart = {
  samples: {
    ...Object.fromEntries(views.flatMap((v): [string, Sample][] => [
      [`GET /api/v1/dashboard/${v}`, { url: () => `/api/v1/dashboard/${v}?${query[v]}`, collection: true }],
      [`GET /api/v1/dashboard/${v}/export.csv`, { url: () => `/api/v1/dashboard/${v}/export.csv?${query[v]}`, collection: true }],
    ])),
    'POST /api/v1/dashboard/refresh': { url: () => '/api/v1/dashboard/refresh', body: () => ({}), collection: true },
    'GET /api/v1/dashboard/best-window/:id': { url: (fx) => `/api/v1/dashboard/best-window/${fx.extra.leadId}` },
  },
};

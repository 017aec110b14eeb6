import { z } from 'zod';
import type { FastifyReply } from 'fastify';
import {
  BestTimeQuerySchema, BreakdownQuerySchema, CohortQuerySchema, DashboardQuerySchema, DashboardViewSchema, LeadBestWindowSchema,
  type DashboardView, type DashboardViewName,
} from '@flywheel/contracts';
import { notFound } from '../../platform/http/errors.ts';
import { defineRoute, uuidParam, type AnyRoute } from '../../platform/http/route.ts';
import type { Deps } from '../../platform/deps.ts';
import { withWorkspace } from '../../platform/tenancy/with-workspace.ts';
import { foldWorkspace, rollupAsOf } from './rollups.ts';
import { bestWindowsIn, dashboardView, viewCsv, type ViewOpts } from './views.ts';

const tags = ['dashboard'];

const QUERY: Record<DashboardViewName, z.ZodType> = {
  trends: DashboardQuerySchema,
  funnel: DashboardQuerySchema,
  velocity: DashboardQuerySchema,
  aging: DashboardQuerySchema,
  cohorts: CohortQuerySchema,
  breakdown: BreakdownQuerySchema,
  'source-roi': DashboardQuerySchema,
  'best-time': BestTimeQuerySchema,
};

const SUMMARY: Record<DashboardViewName, string> = {
  trends: 'Attempts, connects, DM rate, meetings and sold per week or month over the last 7/30/90 days',
  funnel: 'Pipeline over time: new leads and leads entering each stage per week or month',
  velocity: 'Median (and 75th percentile) days leads spent in each open stage before moving on',
  aging: 'Open leads by stage and days since last touched (as of the last rollup)',
  cohorts: 'Performance by segment, source or lead type: connect rate, attempts per connect, close rate',
  breakdown: 'Connect and close rate by number, hour, weekday or hour × weekday (lead time); talk vs idle by rep',
  'source-roi': 'Sold per new lead, by lead source',
  'best-time': 'Connect rate by lead time zone or state × weekday × hour, with sample sizes, Wilson 95% intervals and recommended windows',
};

/** A workspace never folded yet (new, or just seeded) gets its first fold on its first read. */
async function ensureFolded(deps: Deps, workspaceId: string): Promise<void> {
  const asOf = await withWorkspace(deps.db, workspaceId, (t) => rollupAsOf(t, workspaceId));
  if (asOf === null) await foldWorkspace(deps.db, workspaceId);
}

function sendCsv(reply: FastifyReply, v: DashboardView) {
  // the CSV carries its rollup freshness too
  if (v.asOf) reply.header('x-rollup-as-of', v.asOf);
  reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', `attachment; filename="dashboard-${v.view}-${v.range}-${v.to}.csv"`);
  return reply.send(viewCsv(v));
}

function viewRoutes(view: DashboardViewName): AnyRoute[] {
  const url = `/api/v1/dashboard/${view}`;
  return [
    defineRoute({
      method: 'GET', url, auth: 'workspace', tags,
      summary: `${SUMMARY[view]} (rollups; format=csv for the table as CSV)`,
      query: QUERY[view], response: DashboardViewSchema,
      handler: async ({ workspace, query, tx, reply, deps }) => {
        await ensureFolded(deps, workspace.id);
        const q = query as ViewOpts & { format: 'json' | 'csv' };
        const v = await tx((t) => dashboardView(t, workspace.id, view, q));
        return q.format === 'csv' ? sendCsv(reply, v) : v;
      },
    }),
    defineRoute({
      method: 'GET', url: `${url}/export.csv`, auth: 'workspace', tags,
      summary: `${SUMMARY[view]}, as CSV`,
      query: QUERY[view],
      handler: async ({ workspace, query, tx, reply, deps }) => {
        await ensureFolded(deps, workspace.id);
        return sendCsv(reply, await tx((t) => dashboardView(t, workspace.id, view, query as ViewOpts)));
      },
    }),
  ];
}

export const dashboardViewRoutes: AnyRoute[] = [
  ...(['trends', 'funnel', 'velocity', 'aging', 'cohorts', 'breakdown', 'source-roi', 'best-time'] as const).flatMap(viewRoutes),
  defineRoute({
    method: 'POST', url: '/api/v1/dashboard/refresh', auth: 'workspace', tags,
    summary: 'Fold what changed since the last rollup now (the job does it every 5 minutes)',
    response: z.object({ days: z.number().int(), ms: z.number().int(), asOf: z.string().nullable() }),
    handler: async ({ workspace, deps, tx }) => {
      const r = await foldWorkspace(deps.db, workspace.id);
      return { ...r, asOf: await tx((t) => rollupAsOf(t, workspace.id)) };
    },
  }),
  defineRoute({
    method: 'GET', url: '/api/v1/dashboard/best-window/:id', auth: 'workspace', tags,
    summary: "The best window to call a lead (its time zone, else its state), or null label when the data is too thin",
    params: uuidParam, response: LeadBestWindowSchema,
    handler: ({ workspace, params, tx }) =>
      tx(async (t) => {
        const { rows } = await t.query<{ timezone: string | null; region: string | null }>('SELECT timezone, region FROM leads WHERE workspace_id = $1 AND id = $2 AND deleted_at IS NULL', [workspace.id, params.id]);
        if (!rows[0]) throw notFound('Lead');
        const best = await bestWindowsIn(t, workspace.id, { timezone: rows[0].timezone, state: rows[0].region });
        return {
          leadId: params.id, basis: best?.basis ?? null, key: best?.key ?? null, label: best?.label ?? null, calls: best?.calls ?? 0,
          windows: best?.windows ?? [], asOf: await rollupAsOf(t, workspace.id),
        };
      }),
  }),
];

// dashboard contracts (long-term trends, funnel, velocity, best time to call)
import { z } from 'zod';

export const DASHBOARD_RANGES = ['7d', '30d', '90d'] as const;
export const DASHBOARD_BUCKETS = ['week', 'month'] as const;
export const DASHBOARD_VIEWS = ['trends', 'funnel', 'velocity', 'aging', 'cohorts', 'breakdown', 'source-roi', 'best-time'] as const;
export type DashboardViewName = (typeof DASHBOARD_VIEWS)[number];

/** Best-time cells with fewer calls than this are "thin": shown, never recommended. */
export const BEST_TIME_MIN_CALLS = 30;

export const DashboardRangeSchema = z.enum(DASHBOARD_RANGES, { error: 'range must be one of 7d, 30d, 90d' });
export const DashboardBucketSchema = z.enum(DASHBOARD_BUCKETS, { error: 'bucket must be week or month' });
const FormatSchema = z.enum(['json', 'csv'], { error: 'format must be json or csv' }).default('json');

export const DashboardQuerySchema = z.object({
  range: DashboardRangeSchema.default('30d'),
  bucket: DashboardBucketSchema.default('week'),
  format: FormatSchema,
});
export const CohortQuerySchema = DashboardQuerySchema.extend({
  by: z.enum(['segment', 'source', 'lead_type'], { error: 'by must be segment, source or lead_type' }).default('segment'),
});
export const BreakdownQuerySchema = DashboardQuerySchema.extend({
  by: z.enum(['number', 'hour', 'weekday', 'rep', 'hour_weekday'], { error: 'by must be number, hour, weekday, rep or hour_weekday' }).default('number'),
});
export const BestTimeQuerySchema = DashboardQuerySchema.extend({
  range: DashboardRangeSchema.default('90d'),
  by: z.enum(['tz', 'state'], { error: 'by must be tz or state' }).default('tz'),
  /** One time zone / state; default: the one with the most calls. */
  key: z.string().max(80).optional(),
});

export const DashboardColumnSchema = z.object({
  key: z.string(),
  label: z.string(),
  kind: z.enum(['text', 'number', 'percent', 'seconds', 'days']),
});
export type DashboardColumn = z.infer<typeof DashboardColumnSchema>;
export const DashboardCellSchema = z.union([z.string(), z.number(), z.boolean(), z.null()]);
export type DashboardRow = Record<string, string | number | boolean | null>;

export const BestWindowCellSchema = z.object({
  weekday: z.number().int().min(1).max(7),
  hour: z.number().int().min(0).max(23),
  calls: z.number().int(),
  connects: z.number().int(),
  rate: z.number(),
  low: z.number(),
  high: z.number(),
});
export type BestWindowCell = z.infer<typeof BestWindowCellSchema>;

/** One dashboard view: its numbers as a table (the chart, the Table toggle and the CSV show exactly these). */
export const DashboardViewSchema = z.object({
  view: z.enum(DASHBOARD_VIEWS),
  /** Rollup freshness: when the last fold finished (null: never folded yet). */
  asOf: z.string().nullable(),
  range: DashboardRangeSchema,
  bucket: DashboardBucketSchema,
  from: z.string(),
  to: z.string(),
  columns: z.array(DashboardColumnSchema),
  rows: z.array(z.record(z.string(), DashboardCellSchema)),
  /** best-time only */
  bestTime: z.object({
    by: z.enum(['tz', 'state']),
    key: z.string().nullable(),
    keys: z.array(z.object({ key: z.string(), calls: z.number().int() })),
    overallRate: z.number().nullable(),
    calls: z.number().int(),
    minCalls: z.number().int(),
    recommended: z.array(BestWindowCellSchema),
    label: z.string().nullable(),
  }).optional(),
});
export type DashboardView = z.infer<typeof DashboardViewSchema>;

export const LeadBestWindowSchema = z.object({
  leadId: z.string(),
  basis: z.enum(['tz', 'state']).nullable(),
  key: z.string().nullable(),
  /** "Tue–Thu 10–11 am" or null when data is thin */
  label: z.string().nullable(),
  calls: z.number().int(),
  windows: z.array(BestWindowCellSchema),
  asOf: z.string().nullable(),
});
export type LeadBestWindow = z.infer<typeof LeadBestWindowSchema>;

export const WEEKDAY_SHORT = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'] as const;

/** 10 → "10 am", 13 → "1 pm", 0 → "12 am". */
export function hourLabel(h: number): string {
  const hh = ((h + 11) % 12) + 1;
  return `${hh} ${h < 12 || h === 24 ? 'am' : 'pm'}`;
}

/**
 * "Tue–Thu 10–11 am": the weekdays around the best cell that share its hour, as one contiguous
 * range, and that hour. Null when nothing is recommended.
 */
export function bestWindowLabel(cells: Pick<BestWindowCell, 'weekday' | 'hour' | 'low'>[]): string | null {
  if (cells.length === 0) return null;
  const best = [...cells].sort((a, b) => b.low - a.low)[0]!;
  const days = new Set(cells.filter((c) => c.hour === best.hour).map((c) => c.weekday));
  let lo = best.weekday;
  let hi = best.weekday;
  while (days.has(lo - 1)) lo--;
  while (days.has(hi + 1)) hi++;
  const dayPart = lo === hi ? WEEKDAY_SHORT[lo - 1] : `${WEEKDAY_SHORT[lo - 1]}–${WEEKDAY_SHORT[hi - 1]}`;
  const start = hourLabel(best.hour);
  const end = hourLabel(best.hour + 1);
  const sameHalf = start.slice(-2) === end.slice(-2);
  return `${dayPart} ${sameHalf ? `${start.slice(0, -3)}–${end}` : `${start}–${end}`}`;
}

/** Wilson score interval (95 %, z = 1.96) of k successes in n trials. */
export function wilson(k: number, n: number, z = 1.959964): { low: number; high: number } {
  if (n === 0) return { low: 0, high: 1 };
  const p = k / n;
  const z2 = z * z;
  const den = 1 + z2 / n;
  const mid = (p + z2 / (2 * n)) / den;
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / den;
  return { low: Math.max(0, mid - half), high: Math.min(1, mid + half) };
}

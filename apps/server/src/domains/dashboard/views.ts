import {
  BEST_TIME_MIN_CALLS, WEEKDAY_SHORT, bestWindowLabel, hourLabel, wilson,
  type BestWindowCell, type DashboardColumn, type DashboardRow, type DashboardView, type DashboardViewName,
} from '@flywheel/contracts';
import type { Db, Sql } from '../../db/client.ts';
import { withWorkspace } from '../../platform/tenancy/with-workspace.ts';
import { rollupAsOf } from './rollups.ts';

/** Every view reads rollup_daily / rollup_aging only: a range scan of (workspace, dim, day). */

export type Range = '7d' | '30d' | '90d';
export type Bucket = 'week' | 'month';
const RANGE_DAYS: Record<Range, number> = { '7d': 7, '30d': 30, '90d': 90 };

interface Window { from: string; to: string }

const ratio = (a: number, b: number): number | null => (b > 0 ? Math.round((a / b) * 10_000) / 10_000 : null);
const num = (v: unknown) => Number(v ?? 0);

/** The last `range` days up to today, in the workspace's time zone (inclusive dates). */
async function rangeWindow(tx: Sql, workspaceId: string, range: Range): Promise<Window> {
  const { rows } = await tx.query<{ from: string; to: string }>(
    `SELECT to_char(d - ($2::int - 1), 'YYYY-MM-DD') AS "from", to_char(d, 'YYYY-MM-DD') AS "to"
     FROM (SELECT (now() AT TIME ZONE timezone)::date AS d FROM workspaces WHERE id = $1) x`,
    [workspaceId, RANGE_DAYS[range]],
  );
  return rows[0]!;
}

interface Sums {
  calls: number; talk_seconds: number; attempts: number; connects: number; dm: number; meetings: number; sold: number; follow_ups: number; n: number;
}
const SUMS = `sum(calls)::int AS calls, sum(talk_seconds)::bigint AS talk_seconds, sum(attempts)::int AS attempts, sum(connects)::int AS connects,
  sum(dm)::int AS dm, sum(meetings)::int AS meetings, sum(sold)::int AS sold, sum(follow_ups)::int AS follow_ups, sum(n)::bigint AS n`;
const toSums = (r: Record<string, unknown>): Sums => ({
  calls: num(r.calls), talk_seconds: num(r.talk_seconds), attempts: num(r.attempts), connects: num(r.connects), dm: num(r.dm),
  meetings: num(r.meetings), sold: num(r.sold), follow_ups: num(r.follow_ups), n: num(r.n),
});

/** Sums of one dimension over [from, to] (dates), per key. */
async function sumByKey(tx: Sql, workspaceId: string, dim: string, w: Window): Promise<(Sums & { key: string })[]> {
  const { rows } = await tx.query<Record<string, unknown>>(
    `SELECT key, ${SUMS} FROM rollup_daily WHERE workspace_id = $1 AND dim = $2 AND day >= $3::date AND day <= $4::date GROUP BY key ORDER BY key`,
    [workspaceId, dim, w.from, w.to],
  );
  return rows.map((r) => ({ key: String(r.key), ...toSums(r) }));
}

/** Sums of one dimension per bucket (week starting Monday / month) and key. */
async function sumByBucket(tx: Sql, workspaceId: string, dim: string, w: Window, bucket: Bucket): Promise<(Sums & { bucket: string; key: string })[]> {
  const { rows } = await tx.query<Record<string, unknown>>(
    `SELECT to_char(date_trunc($5, day)::date, 'YYYY-MM-DD') AS bucket, key, ${SUMS}
     FROM rollup_daily WHERE workspace_id = $1 AND dim = $2 AND day >= $3::date AND day <= $4::date
     GROUP BY 1, key ORDER BY 1, key`,
    [workspaceId, dim, w.from, w.to, bucket],
  );
  return rows.map((r) => ({ bucket: String(r.bucket), key: String(r.key), ...toSums(r) }));
}

/** Every bucket start of the window, so empty weeks/months still show as zero. */
function bucketStarts(w: Window, bucket: Bucket): string[] {
  const out: string[] = [];
  const d = new Date(`${w.from}T00:00:00Z`);
  if (bucket === 'week') d.setUTCDate(d.getUTCDate() - ((d.getUTCDay() + 6) % 7));
  else d.setUTCDate(1);
  const end = new Date(`${w.to}T00:00:00Z`);
  while (d <= end) {
    out.push(d.toISOString().slice(0, 10));
    if (bucket === 'week') d.setUTCDate(d.getUTCDate() + 7);
    else d.setUTCMonth(d.getUTCMonth() + 1);
  }
  return out;
}

async function stages(tx: Sql, workspaceId: string): Promise<{ key: string; label: string; kind: string }[]> {
  const { rows } = await tx.query<{ key: string; label: string; kind: string }>('SELECT key, label, kind FROM pipeline_stages WHERE workspace_id = $1 ORDER BY position, key', [workspaceId]);
  return rows;
}

export interface ViewOpts {
  range: Range;
  bucket: Bucket;
  by?: string;
  key?: string;
}

type Built = Pick<DashboardView, 'columns' | 'rows'> & { bestTime?: DashboardView['bestTime'] };

const col = (key: string, label: string, kind: DashboardColumn['kind'] = 'number'): DashboardColumn => ({ key, label, kind });

async function trends(tx: Sql, ws: string, w: Window, o: ViewOpts): Promise<Built> {
  const rows = await sumByBucket(tx, ws, 'all', w, o.bucket);
  const byBucket = new Map(rows.map((r) => [r.bucket, r]));
  return {
    columns: [
      col('bucket', o.bucket === 'week' ? 'Week of' : 'Month', 'text'), col('attempts', 'Attempts'), col('connects', 'Connects'), col('connectRate', 'Connect rate', 'percent'),
      col('dm', 'Decision makers'), col('dmRate', 'DM rate', 'percent'), col('meetings', 'Meetings'), col('sold', 'Sold'), col('calls', 'Calls'), col('talkSeconds', 'Talk time', 'seconds'),
    ],
    rows: bucketStarts(w, o.bucket).map((b) => {
      const r = byBucket.get(b);
      const s = r ?? toSums({});
      return { bucket: b, attempts: s.attempts, connects: s.connects, connectRate: ratio(s.connects, s.attempts), dm: s.dm, dmRate: ratio(s.dm, s.connects), meetings: s.meetings, sold: s.sold, calls: s.calls, talkSeconds: s.talk_seconds };
    }),
  };
}

async function funnel(tx: Sql, ws: string, w: Window, o: ViewOpts): Promise<Built> {
  const st = await stages(tx, ws);
  const entered = await sumByBucket(tx, ws, 'stage_in', w, o.bucket);
  const created = new Map((await sumByBucket(tx, ws, 'all', w, o.bucket)).map((r) => [r.bucket, r.n]));
  const cell = new Map(entered.map((r) => [`${r.bucket}|${r.key}`, r.n]));
  return {
    columns: [col('bucket', o.bucket === 'week' ? 'Week of' : 'Month', 'text'), col('newLeads', 'New leads'), ...st.map((s) => col(`stage:${s.key}`, s.label))],
    rows: bucketStarts(w, o.bucket).map((b) => {
      const row: DashboardRow = { bucket: b, newLeads: created.get(b) ?? 0 };
      for (const s of st) row[`stage:${s.key}`] = cell.get(`${b}|${s.key}`) ?? 0;
      return row;
    }),
  };
}

/** Median and 75th percentile of a histogram { days → count }. */
function histogramQuantiles(h: Map<number, number>): { median: number | null; p75: number | null; count: number } {
  const keys = [...h.keys()].sort((a, b) => a - b);
  const count = keys.reduce((s, k) => s + h.get(k)!, 0);
  if (count === 0) return { median: null, p75: null, count };
  const at = (q: number) => {
    // lower and upper middle elements averaged for the median of an even count
    const pick = (idx: number) => { let seen = 0; for (const k of keys) { seen += h.get(k)!; if (seen > idx) return k; } return keys[keys.length - 1]!; };
    const pos = q * (count - 1);
    return (pick(Math.floor(pos)) + pick(Math.ceil(pos))) / 2;
  };
  return { median: at(0.5), p75: at(0.75), count };
}

async function velocity(tx: Sql, ws: string, w: Window): Promise<Built> {
  const st = await stages(tx, ws);
  const hist = new Map<string, Map<number, number>>();
  for (const r of await sumByKey(tx, ws, 'stage_days', w)) {
    const i = r.key.lastIndexOf('|');
    const stage = r.key.slice(0, i);
    const days = Number(r.key.slice(i + 1));
    if (!hist.has(stage)) hist.set(stage, new Map());
    hist.get(stage)!.set(days, (hist.get(stage)!.get(days) ?? 0) + r.n);
  }
  return {
    columns: [col('stage', 'Stage', 'text'), col('label', 'Stage name', 'text'), col('leads', 'Leads that moved on'), col('medianDays', 'Median days', 'days'), col('p75Days', '75th percentile days', 'days')],
    rows: st.filter((s) => s.kind === 'open').map((s) => {
      const q = histogramQuantiles(hist.get(s.key) ?? new Map());
      return { stage: s.key, label: s.label, leads: q.count, medianDays: q.median, p75Days: q.p75 };
    }),
  };
}

export const AGING_BUCKETS = ['0-6', '7-29', '30-89', '90+'] as const;

async function aging(tx: Sql, ws: string): Promise<Built> {
  const st = (await stages(tx, ws)).filter((s) => s.kind === 'open');
  const { rows } = await tx.query<{ stage: string; bucket: string; leads: number; untouched: number }>('SELECT stage, bucket, leads, untouched FROM rollup_aging WHERE workspace_id = $1', [ws]);
  const cell = new Map(rows.map((r) => [`${r.stage}|${r.bucket}`, r]));
  return {
    columns: [col('stage', 'Stage', 'text'), col('label', 'Stage name', 'text'), ...AGING_BUCKETS.map((b) => col(`age:${b}`, `${b} days`)), col('total', 'Open leads'), col('neverTouched', 'Never touched')],
    rows: st.map((s) => {
      const row: DashboardRow = { stage: s.key, label: s.label };
      let total = 0;
      let never = 0;
      for (const b of AGING_BUCKETS) {
        const c = cell.get(`${s.key}|${b}`);
        row[`age:${b}`] = c?.leads ?? 0;
        total += c?.leads ?? 0;
        never += c?.untouched ?? 0;
      }
      row.total = total;
      row.neverTouched = never;
      return row;
    }),
  };
}

async function cohorts(tx: Sql, ws: string, w: Window, o: ViewOpts): Promise<Built> {
  const by = o.by ?? 'segment';
  const rows = (await sumByKey(tx, ws, by, w)).sort((a, b) => b.attempts - a.attempts || b.n - a.n || a.key.localeCompare(b.key));
  return {
    columns: [
      col('key', by === 'lead_type' ? 'Lead type' : by === 'source' ? 'Source' : 'Segment', 'text'), col('newLeads', 'New leads'), col('attempts', 'Attempts'), col('connects', 'Connects'),
      col('connectRate', 'Connect rate', 'percent'), col('attemptsPerConnect', 'Attempts per connect'), col('meetings', 'Meetings'), col('sold', 'Sold'), col('closeRate', 'Close rate (sold / connects)', 'percent'),
    ],
    rows: rows.map((r) => ({
      key: r.key || '(none)', newLeads: r.n, attempts: r.attempts, connects: r.connects, connectRate: ratio(r.connects, r.attempts),
      attemptsPerConnect: r.connects > 0 ? Math.round((r.attempts / r.connects) * 100) / 100 : null, meetings: r.meetings, sold: r.sold, closeRate: ratio(r.sold, r.connects),
    })),
  };
}

async function repNames(tx: Sql, ws: string, ids: string[]): Promise<Map<string, string>> {
  const uuids = ids.filter((i) => /^[0-9a-f-]{36}$/i.test(i));
  if (uuids.length === 0) return new Map();
  const { rows } = await tx.query<{ id: string; name: string; email: string }>(
    'SELECT u.id, u.name, u.email FROM users u JOIN memberships m ON m.user_id = u.id AND m.workspace_id = $1 WHERE u.id = ANY($2::uuid[])',
    [ws, uuids],
  );
  return new Map(rows.map((r) => [r.id, r.name || r.email]));
}

async function breakdown(tx: Sql, ws: string, w: Window, o: ViewOpts): Promise<Built> {
  const by = o.by ?? 'number';
  const rate = [col('attempts', 'Attempts'), col('connects', 'Connects'), col('connectRate', 'Connect rate', 'percent'), col('sold', 'Sold'), col('closeRate', 'Close rate (sold / connects)', 'percent')];
  const rates = (s: Sums) => ({ attempts: s.attempts, connects: s.connects, connectRate: ratio(s.connects, s.attempts), sold: s.sold, closeRate: ratio(s.sold, s.connects) });
  if (by === 'number' || by === 'rep') {
    const rows = (await sumByKey(tx, ws, by, w)).sort((a, b) => b.calls - a.calls || b.attempts - a.attempts || a.key.localeCompare(b.key));
    if (by === 'number') {
      return {
        columns: [col('number', 'Number', 'text'), col('calls', 'Calls'), ...rate.map((c) => (c.key === 'connectRate' ? col('connectRate', 'Connect rate (connects / calls)', 'percent') : c)), col('talkSeconds', 'Talk time', 'seconds')],
        rows: rows.map((r) => ({ number: r.key, calls: r.calls, ...rates(r), connectRate: ratio(r.connects, r.calls), talkSeconds: r.talk_seconds })),
      };
    }
    const names = await repNames(tx, ws, rows.map((r) => r.key));
    return {
      columns: [col('rep', 'Rep', 'text'), col('calls', 'Calls'), ...rate, col('talkSeconds', 'Talk time', 'seconds'), col('dialSeconds', 'Dialing session time', 'seconds'), col('idleSeconds', 'Idle (session − talk)', 'seconds')],
      rows: rows.map((r) => ({ rep: names.get(r.key) ?? 'Former member', calls: r.calls, ...rates(r), talkSeconds: r.talk_seconds, dialSeconds: r.n, idleSeconds: Math.max(0, r.n - r.talk_seconds) })),
    };
  }
  const cells = await sumByKey(tx, ws, 'how', w);
  const parsed = cells.map((c) => { const [d, h] = c.key.split('|').map(Number); return { ...c, weekday: d!, hour: h! }; });
  if (by === 'hour_weekday') {
    return {
      columns: [col('weekday', 'Weekday', 'text'), col('hour', 'Hour (lead time)', 'text'), ...rate],
      rows: parsed.sort((a, b) => a.weekday - b.weekday || a.hour - b.hour).map((c) => ({ weekday: WEEKDAY_SHORT[c.weekday - 1]!, hour: hourLabel(c.hour), ...rates(c) })),
    };
  }
  const size = by === 'hour' ? 24 : 7;
  const acc = Array.from({ length: size }, () => toSums({}));
  for (const c of parsed) {
    const a = acc[by === 'hour' ? c.hour : c.weekday - 1]!;
    for (const k of Object.keys(a) as (keyof Sums)[]) a[k] += c[k];
  }
  return {
    columns: [col(by, by === 'hour' ? 'Hour (lead time)' : 'Weekday', 'text'), ...rate],
    rows: acc.map((s, i) => ({ [by]: by === 'hour' ? hourLabel(i) : WEEKDAY_SHORT[i]!, ...rates(s) })),
  };
}

async function sourceRoi(tx: Sql, ws: string, w: Window): Promise<Built> {
  const rows = (await sumByKey(tx, ws, 'source', w)).sort((a, b) => b.sold - a.sold || b.n - a.n || a.key.localeCompare(b.key));
  return {
    columns: [col('source', 'Source', 'text'), col('newLeads', 'New leads'), col('attempts', 'Attempts'), col('sold', 'Sold'), col('soldPerLead', 'Sold per new lead', 'percent'), col('attemptsPerSale', 'Attempts per sale')],
    rows: rows.map((r) => ({
      source: r.key || '(none)', newLeads: r.n, attempts: r.attempts, sold: r.sold, soldPerLead: ratio(r.sold, r.n),
      attemptsPerSale: r.sold > 0 ? Math.round((r.attempts / r.sold) * 100) / 100 : null,
    })),
  };
}

export interface BestTimeGroup {
  key: string;
  calls: number;
  connects: number;
  overallRate: number | null;
  cells: (BestWindowCell & { thin: boolean; recommended: boolean })[];
}

/** Connect-rate cells (weekday × hour, lead time) of one time zone / state with Wilson intervals. */
export function scoreCells(raw: { weekday: number; hour: number; attempts: number; connects: number }[]): Omit<BestTimeGroup, 'key'> {
  const calls = raw.reduce((s, c) => s + c.attempts, 0);
  const connects = raw.reduce((s, c) => s + c.connects, 0);
  const overall = calls > 0 ? connects / calls : null;
  const cells = raw.filter((c) => c.attempts > 0).map((c) => {
    const { low, high } = wilson(c.connects, c.attempts);
    const thin = c.attempts < BEST_TIME_MIN_CALLS;
    const r = (x: number) => Math.round(x * 10_000) / 10_000;
    return {
      weekday: c.weekday, hour: c.hour, calls: c.attempts, connects: c.connects, rate: r(c.connects / c.attempts), low: r(low), high: r(high),
      thin, recommended: !thin && overall !== null && low > overall,
    };
  }).sort((a, b) => a.weekday - b.weekday || a.hour - b.hour);
  return { calls, connects, overallRate: overall === null ? null : Math.round(overall * 10_000) / 10_000, cells };
}

async function bestTimeGroups(tx: Sql, ws: string, w: Window, by: 'tz' | 'state'): Promise<Map<string, { weekday: number; hour: number; attempts: number; connects: number }[]>> {
  const rows = await sumByKey(tx, ws, by === 'tz' ? 'tz_how' : 'state_how', w);
  const groups = new Map<string, { weekday: number; hour: number; attempts: number; connects: number }[]>();
  for (const r of rows) {
    const parts = r.key.split('|');
    const hour = Number(parts.pop());
    const weekday = Number(parts.pop());
    const key = parts.join('|');
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key)!.push({ weekday, hour, attempts: r.attempts, connects: r.connects });
  }
  return groups;
}

async function bestTime(tx: Sql, ws: string, w: Window, o: ViewOpts): Promise<Built> {
  const by = o.by === 'state' ? 'state' : 'tz';
  const groups = await bestTimeGroups(tx, ws, w, by);
  const keys = [...groups.entries()].map(([key, cells]) => ({ key, calls: cells.reduce((s, c) => s + c.attempts, 0) })).sort((a, b) => b.calls - a.calls || a.key.localeCompare(b.key));
  const key = o.key !== undefined ? o.key : keys[0]?.key ?? null;
  const g = scoreCells(key !== null ? groups.get(key) ?? [] : []);
  const recommended = g.cells.filter((c) => c.recommended).map(({ thin: _t, recommended: _r, ...c }) => c);
  return {
    columns: [
      col('weekday', 'Weekday', 'text'), col('hour', 'Hour (lead time)', 'text'), col('calls', 'Calls'), col('connects', 'Connects'), col('rate', 'Connect rate', 'percent'),
      col('low', '95% low', 'percent'), col('high', '95% high', 'percent'), col('thin', 'Thin (n < 30)', 'text'), col('recommended', 'Recommended', 'text'),
    ],
    rows: g.cells.map((c) => ({ weekday: WEEKDAY_SHORT[c.weekday - 1]!, hour: hourLabel(c.hour), calls: c.calls, connects: c.connects, rate: c.rate, low: c.low, high: c.high, thin: c.thin, recommended: c.recommended })),
    bestTime: { by, key, keys, overallRate: g.overallRate, calls: g.calls, minCalls: BEST_TIME_MIN_CALLS, recommended, label: bestWindowLabel(recommended) },
  };
}

/** One dashboard view, from rollups only. */
export async function dashboardView(tx: Sql, workspaceId: string, view: DashboardViewName, o: ViewOpts): Promise<DashboardView> {
  const w = await rangeWindow(tx, workspaceId, o.range);
  const asOf = await rollupAsOf(tx, workspaceId);
  let built: Built;
  switch (view) {
    case 'trends': built = await trends(tx, workspaceId, w, o); break;
    case 'funnel': built = await funnel(tx, workspaceId, w, o); break;
    case 'velocity': built = await velocity(tx, workspaceId, w); break;
    case 'aging': built = await aging(tx, workspaceId); break;
    case 'cohorts': built = await cohorts(tx, workspaceId, w, o); break;
    case 'breakdown': built = await breakdown(tx, workspaceId, w, o); break;
    case 'source-roi': built = await sourceRoi(tx, workspaceId, w); break;
    case 'best-time': built = await bestTime(tx, workspaceId, w, o); break;
  }
  return { view, asOf, range: o.range, bucket: o.bucket, from: w.from, to: w.to, ...built };
}

const csvCell = (v: unknown): string => {
  if (v === null || v === undefined) return '';
  const s = String(v);
  // a leading = + - @ would be a formula in a spreadsheet
  const safe = /^[=+\-@]/.test(s) && !/^-?\d/.test(s) ? `'${s}` : s;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
};

/** The view's table as CSV: the same columns and numbers as the JSON (rates as fractions). */
export function viewCsv(v: Pick<DashboardView, 'columns' | 'rows'>): string {
  const lines = [v.columns.map((c) => csvCell(c.label)).join(',')];
  for (const r of v.rows) lines.push(v.columns.map((c) => csvCell(r[c.key])).join(','));
  return `${lines.join('\r\n')}\r\n`;
}

/**
 * The recommended call windows for a lead's time zone (else its state): cells with at least 30
 * calls whose Wilson 95 % lower bound beats the group's overall connect rate, best first.
 * Null when the data is too thin for any recommendation. Last 90 days.
 */
export async function bestWindowsIn(tx: Sql, workspaceId: string, opts: { timezone?: string | null; state?: string | null }): Promise<{ basis: 'tz' | 'state'; key: string; calls: number; windows: BestWindowCell[]; label: string } | null> {
  const w = await rangeWindow(tx, workspaceId, '90d');
  let tz = opts.timezone ?? null;
  if (!tz) tz = (await tx.query<{ timezone: string }>('SELECT timezone FROM workspaces WHERE id = $1', [workspaceId])).rows[0]?.timezone ?? null;
  const tries: ['tz' | 'state', string | null][] = [['tz', tz], ['state', opts.state ? opts.state.toUpperCase() : null]];
  for (const [basis, key] of tries) {
    if (!key) continue;
    const dim = basis === 'tz' ? 'tz_how' : 'state_how';
    const { rows } = await tx.query<{ key: string; attempts: number; connects: number }>(
      `SELECT key, sum(attempts)::int AS attempts, sum(connects)::int AS connects FROM rollup_daily
       WHERE workspace_id = $1 AND dim = $2 AND day >= $3::date AND day <= $4::date AND starts_with(key, $5) GROUP BY key`,
      [workspaceId, dim, w.from, w.to, `${key}|`],
    );
    const cells = rows.map((r) => { const p = r.key.slice(key.length + 1).split('|').map(Number); return { weekday: p[0]!, hour: p[1]!, attempts: r.attempts, connects: r.connects }; });
    const g = scoreCells(cells);
    const windows = g.cells.filter((c) => c.recommended).map(({ thin: _t, recommended: _r, ...c }) => c).sort((a, b) => b.low - a.low);
    if (windows.length > 0) return { basis, key, calls: g.calls, windows, label: bestWindowLabel(windows)! };
  }
  return null;
}

export function bestWindows(db: Db, workspaceId: string, opts: { timezone?: string | null; state?: string | null }) {
  return withWorkspace(db, workspaceId, (tx) => bestWindowsIn(tx, workspaceId, opts));
}

export interface WeekSummary {
  from: string;
  to: string;
  asOf: string | null;
  calls: number;
  attempts: number;
  connects: number;
  talkSeconds: number;
  sold: number;
  meetings: number;
  followUps: number;
  byLeadType: { leadType: string; attempts: number; connects: number; connectRate: number | null; meetings: number; sold: number }[];
  numbers: { number: string; calls: number; connects: number; connectRate: number | null }[];
  bestWindows: BestWindowCell[];
  bestWindowLabel: string | null;
}

/**
 * The weekly brief's figures for [from, to) read from rollups (days in the workspace time zone).
 * Call refreshRollups first for up-to-the-minute numbers.
 */
export async function weekSummary(db: Db, workspaceId: string, range: { from: Date; to: Date }): Promise<WeekSummary> {
  return withWorkspace(db, workspaceId, async (tx) => {
    const { rows: [d] } = await tx.query<{ from: string; to: string }>(
      `SELECT to_char(($2::timestamptz AT TIME ZONE timezone)::date, 'YYYY-MM-DD') AS "from",
              to_char(((($3::timestamptz AT TIME ZONE timezone) - interval '1 microsecond'))::date, 'YYYY-MM-DD') AS "to"
       FROM workspaces WHERE id = $1`,
      [workspaceId, range.from.toISOString(), range.to.toISOString()],
    );
    const w = d!;
    const all = (await sumByKey(tx, workspaceId, 'all', w))[0] ?? { ...toSums({}), key: '' };
    const types = await sumByKey(tx, workspaceId, 'lead_type', w);
    const nums = await sumByKey(tx, workspaceId, 'number', w);
    const how = (await sumByKey(tx, workspaceId, 'how', w)).map((c) => { const [wd, h] = c.key.split('|').map(Number); return { weekday: wd!, hour: h!, attempts: c.attempts, connects: c.connects }; });
    const windows = scoreCells(how).cells.filter((c) => c.recommended).map(({ thin: _t, recommended: _r, ...c }) => c).sort((a, b) => b.low - a.low);
    return {
      from: w.from, to: w.to, asOf: await rollupAsOf(tx, workspaceId),
      calls: all.calls, attempts: all.attempts, connects: all.connects, talkSeconds: all.talk_seconds, sold: all.sold, meetings: all.meetings, followUps: all.follow_ups,
      byLeadType: types.filter((t) => t.attempts > 0).map((t) => ({ leadType: t.key || '(none)', attempts: t.attempts, connects: t.connects, connectRate: ratio(t.connects, t.attempts), meetings: t.meetings, sold: t.sold })),
      numbers: nums.sort((a, b) => b.calls - a.calls).map((n) => ({ number: n.key, calls: n.calls, connects: n.connects, connectRate: ratio(n.connects, n.calls) })),
      bestWindows: windows,
      bestWindowLabel: bestWindowLabel(windows),
    };
  });
}

import { useEffect, useState } from 'react';
import { useSearchParams } from 'react-router';
import { LineChart as LineChartIcon, RefreshCw } from 'lucide-react';
import { toast } from 'sonner';
import type { DashboardView } from '@flywheel/contracts';
import { Button, ButtonLink, Card, EmptyState, Kbd, PageHeader, RelativeTime, Select, Skeleton, cn } from '../../ui/index.ts';
import { useDashboardView, useRefreshRollups, type Bucket, type Range, type ViewParams } from './api.ts';
import { ChartCard } from './ChartCard.tsx';
import { Heatmap, MixedChart } from './charts.tsx';
import { bucketLabel, pct } from './format.ts';

const RANGES: { value: Range; label: string; key: string }[] = [
  { value: '7d', label: '7 days', key: '1' },
  { value: '30d', label: '30 days', key: '2' },
  { value: '90d', label: '90 days', key: '3' },
];
const BUCKETS: { value: Bucket; label: string; key: string }[] = [
  { value: 'week', label: 'Weekly', key: 'w' },
  { value: 'month', label: 'Monthly', key: 'm' },
];

const sum = (v: DashboardView, k: string) => v.rows.reduce((s, r) => s + (typeof r[k] === 'number' ? (r[k] as number) : 0), 0);
const allZero = (...keys: string[]) => (v: DashboardView) => keys.every((k) => sum(v, k) === 0);

function Segmented<T extends string>({ label, options, value, onChange }: { label: string; options: { value: T; label: string; key: string }[]; value: T; onChange: (v: T) => void }) {
  return (
    <div className="inline-flex rounded-md border border-default bg-panel p-0.5" role="group" aria-label={label}>
      {options.map((o) => (
        <button
          key={o.value}
          type="button"
          aria-pressed={value === o.value}
          aria-keyshortcuts={o.key}
          title={`${o.label} (${o.key})`}
          onClick={() => onChange(o.value)}
          className={cn('rounded px-2.5 py-1 text-sm', value === o.value ? 'bg-brand-50 font-medium text-brand-700 dark:bg-brand-700/30 dark:text-brand-100' : 'text-muted hover:bg-panel-2')}
        >
          {o.label}
        </button>
      ))}
    </div>
  );
}

/** Long-term only: weeks and months of trends, never "today" (that lives in the Dialer). */
export function DashboardPage() {
  const [sp, setSp] = useSearchParams();
  const range = (RANGES.some((r) => r.value === sp.get('range')) ? sp.get('range') : '30d') as Range;
  const bucket = (BUCKETS.some((b) => b.value === sp.get('bucket')) ? sp.get('bucket') : 'week') as Bucket;
  const set = (k: 'range' | 'bucket', v: string) => setSp((p) => { const n = new URLSearchParams(p); n.set(k, v); return n; }, { replace: true });
  const params: ViewParams = { range, bucket };
  const trends = useDashboardView('trends', params);
  const refresh = useRefreshRollups();

  // 1 / 2 / 3 pick the range, W / M the bucket (not while typing)
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const el = e.target as HTMLElement | null;
      if (e.metaKey || e.ctrlKey || e.altKey || (el && (el.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName)))) return;
      const r = RANGES.find((x) => x.key === e.key);
      const b = BUCKETS.find((x) => x.key === e.key.toLowerCase());
      if (r) set('range', r.value);
      else if (b) set('bucket', b.value);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });

  const asOf = trends.data?.asOf;
  const empty = trends.data && sum(trends.data, 'attempts') === 0 && sum(trends.data, 'calls') === 0;

  return (
    <div className="flex h-full flex-col overflow-auto" data-testid="dashboard">
      <PageHeader
        title="Dashboard"
        subtitle={
          <>
            Weeks and months (day-by-day figures live in the Dialer) · {trends.data ? <>{trends.data.from} → {trends.data.to}</> : '…'} · rolled up {asOf ? <RelativeTime date={asOf} /> : 'not yet'}
          </>
        }
        actions={
          <>
            <Segmented label="Range" options={RANGES} value={range} onChange={(v) => set('range', v)} />
            <Segmented label="Group by" options={BUCKETS} value={bucket} onChange={(v) => set('bucket', v)} />
            <Button
              size="sm"
              loading={refresh.isPending}
              title="Fold the newest calls into the rollups now (done every 5 minutes anyway)"
              onClick={() => refresh.mutate(undefined, { onSuccess: (r) => toast.success(r.days ? `Rolled up ${r.days} day${r.days === 1 ? '' : 's'} of changes` : 'Already up to date'), onError: (e) => toast.error(e.message) })}
            >
              <RefreshCw aria-hidden className="h-3.5 w-3.5" /> Refresh
            </Button>
          </>
        }
      />
      <p className="px-5 pt-2 text-xs text-muted">
        Shortcuts: <Kbd>1</Kbd> <Kbd>2</Kbd> <Kbd>3</Kbd> range · <Kbd>W</Kbd> <Kbd>M</Kbd> weekly / monthly. Every chart has its numbers as a table and CSV.
      </p>
      {trends.isLoading ? (
        <div className="grid gap-4 p-5 lg:grid-cols-2" aria-busy="true">
          {Array.from({ length: 4 }, (_, i) => <Card key={i} className="p-4"><Skeleton className="h-4 w-40" /><Skeleton className="mt-3 h-52 w-full" /></Card>)}
        </div>
      ) : empty ? (
        <div className="p-5">
          <Card>
            <EmptyState
              icon={<LineChartIcon className="h-8 w-8" />}
              title={range === '90d' ? 'No calls to chart yet' : `No calls in the last ${RANGES.find((r) => r.value === range)!.label}`}
              action={range === '90d' ? <ButtonLink to="/dialer" variant="primary">Open the Dialer</ButtonLink> : <Button variant="primary" onClick={() => set('range', '90d')}>Show 90 days</Button>}
            >
              Trends, funnel, velocity and best times to call fill in as your team logs calls. Figures are rolled up every 5 minutes.
            </EmptyState>
          </Card>
        </div>
      ) : (
        <Sections params={params} bucket={bucket} />
      )}
    </div>
  );
}

function Sections({ params, bucket }: { params: ViewParams; bucket: Bucket }) {
  const bl = (v: string) => bucketLabel(v, bucket);
  const per = bucket === 'week' ? 'per week' : 'per month';
  const [cohortBy, setCohortBy] = useState('segment');
  return (
    <div className="grid gap-4 p-5 lg:grid-cols-2">
      <ChartCard
        title="Activity" subtitle={`Attempts and connects ${per}; connect and DM rates`} view="trends" params={params} isEmpty={allZero('attempts', 'calls')}
        chart={(v) => (
          <MixedChart view={v} x="bucket" xLabel={bl} series={[
            { key: 'attempts', label: 'Attempts' }, { key: 'connects', label: 'Connects' },
            { key: 'connectRate', label: 'Connect rate', kind: 'line', axis: 'right', color: '#f59e0b' }, { key: 'dmRate', label: 'DM rate', kind: 'line', axis: 'right', color: '#ec4899' },
          ]} />
        )}
      />
      <ChartCard
        title="Outcomes" subtitle={`Meetings set and sold ${per}`} view="trends" params={params} isEmpty={allZero('meetings', 'sold')} emptyText="No meetings or sales in this range yet."
        chart={(v) => <MixedChart view={v} x="bucket" xLabel={bl} series={[{ key: 'meetings', label: 'Meetings', color: '#10b981' }, { key: 'sold', label: 'Sold', color: '#22c55e' }, { key: 'dm', label: 'Decision makers', kind: 'line', color: '#8b5cf6' }]} />}
      />
      <ChartCard
        title="Pipeline over time" subtitle={`Leads entering each stage ${per}`} view="funnel" params={params}
        isEmpty={(v) => v.columns.filter((c) => c.key.startsWith('stage:')).every((c) => sum(v, c.key) === 0)} emptyText="No stage changes in this range."
        chart={(v) => <MixedChart view={v} x="bucket" xLabel={bl} stacked series={v.columns.filter((c) => c.key.startsWith('stage:')).map((c) => ({ key: c.key, label: c.label }))} />}
      />
      <ChartCard
        title="Stage velocity" subtitle="Median days in each stage before moving on" view="velocity" params={params} isEmpty={allZero('leads')} emptyText="No lead left a stage in this range."
        chart={(v) => <MixedChart view={v} x="label" layout="vertical" series={[{ key: 'medianDays', label: 'Median days' }, { key: 'p75Days', label: '75th percentile', color: '#94a3b8' }]} />}
      />
      <ChartCard
        title="Lead aging" subtitle="Open leads by days since last touched (now)" view="aging" params={params} isEmpty={allZero('total')} emptyText="No open leads."
        chart={(v) => <MixedChart view={v} x="label" layout="vertical" stacked series={v.columns.filter((c) => c.key.startsWith('age:')).map((c, i) => ({ key: c.key, label: c.label, color: ['#10b981', '#0ea5e9', '#f59e0b', '#ef4444'][i] }))} />}
      />
      <ChartCard
        title="Cohorts" subtitle="Connect and close rate, attempts per connect" view="cohorts" params={{ ...params, by: cohortBy }} isEmpty={allZero('attempts', 'newLeads')}
        controls={
          <div className="w-32"><Select aria-label="Cohort by" className="h-7 text-xs" value={cohortBy} onChange={(e) => setCohortBy(e.target.value)}>
            <option value="segment">Segment</option><option value="source">Source</option><option value="lead_type">Lead type</option>
          </Select></div>
        }
        chart={(v) => <MixedChart view={{ ...v, rows: v.rows.slice(0, 12) }} x="key" layout="vertical" series={[{ key: 'connectRate', label: 'Connect rate' }, { key: 'closeRate', label: 'Close rate (sold / connects)', color: '#22c55e' }]} />}
      />
      <ChartCard
        title="Lead source ROI" subtitle="Sold per new lead, by source" view="source-roi" params={params} isEmpty={allZero('newLeads', 'sold')}
        chart={(v) => <MixedChart view={{ ...v, rows: v.rows.slice(0, 12) }} x="source" layout="vertical" series={[{ key: 'soldPerLead', label: 'Sold per new lead', color: '#22c55e' }]} />}
      />
      <ChartCard
        title="Number performance" subtitle="Connect and close rate by caller ID" view="breakdown" params={{ ...params, by: 'number' }} isEmpty={allZero('calls')} defaultMode="table"
        chart={(v) => <MixedChart view={{ ...v, rows: v.rows.slice(0, 15) }} x="number" layout="vertical" series={[{ key: 'connectRate', label: 'Connect rate (connects / calls)' }]} />}
      />
      <ChartCard
        title="Reps: talk vs idle" subtitle="Talk time and the rest of their dialing sessions" view="breakdown" params={{ ...params, by: 'rep' }} isEmpty={allZero('calls', 'dialSeconds')}
        chart={(v) => <MixedChart view={v} x="rep" layout="vertical" stacked series={[{ key: 'talkSeconds', label: 'Talk time', color: '#10b981' }, { key: 'idleSeconds', label: 'Idle (session − talk)', color: '#94a3b8' }]} />}
      />
      <ChartCard
        title="Connect rate by hour and weekday" subtitle="Lead's local time · n = attempts; hatched cells have fewer than 30" view="breakdown" params={{ ...params, by: 'hour_weekday' }} isEmpty={allZero('attempts')}
        chart={(v) => <Heatmap label="Connect rate by weekday and hour" rows={v.rows.map((r) => ({ weekday: String(r.weekday), hour: String(r.hour), calls: Number(r.attempts), connects: Number(r.connects), rate: r.connectRate as number | null }))} />}
      />
      <BestTimeCard params={params} />
    </div>
  );
}

function BestTimeCard({ params }: { params: ViewParams }) {
  const [by, setBy] = useState<'tz' | 'state'>('tz');
  const [key, setKey] = useState<string | undefined>(undefined);
  const p = { ...params, by, ...(key !== undefined ? { key } : {}) };
  const q = useDashboardView('best-time', p);
  const bt = q.data?.bestTime;
  return (
    <ChartCard
      className="lg:col-span-2"
      title="Best time to call"
      subtitle={
        bt ? (
          bt.label
            ? <>Best window for {bt.key}: <strong className="text-[var(--text)]">{bt.label}</strong> (their time) · {bt.calls.toLocaleString()} calls · overall {pct(bt.overallRate)}</>
            : <>Not enough calls yet for a recommendation{bt.key ? ` in ${bt.key}` : ''} ({bt.calls.toLocaleString()} calls; a window needs ≥ {bt.minCalls} and a 95% lower bound above the overall rate)</>
        ) : 'Connect rate by lead time zone or state × weekday × hour'
      }
      view="best-time" params={p} isEmpty={allZero('calls')}
      controls={
        <>
          <div className="w-28"><Select aria-label="Best time by" className="h-7 text-xs" value={by} onChange={(e) => { setBy(e.target.value as 'tz' | 'state'); setKey(undefined); }}>
            <option value="tz">Time zone</option><option value="state">State</option>
          </Select></div>
          <div className="w-52"><Select aria-label={by === 'tz' ? 'Time zone' : 'State'} className="h-7 text-xs" value={bt?.key ?? ''} onChange={(e) => setKey(e.target.value)} disabled={!bt || bt.keys.length === 0}>
            {(bt?.keys ?? []).map((k) => <option key={k.key} value={k.key}>{k.key || '(unknown)'} · {k.calls}</option>)}
          </Select></div>
        </>
      }
      chart={(v) => (
        <Heatmap
          label="Best time to call: connect rate by weekday and hour"
          minCalls={v.bestTime?.minCalls}
          rows={v.rows.map((r) => ({ weekday: String(r.weekday), hour: String(r.hour), calls: Number(r.calls), connects: Number(r.connects), rate: r.rate as number, thin: Boolean(r.thin), recommended: Boolean(r.recommended) }))}
        />
      )}
    />
  );
}

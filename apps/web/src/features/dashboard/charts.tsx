import type { ReactNode } from 'react';
import { Bar, BarChart, CartesianGrid, ComposedChart, Legend, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { DashboardView } from '@flywheel/contracts';
import { cn } from '../../ui/index.ts';
import { SERIES, formatCell, pct } from './format.ts';

const axis = { fill: 'var(--muted)', fontSize: 11 };
const tooltip = {
  contentStyle: { background: 'var(--panel)', border: '1px solid var(--border)', borderRadius: 6, color: 'var(--text)', fontSize: 12 },
  labelStyle: { color: 'var(--text)', fontWeight: 600 },
  cursor: { fill: 'var(--panel-2)' },
};

export function ChartFrame({ children, height = 240 }: { children: ReactNode; height?: number }) {
  return (
    <div style={{ height }} className="w-full">
      <ResponsiveContainer width="100%" height="100%">{children as React.ReactElement}</ResponsiveContainer>
    </div>
  );
}

type Series = { key: string; label: string; kind?: 'bar' | 'line'; axis?: 'left' | 'right'; color?: string };

/** Bars and lines over a category axis (buckets, stages, keys); rates on a right-hand percent axis. */
export function MixedChart({ view, x, xLabel, series, stacked, height, layout = 'horizontal' }: {
  view: DashboardView; x: string; xLabel?: (v: string) => string; series: Series[]; stacked?: boolean; height?: number; layout?: 'horizontal' | 'vertical';
}) {
  const kinds = new Map(view.columns.map((c) => [c.key, c.kind]));
  const data = view.rows.map((r) => ({ ...r, __x: xLabel ? xLabel(String(r[x])) : String(r[x]) }));
  const hasRight = series.some((s) => s.axis === 'right');
  const allPct = series.every((s) => kinds.get(s.key) === 'percent');
  const fmt = (value: unknown, name: unknown) => {
    const s = series.find((x) => x.label === name);
    return [formatCell(value, kinds.get(s?.key ?? '') ?? 'number'), String(name)] as [string, string];
  };
  if (layout === 'vertical') {
    return (
      <ChartFrame height={height ?? Math.max(160, data.length * 34 + 40)}>
        <BarChart data={data} layout="vertical" margin={{ left: 8, right: 16 }}>
          <CartesianGrid stroke="var(--border)" horizontal={false} />
          <XAxis type="number" tick={axis} stroke="var(--border)" tickFormatter={allPct ? (v: number) => pct(v, 0) : undefined} />
          <YAxis type="category" dataKey="__x" tick={axis} width={110} stroke="var(--border)" />
          <Tooltip {...tooltip} formatter={fmt} />
          {series.map((s, i) => <Bar key={s.key} dataKey={s.key} name={s.label} fill={s.color ?? SERIES[i % SERIES.length]} stackId={stacked ? 'a' : undefined} radius={stacked ? 0 : [0, 3, 3, 0]} isAnimationActive={false} />)}
          {series.length > 1 && <Legend wrapperStyle={{ fontSize: 12 }} itemSorter={null} />}
        </BarChart>
      </ChartFrame>
    );
  }
  return (
    <ChartFrame height={height}>
      <ComposedChart data={data} margin={{ left: 0, right: hasRight ? 0 : 12, top: 8 }}>
        <CartesianGrid stroke="var(--border)" vertical={false} />
        <XAxis dataKey="__x" tick={axis} stroke="var(--border)" interval="preserveStartEnd" />
        <YAxis yAxisId="left" tick={axis} stroke="var(--border)" allowDecimals={false} width={44} />
        {hasRight && <YAxis yAxisId="right" orientation="right" tick={axis} stroke="var(--border)" tickFormatter={(v: number) => pct(v, 0)} width={44} domain={[0, 'auto']} />}
        <Tooltip {...tooltip} formatter={fmt} />
        <Legend wrapperStyle={{ fontSize: 12 }} itemSorter={null} />
        {series.map((s, i) => {
          const color = s.color ?? SERIES[i % SERIES.length];
          return s.kind === 'line'
            ? <Line key={s.key} yAxisId={s.axis ?? 'left'} type="monotone" dataKey={s.key} name={s.label} stroke={color} strokeWidth={2} dot={{ r: 2 }} connectNulls isAnimationActive={false} />
            : <Bar key={s.key} yAxisId={s.axis ?? 'left'} dataKey={s.key} name={s.label} fill={color} stackId={stacked ? 'a' : undefined} maxBarSize={48} isAnimationActive={false} />;
        })}
      </ComposedChart>
    </ChartFrame>
  );
}

const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

/**
 * Weekday × hour table coloured by connect rate, each cell with its sample size. Thin cells
 * (n < minCalls) are hatched and faded; recommended ones are outlined.
 */
export function Heatmap({ rows, minCalls = 30, label }: {
  rows: { weekday: string; hour: string; calls: number; connects: number; rate: number | null; recommended?: boolean; thin?: boolean }[];
  minCalls?: number;
  label: string;
}) {
  const hours = [...new Set(rows.map((r) => r.hour))];
  const order = (h: string) => { const [n, ap] = h.split(' '); return (Number(n) % 12) + (ap === 'pm' ? 12 : 0); };
  hours.sort((a, b) => order(a) - order(b));
  const cell = new Map(rows.map((r) => [`${r.weekday}|${r.hour}`, r]));
  const max = Math.max(0.0001, ...rows.filter((r) => r.calls >= minCalls).map((r) => r.rate ?? 0));
  return (
    <div className="overflow-x-auto">
      <table className="border-separate border-spacing-0.5 text-xs" aria-label={label}>
        <thead>
          <tr>
            <th className="px-1 text-left font-medium text-muted">Hour</th>
            {WEEKDAYS.map((d) => <th key={d} className="w-16 px-1 text-center font-medium text-muted">{d}</th>)}
          </tr>
        </thead>
        <tbody>
          {hours.map((h) => (
            <tr key={h}>
              <th scope="row" className="whitespace-nowrap px-1 text-left font-normal text-muted">{h}</th>
              {WEEKDAYS.map((d) => {
                const c = cell.get(`${d}|${h}`);
                if (!c) return <td key={d} className="h-8 rounded bg-panel-2/50" aria-label={`${d} ${h}: no calls`} />;
                const thin = c.thin ?? c.calls < minCalls;
                const alpha = thin ? 0.12 : 0.15 + 0.75 * ((c.rate ?? 0) / max);
                return (
                  <td
                    key={d}
                    title={`${d} ${h}: ${pct(c.rate)} connect rate, ${c.connects}/${c.calls} calls${thin ? ' (thin: not enough calls)' : ''}${c.recommended ? ' · recommended' : ''}`}
                    className={cn('h-8 rounded px-1 text-center tabular-nums leading-tight', c.recommended && 'ring-2 ring-emerald-500', thin && 'text-muted')}
                    style={{ background: `rgba(99, 102, 241, ${alpha.toFixed(2)})`, backgroundImage: thin ? 'repeating-linear-gradient(45deg, transparent 0 4px, rgba(148,163,184,.18) 4px 6px)' : undefined }}
                  >
                    <div className="font-medium">{pct(c.rate, 0)}</div>
                    <div className="text-[10px] opacity-70">n={c.calls}</div>
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

import { useState, type ReactNode } from 'react';
import { BarChart3, Download, Table2 } from 'lucide-react';
import type { DashboardView, DashboardViewName } from '@flywheel/contracts';
import { Alert, Button, Card, Skeleton, Table, Td, Th, buttonClass, cn } from '../../ui/index.ts';
import { csvUrl, useDashboardView, type ViewParams } from './api.ts';
import { formatCell } from './format.ts';

/** The numbers behind a chart, exactly as the CSV has them (formatted for reading). */
export function ViewTable({ view, caption }: { view: DashboardView; caption: string }) {
  if (view.rows.length === 0) return <p className="px-4 py-8 text-center text-sm text-muted">No rows in this range.</p>;
  return (
    <div className="max-h-96 overflow-auto">
      <Table aria-label={`${caption} (table)`}>
        <thead>
          <tr>{view.columns.map((c) => <Th key={c.key} className={c.kind === 'text' ? '' : 'text-right'}>{c.label}</Th>)}</tr>
        </thead>
        <tbody>
          {view.rows.map((r, i) => (
            <tr key={i}>
              {view.columns.map((c) => <Td key={c.key} className={cn('tabular-nums', c.kind === 'text' ? '' : 'text-right')}>{formatCell(r[c.key], c.kind)}</Td>)}
            </tr>
          ))}
        </tbody>
      </Table>
    </div>
  );
}

/**
 * One dashboard view: a chart, its numbers as a table (toggle) and as CSV (link), with a
 * skeleton while loading, an error with retry, and an empty message when the range has nothing.
 */
export function ChartCard({
  title, subtitle, view, params, controls, isEmpty, emptyText = 'Nothing in this range yet.', chart, className, defaultMode = 'chart',
}: {
  title: string;
  subtitle?: ReactNode;
  view: DashboardViewName;
  params: ViewParams;
  controls?: ReactNode;
  isEmpty: (v: DashboardView) => boolean;
  emptyText?: string;
  chart: (v: DashboardView) => ReactNode;
  className?: string;
  defaultMode?: 'chart' | 'table';
}) {
  const q = useDashboardView(view, params);
  const [mode, setMode] = useState<'chart' | 'table'>(defaultMode);
  const id = `card-${view}-${params.by ?? 'all'}`;
  return (
    <Card className={cn('flex min-w-0 flex-col', className)} aria-labelledby={id} data-testid={`card-${view}`}>
      <div className="flex flex-wrap items-center justify-between gap-2 border-b border-default px-4 py-2.5">
        <div className="min-w-0">
          <h2 id={id} className="text-sm font-semibold">{title}</h2>
          {subtitle && <p className="text-xs text-muted">{subtitle}</p>}
        </div>
        <div className="flex flex-wrap items-center gap-1.5">
          {controls}
          <div className="inline-flex rounded-md border border-default p-0.5" role="group" aria-label={`${title}: show as`}>
            <button type="button" aria-pressed={mode === 'chart'} onClick={() => setMode('chart')} className={cn('inline-flex items-center gap-1 rounded px-1.5 py-0.5 text-xs', mode === 'chart' ? 'bg-panel-2 font-medium' : 'text-muted hover:bg-panel-2')}>
              <BarChart3 aria-hidden className="h-3.5 w-3.5" /> Chart
            </button>
            <button type="button" aria-pressed={mode === 'table'} onClick={() => setMode('table')} className={cn('inline-flex items-center gap-1 rounded px-1.5 py-0.5 text-xs', mode === 'table' ? 'bg-panel-2 font-medium' : 'text-muted hover:bg-panel-2')}>
              <Table2 aria-hidden className="h-3.5 w-3.5" /> Table
            </button>
          </div>
          <a href={csvUrl(view, params)} download className={buttonClass({ size: 'sm', variant: 'ghost' })} aria-label={`${title}: download CSV`}>
            <Download aria-hidden className="h-3.5 w-3.5" /> CSV
          </a>
        </div>
      </div>
      <div className={cn('min-h-0 flex-1', q.isFetching && q.data ? 'opacity-70 transition-opacity' : '')} aria-busy={q.isLoading}>
        {q.isLoading ? (
          <div className="space-y-2 p-4"><Skeleton className="h-4 w-1/3" /><Skeleton className="h-48 w-full" /></div>
        ) : q.isError || !q.data ? (
          <div className="p-4">
            <Alert tone="error" title="Could not load this view">
              {(q.error as Error | null)?.message} <Button size="sm" className="ml-2" onClick={() => void q.refetch()}>Try again</Button>
            </Alert>
          </div>
        ) : mode === 'table' ? (
          <ViewTable view={q.data} caption={title} />
        ) : isEmpty(q.data) ? (
          <p className="px-4 py-12 text-center text-sm text-muted">{emptyText}</p>
        ) : (
          <div className="p-3">{chart(q.data)}</div>
        )}
      </div>
    </Card>
  );
}

import { useCallback, useEffect, useRef } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Download, FileUp, Users } from 'lucide-react';
import { ApiError } from '../../app/api.ts';
import { useRealtime } from '../../app/realtime.ts';
import { Alert, buttonClass, Card, CardHeader, EmptyState, ProgressBar, Spinner, Stat } from '../../ui/index.ts';
import { fmt, formatDuration, plural } from './format.ts';
import { ImportShell } from './ImportShell.tsx';
import { NotAllowed } from './ImportWizard.tsx';
import { hasRole, useMe } from '../../app/session.tsx';
import { getImport, isActive, rejectedCsvUrl } from './useImports.ts';
import { setImportNavigator, showingImport, unwatchImport, watchImport } from './watcher.ts';
import type { ImportProgressEvent, ImportRecord } from './types.ts';

/** Step 4: live progress (WebSocket events, polling as the fallback), then the result. */
export function ImportRunPage() {
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const me = useMe();
  const canImport = hasRole(me.data, 'manager');
  const q = useQuery({
    queryKey: ['import', id],
    enabled: canImport,
    queryFn: () => getImport(id),
    // events can be missed (reconnects, another process): poll every second while it runs
    refetchInterval: (query) => (isActive(query.state.data?.status) ? 1000 : false),
    retry: (n, e) => !(e instanceof ApiError && e.status === 404) && n < 2,
  });
  useEffect(() => setImportNavigator(navigate), [navigate]);
  useEffect(() => showingImport(id), [id]);

  const onProgress = useCallback(
    (payload: unknown) => {
      const p = payload as ImportProgressEvent | null;
      if (!p || p.importId !== id) return;
      qc.setQueryData<ImportRecord>(['import', id], (old) => (old ? mergeProgress(old, p) : old));
      if (p.status === 'done' || p.status === 'failed') void qc.invalidateQueries({ queryKey: ['import', id] });
    },
    [id, qc],
  );
  useRealtime('import.progress', onProgress);

  const r = q.data;
  const finished = r?.status === 'done' || r?.status === 'failed';
  // leaving while it runs: the watcher tells the user when it is done, wherever they are
  const active = isActive(r?.status);
  const filename = r?.filename;
  useEffect(() => {
    if (active && filename) watchImport(id, filename);
  }, [active, filename, id]);
  useEffect(() => {
    if (finished) {
      unwatchImport(id); // the user sees the outcome here; no toast later
      void qc.invalidateQueries({ queryKey: ['imports'] });
    }
  }, [finished, id, qc]);

  if (!canImport) return <NotAllowed />;
  return (
    <ImportShell step={finished ? 4 : 3}>
      {q.isLoading ? (
        <div className="flex justify-center py-16"><Spinner /></div>
      ) : !r ? (
        <Card>
          <EmptyState title="Import not found" action={<Link to="/import" className={buttonClass({ variant: 'primary' })}>Import a file</Link>}>
            {q.error instanceof ApiError && q.error.status !== 404 ? q.error.message : 'It may belong to another workspace, or it was removed.'}
          </EmptyState>
        </Card>
      ) : finished ? (
        <ImportResult r={r} />
      ) : (
        <ImportProgress r={r} />
      )}
    </ImportShell>
  );
}

function mergeProgress(old: ImportRecord, p: ImportProgressEvent): ImportRecord {
  const c = p.counts;
  // events may arrive out of order with the polled record: never move backwards
  if (p.processed < old.processedRows && p.status === old.status) return old;
  return {
    ...old,
    status: p.status ?? old.status,
    processedRows: Math.max(old.processedRows, p.processed ?? 0),
    totalRows: p.total || old.totalRows,
    ...(c && { imported: c.imported, updated: c.updated, skipped: c.skipped, rejected: c.rejected }),
    progress: p.total ? p.processed / p.total : old.progress,
  };
}

/** Rows per second over the last few seconds; until there are two samples, the average since the start. */
function useRate(processed: number, startedAt: string | null) {
  const samples = useRef<{ t: number; n: number }[]>([]);
  const now = Date.now();
  const s = samples.current;
  if (!s.length || s[s.length - 1].n !== processed) s.push({ t: now, n: processed });
  while (s.length > 2 && now - s[0].t > 5000) s.shift();
  const first = s[0];
  const last = s[s.length - 1];
  if (s.length >= 2 && last.t > first.t) return ((last.n - first.n) * 1000) / (last.t - first.t);
  const since = startedAt ? (now - new Date(startedAt).getTime()) / 1000 : 0;
  return since > 0.5 ? processed / since : 0;
}

function ImportProgress({ r }: { r: ImportRecord }) {
  const rate = useRate(r.processedRows, r.startedAt);
  const left = rate > 0 ? (r.totalRows - r.processedRows) / rate : NaN;
  return (
    <Card>
      <CardHeader title={`Importing ${r.filename}`} subtitle="You can leave this page: the import keeps running and you’ll be told when it’s done." />
      <div className="space-y-3 p-4">
        <ProgressBar value={r.processedRows} max={r.totalRows || 1} label={r.status === 'queued' ? 'Waiting to start…' : 'Importing rows'} />
        <p className="text-sm tabular-nums" aria-live="polite">
          <span className="font-medium">{fmt(r.processedRows)}</span> of {plural(r.totalRows, 'row')}
          {rate > 0 && <span className="text-muted"> · {fmt(Math.round(rate))} rows/s{Number.isFinite(left) && left > 0 ? ` · about ${formatDuration(left)} left` : ''}</span>}
        </p>
        <p className="text-xs text-muted tabular-nums">
          So far: {fmt(r.imported)} imported · {fmt(r.updated)} updated · {fmt(r.skipped)} skipped · {fmt(r.rejected)} rejected
        </p>
      </div>
    </Card>
  );
}

function ImportResult({ r }: { r: ImportRecord }) {
  const failed = r.status === 'failed';
  const took = r.finishedAt ? (new Date(r.finishedAt).getTime() - new Date(r.startedAt ?? r.createdAt).getTime()) / 1000 : NaN;
  return (
    <Card>
      <CardHeader
        title={failed ? `Import of ${r.filename} failed` : `Imported ${r.filename}`}
        subtitle={`${plural(r.totalRows, 'row')} in the file${Number.isFinite(took) && took > 0 ? ` · finished in ${formatDuration(took)}` : ''}`}
      />
      <div className="space-y-4 p-4">
        {failed && (
          <Alert tone="error" title="The import stopped before the end">
            {r.error || 'Something went wrong on the server.'} Rows processed before the failure were kept{r.processedRows ? ` (${fmt(r.processedRows)} of ${fmt(r.totalRows)})` : ''}.
          </Alert>
        )}
        <div className="grid grid-cols-2 gap-3 md:grid-cols-4">
          <Stat label="Imported" value={fmt(r.imported)} tone={r.imported ? 'green' : 'neutral'} hint="new leads" />
          <Stat label="Updated" value={fmt(r.updated)} tone={r.updated ? 'brand' : 'neutral'} hint="existing leads" />
          <Stat label="Skipped" value={fmt(r.skipped)} hint="already there" />
          <Stat label="Rejected" value={fmt(r.rejected)} tone={r.rejected ? 'red' : 'neutral'} hint="see the report" />
        </div>
        {r.rejected > 0 && (
          <Alert tone="warning" title={`${plural(r.rejected, 'row was', 'rows were')} not imported`}>
            The report lists each rejected row as it was in your file, with the reason. Fix them and import the report again.
          </Alert>
        )}
        <div className="flex flex-wrap gap-2">
          {r.rejected > 0 && r.hasReport && (
            <a href={r.reportUrl ?? rejectedCsvUrl(r.id)} download className={buttonClass()}>
              <Download aria-hidden className="h-4 w-4" /> Download rejected rows (CSV)
            </a>
          )}
          <Link to="/leads" className={buttonClass({ variant: 'primary' })}>
            <Users aria-hidden className="h-4 w-4" /> View imported leads
          </Link>
          <Link to="/import" className={buttonClass()}>
            <FileUp aria-hidden className="h-4 w-4" /> Import another file
          </Link>
        </div>
      </div>
    </Card>
  );
}

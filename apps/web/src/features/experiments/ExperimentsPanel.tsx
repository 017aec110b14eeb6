import { useEffect, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useQueryClient } from '@tanstack/react-query';
import { BookPlus, FlaskConical, Play, Plus, Square } from 'lucide-react';
import { toast } from 'sonner';
import { EXPERIMENT_STATUS_LABELS, formatPValue, formatRate, type Experiment } from '@flywheel/contracts';
import { hasRole, useMe } from '../../app/session.tsx';
import { Alert, Badge, Button, Card, CardHeader, EmptyState, ProgressBar, Skeleton, Table, Td, Th, cn } from '../../ui/index.ts';
import { experimentsApi, invalidateExperiments, useExperiments } from './api.ts';
import { CreateExperimentModal } from './CreateExperimentModal.tsx';
import { differenceLine, progressLabel, testLine, verdictTone } from './verdict.ts';

const STATUS_TONE = { draft: 'neutral', running: 'brand', completed: 'green', stopped: 'amber' } as const;
const VERDICT_CLASS = {
  green: 'border-green-300 bg-green-50 text-green-900 dark:border-green-800 dark:bg-green-900/30 dark:text-green-200',
  amber: 'border-amber-200 bg-amber-50 text-amber-900 dark:border-amber-800 dark:bg-amber-900/30 dark:text-amber-200',
  neutral: 'border-default bg-panel-2 text-[var(--text)]',
};

/**
 * Experiments: what is being tested, how far along each one is, the per-variant outcome and the
 * significance test behind the verdict; managers stop one early or promote the winner to the playbook.
 */
export function ExperimentsPanel() {
  const list = useExperiments();
  const me = useMe();
  const isManager = hasRole(me.data, 'manager');
  const [creating, setCreating] = useState(false);
  const [params] = useSearchParams();
  const focus = params.get('experiment');

  // a link from a notification or a playbook rule's evidence: bring that experiment into view
  useEffect(() => {
    if (!focus || !list.data) return;
    document.getElementById(`experiment-${focus}`)?.scrollIntoView({ block: 'start', behavior: 'smooth' });
  }, [focus, !!list.data]);

  return (
    <Card data-testid="experiments-panel">
      <CardHeader
        title={<span className="inline-flex items-center gap-1.5"><FlaskConical aria-hidden className="h-4 w-4" /> Experiments</span>}
        subtitle="Variants of what reps say, split across calls; the outcome of each call decides."
        actions={isManager && <Button size="sm" variant="primary" onClick={() => setCreating(true)}><Plus aria-hidden className="h-3.5 w-3.5" /> New experiment</Button>}
      />
      <div className="p-4">
        {list.isLoading && <div className="space-y-3"><Skeleton className="h-40 w-full" /><Skeleton className="h-40 w-full" /></div>}
        {list.isError && <Alert tone="error" title="Could not load the experiments">{list.error.message} <Button size="sm" variant="ghost" onClick={() => void list.refetch()}>Retry</Button></Alert>}
        {list.data && list.data.length === 0 && (
          <EmptyState
            icon={<FlaskConical className="h-8 w-8" />}
            title="No experiments yet"
            action={isManager && <Button variant="primary" onClick={() => setCreating(true)}>Create the first one</Button>}
          >
            Test two openers (or any line of the script) against each other: every call placed from the Dialer gets one variant, and the outcomes you log decide which one works.
          </EmptyState>
        )}
        {list.data && list.data.length > 0 && (
          <div className="space-y-4">
            {list.data.map((e) => <ExperimentCard key={e.id} e={e} canManage={isManager} focused={focus === e.id} />)}
          </div>
        )}
      </div>
      <CreateExperimentModal open={creating} onClose={() => setCreating(false)} />
    </Card>
  );
}

export function ExperimentCard({ e, canManage, focused = false }: { e: Experiment; canManage: boolean; focused?: boolean }) {
  const qc = useQueryClient();
  const [busy, setBusy] = useState<null | 'start' | 'stop' | 'promote'>(null);
  const [confirmStop, setConfirmStop] = useState(false);
  const r = e.result;
  const labelOf = (key: string) => e.variants.find((v) => v.key === key)?.label ?? key;
  const winner = r.winner ? e.variants.find((v) => v.key === r.winner) : null;
  const tone = verdictTone(r);
  const test = testLine(r);
  const diff = differenceLine(r, labelOf);

  async function run(kind: 'start' | 'stop' | 'promote') {
    setBusy(kind);
    try {
      if (kind === 'start') {
        await experimentsApi.start(e.id);
        toast.success(`“${e.name}” is running`);
      } else if (kind === 'stop') {
        const s = await experimentsApi.stop(e.id);
        toast.success(`“${e.name}” stopped`, { description: s.result.verdict });
      } else if (winner) {
        await experimentsApi.promote(e.id, winner.key);
        toast.success(`${winner.label} is now a playbook rule`, { description: 'With this result as its evidence.' });
      }
      await invalidateExperiments(qc);
    } catch (err) {
      toast.error((err as Error).message);
    } finally {
      setBusy(null);
      setConfirmStop(false);
    }
  }

  return (
    <section
      id={`experiment-${e.id}`}
      aria-labelledby={`experiment-${e.id}-title`}
      data-testid="experiment"
      className={cn('scroll-mt-4 rounded-lg border border-default p-3', focused && 'ring-2 ring-brand-500')}
    >
      <div className="flex flex-wrap items-start justify-between gap-2">
        <div className="min-w-0">
          <h3 id={`experiment-${e.id}-title`} className="flex flex-wrap items-center gap-2 text-sm font-semibold">
            {e.name}
            <Badge tone={STATUS_TONE[e.status]}>{EXPERIMENT_STATUS_LABELS[e.status]}</Badge>
            <Badge>{e.subject}</Badge>
          </h3>
          {e.hypothesis && <p className="mt-0.5 text-xs text-muted">{e.hypothesis}</p>}
          <p className="mt-0.5 text-xs text-muted">
            Success: {e.successLabels.join(', ')}
            {(e.targeting.segments.length > 0 || e.targeting.stages.length > 0 || e.targeting.tags.length > 0) &&
              ` · For ${[...e.targeting.segments, ...e.targeting.stages, ...e.targeting.tags.map((t) => `#${t}`)].join(', ')}`}
          </p>
        </div>
        {canManage && (
          <div className="flex items-center gap-2">
            {e.status === 'draft' && <Button size="sm" variant="primary" loading={busy === 'start'} onClick={() => void run('start')}><Play aria-hidden className="h-3.5 w-3.5" /> Start</Button>}
            {(e.status === 'running' || e.status === 'draft') && (
              confirmStop ? (
                <>
                  <span className="text-xs text-muted">Freeze the result now?</span>
                  <Button size="sm" variant="danger" loading={busy === 'stop'} onClick={() => void run('stop')}>Stop</Button>
                  <Button size="sm" variant="ghost" onClick={() => setConfirmStop(false)}>Keep running</Button>
                </>
              ) : (
                <Button size="sm" onClick={() => setConfirmStop(true)}><Square aria-hidden className="h-3.5 w-3.5" /> Stop</Button>
              )
            )}
            {e.canPromote && winner && (
              <Button size="sm" variant="primary" loading={busy === 'promote'} onClick={() => void run('promote')}>
                <BookPlus aria-hidden className="h-3.5 w-3.5" /> Promote {winner.label} to playbook
              </Button>
            )}
            {e.promotedRuleId && <Link to="/playbook" className="text-xs text-brand-600 hover:underline dark:text-brand-100">In the playbook →</Link>}
          </div>
        )}
      </div>

      <div className="mt-3">
        <ProgressBar value={e.progress.withOutcome} max={e.targetCalls} label={progressLabel(e)} />
      </div>

      <div className="mt-3 overflow-x-auto">
        <Table>
          <thead>
            <tr>
              <Th>Variant</Th>
              <Th className="text-right">Calls</Th>
              <Th className="text-right">Successes</Th>
              <Th className="text-right">Rate</Th>
            </tr>
          </thead>
          <tbody>
            {e.variants.map((v) => {
              const o = r.perVariant.find((x) => x.key === v.key);
              const isWinner = r.winner === v.key;
              return (
                <tr key={v.key} className={cn(isWinner && 'bg-green-50 dark:bg-green-900/20')}>
                  <Td>
                    <div className="flex items-center gap-2">
                      <span aria-hidden className="inline-flex h-5 w-5 shrink-0 items-center justify-center rounded-full bg-panel-2 text-xs font-semibold">{v.key}</span>
                      <div className="min-w-0">
                        <div className="font-medium">{v.label}{isWinner && <Badge tone="green" className="ml-1.5">Winner</Badge>}</div>
                        <div className="max-w-md truncate text-xs text-muted" title={v.text}>“{v.text}”</div>
                      </div>
                    </div>
                  </Td>
                  <Td className="text-right tabular-nums">{o?.calls ?? 0}</Td>
                  <Td className="text-right tabular-nums">{o?.successes ?? 0}</Td>
                  <Td className="text-right tabular-nums">
                    <div>{formatRate(o?.rate ?? null)}</div>
                    {o && o.ciLow !== null && o.ciHigh !== null && <div className="text-xs text-muted">{formatRate(o.ciLow)}–{formatRate(o.ciHigh)}</div>}
                  </Td>
                </tr>
              );
            })}
          </tbody>
        </Table>
      </div>

      {e.status === 'draft' ? (
        <p className="mt-3 rounded-md border border-default bg-panel-2 px-3 py-2 text-sm text-muted">Not started: calls get a variant once it is started.</p>
      ) : (
      <div className={cn('mt-3 rounded-md border px-3 py-2 text-sm', VERDICT_CLASS[tone])} data-testid="experiment-verdict">
        <p className="font-semibold">{r.verdict}</p>
        {test && <p className="mt-0.5 text-xs opacity-90">{test}</p>}
        {diff && <p className="text-xs opacity-90">{diff}</p>}
        {r.zTest && r.test !== 'none' && <p className="text-xs opacity-75">Two-proportion z-test: z = {r.zTest.z.toFixed(2)}, {formatPValue(r.zTest.pValue)} (no continuity correction)</p>}
        {r.note && <p className="mt-0.5 text-xs opacity-90">{r.note}</p>}
        {!r.final && r.test !== 'none' && <p className="mt-0.5 text-xs opacity-75">Interim look: the verdict is final when {e.targetCalls} calls have an outcome.</p>}
        {e.status === 'completed' && !r.winner && <p className="mt-0.5 text-xs opacity-75">No winner: keep whichever variant you like, or run a bigger test.</p>}
      </div>
      )}
    </section>
  );
}

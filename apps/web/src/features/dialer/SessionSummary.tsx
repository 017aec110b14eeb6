import { useParams } from 'react-router';
import { ClipboardList, Play, SearchX } from 'lucide-react';
import { ApiError } from '../../app/api.ts';
import { ButtonLink, Card, CardHeader, EmptyState, PageHeader, Skeleton, Stat, exactTime } from '../../ui/index.ts';
import { useSummary } from './api.ts';
import { formatDuration, percent, plural } from './format.ts';

/** End of a session: what was done, talk time from provider data, outcomes, and where to review it. */
export function SessionSummary() {
  const { id = '' } = useParams();
  const s = useSummary(id);
  if (s.isError) {
    const missing = s.error instanceof ApiError && [400, 403, 404].includes(s.error.status);
    return (
      <div className="p-5">
        <Card><EmptyState icon={<SearchX className="h-8 w-8" />} title={missing ? 'Session not found' : 'Could not load the summary'} action={<ButtonLink to="/dialer" variant="primary">Back to the Dialer</ButtonLink>}>{s.error.message}</EmptyState></Card>
      </div>
    );
  }
  const d = s.data;
  const maxCount = Math.max(1, ...(d?.dispositions.map((x) => x.count) ?? [1]));
  return (
    <div className="flex h-full flex-col overflow-hidden">
      <PageHeader
        title={d ? `Session summary — ${d.label}` : 'Session summary'}
        subtitle={d ? `${exactTime(d.startedAt)}${d.endedAt ? ` – ${exactTime(d.endedAt)}` : ' · still running'}` : undefined}
        actions={
          <>
            <ButtonLink to={`/review?session=${id}`}><ClipboardList aria-hidden className="h-4 w-4" /> Review this session</ButtonLink>
            <ButtonLink to="/dialer/new" variant="primary"><Play aria-hidden className="h-4 w-4" /> Start another session</ButtonLink>
          </>
        }
      />
      <div className="flex-1 overflow-auto p-5">
        <div className="mx-auto max-w-4xl space-y-4" aria-busy={s.isLoading}>
          {!d ? (
            <Skeleton className="h-64 w-full" />
          ) : (
            <>
              <div className="grid grid-cols-2 gap-3 sm:grid-cols-4">
                <Stat label="Calls" value={d.calls} hint={`${plural(d.attempts, 'attempt')} logged`} />
                <Stat label="Connects" value={d.connects} hint={`${percent(d.attempts ? d.connects / d.attempts : null)} of attempts`} />
                <Stat label="Decision-makers" value={d.dmReached} />
                <Stat label="Talk time" value={formatDuration(d.talkSeconds) || '0s'} hint={d.durationsPending ? `${plural(d.durationsPending, 'duration')} pending from the provider` : 'from provider records'} />
              </div>
              <div className="grid gap-4 md:grid-cols-2">
                <Card>
                  <CardHeader title="Queue" />
                  <dl className="grid grid-cols-2 gap-y-1 p-4 text-sm">
                    <dt className="text-muted">Leads in the queue</dt><dd className="text-right tabular-nums">{d.items.total}</dd>
                    <dt className="text-muted">Called</dt><dd className="text-right tabular-nums">{d.items.called}</dd>
                    <dt className="text-muted">Skipped</dt><dd className="text-right tabular-nums">{d.items.skipped}</dd>
                    <dt className="text-muted">Left</dt><dd className="text-right tabular-nums">{d.items.pending}</dd>
                  </dl>
                </Card>
                <Card>
                  <CardHeader title="Outcomes" />
                  {d.dispositions.length === 0 ? (
                    <p className="p-4 text-sm text-muted">No outcomes logged.</p>
                  ) : (
                    <ul className="space-y-1.5 p-4" aria-label="Outcomes">
                      {d.dispositions.map((x) => (
                        <li key={x.key} className="grid grid-cols-[9rem_1fr_2rem] items-center gap-2 text-sm">
                          <span className="truncate">{x.label}</span>
                          <span aria-hidden className="h-2 rounded-full bg-brand-500" style={{ width: `${(x.count / maxCount) * 100}%` }} />
                          <span className="text-right tabular-nums">{x.count}</span>
                        </li>
                      ))}
                    </ul>
                  )}
                </Card>
              </div>
            </>
          )}
        </div>
      </div>
    </div>
  );
}

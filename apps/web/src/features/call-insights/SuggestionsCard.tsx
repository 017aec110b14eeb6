import { useState, type KeyboardEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Check, FileWarning, Info, Plus, Quote, RefreshCw, Sparkles } from 'lucide-react';
import { toast } from 'sonner';
import type { ReviewSuggestions } from '@flywheel/contracts';
import { api, ApiError } from '../../app/api.ts';
import { Alert, Badge, Button, Card, CardHeader, EmptyState, Kbd, Skeleton, cn } from '../../ui/index.ts';
import { RUBRIC, clock, providerLabel, span, type Criterion } from './words.ts';

export interface SuggestionsCardProps {
  callSessionId: string;
  onAcceptTags(tags: string[]): void;
  onAcceptScores(scores: Partial<Record<Criterion, number>>): void;
  onUseSnippet(s: { start: number; end: number; text: string }): void;
}

export const suggestionsKey = (callSessionId: string) => ['call-suggestions', callSessionId] as const;
const url = (id: string) => `/api/v1/calls/${id}/suggestions`;

/**
 * AI pre-fill for a review (SPEC §3.4): tags to accept, rubric scores with their rationale,
 * objections and the moments worth keeping as evidence. Nothing is saved here — the reviewer
 * accepts what they agree with and saves the review. Keys when focus is inside the card:
 * A accepts all tags, S applies the scores, R refreshes.
 */
export function SuggestionsCard(props: SuggestionsCardProps) {
  // what was accepted belongs to one call: moving to the next call starts clean
  return <CallSuggestions key={props.callSessionId} {...props} />;
}

function CallSuggestions({ callSessionId, onAcceptTags, onAcceptScores, onUseSnippet }: SuggestionsCardProps) {
  const qc = useQueryClient();
  const q = useQuery({
    queryKey: suggestionsKey(callSessionId),
    queryFn: () => api.get<ReviewSuggestions>(url(callSessionId)),
    // "no transcript yet" and "not found" do not change by retrying
    retry: (n, e) => !(e instanceof ApiError && e.status < 500) && n < 2,
    staleTime: 5 * 60_000,
  });
  const refresh = useMutation({
    mutationFn: () => api.post<ReviewSuggestions>(`${url(callSessionId)}/refresh`),
    onSuccess: (s) => {
      qc.setQueryData(suggestionsKey(callSessionId), s);
      toast.success(s.fallbackReason ? 'Refreshed with the offline analyzer' : 'Suggestions refreshed');
    },
    onError: (e) => toast.error(e instanceof Error ? e.message : 'Could not refresh'),
  });
  const [accepted, setAccepted] = useState<Set<string>>(new Set());
  const [applied, setApplied] = useState(false);
  const [used, setUsed] = useState<Set<number>>(new Set());

  const s = q.data;
  function acceptTags(tags: string[]) {
    if (tags.length === 0) return;
    onAcceptTags(tags);
    setAccepted((prev) => new Set([...prev, ...tags]));
  }
  function applyScores() {
    if (!s) return;
    onAcceptScores(Object.fromEntries(RUBRIC.map(([k]) => [k, s.scores[k].score])) as Record<Criterion, number>);
    setApplied(true);
  }
  function onKeyDown(e: KeyboardEvent<HTMLDivElement>) {
    const target = e.target as HTMLElement;
    if (e.metaKey || e.ctrlKey || e.altKey || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName) || target.isContentEditable) return;
    const k = e.key.toLowerCase();
    const action = k === 'a' && s ? () => acceptTags(s.tags.map((t) => t.tag)) : k === 's' && s ? applyScores : k === 'r' && !refresh.isPending ? () => refresh.mutate() : null;
    if (!action) return;
    e.preventDefault();
    action();
  }

  const header = (
    <CardHeader
      title={<span className="inline-flex items-center gap-1.5"><Sparkles aria-hidden className="h-4 w-4 text-brand-600" /> AI suggestions</span>}
      subtitle={s ? <>Suggested by {providerLabel(s)} · a person decides what is saved</> : 'Tags, scores and moments pre-filled from the transcript'}
      actions={
        <Button size="sm" variant="ghost" onClick={() => refresh.mutate()} loading={refresh.isPending} disabled={q.isLoading} title="Recompute the suggestions (R)" aria-label="Refresh suggestions">
          {!refresh.isPending && <RefreshCw aria-hidden className="h-3.5 w-3.5" />} Refresh
        </Button>
      }
    />
  );

  if (q.isLoading) {
    return (
      <Card aria-busy="true" aria-label="AI suggestions">
        {header}
        <div className="space-y-2 p-4">
          <Skeleton className="h-4 w-3/4" />
          <Skeleton className="h-6 w-1/2" />
          <Skeleton className="h-24 w-full" />
        </div>
      </Card>
    );
  }
  if (q.isError || !s) {
    const e = q.error;
    const noTranscript = e instanceof ApiError && e.status === 409;
    return (
      <Card aria-label="AI suggestions">
        {header}
        <div className="p-4">
          {noTranscript ? (
            <EmptyState icon={<FileWarning aria-hidden className="h-6 w-6" />} title="No transcript yet">
              {e.message.replace(/^No transcript yet: /, '').replace(/^./, (c) => c.toUpperCase())} Suggestions appear once the call is transcribed.
            </EmptyState>
          ) : (
            <Alert tone="error" title="Could not load suggestions">
              {e?.message ?? 'Unknown error.'}{' '}
              <button type="button" className="underline" onClick={() => void q.refetch()}>Try again</button>
            </Alert>
          )}
        </div>
      </Card>
    );
  }

  const notAccepted = s.tags.filter((t) => !accepted.has(t.tag));
  return (
    <Card aria-label="AI suggestions" onKeyDown={onKeyDown}>
      {header}
      <div className="space-y-4 p-4 text-sm">
        {s.fallbackReason && <Alert tone="warning" title="The configured model did not answer">{s.fallbackReason}</Alert>}
        <p>{s.summary}</p>
        {s.metrics && (
          <p className="text-xs text-muted">
            Talk ratio rep {Math.round(s.metrics.talkRatio.rep * 100)}% / prospect {Math.round(s.metrics.talkRatio.prospect * 100)}% · {s.metrics.repQuestions} rep question{s.metrics.repQuestions === 1 ? '' : 's'}
          </p>
        )}

        <section aria-labelledby={`sg-tags-${callSessionId}`}>
          <div className="mb-1.5 flex items-center justify-between gap-2">
            <h3 id={`sg-tags-${callSessionId}`} className="text-xs font-semibold uppercase tracking-wide text-muted">Tags</h3>
            {s.tags.length > 0 && (
              <Button size="sm" onClick={() => acceptTags(s.tags.map((t) => t.tag))} disabled={notAccepted.length === 0} title="Accept all tags (A)">
                {notAccepted.length === 0 ? <><Check aria-hidden className="h-3.5 w-3.5" /> All accepted</> : <>Accept all <Kbd>A</Kbd></>}
              </Button>
            )}
          </div>
          {s.tags.length === 0 ? (
            <p className="text-xs text-muted">No tag stands out in this call.</p>
          ) : (
            <ul className="flex flex-wrap gap-1.5">
              {s.tags.map((t) => {
                const on = accepted.has(t.tag);
                return (
                  <li key={t.tag}>
                    <button
                      type="button"
                      onClick={() => acceptTags([t.tag])}
                      aria-pressed={on}
                      title={`${t.reason}\n${t.evidence.map((e) => `${clock(e.start)} “${e.quote}”`).join('\n')}`}
                      className={cn(
                        'inline-flex items-center gap-1 rounded-full border px-2 py-0.5 text-xs',
                        on ? 'border-brand-600 bg-brand-50 text-brand-700 dark:bg-brand-700/30 dark:text-brand-100' : 'border-default bg-panel-2 hover:border-brand-500',
                      )}
                    >
                      {on ? <Check aria-hidden className="h-3 w-3" /> : <Plus aria-hidden className="h-3 w-3" />}
                      {t.tag}
                    </button>
                  </li>
                );
              })}
            </ul>
          )}
        </section>

        <section aria-labelledby={`sg-scores-${callSessionId}`}>
          <div className="mb-1.5 flex items-center justify-between gap-2">
            <h3 id={`sg-scores-${callSessionId}`} className="text-xs font-semibold uppercase tracking-wide text-muted">Rubric</h3>
            <Button size="sm" onClick={applyScores} title="Copy these scores into the review (S)">
              {applied ? <><Check aria-hidden className="h-3.5 w-3.5" /> Applied</> : <>Apply scores <Kbd>S</Kbd></>}
            </Button>
          </div>
          <dl className="grid grid-cols-1 gap-x-4 gap-y-1 sm:grid-cols-2">
            {RUBRIC.map(([k, label]) => {
              const sc = s.scores[k];
              const tip = `${sc.rationale}${sc.evidence.length ? `\n${sc.evidence.map((e) => `${clock(e.start)} “${e.quote}”`).join('\n')}` : ''}`;
              return (
                <div key={k} className="flex items-center justify-between gap-2 rounded px-1 py-0.5 hover:bg-panel-2" title={tip}>
                  <dt className="flex items-center gap-1">
                    {label}
                    <Info aria-hidden className="h-3 w-3 text-muted" />
                    <span className="sr-only">: {sc.rationale}</span>
                  </dt>
                  <dd className="flex items-center gap-1.5" aria-label={`${label} ${sc.score} of 5`}>
                    <span aria-hidden className="flex gap-0.5">
                      {[1, 2, 3, 4, 5].map((n) => (
                        <span key={n} className={cn('h-2 w-2 rounded-full', n <= sc.score ? (sc.score >= 4 ? 'bg-green-500' : sc.score >= 3 ? 'bg-amber-500' : 'bg-red-500') : 'bg-[var(--border)]')} />
                      ))}
                    </span>
                    <span className="w-3 text-right font-semibold tabular-nums">{sc.score}</span>
                  </dd>
                </div>
              );
            })}
          </dl>
        </section>

        {s.objections.length > 0 && (
          <section aria-labelledby={`sg-obj-${callSessionId}`}>
            <h3 id={`sg-obj-${callSessionId}`} className="mb-1.5 text-xs font-semibold uppercase tracking-wide text-muted">Objections</h3>
            <ul className="space-y-1">
              {s.objections.map((o) => (
                <li key={o.tag} className="flex gap-2">
                  <Badge tone="amber">{o.tag}</Badge>
                  <span className="min-w-0 text-xs text-muted">
                    {o.evidence.slice(0, 2).map((e, i) => (
                      <span key={i} className="mr-2"><span className="tabular-nums">{clock(e.start)}</span> “{e.quote}”</span>
                    ))}
                  </span>
                </li>
              ))}
            </ul>
          </section>
        )}

        <section aria-labelledby={`sg-snip-${callSessionId}`}>
          <h3 id={`sg-snip-${callSessionId}`} className="mb-1.5 text-xs font-semibold uppercase tracking-wide text-muted">Moments worth keeping</h3>
          {s.snippets.length === 0 ? (
            <p className="text-xs text-muted">No quotable moment found.</p>
          ) : (
            <ul className="space-y-2">
              {s.snippets.map((sn, i) => (
                <li key={`${sn.start}-${i}`} className="rounded-md border border-default p-2">
                  <div className="mb-1 flex items-center justify-between gap-2">
                    <span className="text-xs font-medium">{sn.why} <span className="font-normal text-muted tabular-nums">· {span(sn.start, sn.end)}</span></span>
                    <Button
                      size="sm"
                      variant={used.has(i) ? 'ghost' : 'secondary'}
                      onClick={() => {
                        onUseSnippet({ start: sn.start, end: sn.end, text: sn.text });
                        setUsed((u) => new Set(u).add(i));
                      }}
                    >
                      {used.has(i) ? <><Check aria-hidden className="h-3.5 w-3.5" /> Used</> : <><Quote aria-hidden className="h-3.5 w-3.5" /> Use as evidence</>}
                    </Button>
                  </div>
                  <blockquote className="text-xs text-muted">{sn.text}</blockquote>
                </li>
              ))}
            </ul>
          )}
        </section>
      </div>
    </Card>
  );
}

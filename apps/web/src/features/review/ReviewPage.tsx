import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { toast } from 'sonner';
import { ArrowDown, ArrowUp, BookPlus, FlaskConical, ListFilter, Phone, Save, SearchX } from 'lucide-react';
import type { CallReview, ReviewCallDetail, ReviewCallItem, ReviewTopItem } from '@flywheel/contracts';
import { REVIEW_CRITERIA } from '@flywheel/contracts';
import { ApiError } from '../../app/api.ts';
import { Alert, Badge, Button, Card, CardHeader, EmptyState, Kbd, PageHeader, ProgressBar, Skeleton, Spinner, cn } from '../../ui/index.ts';
import { useReviewCall, useReviewCalls, usePatchReview, useReviewTags, useSaveReview, useTop } from './api.ts';
import { FilterBar } from './FilterBar.tsx';
import { clearFilters, readFilters, writeFilters, type ReviewFilters } from './filters.ts';
import { CreateExperimentModal, ExperimentsPanel, PromoteModal, SuggestionsCard } from './integrations.tsx';
import { Player, Transcript, clock, snippetOf, type PlayerHandle } from './Player.tsx';
import { InsightField, NotesFields, ReviewSummary, Rubric, TagInput, draftOf, normTag, type ReviewDraft } from './ReviewForms.tsx';

type Tab = 'quick' | 'deep';

const typing = (t: EventTarget | null) => t instanceof HTMLElement && !!t.closest('input, textarea, select, [contenteditable], dialog[open]');

/** Review: Quick batch (tags, market insight, promote) and Deep dive (rubric, notes, Top 10, experiments). */
export function ReviewPage() {
  const [sp, setSp] = useSearchParams();
  const tab: Tab = sp.get('tab') === 'deep' ? 'deep' : 'quick';
  const f = useMemo(() => readFilters(sp), [sp]);
  const list = useReviewCalls(f);
  const items = list.data?.data ?? [];
  const requested = sp.get('call');
  const currentId = requested ?? items[0]?.call.id ?? null;
  const index = items.findIndex((i) => i.call.id === currentId);
  const startAt = sp.has('t') && Number.isFinite(Number(sp.get('t'))) ? Number(sp.get('t')) : undefined;

  const setParams = (next: URLSearchParams, replace = false) => setSp(next, { replace });
  const go = useCallback((id: string, t?: number) => {
    const next = new URLSearchParams(sp);
    next.set('call', id);
    if (t !== undefined) next.set('t', String(t));
    else next.delete('t');
    setSp(next, { replace: true });
  }, [sp, setSp]);

  const setTab = (t: Tab) => {
    const next = new URLSearchParams(sp);
    next.set('tab', t);
    setParams(next);
  };
  const onFilters = (p: Partial<ReviewFilters>) => setParams(writeFilters(sp, p));
  const onClear = () => setParams(clearFilters(sp));

  const total = list.data?.total ?? 0;
  const reviewed = list.data?.reviewedByMe ?? 0;

  return (
    <div className="flex min-h-full flex-col">
      <PageHeader
        title="Review"
        subtitle="Turn calls into learning: tag and note them, score them, promote what works to the Playbook."
        actions={
          <div className="flex items-center gap-3">
            {list.data && total > 0 && (
              <div className="w-48" data-testid="review-progress">
                <ProgressBar value={reviewed} max={total} label={`${reviewed} of ${total} reviewed`} />
              </div>
            )}
            <div className="flex rounded-md border border-default p-0.5" role="tablist" aria-label="Review mode">
              {(['quick', 'deep'] as const).map((t) => (
                <button
                  key={t}
                  role="tab"
                  aria-selected={tab === t}
                  onClick={() => setTab(t)}
                  className={cn('rounded px-3 py-1 text-sm', tab === t ? 'bg-brand-600 text-white' : 'text-muted hover:bg-panel-2')}
                >
                  {t === 'quick' ? 'Quick batch' : 'Deep dive'}
                </button>
              ))}
            </div>
          </div>
        }
      />
      <FilterBar f={f} onChange={onFilters} onClear={onClear} session={list.data?.session ?? null} />
      {list.isError && <div className="p-5"><Alert tone="error">Could not load the calls: {(list.error as Error).message}</Alert></div>}
      {list.isLoading && (
        <div className="grid gap-4 p-5 lg:grid-cols-[16rem_1fr]">
          <Skeleton className="h-96" />
          <Skeleton className="h-96" />
        </div>
      )}
      {list.data && items.length === 0 && !requested && (
        <div className="p-5">
          <Card>
            <EmptyState
              icon={<SearchX className="h-8 w-8" />}
              title={total === 0 && Object.values(f).every((v) => (Array.isArray(v) ? v.length === 0 : !v)) ? 'No answered calls to review yet' : 'No calls match these filters'}
              action={<Button variant="primary" onClick={onClear}><ListFilter aria-hidden className="h-4 w-4" /> Clear filters</Button>}
            >
              Calls placed from the Dialer appear here once they are answered. Widen the dates, pick “Any outcome”, or clear the filters.
            </EmptyState>
          </Card>
          {tab === 'deep' && <DeepDiveExtras f={f} onPlay={(it) => go(it.call.id, 0)} />}
        </div>
      )}
      {list.data && (items.length > 0 || requested) && (
        <div className="grid flex-1 gap-4 p-5 xl:grid-cols-[17rem_1fr]">
          <CallList items={items} currentId={currentId} onPick={(id) => go(id)} total={total} />
          <div className="min-w-0 space-y-4">
            {currentId ? (
              <CallReviewPane
                key={`${currentId}:${tab}`}
                tab={tab}
                callId={currentId}
                startAt={startAt}
                position={index >= 0 ? { index, count: items.length } : null}
                onNext={() => {
                  const n = items[index + 1] ?? (index < 0 ? items[0] : undefined);
                  if (n) go(n.call.id);
                  else if (total > items.length) toast.info(`That was the newest ${items.length} of ${total} calls: narrow the dates to reach older ones.`);
                  else toast.success('That was the last call of this batch.');
                }}
                onPrev={() => {
                  const p = index > 0 ? items[index - 1] : undefined;
                  if (p) go(p.call.id);
                }}
              />
            ) : null}
            {tab === 'deep' && <DeepDiveExtras f={f} onPlay={(it) => go(it.call.id, 0)} />}
          </div>
        </div>
      )}
    </div>
  );
}

function outcomeOf(i: ReviewCallItem): string {
  if (i.attempt) return i.attempt.dispositionLabel;
  return i.call.answeredAt ? 'Answered · not logged' : i.call.status.replace('_', ' ');
}

function CallList({ items, currentId, onPick, total }: { items: ReviewCallItem[]; currentId: string | null; onPick(id: string): void; total: number }) {
  const ref = useRef<HTMLOListElement>(null);
  useEffect(() => {
    ref.current?.querySelector<HTMLElement>('[aria-current="true"]')?.scrollIntoView?.({ block: 'nearest' });
  }, [currentId]);
  return (
    <Card className="flex max-h-[calc(100vh-12rem)] flex-col overflow-hidden">
      <CardHeader title="Calls" subtitle={total > items.length ? `Newest ${items.length} of ${total}` : `${total} call${total === 1 ? '' : 's'}`} />
      <ol ref={ref} className="flex-1 overflow-y-auto" aria-label="Calls to review" data-testid="review-call-list">
        {items.map((i) => (
          <li key={i.call.id}>
            <button
              type="button"
              aria-current={i.call.id === currentId}
              data-call-id={i.call.id}
              onClick={() => onPick(i.call.id)}
              className={cn('flex w-full flex-col gap-0.5 border-b border-default px-3 py-2 text-left text-sm hover:bg-panel-2', i.call.id === currentId && 'bg-brand-50 dark:bg-brand-700/20')}
            >
              <span className="flex items-center justify-between gap-2">
                <span className="truncate font-medium">{i.lead?.name ?? 'Unknown caller'}</span>
                {i.myReview ? <Badge tone="green">Reviewed</Badge> : i.reviewCount > 0 ? <Badge>{i.reviewCount} review{i.reviewCount > 1 ? 's' : ''}</Badge> : null}
              </span>
              <span className="flex justify-between gap-2 text-xs text-muted">
                <span className="truncate">{outcomeOf(i)}</span>
                <span className="shrink-0 tabular-nums">{clock(i.call.durationSeconds ?? 0)}</span>
              </span>
              <span className="text-xs text-muted">
                {new Date(i.call.startedAt).toLocaleString(undefined, { dateStyle: 'short', timeStyle: 'short' })}{i.rep ? ` · ${i.rep.name}` : ''}
                {i.myReview?.scored ? ` · ${i.myReview.totalScore}/30` : ''}
              </span>
            </button>
          </li>
        ))}
        {items.length === 0 && <li className="p-3 text-sm text-muted">This call is not in the filtered list.</li>}
      </ol>
    </Card>
  );
}

const sameDraft = (a: ReviewDraft, b: ReviewDraft) => JSON.stringify(a) === JSON.stringify(b);

function CallReviewPane({ tab, callId, startAt, position, onNext, onPrev }: {
  tab: Tab;
  callId: string;
  startAt?: number;
  position: { index: number; count: number } | null;
  onNext(): void;
  onPrev(): void;
}) {
  const detail = useReviewCall(callId);
  if (detail.isLoading) return <Card className="p-4"><Skeleton className="mb-3 h-10" /><Skeleton className="h-64" /></Card>;
  if (detail.isError || !detail.data) {
    const missing = detail.error instanceof ApiError && detail.error.status === 404;
    return <Card><EmptyState icon={<SearchX className="h-8 w-8" />} title={missing ? 'Call not found' : 'Could not load the call'}>{(detail.error as Error | null)?.message}</EmptyState></Card>;
  }
  return <Pane tab={tab} d={detail.data} startAt={startAt} position={position} onNext={onNext} onPrev={onPrev} />;
}

function Pane({ tab, d, startAt, position, onNext, onPrev }: {
  tab: Tab;
  d: ReviewCallDetail;
  startAt?: number;
  position: { index: number; count: number } | null;
  onNext(): void;
  onPrev(): void;
}) {
  const mine = d.myReview;
  // a manager may open someone else's review to edit it; otherwise it is the caller's own
  const [editing, setEditing] = useState<CallReview | null>(mine);
  const [draft, setDraft] = useState<ReviewDraft>(() => draftOf(mine));
  const [base, setBase] = useState<ReviewDraft>(() => draftOf(mine));
  const [time, setTime] = useState(startAt ?? 0);
  const [selection, setSelection] = useState<[number, number] | null>(null);
  const [promote, setPromote] = useState<{ start: number; end: number; text: string } | null>(null);
  const [experiment, setExperiment] = useState(false);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const player = useRef<PlayerHandle>(null);
  const tagRef = useRef<HTMLInputElement>(null);
  const insightRef = useRef<HTMLInputElement>(null);
  const tags = useReviewTags();
  const save = useSaveReview();
  const patch = usePatchReview();
  const dirty = !sameDraft(draft, base);
  const saving = save.isPending || patch.isPending;
  const others = d.reviews.filter((r) => r.id !== editing?.id && r.id !== mine?.id);
  const editingOther = editing !== null && mine?.id !== editing.id;

  // play links (Top 10) open the call at a moment and start playing
  useEffect(() => {
    if (startAt !== undefined) {
      const t = setTimeout(() => {
        player.current?.seek(startAt);
        player.current?.play();
      }, 150);
      return () => clearTimeout(t);
    }
  }, [startAt]);

  const update = (p: Partial<ReviewDraft>) => {
    setDraft((x) => ({ ...x, ...p }));
    setErrors({});
    setFormError(null);
  };

  async function persist(): Promise<CallReview | null> {
    setErrors({});
    setFormError(null);
    const body = { tags: draft.tags, marketInsight: draft.marketInsight, scores: draft.scores, whatWorked: draft.whatWorked, whatFailed: draft.whatFailed, coachingNotes: draft.coachingNotes, reviewType: tab };
    try {
      const saved = editingOther && editing
        ? await patch.mutateAsync({ id: editing.id, body })
        : await save.mutateAsync({ callSessionId: d.call.id, body });
      setEditing(saved);
      const next = draftOf(saved);
      setDraft(next);
      setBase(next);
      return saved;
    } catch (e) {
      if (e instanceof ApiError) {
        setErrors(e.fields);
        setFormError(e.message);
      } else setFormError((e as Error).message);
      return null;
    }
  }

  async function saveNow() {
    const r = await persist();
    if (r) toast.success(tab === 'deep' ? (r.scored ? `Saved · total ${r.totalScore}/30` : 'Saved · score all six for a total') : 'Review saved');
  }

  async function next() {
    if (dirty && !(await persist())) return;
    onNext();
  }
  async function prev() {
    if (dirty && !(await persist())) return;
    onPrev();
  }

  const snippetNow = () => {
    const s = snippetOf(d.transcript, selection);
    if (s) return s;
    const at = player.current?.time() ?? time;
    const i = d.transcript.findIndex((t) => at >= t.start && at < t.end);
    const line = d.transcript[i >= 0 ? i : 0];
    return line ? snippetOf(d.transcript, [d.transcript.indexOf(line), d.transcript.indexOf(line)])! : { start: Math.floor(at), end: Math.floor(at) + 5, text: '' };
  };
  async function openPromote(s?: { start: number; end: number; text: string }) {
    if (dirty) await persist();
    setPromote(s ?? snippetNow());
  }

  // the keyboard flow
  const keys = useRef<(e: KeyboardEvent) => void>(() => undefined);
  keys.current = (e: KeyboardEvent) => {
    // a key something else handled (the AI card's A/S/R while it has focus) is not ours
    if (e.defaultPrevented || typing(e.target) || e.metaKey || e.ctrlKey || e.altKey || promote || experiment) return;
    const k = e.key;
    if (k === ' ') {
      e.preventDefault();
      player.current?.toggle();
    } else if (k === 'ArrowLeft') {
      e.preventDefault();
      player.current?.seekBy(-5);
    } else if (k === 'ArrowRight') {
      e.preventDefault();
      player.current?.seekBy(5);
    } else if (k === 'j' || k === 'n') {
      void next();
    } else if (k === 'k') {
      void prev();
    } else if (k === 's') {
      e.preventDefault();
      void saveNow();
    } else if (k === 'p') {
      e.preventDefault();
      void openPromote();
    } else if (k === 't' && tab === 'quick') {
      e.preventDefault();
      tagRef.current?.focus();
    } else if (k === 'i' && tab === 'quick') {
      e.preventDefault();
      insightRef.current?.focus();
    } else if (k === 'Escape') {
      setSelection(null);
    }
  };
  useEffect(() => {
    const h = (e: KeyboardEvent) => keys.current(e);
    window.addEventListener('keydown', h);
    return () => window.removeEventListener('keydown', h);
  }, []);

  const lead = d.lead;
  const suggestions = (
    <SuggestionsCard
      callSessionId={d.call.id}
      onAcceptTags={(t) => update({ tags: [...new Set([...draft.tags, ...t.map(normTag).filter(Boolean)])].slice(0, 20) })}
      onAcceptScores={(sc) => update({ scores: { ...draft.scores, ...Object.fromEntries(Object.entries(sc).filter(([k, v]) => (REVIEW_CRITERIA as readonly string[]).includes(k) && typeof v === 'number')) } })}
      onUseSnippet={(sn) => void openPromote(sn)}
    />
  );

  const canEdit = editing ? editing.canEdit : true;
  const readOnly = !canEdit;
  const snippet = snippetOf(d.transcript, selection);

  return (
    <div className="grid gap-4 2xl:grid-cols-[1fr_22rem]" data-testid="review-pane" data-call-id={d.call.id}>
      <Card className="min-w-0">
        <div className="flex flex-wrap items-start justify-between gap-2 border-b border-default px-4 py-2.5">
          <div className="min-w-0">
            <h2 className="truncate text-sm font-semibold" data-testid="review-call-title">
              {lead ? <Link to={`/leads/${lead.id}`} className="hover:underline">{lead.name}</Link> : 'Unknown caller'}
              {lead?.segment && <span className="ml-2 text-xs font-normal text-muted">{lead.segment}</span>}
            </h2>
            <p className="text-xs text-muted">
              <Phone aria-hidden className="mr-1 inline h-3 w-3" />
              {new Date(d.call.startedAt).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' })} · {clock(d.call.durationSeconds ?? 0)}
              {d.rep ? ` · ${d.rep.name}` : ''} · {d.attempt ? d.attempt.dispositionLabel : 'no outcome logged'}
              {d.attempt?.objectionTags.length ? ` · objections: ${d.attempt.objectionTags.join(', ')}` : ''}
            </p>
          </div>
          <div className="flex items-center gap-1">
            {position && <span className="mr-1 text-xs tabular-nums text-muted" data-testid="review-position">Call {position.index + 1} of {position.count}</span>}
            <Button size="sm" variant="ghost" onClick={() => void prev()} disabled={!position || position.index === 0} title="Previous call (K)" aria-label="Previous call"><ArrowUp aria-hidden className="h-3.5 w-3.5" /></Button>
            <Button size="sm" variant="ghost" onClick={() => void next()} title="Next call (J or N) — saves first" aria-label="Next call"><ArrowDown aria-hidden className="h-3.5 w-3.5" /></Button>
          </div>
        </div>
        <div className="space-y-3 p-4">
          <Player ref={player} src={d.recordingUrl} durationHint={d.call.durationSeconds} startAt={startAt} onTime={setTime} unavailable={d.call.recordingStatus === 'pending' ? 'The recording is on its way from the provider.' : 'No recording for this call.'} />
          {d.attempt?.notes && <p className="rounded-md bg-panel-2 px-3 py-2 text-sm"><span className="text-xs text-muted">Rep’s notes: </span>{d.attempt.notes}</p>}
          <Transcript turns={d.transcript} time={time} selection={selection} onSelect={setSelection} onSeek={(t) => player.current?.seek(t)} status={d.call.transcriptStatus} />
          <div className="flex flex-wrap items-center justify-between gap-2 text-xs text-muted">
            <span>{snippet ? `Selected ${clock(snippet.start)}–${clock(snippet.end)} · P promotes it` : 'Click a line to jump there · Shift-click or drag to select lines'}</span>
            <Button size="sm" onClick={() => void openPromote()} title="Promote to playbook (P)"><BookPlus aria-hidden className="h-3.5 w-3.5" /> Promote to playbook</Button>
          </div>
          {d.summary && <p className="text-sm text-muted"><span className="font-medium text-[var(--text)]">Summary: </span>{d.summary}</p>}
          {tab === 'deep' && suggestions}
        </div>
      </Card>

      <div className="space-y-4">
        <Card>
          <CardHeader
            title={editingOther ? `${editing?.authorName ?? 'Someone'}’s review` : tab === 'quick' ? 'Your quick review' : 'Your deep dive'}
            subtitle={readOnly ? 'Read-only: only its author or a manager can change it.' : dirty ? 'Unsaved changes (S saves, next call saves too)' : editing ? `Saved ${new Date(editing.updatedAt).toLocaleTimeString(undefined, { timeStyle: 'short' })}` : 'Not reviewed yet'}
          />
          <div className="space-y-3 p-4">
            {formError && <Alert tone="error">{formError}</Alert>}
            {tab === 'quick' ? (
              <>
                <TagInput tags={draft.tags} onChange={(t) => update({ tags: t })} suggestions={tags.data?.data ?? []} inputRef={tagRef} disabled={readOnly} error={errors.tags} />
                <InsightField value={draft.marketInsight} onChange={(v) => update({ marketInsight: v })} inputRef={insightRef} disabled={readOnly} error={errors.marketInsight} />
              </>
            ) : (
              <>
                <Rubric scores={draft.scores} onChange={(s) => update({ scores: s })} disabled={readOnly} errors={errors} />
                <div className="flex items-center justify-between rounded-md bg-panel-2 px-3 py-2 text-sm" data-testid="review-total">
                  <span className="text-muted">Total</span>
                  {editing && !dirty ? (
                    <span className="font-semibold tabular-nums">{editing.scored ? `${editing.totalScore} / 30` : `${editing.totalScore} / 30 · ${REVIEW_CRITERIA.filter((c) => editing.scores[c] === null).length} to score`}</span>
                  ) : (
                    <span className="text-xs text-muted">computed when saved</span>
                  )}
                </div>
                <NotesFields d={draft} onChange={update} disabled={readOnly} errors={errors} />
              </>
            )}
            {!readOnly && (
              <div className="flex flex-wrap items-center gap-2">
                <Button variant="primary" onClick={() => void saveNow()} loading={saving} disabled={!dirty && !!editing}><Save aria-hidden className="h-3.5 w-3.5" /> Save <Kbd>S</Kbd></Button>
                <Button onClick={() => void next()} disabled={saving}>{dirty ? 'Save & next' : 'Next'} <Kbd>J</Kbd></Button>
                {tab === 'deep' && (
                  <Button
                    variant="ghost"
                    onClick={() => setExperiment(true)}
                    disabled={!editing}
                    title={editing ? 'Create an experiment from this review' : 'Save the review first'}
                  >
                    <FlaskConical aria-hidden className="h-3.5 w-3.5" /> Create experiment
                  </Button>
                )}
              </div>
            )}
            {saving && <span className="sr-only"><Spinner /></span>}
          </div>
        </Card>
        {tab === 'quick' && suggestions}
        {others.length > 0 && (
          <Card>
            <CardHeader title="Other reviews" subtitle={`${others.length} by teammates`} />
            <div className="space-y-2 p-3">
              {others.map((r) => (
                <div key={r.id}>
                  <ReviewSummary r={r} />
                  {r.canEdit && (
                    <Button size="sm" variant="ghost" className="mt-1" onClick={() => { setEditing(r); setDraft(draftOf(r)); setBase(draftOf(r)); }}>Edit as manager</Button>
                  )}
                </div>
              ))}
            </div>
          </Card>
        )}
        <ShortcutHelp tab={tab} />
      </div>

      {promote && (
        <PromoteModal
          open
          onClose={() => setPromote(null)}
          callSessionId={d.call.id}
          reviewId={editing?.id ?? mine?.id ?? undefined}
          snippet={promote}
          defaults={{ ...(draft.marketInsight ? { title: draft.marketInsight.slice(0, 200) } : {}), ...(lead?.segment ? { segments: [lead.segment] } : {}) }}
          onPromoted={() => {
            setPromote(null);
            setSelection(null);
          }}
        />
      )}
      {experiment && (
        <CreateExperimentModal
          open
          onClose={() => setExperiment(false)}
          sourceReviewId={editing?.id}
          defaults={experimentDefaults(lead?.name ?? null, draft)}
        />
      )}
    </div>
  );
}

/** What an experiment created from this review starts with (no undefined keys: they would override the modal's own defaults). */
function experimentDefaults(leadName: string | null, d: ReviewDraft): { name: string; hypothesis?: string } {
  const hypothesis = [d.whatFailed && `What failed: ${d.whatFailed}`, d.coachingNotes && `Try: ${d.coachingNotes}`, d.marketInsight].filter(Boolean).join('\n');
  return { name: leadName ? `From the review of ${leadName}` : 'From a call review', ...(hypothesis ? { hypothesis: hypothesis.slice(0, 2000) } : {}) };
}

function ShortcutHelp({ tab }: { tab: Tab }) {
  const rows: [string, string][] = [
    ['Space', 'play / pause'],
    ['← →', 'seek 5 s'],
    ['J / N', 'save & next call'],
    ['K', 'previous call'],
    ['S', 'save'],
    ['P', 'promote to playbook'],
    ...(tab === 'quick' ? ([['T', 'add a tag'], ['I', 'market insight']] as [string, string][]) : ([['1–5', 'score the focused criterion'], ['↑ ↓', 'next / previous criterion']] as [string, string][])),
  ];
  return (
    <div className="rounded-lg border border-dashed border-default px-3 py-2 text-xs text-muted" aria-label="Keyboard shortcuts">
      {rows.map(([k, v]) => (
        <span key={k} className="mr-3 inline-flex items-center gap-1 whitespace-nowrap"><Kbd>{k}</Kbd> {v}</span>
      ))}
    </div>
  );
}

function TopList({ title, items, onPlay, empty }: { title: string; items: ReviewTopItem[]; onPlay(i: ReviewTopItem): void; empty: string }) {
  return (
    <Card>
      <CardHeader title={title} />
      {items.length === 0 ? (
        <p className="p-4 text-sm text-muted">{empty}</p>
      ) : (
        <ol className="divide-y divide-[var(--border)]" aria-label={title}>
          {items.map((i, n) => (
            <li key={i.review.id} className="flex items-center gap-3 px-4 py-2 text-sm">
              <span className="w-5 text-xs tabular-nums text-muted">{n + 1}</span>
              <span className="w-12 font-semibold tabular-nums">{i.review.totalScore}/30</span>
              <span className="min-w-0 flex-1 truncate">
                {i.lead?.name ?? 'Unknown caller'}
                <span className="ml-2 text-xs text-muted">{new Date(i.call.startedAt).toLocaleDateString()}{i.rep ? ` · ${i.rep.name}` : ''}</span>
              </span>
              <Link
                to={i.playUrl}
                onClick={(e) => {
                  e.preventDefault();
                  onPlay(i);
                }}
                className="text-xs font-medium text-brand-700 hover:underline dark:text-brand-100"
                aria-label={`Play the call with ${i.lead?.name ?? 'unknown caller'}`}
              >
                ▶ Play
              </Link>
            </li>
          ))}
        </ol>
      )}
    </Card>
  );
}

function DeepDiveExtras({ f, onPlay }: { f: ReviewFilters; onPlay(i: ReviewTopItem): void }) {
  const top = useTop(f);
  return (
    <div className="space-y-4">
      {top.isError && <Alert tone="error">Could not load Top 10: {(top.error as Error).message}</Alert>}
      {top.isLoading && <Skeleton className="h-40" />}
      {top.data && (
        <div className="grid gap-4 lg:grid-cols-2">
          <TopList title="Top 10 best" items={top.data.best} onPlay={onPlay} empty="Score all six criteria of a call to rank it here." />
          <TopList title="Top 10 worst" items={top.data.worst} onPlay={onPlay} empty="Nothing scored yet." />
        </div>
      )}
      <ExperimentsPanel />
    </div>
  );
}

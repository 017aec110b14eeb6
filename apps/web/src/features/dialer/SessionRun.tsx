import { useCallback, useEffect, useRef, useState } from 'react';
import { Link, Navigate, useNavigate, useParams } from 'react-router';
import { useQueryClient } from '@tanstack/react-query';
import { ArrowLeft, CheckCircle2, HelpCircle, ListX, SearchX, SkipForward, Square } from 'lucide-react';
import { toast } from 'sonner';
import { ApiError } from '../../app/api.ts';
import { useRealtime } from '../../app/realtime.ts';
import { Alert, Badge, Button, ButtonLink, Card, EmptyState, Kbd, ProgressBar, Skeleton, Spinner } from '../../ui/index.ts';
import { dialerKeys, invalidateTasks, sessionApi, useDialerSettings, useDialSession, useDispositions, useItemContext } from './api.ts';
import { AutoAdvanceBar, useAutoAdvance } from './AutoAdvance.tsx';
import { CallPanel, type CallCommands } from './CallPanel.tsx';
import { DispositionPanel, type DispositionCommands } from './DispositionPanel.tsx';
import { LeadHeader, LeadSide, ScriptCard } from './LeadContext.tsx';
import { ItemExperimentBadge } from '../experiments/index.ts';
import { CallPrepPanel } from '../playbook/CallPrepPanel.tsx';
import { QueueSidebar } from './QueueSidebar.tsx';
import { RunShortcuts, SkipPanel } from './SkipPanel.tsx';
import { DIALER_EVENT, type DialItem, type DialSession, type DispositionOut, type LogDispositionResponse } from './types.ts';

/** The run screen of a dial session (`/dialer/sessions/:id`). */
export function SessionRun() {
  const { id = '' } = useParams();
  const session = useDialSession(id);
  if (session.isLoading) return <div className="flex h-full items-center justify-center" aria-busy="true"><Spinner /></div>;
  if (session.isError || !session.data) {
    const missing = session.error instanceof ApiError && [400, 403, 404].includes(session.error.status);
    return (
      <div className="p-5">
        <Card>
          <EmptyState icon={<SearchX className="h-8 w-8" />} title={missing ? 'Session not found' : 'Could not load this session'} action={<ButtonLink to="/dialer" variant="primary">Back to the Dialer</ButtonLink>}>
            {missing ? 'This dial session does not exist or belongs to someone else.' : session.error?.message}
          </EmptyState>
        </Card>
      </div>
    );
  }
  if (session.data.status === 'ended') return <Navigate to={`/dialer/sessions/${id}/summary`} replace />;
  return <Run session={session.data} />;
}

const isTyping = (t: EventTarget | null) => t instanceof HTMLElement && !!t.closest('input, textarea, select, [contenteditable="true"]');

function Run({ session }: { session: DialSession }) {
  const qc = useQueryClient();
  const navigate = useNavigate();
  // the item on screen: pinned after logging (until "next") or when picked in the queue
  const [picked, setPicked] = useState<string | null>(null);
  const [logged, setLogged] = useState<{ itemId: string; next: string | null } | null>(null);
  const [skipping, setSkipping] = useState(false);
  const [skipBusy, setSkipBusy] = useState(false);
  const [help, setHelp] = useState(false);
  const [ending, setEnding] = useState(false);
  const viewing = picked ?? session.currentItemId;
  const item = session.items.find((i) => i.id === viewing) ?? null;
  const ctx = useItemContext(session.id, viewing);
  const dispositions = useDispositions();
  const settings = useDialerSettings();
  const callCmd = useRef<CallCommands>({});
  const dispCmd = useRef<DispositionCommands>({});

  const refresh = useCallback(async () => {
    invalidateTasks(qc);
    await Promise.all([qc.invalidateQueries({ queryKey: dialerKeys.session(session.id) }), qc.invalidateQueries({ queryKey: ['dialer', 'item', session.id] })]);
  }, [qc, session.id]);

  function advance() {
    setSkipping(false);
    setPicked(logged?.next ?? null);
    setLogged(null);
  }
  const auto = useAutoAdvance(settings.data?.autoAdvanceSeconds ?? 5, advance);

  useRealtime(
    DIALER_EVENT.itemInserted,
    useCallback(
      (p: unknown) => {
        if (p && typeof p === 'object' && 'sessionId' in p && p.sessionId !== session.id) return;
        toast.info('Callback due — inserted next in your queue');
        void qc.invalidateQueries({ queryKey: dialerKeys.session(session.id) });
      },
      [qc, session.id],
    ),
  );

  function onLogged(r: LogDispositionResponse, d: DispositionOut) {
    toast.success(`Logged: ${d.label}`, { description: r.effects.length ? r.effects.join(' · ') : undefined });
    if (item) setPicked(item.id);
    setLogged({ itemId: item?.id ?? '', next: r.nextItemId });
    void refresh();
    auto.start();
  }

  async function skip(reason: string) {
    if (!item) return;
    setSkipBusy(true);
    try {
      const r = await sessionApi.skip(session.id, item.id, reason);
      toast.success(`Skipped ${item.leadName}`);
      await refresh();
      setSkipping(false);
      setPicked(r.nextItemId);
    } catch (e) {
      toast.error(e instanceof Error ? e.message : 'Not skipped');
    } finally {
      setSkipBusy(false);
    }
  }

  async function end() {
    setEnding(true);
    try {
      await sessionApi.end(session.id);
      invalidateTasks(qc);
      await qc.invalidateQueries({ queryKey: dialerKeys.session(session.id) });
      navigate(`/dialer/sessions/${session.id}/summary`);
    } catch (e) {
      toast.error(e instanceof Error ? e.message : 'The session did not end');
      setEnding(false);
    }
  }

  const pending = item?.status === 'pending' && logged?.itemId !== item.id;
  const done = !!item && !pending;

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.metaKey || e.ctrlKey || e.altKey || help || isTyping(e.target)) return;
      if (document.querySelector('dialog[open]')) return;
      const k = e.key;
      if (k === '?') setHelp(true);
      else if (k === 'c' && pending) callCmd.current.call?.();
      else if (k === 'n' && pending) {
        e.preventDefault();
        dispCmd.current.focusNotes?.();
      } else if (k === 's' && pending) {
        e.preventDefault(); // the reason field takes focus; the "s" must not land in it
        setSkipping(true);
      } else if ((k === 'ArrowRight' || k === 'Enter') && done) {
        if (k === 'Enter' && e.target instanceof HTMLElement && e.target.closest('button, a')) return;
        e.preventDefault();
        auto.reset();
        advance();
      } else if (/^[0-9a-z]$/.test(k) && pending && !skipping) {
        // disposition hotkeys are digits by default; a workspace may use letters (c, n and s are taken above)
        if (dispCmd.current.choose?.(k)) e.preventDefault();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [help, pending, done, skipping, advance, auto]);

  const c = session.counts;
  return (
    <div className="flex h-full flex-col overflow-hidden dark:[color-scheme:dark]">
      <header className="flex flex-wrap items-center justify-between gap-3 border-b border-default bg-panel px-4 py-2">
        <div className="flex min-w-0 items-center gap-3">
          <Link to="/dialer" className="inline-flex items-center gap-1 text-xs text-muted hover:text-[var(--text)]"><ArrowLeft aria-hidden className="h-3 w-3" /> Dialer</Link>
          <h1 className="truncate text-base font-semibold">{session.label}</h1>
          <Badge>{session.callVia === 'tel' ? 'Phone app (tel:)' : 'Softphone'}</Badge>
        </div>
        <div className="w-56"><ProgressBar value={c.called + c.skipped} max={c.total} label={`${c.called + c.skipped} of ${c.total} done`} /></div>
        <div className="flex items-center gap-2">
          <Button size="sm" variant="ghost" onClick={() => setHelp(true)} aria-label="Keyboard shortcuts"><HelpCircle aria-hidden className="h-4 w-4" /> <Kbd>?</Kbd></Button>
          <Button size="sm" variant="danger" onClick={() => void end()} loading={ending}><Square aria-hidden className="h-3.5 w-3.5" /> End session</Button>
        </div>
      </header>
      <div className="flex min-h-0 flex-1">
        <QueueSidebar session={session} viewing={viewing} onPick={(iid) => { auto.reset(); setLogged(null); setSkipping(false); setPicked(iid); }} />
        <div className="min-w-0 flex-1 overflow-auto">
          {c.total === 0 ? (
            <EmptyState icon={<ListX className="h-8 w-8" />} title="Nothing to call in this session" action={<div className="flex gap-2"><Button onClick={() => void end()}>End session</Button><ButtonLink to="/dialer/new" variant="primary">Choose another mode</ButtonLink></div>}>
              No lead matched this mode and its filters when the session started.
            </EmptyState>
          ) : !item ? (
            <EmptyState icon={<CheckCircle2 className="h-8 w-8 text-green-600" />} title="Session finished" action={<Button variant="primary" onClick={() => void end()} loading={ending}>End session and see the summary</Button>}>
              Every lead in the queue was called or skipped.
            </EmptyState>
          ) : (
            <div className="grid items-start gap-4 p-4 xl:grid-cols-[minmax(0,1fr)_20rem]">
              <div className="space-y-3">
                {ctx.data && ctx.data.item.id === item.id ? <LeadHeader ctx={ctx.data} /> : <Skeleton className="h-12 w-2/3" />}
                {ctx.isError && <Alert tone="error">{ctx.error.message}</Alert>}
                <CallPanel
                  key={item.id}
                  sessionId={session.id}
                  item={item}
                  callVia={session.callVia}
                  calls={ctx.data?.item.id === item.id ? ctx.data.calls : []}
                  commands={callCmd}
                  disabled={!pending || !!ctx.data?.lead.dnc || !!ctx.data?.lead.badNumber}
                />
                {/* experiments (issue 5): the variant this call was given, above the script */}
                <ItemExperimentBadge itemId={item.id} calls={ctx.data?.item.id === item.id ? ctx.data.calls : []} />
                <AutoAdvanceBar state={auto.state} hasNext={!!logged?.next} onStay={auto.stop} onNext={() => { auto.reset(); advance(); }} />
                {pending && skipping && <SkipPanel busy={skipBusy} onCancel={() => setSkipping(false)} onSkip={(r) => void skip(r)} />}
                {pending && !skipping && (
                  dispositions.data ? (
                    <>
                      <DispositionPanel key={item.id} sessionId={session.id} item={item} dispositions={dispositions.data} onLogged={onLogged} commands={dispCmd} leadZone={ctx.data?.item.id === item.id ? ctx.data.lead.timezone : null} />
                      <div className="flex justify-end"><Button size="sm" variant="ghost" onClick={() => setSkipping(true)}><SkipForward aria-hidden className="h-3.5 w-3.5" /> Skip <Kbd>s</Kbd></Button></div>
                    </>
                  ) : dispositions.isError ? <Alert tone="error">{dispositions.error.message}</Alert> : <Skeleton className="h-40 w-full" />
                )}
                {!pending && logged?.itemId !== item.id && <ItemOutcome item={item} onNext={() => setPicked(null)} />}
                {ctx.data && ctx.data.item.id === item.id && <ScriptCard ctx={ctx.data} />}
              </div>
              <div className="space-y-4">
                <CallPrepPanel leadId={item.leadId} callSessionId={ctx.data?.item.id === item.id ? latestCallId(ctx.data.calls) : null} />
                {ctx.data && ctx.data.item.id === item.id ? <LeadSide ctx={ctx.data} /> : <Skeleton className="h-96 w-full" />}
              </div>
            </div>
          )}
        </div>
      </div>
      <RunShortcuts open={help} onClose={() => setHelp(false)} />
    </div>
  );
}

/** The item's latest call (call prep ties the rules it shows to it). */
const latestCallId = (calls: { id: string; startedAt: string }[]) => calls.reduce<{ id: string; startedAt: string } | null>((a, c) => (!a || c.startedAt > a.startedAt ? c : a), null)?.id ?? null;

/** A called or skipped item looked at again from the queue. */
function ItemOutcome({ item, onNext }: { item: DialItem; onNext: () => void }) {
  return (
    <Alert tone="info" title={item.status === 'skipped' ? 'Skipped' : 'Called'}>
      <div className="flex flex-wrap items-center justify-between gap-2">
        <span>{item.status === 'skipped' ? `Reason: ${item.skipReason ?? '—'}` : `Outcome: ${item.dispositionKey?.replace(/_/g, ' ') ?? 'logged'}`}</span>
        <Button size="sm" onClick={onNext}>Go to the next lead</Button>
      </div>
    </Alert>
  );
}

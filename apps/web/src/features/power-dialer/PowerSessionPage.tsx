import { useEffect, useRef, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { useQueryClient } from '@tanstack/react-query';
import { Coffee, Headphones, Pause, Play, Settings2, Square } from 'lucide-react';
import { toast } from 'sonner';
import type { PowerSessionState } from '@flywheel/contracts';
import { Alert, Badge, Button, Card, CardHeader, EmptyState, Kbd, Modal, PageHeader, Skeleton } from '../../ui/index.ts';
import { dialerKeys, invalidateTasks, useDialSession, useDispositions, useItemContext } from '../dialer/api.ts';
import { DispositionPanel, type DispositionCommands } from '../dialer/DispositionPanel.tsx';
import { LeadHeader, LeadSide, ScriptCard } from '../dialer/LeadContext.tsx';
import { percent } from '../dialer/format.ts';
import type { DispositionOut, LogDispositionResponse } from '../dialer/types.ts';
import { powerApi, powerKeys, usePowerSession } from './api.ts';
import { LineList, NextUp, PowerStats, RecentLines, ReportSpamButton, useNow } from './PowerParts.tsx';
import { PowerConfigFields, type PowerConfigDraft } from './PowerConfigFields.tsx';
import { CallAudio } from '../voice/CallAudio.tsx';
import { CallPrepPanel } from '../playbook/CallPrepPanel.tsx';
import { ExperimentVariantBadge } from '../experiments/ExperimentVariantBadge.tsx';

/** The power session, live: lines, the connected lead, the inline disposition, stats and controls. */
export function PowerSessionPage() {
  const { id = '' } = useParams();
  const q = usePowerSession(id);
  if (q.isLoading) return <div className="space-y-3 p-5"><Skeleton className="h-10 w-64" /><Skeleton className="h-40 w-full" /></div>;
  if (q.isError || !q.data) return <div className="p-5"><Alert tone="error" title="Power session not available">{q.error?.message ?? 'Not found.'}</Alert></div>;
  return <Live s={q.data} />;
}

function Live({ s }: { s: PowerSessionState }) {
  const qc = useQueryClient();
  const navigate = useNavigate();
  const now = useNow();
  const [busy, setBusy] = useState<string | null>(null);
  const [configOpen, setConfigOpen] = useState(false);
  const me = s.me;
  const mine = me?.state === 'talking' || me?.state === 'wrap_up' ? s.currentItemId : null;
  const dial = useDialSession(s.id);
  const ctx = useItemContext(s.id, mine);
  const dispositions = useDispositions();
  const dispCmd = useRef<DispositionCommands>({});
  const item = dial.data?.items.find((i) => i.id === mine) ?? null;
  const ended = s.status === 'ended';

  async function act(name: string, fn: () => Promise<PowerSessionState>, done?: string) {
    setBusy(name);
    try {
      const next = await fn();
      qc.setQueryData(powerKeys.session(s.id), next);
      if (done) toast.success(done);
    } catch (e) {
      toast.error(e instanceof Error ? e.message : 'That did not work');
    } finally {
      setBusy(null);
    }
  }

  // keyboard: P pauses/resumes; digits choose an outcome while wrapping up (the panel's hotkeys)
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const el = e.target as HTMLElement | null;
      if (el && (el.tagName === 'INPUT' || el.tagName === 'TEXTAREA' || el.tagName === 'SELECT' || el.isContentEditable)) return;
      if (e.metaKey || e.ctrlKey || e.altKey) return;
      if (me?.state === 'wrap_up' && /^[0-9]$/.test(e.key) && dispCmd.current.choose?.(e.key)) {
        e.preventDefault();
        return;
      }
      if ((e.key === 'p' || e.key === 'P') && !ended) {
        e.preventDefault();
        void act('toggle', () => (s.status === 'paused' ? powerApi.resume(s.id) : powerApi.pause(s.id)));
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });

  async function onLogged(r: LogDispositionResponse, d: DispositionOut) {
    toast.success(`Logged: ${d.label}`, { description: r.effects.length ? r.effects.join(' · ') : undefined });
    invalidateTasks(qc);
    void qc.invalidateQueries({ queryKey: dialerKeys.session(s.id) });
    await act('ready', () => powerApi.ready(s.id));
  }

  async function end() {
    await act('end', () => powerApi.end(s.id), 'Session ended');
    navigate(`/dialer/sessions/${s.id}/summary`);
  }

  const abandonTone = s.stats.abandonRate30d > s.stats.abandonCap ? 'red' : s.stats.abandonRate30d > s.stats.abandonCap * 0.66 ? 'amber' : 'green';
  return (
    <div className="flex h-full flex-col overflow-hidden">
      <PageHeader
        title={s.name}
        subtitle={`${s.shared ? 'Shared campaign' : 'Power session'} · ${s.config.linesPerRep} ${s.config.linesPerRep === 1 ? 'line' : 'lines'} · ${s.config.pacing === 'adaptive' && s.config.linesPerRep > 1 ? 'adaptive pacing' : 'fixed'} · up to ${s.config.maxAttempts} attempts`}
        actions={
        <div className="flex flex-wrap items-center gap-2">
          <Badge tone={ended ? 'neutral' : s.status === 'paused' ? 'amber' : 'green'} className="text-sm" >{ended ? 'Ended' : s.status === 'paused' ? 'Paused' : 'Dialing'}</Badge>
          {!ended && (
            <>
              {s.status === 'paused'
                ? <Button variant="primary" onClick={() => void act('toggle', () => powerApi.resume(s.id))} loading={busy === 'toggle'}><Play aria-hidden className="h-4 w-4" /> Resume <Kbd>P</Kbd></Button>
                : <Button onClick={() => void act('toggle', () => powerApi.pause(s.id))} loading={busy === 'toggle'}><Pause aria-hidden className="h-4 w-4" /> Pause <Kbd>P</Kbd></Button>}
              {me?.state === 'paused'
                ? <Button onClick={() => void act('ready', () => powerApi.ready(s.id))} loading={busy === 'ready'}><Headphones aria-hidden className="h-4 w-4" /> I'm back</Button>
                : me?.state === 'available' && <Button onClick={() => void act('break', () => powerApi.takeBreak(s.id))} loading={busy === 'break'}><Coffee aria-hidden className="h-4 w-4" /> Break</Button>}
              <Button onClick={() => setConfigOpen(true)} aria-label="Configuration"><Settings2 aria-hidden className="h-4 w-4" /></Button>
              <Button variant="danger" onClick={() => void end()} loading={busy === 'end'}><Square aria-hidden className="h-4 w-4" /> End</Button>
            </>
          )}
          {ended && <Link className="text-sm text-brand-600 underline" to={`/dialer/sessions/${s.id}/summary`}>Summary</Link>}
        </div>
        }
      />
      <div className="flex-1 overflow-auto p-5">
        <div className="mx-auto max-w-6xl space-y-4">
          <PowerStats s={s} abandonTone={abandonTone} />
          {s.stats.pacingReason && <p className="text-xs text-muted" data-testid="pacing-reason">Pacing: {s.stats.pacingReason}</p>}
          <div className="grid gap-4 lg:grid-cols-[minmax(0,1fr)_minmax(0,1.4fr)]">
            <div className="space-y-4">
              <Card>
                <CardHeader title="Lines" subtitle={s.lines.length ? undefined : ended ? 'Session ended.' : s.status === 'paused' ? 'Paused: no new calls.' : me?.state === 'talking' ? 'Lines wait while you talk.' : 'Placing calls…'} />
                <LineList lines={s.lines} now={now} />
              </Card>
              <NextUp next={s.next} />
              <RecentLines lines={s.recent} />
            </div>
            <div className="space-y-4">
              {me?.state === 'talking' && ctx.data && (
                <Card>
                  <div className="space-y-3 p-4">
                    <LeadHeader ctx={ctx.data} />
                    {me.callSessionId && <ReportSpamButton sessionId={s.id} callSessionId={me.callSessionId} />}
                    <CallAudio callSessionId={me.callSessionId} since={me.since} now={now} />
                    <ExperimentVariantBadge callSessionId={me.callSessionId} />
                  </div>
                </Card>
              )}
              {me?.state === 'wrap_up' && item && dispositions.data && (
                <Card>
                  <CardHeader title={`Log the call with ${item.leadName}`} subtitle="Digits pick an outcome; you get the next call once it is logged." />
                  <div className="p-4">
                    <DispositionPanel key={item.id} sessionId={s.id} item={item} dispositions={dispositions.data} onLogged={(r, d) => void onLogged(r, d)} commands={dispCmd} leadZone={ctx.data?.lead.timezone} />
                  </div>
                </Card>
              )}
              {me?.state === 'wrap_up' && item?.status === 'called' && (
                <Button variant="primary" onClick={() => void act('ready', () => powerApi.ready(s.id))}>Ready for the next call</Button>
              )}
              {(me?.state === 'available' || me?.state === 'paused' || !me) && (
                <Card>
                  <EmptyState icon={<Headphones aria-hidden className="h-6 w-6 text-muted" />} title={ended ? 'This session has ended' : me?.state === 'paused' ? 'On a break' : s.status === 'paused' ? 'Paused' : 'Waiting for someone to answer'}>
                    {ended ? 'See the summary for what happened.' : 'The first person who answers is connected to you here; voicemails and no-answers are handled for you.'}
                  </EmptyState>
                </Card>
              )}
              {mine && ctx.data && <CallPrepPanel leadId={ctx.data.lead.id} callSessionId={me?.callSessionId ?? null} compact />}
              {mine && ctx.data && <ScriptCard ctx={ctx.data} />}
              {mine && ctx.data && <LeadSide ctx={ctx.data} />}
            </div>
          </div>
        </div>
      </div>
      {configOpen && <ConfigModal s={s} onClose={() => setConfigOpen(false)} />}
      <span className="sr-only" aria-live="polite">{me?.state === 'talking' ? 'Connected' : ''}</span>
      <span hidden data-testid="abandon-rate">{percent(s.stats.abandonRate30d)}</span>
    </div>
  );
}

function ConfigModal({ s, onClose }: { s: PowerSessionState; onClose: () => void }) {
  const qc = useQueryClient();
  const [draft, setDraft] = useState<PowerConfigDraft>({ ...s.config });
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  async function save() {
    setSaving(true);
    setError(null);
    try {
      qc.setQueryData(powerKeys.session(s.id), await powerApi.config(s.id, draft));
      toast.success('Configuration saved');
      onClose();
    } catch (e) {
      setError(e instanceof Error ? e.message : 'Not saved');
      setSaving(false);
    }
  }
  return (
    <Modal open title="Power session configuration" onClose={onClose}>
      <div className="space-y-3">
        <PowerConfigFields value={draft} onChange={setDraft} />
        {error && <Alert tone="error">{error}</Alert>}
        <div className="flex justify-end gap-2">
          <Button onClick={onClose}>Cancel</Button>
          <Button variant="primary" onClick={() => void save()} loading={saving}>Save</Button>
        </div>
      </div>
    </Modal>
  );
}


import { useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { useQueryClient } from '@tanstack/react-query';
import { Pencil, Phone, PhoneCall, Play } from 'lucide-react';
import { toast } from 'sonner';
import { Alert, Button, ButtonLink, Card, CardHeader, Input, PageHeader, ProgressBar, Skeleton, Stat } from '../../ui/index.ts';
import { useLead } from '../leads/api.ts';
import { dialerKeys, sessionApi, setDailyTarget, useDialerHome } from './api.ts';
import { CallbacksDue } from './CallbacksDue.tsx';
import { PowerSessionsCard } from '../power-dialer/PowerSessionsCard.tsx';
import { formatDuration, percent } from './format.ts';
import { TaskQueue } from './TaskQueue.tsx';
import type { DialerHome as Home } from './types.ts';

/** Dialer home: today's figures and pace, follow-up health, callbacks due and the task queue. */
export function DialerHome() {
  const home = useDialerHome();
  const [params] = useSearchParams();
  const leadId = params.get('lead');
  return (
    <div className="flex h-full flex-col overflow-hidden">
      <PageHeader title="Dialer" subtitle="What am I doing right now?" actions={<ButtonLink to="/dialer/new" variant="primary"><Play aria-hidden className="h-4 w-4" /> Start a session</ButtonLink>} />
      <div className="flex-1 overflow-auto p-5">
        <div className="mx-auto max-w-6xl space-y-4">
          {home.data?.activeSession && (
            <Alert tone="info" title="You have a session in progress">
              <div className="flex flex-wrap items-center justify-between gap-2">
                <span>{home.data.activeSession.label} — {home.data.activeSession.remaining} left in the queue.</span>
                <ButtonLink to={`/dialer/sessions/${home.data.activeSession.id}`} size="sm" variant="primary">Resume session</ButtonLink>
              </div>
            </Alert>
          )}
          {home.isError && <Alert tone="error" title="Could not load today's figures">{home.error.message}</Alert>}
          {leadId && <LeadFocus leadId={leadId} />}
          <div className="grid items-start gap-4 lg:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
            <div className="space-y-4">
              {home.data ? <Today home={home.data} /> : <Skeleton className="h-48 w-full" />}
              <TaskQueueForLead leadId={leadId} />
            </div>
            <div className="space-y-4">
              {home.data ? <FollowUpHealth f={home.data.followUps} /> : <Skeleton className="h-28 w-full" />}
              <CallbacksDue callbacks={home.data?.callbacksDue ?? null} />
              <PowerSessionsCard />
            </div>
          </div>
        </div>
      </div>
    </div>
  );
}

function TaskQueueForLead({ leadId }: { leadId: string | null }) {
  return leadId ? <LeadTaskQueue leadId={leadId} /> : <TaskQueue />;
}

function LeadTaskQueue({ leadId }: { leadId: string }) {
  const lead = useLead(leadId);
  return <TaskQueue key={leadId} leadId={leadId} leadName={lead.data?.name ?? null} />;
}

/** Opened from a lead ("Open in Dialer"): its tasks, and a one-lead session to call it now. */
function LeadFocus({ leadId }: { leadId: string }) {
  const lead = useLead(leadId);
  const navigate = useNavigate();
  const [busy, setBusy] = useState(false);
  async function callNow() {
    setBusy(true);
    try {
      const s = await sessionApi.start({ mode: 'custom', custom: { leadIds: [leadId] }, callVia: 'provider' });
      navigate(`/dialer/sessions/${s.id}`);
    } catch (e) {
      toast.error(e instanceof Error ? e.message : 'Could not start the session');
      setBusy(false);
    }
  }
  return (
    <Card className="flex flex-wrap items-center justify-between gap-3 px-4 py-3">
      <div className="flex items-center gap-2 text-sm">
        <Phone aria-hidden className="h-4 w-4 text-muted" />
        {lead.isLoading ? <Skeleton className="h-4 w-40" /> : <span>Showing the tasks of <strong>{lead.data?.name ?? 'this lead'}</strong>.</span>}
      </div>
      <Button variant="primary" onClick={() => void callNow()} loading={busy} disabled={lead.isError}><PhoneCall aria-hidden className="h-4 w-4" /> Call this lead now</Button>
    </Card>
  );
}

const PACE: Record<Home['today']['pace']['status'], { label: string; tone: 'neutral' | 'green' | 'amber' | 'brand' }> = {
  not_started: { label: 'Not started', tone: 'neutral' },
  behind: { label: 'Behind', tone: 'amber' },
  on_track: { label: 'On track', tone: 'green' },
  done: { label: 'Target reached', tone: 'brand' },
};

function Today({ home }: { home: Home }) {
  const t = home.today;
  const pace = PACE[t.pace.status];
  return (
    <Card>
      <CardHeader title="Today" subtitle="Logged attempts and provider-reported talk time — never call clicks." actions={<TargetEditor target={t.target} />} />
      <div className="space-y-4 p-4">
        <div data-testid="attempts-today">
          <ProgressBar value={t.attempts} max={t.target} label={`${t.attempts} of ${t.target} attempts`} />
        </div>
        <div className="grid grid-cols-2 gap-3 sm:grid-cols-3">
          <Stat
            label="Pace"
            value={pace.label}
            tone={pace.tone}
            hint={t.pace.neededPerHour !== null && t.pace.status !== 'done' ? `${Math.ceil(t.pace.neededPerHour)}/hour needed · ${t.pace.expectedByNow} expected by now` : `${t.pace.expectedByNow} expected by now`}
          />
          <Stat label="Connects" value={t.connects} hint={`${percent(t.connectRate)} connect rate`} />
          <Stat label="DM rate" value={percent(t.dmRate)} hint={`${t.dmReached} decision-makers reached`} />
          <Stat label="Meetings" value={t.meetings} />
          <Stat label="Talk time" value={formatDuration(t.talkSeconds) || '0s'} hint="from provider records" />
          <Stat label="Attempts" value={t.attempts} hint={`target ${t.target}`} />
        </div>
      </div>
    </Card>
  );
}

function TargetEditor({ target }: { target: number }) {
  const qc = useQueryClient();
  const [editing, setEditing] = useState(false);
  const [value, setValue] = useState(String(target));
  async function save() {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 1 || n > 1000) return toast.error('The daily target is a whole number from 1 to 1000.');
    try {
      await setDailyTarget(n);
      void qc.invalidateQueries({ queryKey: dialerKeys.home });
      setEditing(false);
      toast.success(`Daily target: ${n} attempts`);
    } catch (e) {
      toast.error(e instanceof Error ? e.message : 'Target not saved');
    }
  }
  if (!editing) {
    return <Button size="sm" variant="ghost" onClick={() => { setValue(String(target)); setEditing(true); }}><Pencil aria-hidden className="h-3.5 w-3.5" /> Target {target}</Button>;
  }
  return (
    <form className="flex items-center gap-1" onSubmit={(e) => { e.preventDefault(); void save(); }}>
      <label htmlFor="daily-target" className="text-xs text-muted">Daily target</label>
      <Input id="daily-target" type="number" min={1} max={1000} autoFocus value={value} onChange={(e) => setValue(e.target.value)} className="!h-7 !w-20" onKeyDown={(e) => e.key === 'Escape' && setEditing(false)} />
      <Button size="sm" type="submit" variant="primary">Save</Button>
    </form>
  );
}

function FollowUpHealth({ f }: { f: Home['followUps'] }) {
  return (
    <Card>
      <CardHeader title="Follow-up health" />
      <div className="grid grid-cols-3 gap-2 p-3">
        <Stat label="Overdue" value={f.overdue} tone={f.overdue > 0 ? 'red' : 'neutral'} />
        <Stat label="Due today" value={f.dueToday} tone={f.dueToday > 0 ? 'amber' : 'neutral'} />
        <Stat label="Upcoming" value={f.upcoming} />
      </div>
    </Card>
  );
}

import { useState } from 'react';
import { Link } from 'react-router';
import { toast } from 'sonner';
import { api } from '../../app/api.ts';
import type { PowerLine, PowerSessionState } from '@flywheel/contracts';
import { POWER_LINE_STATE_LABELS, POWER_OUTCOME_LABELS } from '@flywheel/contracts/power-dialer-constants';
import { Badge, Card, CardHeader, Stat } from '../../ui/index.ts';
import { formatDuration, percent } from '../dialer/format.ts';
import { formatPhone } from '../leads/format.ts';

/** A clock for the line timers: re-renders every second. */
export { useNow } from '../../app/useNow.ts';

const LINE_TONES: Record<PowerLine['state'], 'neutral' | 'brand' | 'green' | 'amber' | 'red'> = {
  dialing: 'neutral', ringing: 'brand', amd: 'amber', bridged: 'green', voicemail: 'neutral', safe_harbor: 'red', ended: 'neutral',
};
const OUTCOME_TONES: Partial<Record<NonNullable<PowerLine['outcome']>, 'green' | 'red' | 'amber' | 'neutral'>> = { bridged: 'green', abandoned: 'red', bad_number: 'red', failed: 'red', voicemail_dropped: 'amber' };

export function LineList({ lines, now }: { lines: PowerLine[]; now: number }) {
  if (lines.length === 0) return <p className="px-4 pb-4 text-sm text-muted">No line is ringing.</p>;
  return (
    <ul className="divide-y divide-default" aria-label="Lines" data-testid="lines">
      {lines.map((l, i) => {
        const since = l.answeredAt ?? l.placedAt;
        const secs = Math.max(0, Math.round((now - new Date(since).getTime()) / 1000));
        return (
          <li key={l.callSessionId} className="flex items-center justify-between gap-3 px-4 py-2.5" data-testid="line" data-state={l.state}>
            <div className="min-w-0">
              <div className="flex items-center gap-2 text-sm font-medium"><span className="text-xs text-muted">L{i + 1}</span> <Link to={`/leads/${l.leadId}`} className="truncate hover:underline">{l.leadName}</Link></div>
              <div className="text-xs text-muted">{formatPhone(l.phone)} · attempt {l.attemptNo}</div>
            </div>
            <div className="flex shrink-0 items-center gap-2">
              <span className="text-xs tabular-nums text-muted">{formatDuration(secs)}</span>
              <Badge tone={LINE_TONES[l.state]}>{POWER_LINE_STATE_LABELS[l.state]}</Badge>
            </div>
          </li>
        );
      })}
    </ul>
  );
}

export function RecentLines({ lines }: { lines: PowerLine[] }) {
  if (lines.length === 0) return null;
  return (
    <Card>
      <CardHeader title="Just now" />
      <ul className="divide-y divide-default text-sm" data-testid="recent">
        {lines.map((l) => (
          <li key={l.callSessionId} className="flex items-center justify-between gap-2 px-4 py-2">
            <Link to={`/leads/${l.leadId}`} className="truncate hover:underline">{l.leadName}</Link>
            {l.outcome && <Badge tone={OUTCOME_TONES[l.outcome] ?? 'neutral'}>{POWER_OUTCOME_LABELS[l.outcome]}</Badge>}
          </li>
        ))}
      </ul>
    </Card>
  );
}

export function NextUp({ next }: { next: PowerSessionState['next'] }) {
  return (
    <Card>
      <CardHeader title="Next up" />
      {next.length === 0 ? <p className="px-4 pb-4 text-sm text-muted">Nobody left to dial in this queue.</p> : (
        <ol className="divide-y divide-default text-sm" data-testid="next-up">
          {next.map((n) => (
            <li key={n.itemId} className="flex items-center justify-between gap-2 px-4 py-2">
              <span className="min-w-0"><span className="block truncate font-medium">{n.leadName}</span><span className="block truncate text-xs text-muted">{n.reason}</span></span>
              {n.redial && <Badge tone="amber">Redial · {n.attempts} tried</Badge>}
            </li>
          ))}
        </ol>
      )}
    </Card>
  );
}

export function PowerStats({ s, abandonTone }: { s: PowerSessionState; abandonTone: 'red' | 'amber' | 'green' }) {
  const st = s.stats;
  return (
    <div className="grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-6" data-testid="power-stats">
      <Stat label="Calls" value={st.calls} hint={`${st.callsPerHour}/hour`} />
      <Stat label="Connects" value={st.connects} hint={`${percent(st.connectRate)} connect rate`} />
      <Stat label="Talk time" value={formatDuration(st.talkSeconds)} />
      <Stat label="Voicemails" value={st.voicemails} />
      <Stat label="Abandonment" value={percent(st.abandonRate30d)} tone={abandonTone} hint={`${st.abandoned30d} of ${st.liveAnswered30d} answered · cap ${percent(st.abandonCap)}`} />
      <Stat label="Queue" value={st.queue.queued + st.queue.redial} hint={`${st.queue.redial} redials · ${st.queue.exhausted} exhausted`} />
    </div>
  );
}

/** "They say our number shows as spam": one click counts it on that caller id (Settings → Numbers weighs it). */
export function ReportSpamButton({ sessionId, callSessionId }: { sessionId: string; callSessionId: string }) {
  const [state, setState] = useState<'idle' | 'busy' | 'done'>('idle');
  async function report() {
    setState('busy');
    try {
      const r = await api.post<{ number: string; spamReportsByReps: number }>(`/api/v1/power-sessions/${sessionId}/lines/${callSessionId}/report-spam`);
      toast.success(`Reported ${formatPhone(r.number)} as labelled spam`, { description: `${r.spamReportsByReps} ${r.spamReportsByReps === 1 ? 'report' : 'reports'} by reps on this number` });
      setState('done');
    } catch (e) {
      toast.error(e instanceof Error ? e.message : 'Not reported');
      setState('idle');
    }
  }
  return (
    <button type="button" disabled={state !== 'idle'} onClick={() => void report()} className="text-xs text-muted underline-offset-2 hover:text-[var(--text)] hover:underline disabled:no-underline disabled:opacity-60">
      {state === 'done' ? 'Reported: our number shows as spam' : 'They see our number as spam?'}
    </button>
  );
}

import { CallAudio } from '../voice/CallAudio.tsx';
import { useEffect, useRef, useState, type MutableRefObject } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { Check, Mic, Phone, PhoneOff } from 'lucide-react';
import { toast } from 'sonner';
import { Badge, Button, Checkbox, Kbd, buttonClass, cn } from '../../ui/index.ts';
import { formatPhone } from '../leads/format.ts';
import { dialerKeys, isCallOpen, sessionApi, useCall } from './api.ts';
import { formatDuration } from './format.ts';
import { CALL_STATUS_LABELS, type CallSession, type CallVia, type DialItem } from './types.ts';

const STEPS = ['initiated', 'ringing', 'in_progress', 'completed'] as const;

export interface CallCommands {
  call?: () => void;
}

/**
 * Places the call and shows what the provider reports about it. There is no clock here: status
 * comes from provider events, the duration from the provider once the call is over (SPEC §1.2).
 */
export function CallPanel({ sessionId, item, callVia, calls, commands, disabled }: { sessionId: string; item: DialItem; callVia: CallVia; calls: CallSession[]; commands: MutableRefObject<CallCommands>; disabled: boolean }) {
  const qc = useQueryClient();
  const [record, setRecord] = useState(false);
  const [placing, setPlacing] = useState(false);
  const [placed, setPlaced] = useState<CallSession | null>(null);
  const latest = placed ?? [...calls].sort((a, b) => b.startedAt.localeCompare(a.startedAt))[0] ?? null;
  const call = useCall(latest?.id ?? null, latest ?? undefined);
  const current = call.data ?? latest;
  const open = isCallOpen(current);
  const telRef = useRef<HTMLAnchorElement>(null);
  const phone = item.phone;

  async function place() {
    if (!phone || placing || open || disabled) return;
    setPlacing(true);
    try {
      const r = await sessionApi.call(sessionId, item.id, { record });
      setPlaced(r.callSession);
      qc.setQueryData(dialerKeys.call(r.callSession.id), r.callSession);
    } catch (e) {
      toast.error(e instanceof Error ? e.message : 'The call could not be placed');
    } finally {
      setPlacing(false);
    }
  }

  async function hangup(id: string) {
    try {
      qc.setQueryData(dialerKeys.call(id), await sessionApi.hangup(id));
    } catch (e) {
      toast.error(e instanceof Error ? e.message : 'Could not hang up');
    }
  }

  // `c` places the call; for tel: it clicks the anchor, so the phone app opens exactly as with the mouse
  useEffect(() => {
    commands.current.call = () => (callVia === 'tel' ? telRef.current?.click() : void place());
  });

  const canCall = !!phone && !open && !disabled;
  return (
    <section aria-label="Call" className="rounded-lg border border-default bg-panel p-4">
      <div className="flex flex-wrap items-center gap-3">
        {callVia === 'tel' ? (
          <a
            ref={telRef}
            href={phone ? `tel:${phone}` : undefined}
            aria-disabled={!canCall || undefined}
            onClick={(e) => {
              if (!canCall) {
                e.preventDefault();
                return;
              }
              void place();
            }}
            className={buttonClass({ variant: 'primary', className: cn('!h-10 !px-5 !text-base', !canCall && 'pointer-events-none opacity-50') })}
          >
            <Phone aria-hidden className="h-4 w-4" /> Call {phone ? formatPhone(phone) : ''} <Kbd>c</Kbd>
          </a>
        ) : (
          <Button variant="primary" className="!h-10 !px-5 !text-base" onClick={() => void place()} disabled={!canCall} loading={placing}>
            <Phone aria-hidden className="h-4 w-4" /> Call {phone ? formatPhone(phone) : ''} <Kbd>c</Kbd>
          </Button>
        )}
        {open && callVia === 'provider' && current && (
          <Button variant="danger" onClick={() => void hangup(current.id)}><PhoneOff aria-hidden className="h-4 w-4" /> Hang up</Button>
        )}
        <label className="flex items-center gap-1.5 text-sm">
          <Checkbox checked={record} onChange={(e) => setRecord(e.target.checked)} disabled={open} />
          <Mic aria-hidden className="h-3.5 w-3.5 text-muted" /> Record
        </label>
        {!phone && <span className="flex items-center gap-1 text-sm text-muted"><PhoneOff aria-hidden className="h-4 w-4" /> No phone number for this lead.</span>}
        {callVia === 'tel' && <span className="text-xs text-muted">Opens your phone app; its provider reports the call.</span>}
      </div>
      {current && <CallStatus call={current} />}
      {open && callVia === 'provider' && current?.status === 'in_progress' && <LiveAudio call={current} />}
    </section>
  );
}

/**
 * The browser's side of the connected call: the Twilio Voice device (state, mute) or the sandbox's
 * simulated device. Nothing here ticks: the Dialer shows no client-side clock or time-driven text
 * (durations come from the provider); live captions belong to the power dialer's page.
 */
function LiveAudio({ call }: { call: CallSession }) {
  return <div className="mt-3"><CallAudio callSessionId={call.id} since={call.answeredAt ?? call.startedAt} now={0} showHangup={false} showTimer={false} showCaptions={false} /></div>;
}

function CallStatus({ call }: { call: CallSession }) {
  const reached = STEPS.indexOf(call.status === 'completed' ? 'completed' : call.status === 'in_progress' ? 'in_progress' : call.status === 'ringing' ? 'ringing' : 'initiated');
  const failed = !STEPS.some((s) => s === call.status);
  return (
    <div className="mt-3 space-y-2" data-testid="call-status">
      <ol aria-label="Call progress" className="flex flex-wrap items-center gap-1 text-xs">
        {STEPS.map((s, i) => (
          <li key={s} className="flex items-center gap-1">
            {i > 0 && <span aria-hidden className="h-px w-5 bg-[var(--border)]" />}
            <span
              aria-current={s === call.status ? 'step' : undefined}
              className={cn('inline-flex items-center gap-1 rounded-full border px-2 py-0.5', s === call.status ? 'border-brand-600 bg-brand-50 font-semibold text-brand-700 dark:bg-brand-700/30 dark:text-brand-100' : i < reached ? 'border-default text-[var(--text)]' : 'border-default text-muted')}
            >
              {i < reached && <Check aria-hidden className="h-3 w-3" />}
              {CALL_STATUS_LABELS[s]}
            </span>
          </li>
        ))}
        {failed && <li><Badge tone="red">{CALL_STATUS_LABELS[call.status]}</Badge></li>}
      </ol>
      <p role="status" aria-live="polite" className="text-sm">
        <span className="font-medium" data-testid="call-status-label">{CALL_STATUS_LABELS[call.status]}</span>
        {call.amdResult && <span className="text-muted"> · answered by {call.amdResult.replace(/_/g, ' ')}</span>}
      </p>
      {!isCallOpen(call) && <CallAftermath call={call} />}
    </div>
  );
}

/** What the provider delivers after the call: duration, recording, transcript — "pending" until then. */
export function CallAftermath({ call }: { call: CallSession }) {
  return (
    <div className="flex flex-wrap gap-2 text-xs" data-testid="call-aftermath">
      <Badge tone={call.durationSeconds === null ? 'amber' : 'neutral'}>{call.durationSeconds === null ? 'Duration pending' : `Duration ${formatDuration(call.durationSeconds)}`}</Badge>
      {call.recordingStatus && <Badge tone={call.recordingStatus === 'completed' ? 'green' : call.recordingStatus === 'pending' || call.recordingStatus === 'in_progress' ? 'amber' : 'neutral'}>{recordingLabel(call.recordingStatus)}</Badge>}
      {call.transcriptStatus && <Badge tone={call.transcriptStatus === 'completed' ? 'green' : call.transcriptStatus === 'pending' ? 'amber' : 'neutral'}>{transcriptLabel(call.transcriptStatus)}</Badge>}
      {call.recordingUrl && call.recordingStatus === 'completed' && <audio controls preload="none" src={call.recordingUrl} className="h-7" aria-label="Recording" />}
    </div>
  );
}

export function recordingLabel(s: NonNullable<CallSession['recordingStatus']>): string {
  switch (s) {
    case 'pending':
    case 'in_progress':
      return 'Recording pending';
    case 'completed':
      return 'Recording ready';
    case 'absent':
      return 'No recording';
    case 'failed':
      return 'Recording failed';
  }
}

export function transcriptLabel(s: NonNullable<CallSession['transcriptStatus']>): string {
  switch (s) {
    case 'pending':
      return 'Transcript pending';
    case 'completed':
      return 'Transcript ready';
    case 'absent':
      return 'No transcript';
    case 'failed':
      return 'Transcript failed';
  }
}

import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Captions, Mic, MicOff, PhoneOff } from 'lucide-react';
import { toast } from 'sonner';
import type { CallCaptions } from '@flywheel/contracts';
import { api } from '../../app/api.ts';
import { Alert, Button, cn } from '../../ui/index.ts';
import { sessionApi } from '../dialer/api.ts';
import { formatDuration } from '../dialer/format.ts';
import { useVoice } from './VoiceProvider.tsx';

const CAPTIONS_KEY = 'flywheel.captions';

/**
 * The rep's side of a connected call: a Twilio Voice device in the browser when the workspace calls
 * live (state, mute, hang up), or in sandbox mode a simulated device with the same controls and
 * the sample conversation as captions, so the whole flow can be exercised without an account.
 */
export function CallAudio({ callSessionId, since, now, showHangup = true, showTimer = true, showCaptions = true }: {
  callSessionId: string | null; since: string; now: number;
  showHangup?: boolean;
  /** The Dialer shows no client-side clock (durations come from the provider); the power dialer does. */
  showTimer?: boolean;
  showCaptions?: boolean;
}) {
  const voice = useVoice();
  const [hanging, setHanging] = useState(false);
  const secs = Math.max(0, Math.round((now - (voice.since ?? new Date(since).getTime())) / 1000));
  const live = voice.state !== 'sandbox' && voice.state !== 'loading';
  async function hangup() {
    if (!callSessionId) return;
    setHanging(true);
    try {
      await sessionApi.hangup(callSessionId);
      voice.hangup();
    } catch (e) {
      toast.error(e instanceof Error ? e.message : 'Not hung up');
    } finally {
      setHanging(false);
    }
  }
  return (
    <div className="space-y-2">
      <div className="flex items-center justify-between gap-3 rounded-md border border-green-600/40 bg-green-50 px-3 py-2 dark:bg-green-900/20" data-testid="connected">
        <div className="text-sm">
          <span className="font-semibold text-green-800 dark:text-green-300">Connected</span>{showTimer && <> <span className="tabular-nums">{formatDuration(secs)}</span></>}
          <span className="block text-xs text-muted" data-testid="audio-device">{deviceLine(voice.state, voice.muted)}</span>
        </div>
        <div className="flex items-center gap-2">
          {live && voice.state === 'on-call' && (
            <Button size="sm" aria-pressed={voice.muted} onClick={() => voice.toggleMute()} title="Mute (M)">
              {voice.muted ? <MicOff aria-hidden className="h-4 w-4" /> : <Mic aria-hidden className="h-4 w-4" />} {voice.muted ? 'Unmute' : 'Mute'}
            </Button>
          )}
          {callSessionId && showHangup && (
            <Button variant="danger" loading={hanging} onClick={() => void hangup()}>
              <PhoneOff aria-hidden className="h-4 w-4" /> Hang up
            </Button>
          )}
        </div>
      </div>
      {live && voice.message && <Alert tone={voice.state === 'error' || voice.state === 'unavailable' ? 'error' : 'warning'}>{voice.message}</Alert>}
      {showCaptions && voice.state === 'sandbox' && callSessionId && <SandboxCaptions callSessionId={callSessionId} now={now} />}
    </div>
  );
}

function deviceLine(state: ReturnType<typeof useVoice>['state'], muted: boolean): string {
  switch (state) {
    case 'sandbox': return 'Sandbox audio (simulated device): no microphone needed.';
    case 'loading': return 'Starting browser audio…';
    case 'registering': return 'Browser audio: connecting to Twilio…';
    case 'ready': return 'Browser audio ready: the call rings through here.';
    case 'on-call': return muted ? 'Browser audio · you are muted' : 'Browser audio · live';
    case 'unavailable': return 'Browser audio unavailable.';
    case 'error': return 'Browser audio failed.';
  }
}

/** The sample conversation the sandbox carrier plays, line by line as the call goes on. */
function SandboxCaptions({ callSessionId, now }: { callSessionId: string; now: number }) {
  const [on, setOn] = useState(() => localStorage.getItem(CAPTIONS_KEY) !== 'off');
  const q = useQuery({
    queryKey: ['calls', callSessionId, 'captions'],
    queryFn: () => api.get<CallCaptions>(`/api/v1/calls/${callSessionId}/captions`),
    staleTime: Infinity,
    retry: false,
  });
  function toggle() {
    localStorage.setItem(CAPTIONS_KEY, on ? 'off' : 'on');
    setOn(!on);
  }
  const answeredAt = q.data?.answeredAt ? new Date(q.data.answeredAt).getTime() : null;
  const elapsed = answeredAt === null ? 0 : (now - answeredAt) / 1000;
  const said = (q.data?.turns ?? []).filter((t) => t.start <= elapsed);
  const shown = said.slice(-3);
  return (
    <div className="rounded-md border border-default bg-panel-2 px-3 py-2 text-sm" aria-label="Captions">
      <div className="flex items-center justify-between">
        <span className="inline-flex items-center gap-1 text-xs font-semibold uppercase tracking-wide text-muted"><Captions aria-hidden className="h-3.5 w-3.5" /> Captions (sandbox sample)</span>
        <button type="button" className="text-xs text-brand-700 hover:underline dark:text-brand-300" onClick={toggle} aria-pressed={on}>{on ? 'Hide' : 'Show'}</button>
      </div>
      {on && (
        <div aria-live="polite" className="mt-1 space-y-0.5" data-testid="captions">
          {q.isError && <p className="text-xs text-muted">{q.error instanceof Error ? q.error.message : 'No captions.'}</p>}
          {q.data && q.data.turns.length === 0 && <p className="text-xs text-muted">No conversation on this call.</p>}
          {q.data && q.data.turns.length > 0 && shown.length === 0 && <p className="text-xs text-muted">Listening…</p>}
          {shown.map((t, i) => (
            <p key={`${t.start}-${i}`} className={cn(i === shown.length - 1 ? 'text-default' : 'text-muted')}>
              <span className="font-semibold">{t.speaker === 'rep' ? 'You' : t.speaker === 'prospect' ? 'Prospect' : 'Speaker'}:</span> {t.text}
            </p>
          ))}
        </div>
      )}
    </div>
  );
}

import { useRef, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { Link, useLocation } from 'react-router';
import { ChevronDown, Headphones, Pause, Play } from 'lucide-react';
import { toast } from 'sonner';
import { Badge, Button, cn } from '../../ui/index.ts';
import { dialerKeys, invalidateTasks, useDialSession, useDispositions, useItemContext } from '../dialer/api.ts';
import { DispositionPanel, type DispositionCommands } from '../dialer/DispositionPanel.tsx';
import { percent } from '../dialer/format.ts';
import { powerApi, powerKeys, usePowerSession, usePowerSessions } from './api.ts';
import { LineList, useNow } from './PowerParts.tsx';

/**
 * The floating dialer panel: follows the rep on every page while a power session of theirs runs —
 * collapsed to a pill (state at a glance), expanded to the live lines and mini stats. A connected
 * call opens it; the session page has the full view.
 */
export function PowerDock() {
  const location = useLocation();
  const list = usePowerSessions();
  const active = list.data?.items.find((s) => s.joined && s.status !== 'ended') ?? null;
  const onPage = active && location.pathname.startsWith(`/dialer/power/${active.id}`);
  if (!active || onPage) return null;
  return <Dock id={active.id} />;
}

function Dock({ id }: { id: string }) {
  const q = usePowerSession(id);
  const now = useNow();
  const [open, setOpen] = useState(false);
  const s = q.data;
  if (!s || s.status === 'ended') return null;
  const talking = s.me?.state === 'talking';
  const wrap = s.me?.state === 'wrap_up';
  const expanded = open || talking || wrap;
  const ringing = s.lines.filter((l) => l.state === 'dialing' || l.state === 'ringing' || l.state === 'amd').length;
  const summary = talking ? 'Connected' : wrap ? 'Log your call' : s.status === 'paused' ? 'Paused' : `${ringing} ${ringing === 1 ? 'line' : 'lines'} dialing`;
  return (
    <div className="fixed bottom-4 right-4 z-40 w-80 max-w-[calc(100vw-2rem)]" role="region" aria-label="Power dialer">
      {!expanded ? (
        <button type="button" onClick={() => setOpen(true)} className={cn('ml-auto flex items-center gap-2 rounded-full border px-4 py-2 text-sm font-medium shadow-lg', talking ? 'border-green-600 bg-green-600 text-white' : 'border-default bg-panel')} data-testid="power-dock-pill">
          <Headphones aria-hidden className="h-4 w-4" /> {summary}
          <span className="text-xs opacity-70">· {s.stats.connects} connects</span>
        </button>
      ) : (
        <div className="overflow-hidden rounded-lg border border-default bg-panel shadow-xl" data-testid="power-dock">
          <div className={cn('flex items-center justify-between gap-2 px-3 py-2', talking ? 'bg-green-600 text-white' : 'bg-panel-2')}>
            <span className="truncate text-sm font-semibold">{s.name}</span>
            <span className="flex items-center gap-1">
              <Badge tone={s.status === 'paused' ? 'amber' : 'green'}>{summary}</Badge>
              {!talking && !wrap && <button type="button" aria-label="Collapse" onClick={() => setOpen(false)} className="rounded p-0.5 hover:bg-black/10"><ChevronDown aria-hidden className="h-4 w-4" /></button>}
            </span>
          </div>
          {wrap && s.currentItemId ? <DockDisposition sessionId={s.id} itemId={s.currentItemId} /> : <LineList lines={s.lines} now={now} />}
          <div className="grid grid-cols-4 gap-1 border-t border-default px-3 py-2 text-center text-xs">
            <div><div className="font-semibold tabular-nums">{s.stats.calls}</div><div className="text-muted">calls</div></div>
            <div><div className="font-semibold tabular-nums">{s.stats.connects}</div><div className="text-muted">connects</div></div>
            <div><div className="font-semibold tabular-nums">{percent(s.stats.connectRate)}</div><div className="text-muted">connect</div></div>
            <div><div className={cn('font-semibold tabular-nums', s.stats.abandonRate30d > s.stats.abandonCap && 'text-red-600')}>{percent(s.stats.abandonRate30d)}</div><div className="text-muted">abandon</div></div>
          </div>
          <div className="flex items-center justify-between gap-2 border-t border-default px-3 py-2">
            <Button
              size="sm"
              onClick={() => void (s.status === 'paused' ? powerApi.resume(s.id) : powerApi.pause(s.id)).catch((e: unknown) => toast.error(e instanceof Error ? e.message : 'Not changed'))}
            >
              {s.status === 'paused' ? <><Play aria-hidden className="h-3.5 w-3.5" /> Resume</> : <><Pause aria-hidden className="h-3.5 w-3.5" /> Pause</>}
            </Button>
            <Link to={`/dialer/power/${s.id}`} className="text-sm font-medium text-brand-600 hover:underline">{talking || wrap ? 'Open the call' : 'Open session'} →</Link>
          </div>
        </div>
      )}
    </div>
  );
}

/** Log the call from the panel itself (the same inline tiles as the session page), then the next call comes. */
function DockDisposition({ sessionId, itemId }: { sessionId: string; itemId: string }) {
  const qc = useQueryClient();
  const dial = useDialSession(sessionId);
  const dispositions = useDispositions();
  const ctx = useItemContext(sessionId, itemId);
  const cmd = useRef<DispositionCommands>({});
  const item = dial.data?.items.find((i) => i.id === itemId) ?? null;
  if (!item || !dispositions.data) return <p className="px-3 py-2 text-sm text-muted">Loading the call…</p>;
  return (
    <div className="max-h-96 overflow-auto px-3 py-2" data-testid="dock-disposition">
      <p className="mb-2 text-sm font-medium">Log the call with {item.leadName}</p>
      <DispositionPanel
        key={item.id}
        sessionId={sessionId}
        item={item}
        dispositions={dispositions.data}
        commands={cmd}
        leadZone={ctx.data?.lead.timezone}
        onLogged={(_r, d) => {
          toast.success(`Logged: ${d.label}`);
          invalidateTasks(qc);
          void qc.invalidateQueries({ queryKey: dialerKeys.session(sessionId) });
          void powerApi.ready(sessionId).then((next) => qc.setQueryData(powerKeys.session(sessionId), next), (e: unknown) => toast.error(e instanceof Error ? e.message : 'Not ready'));
        }}
      />
    </div>
  );
}

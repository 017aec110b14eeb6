import { Link } from 'react-router';
import { BarChart3, ExternalLink, MessageSquare, Pause, Phone, Play } from 'lucide-react';
import type { PlaybookEvidence } from '@flywheel/contracts';
import { Button, Spinner, cn } from '../../ui/index.ts';
import { mmss } from './constants.ts';
import type { useSnippetPlayer } from './useSnippetPlayer.ts';

type Player = ReturnType<typeof useSnippetPlayer>;

/** The Play / Stop button of a call moment: plays the recording from the snippet's start and stops at its end. */
export function PlayButton({ ev, player, onPlay, size = 'sm' }: { ev: PlaybookEvidence; player: Player; onPlay?: () => void; size?: 'sm' | 'md' }) {
  if (ev.kind !== 'call' || !ev.callSessionId || ev.start == null || ev.end == null) return null;
  const on = player.playing === ev.id;
  const busy = player.loading === ev.id;
  return (
    <Button
      size={size}
      variant={on ? 'primary' : 'secondary'}
      onClick={() => {
        if (!on && !busy) onPlay?.();
        player.play({ id: ev.id, callSessionId: ev.callSessionId!, start: ev.start!, end: ev.end! });
      }}
      aria-label={on || busy ? `Stop the moment ${mmss(ev.start)}–${mmss(ev.end)}` : `Play the moment ${mmss(ev.start)}–${mmss(ev.end)}`}
      disabled={!ev.hasRecording && !on}
      title={ev.hasRecording ? undefined : 'This call has no recording to play'}
      data-testid="evidence-play"
    >
      {busy ? <Spinner className="h-3.5 w-3.5" /> : on ? <Pause aria-hidden className="h-3.5 w-3.5" /> : <Play aria-hidden className="h-3.5 w-3.5" />}
      {on ? `${mmss(player.position)} / ${mmss(ev.end)}` : 'Play'}
    </Button>
  );
}

const linkClass = 'text-brand-700 hover:underline dark:text-brand-100';

/** One piece of evidence: a call moment (quote, mm:ss–mm:ss, lead, Play), a message or a metric. */
export function EvidenceView({ ev, player, onOpened, compact, actions }: { ev: PlaybookEvidence; player: Player; onOpened?: () => void; compact?: boolean; actions?: React.ReactNode }) {
  const err = player.error?.id === ev.id ? player.error.message : null;
  if (ev.kind === 'call') {
    return (
      <div className={cn('rounded-md border border-default bg-panel-2/40', compact ? 'px-2 py-1.5' : 'px-3 py-2')} data-testid="evidence">
        <div className="flex items-start gap-2">
          <Phone aria-hidden className="mt-0.5 h-3.5 w-3.5 shrink-0 text-muted" />
          <div className="min-w-0 flex-1">
            <blockquote className={cn('italic', compact ? 'line-clamp-3 text-xs' : 'text-sm')}>“{ev.snippet}”</blockquote>
            <div className="mt-1 flex flex-wrap items-center gap-x-2 gap-y-0.5 text-xs text-muted">
              <span className="tabular-nums" data-testid="evidence-time">{mmss(ev.start)}–{mmss(ev.end)}</span>
              {ev.leadId && ev.leadName ? <Link to={`/leads/${ev.leadId}`} className={linkClass}>{ev.leadName}</Link> : <span>No lead</span>}
              {ev.callStartedAt && <span>{new Date(ev.callStartedAt).toLocaleDateString(undefined, { month: 'short', day: 'numeric', year: 'numeric' })}</span>}
              {!ev.hasRecording && <span>no recording</span>}
            </div>
            {err && <p role="alert" className="mt-1 text-xs text-red-600 dark:text-red-400">{err}</p>}
          </div>
          <div className="flex shrink-0 items-center gap-1">
            <PlayButton ev={ev} player={player} onPlay={onOpened} />
            {actions}
          </div>
        </div>
      </div>
    );
  }
  if (ev.kind === 'message') {
    return (
      <div className={cn('flex items-start gap-2 rounded-md border border-default', compact ? 'px-2 py-1.5' : 'px-3 py-2')} data-testid="evidence">
        <MessageSquare aria-hidden className="mt-0.5 h-3.5 w-3.5 shrink-0 text-muted" />
        <div className="min-w-0 flex-1 text-sm">
          <p className={cn(compact && 'line-clamp-2 text-xs')}>{ev.messagePreview || 'A message'}</p>
          <div className="mt-0.5 flex flex-wrap gap-x-2 text-xs text-muted">
            <span>{ev.messageChannel?.toUpperCase()} {ev.messageDirection === 'in' ? 'received' : 'sent'}</span>
            {ev.leadId && <Link to={`/leads/${ev.leadId}`} className={linkClass}>{ev.leadName ?? 'Open the lead'}</Link>}
          </div>
        </div>
        {actions}
      </div>
    );
  }
  const m = ev.metric;
  const external = !!m?.link && /^https?:/i.test(m.link);
  return (
    <div className={cn('flex items-start gap-2 rounded-md border border-default', compact ? 'px-2 py-1.5' : 'px-3 py-2')} data-testid="evidence">
      <BarChart3 aria-hidden className="mt-0.5 h-3.5 w-3.5 shrink-0 text-muted" />
      <div className="min-w-0 flex-1 text-sm">
        <span className="font-medium">{m?.name}</span>: <span className="tabular-nums">{String(m?.value ?? '')}</span>
        {m?.period && <span className="text-xs text-muted"> · {m.period}</span>}
        {m?.link && (
          <div className="text-xs">
            {external ? (
              <a href={m.link} target="_blank" rel="noreferrer noopener" className={cn(linkClass, 'inline-flex items-center gap-0.5')}>Source <ExternalLink aria-hidden className="h-3 w-3" /></a>
            ) : (
              <Link to={m.link} className={linkClass}>Source</Link>
            )}
          </div>
        )}
      </div>
      {actions}
    </div>
  );
}

import { forwardRef, useCallback, useEffect, useImperativeHandle, useRef, useState } from 'react';
import { Pause, Play, RotateCcw, RotateCw } from 'lucide-react';
import type { ReviewTranscriptTurn } from '@flywheel/contracts';
import { Button, cn } from '../../ui/index.ts';

export const SPEEDS = [1, 1.25, 1.5, 2] as const;

export function clock(s: number): string {
  if (!Number.isFinite(s) || s < 0) s = 0;
  const m = Math.floor(s / 60);
  const sec = Math.floor(s % 60);
  return `${m}:${String(sec).padStart(2, '0')}`;
}

export interface PlayerHandle {
  toggle(): void;
  seek(seconds: number): void;
  seekBy(delta: number): void;
  play(): void;
  time(): number;
}

/**
 * The call's recording: play/pause, 1×–2× speed, a scrubber, ±5 s. The parent drives it by
 * keyboard through the handle; the current time is reported for the transcript's highlight.
 */
export const Player = forwardRef<PlayerHandle, { src: string | null; durationHint: number | null; startAt?: number; onTime?(t: number): void; unavailable?: string }>(function Player(
  { src, durationHint, startAt, onTime, unavailable },
  ref,
) {
  const audio = useRef<HTMLAudioElement>(null);
  const [playing, setPlaying] = useState(false);
  const [time, setTime] = useState(0);
  const [duration, setDuration] = useState<number>(durationHint ?? 0);
  const [speed, setSpeed] = useState<number>(1);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    setPlaying(false);
    setTime(startAt ?? 0);
    setDuration(durationHint ?? 0);
    setError(null);
  }, [src]);

  useEffect(() => {
    if (audio.current) audio.current.playbackRate = speed;
  }, [speed, src]);

  const seek = useCallback((s: number) => {
    const a = audio.current;
    if (!a) return;
    const max = Number.isFinite(a.duration) ? a.duration : duration || Infinity;
    a.currentTime = Math.max(0, Math.min(s, max));
    setTime(a.currentTime);
    onTime?.(a.currentTime);
  }, [duration, onTime]);

  const api: PlayerHandle = {
    toggle() {
      const a = audio.current;
      if (!a || !src) return;
      if (a.paused) void a.play().catch((e: Error) => setError(e.message));
      else a.pause();
    },
    play() {
      void audio.current?.play().catch(() => undefined);
    },
    seek,
    seekBy(d) {
      seek((audio.current?.currentTime ?? 0) + d);
    },
    time: () => audio.current?.currentTime ?? 0,
  };
  useImperativeHandle(ref, () => api);

  if (!src) {
    return (
      <div className="rounded-md border border-dashed border-default px-3 py-3 text-sm text-muted" data-testid="no-recording">
        {unavailable ?? 'No recording for this call.'}
      </div>
    );
  }
  return (
    <div className="rounded-md border border-default bg-panel-2 px-3 py-2" data-testid="player">
      <audio
        ref={audio}
        src={src}
        preload="metadata"
        onLoadedMetadata={(e) => {
          const a = e.currentTarget;
          a.playbackRate = speed;
          if (Number.isFinite(a.duration)) setDuration(a.duration);
          if (startAt) a.currentTime = startAt;
        }}
        onTimeUpdate={(e) => {
          setTime(e.currentTarget.currentTime);
          onTime?.(e.currentTarget.currentTime);
        }}
        onPlay={() => setPlaying(true)}
        onPause={() => setPlaying(false)}
        onEnded={() => setPlaying(false)}
        onError={() => setError('The recording could not be loaded.')}
      />
      <div className="flex flex-wrap items-center gap-2">
        <Button size="sm" variant="primary" onClick={api.toggle} aria-label={playing ? 'Pause' : 'Play'} title={playing ? 'Pause (Space)' : 'Play (Space)'}>
          {playing ? <Pause aria-hidden className="h-3.5 w-3.5" /> : <Play aria-hidden className="h-3.5 w-3.5" />}
        </Button>
        <Button size="sm" variant="ghost" onClick={() => api.seekBy(-5)} aria-label="Back 5 seconds" title="Back 5 s (←)"><RotateCcw aria-hidden className="h-3.5 w-3.5" /></Button>
        <Button size="sm" variant="ghost" onClick={() => api.seekBy(5)} aria-label="Forward 5 seconds" title="Forward 5 s (→)"><RotateCw aria-hidden className="h-3.5 w-3.5" /></Button>
        <span className="w-24 text-xs tabular-nums text-muted" data-testid="player-time">{clock(time)} / {clock(duration)}</span>
        <input
          type="range"
          min={0}
          max={duration || 1}
          step={0.1}
          value={Math.min(time, duration || 1)}
          onChange={(e) => seek(Number(e.target.value))}
          aria-label="Position in the recording"
          className="h-1.5 min-w-32 flex-1 cursor-pointer accent-brand-600"
        />
        <div className="flex gap-0.5" role="group" aria-label="Playback speed">
          {SPEEDS.map((s) => (
            <button
              key={s}
              type="button"
              onClick={() => setSpeed(s)}
              aria-pressed={speed === s}
              className={cn('rounded px-1.5 py-0.5 text-xs tabular-nums', speed === s ? 'bg-brand-600 text-white' : 'text-muted hover:bg-panel')}
            >
              {s}×
            </button>
          ))}
        </div>
      </div>
      {error && <p className="mt-1 text-xs text-red-600 dark:text-red-400">{error}</p>}
    </div>
  );
});

const SPEAKER: Record<ReviewTranscriptTurn['speaker'], string> = { rep: 'Rep', prospect: 'Prospect', unknown: 'Speaker' };

export function speakerLabel(s: ReviewTranscriptTurn['speaker']) {
  return SPEAKER[s];
}

/** The selected lines as a Playbook snippet: start of the first, end of the last, text joined. */
export function snippetOf(turns: ReviewTranscriptTurn[], sel: [number, number] | null) {
  if (!sel || turns.length === 0) return null;
  const [a, b] = sel[0] <= sel[1] ? sel : [sel[1], sel[0]];
  const lines = turns.slice(a, b + 1);
  if (lines.length === 0) return null;
  return { start: lines[0].start, end: lines[lines.length - 1].end, text: lines.map((l) => `${SPEAKER[l.speaker]}: ${l.text}`).join('\n') };
}

/**
 * Speaker turns: click a line to seek there, shift-click or drag to select lines (the snippet a
 * rule is promoted with); the line being played is highlighted.
 */
export function Transcript({ turns, time, selection, onSelect, onSeek, status }: {
  turns: ReviewTranscriptTurn[];
  time: number;
  selection: [number, number] | null;
  onSelect(sel: [number, number] | null): void;
  onSeek(t: number): void;
  status: string | null;
}) {
  const dragFrom = useRef<number | null>(null);
  const moved = useRef(false);
  const list = useRef<HTMLOListElement>(null);
  const current = turns.findIndex((t) => time >= t.start && time < t.end);
  useEffect(() => {
    const up = () => (dragFrom.current = null);
    window.addEventListener('mouseup', up);
    return () => window.removeEventListener('mouseup', up);
  }, []);
  useEffect(() => {
    if (current < 0) return;
    const el = list.current?.querySelector<HTMLElement>(`[data-index="${current}"]`);
    el?.scrollIntoView?.({ block: 'nearest' });
  }, [current]);

  if (turns.length === 0) {
    return (
      <p className="rounded-md border border-dashed border-default px-3 py-4 text-sm text-muted" data-testid="no-transcript">
        {status === 'pending' ? 'The transcript is on its way from the provider.' : 'No transcript for this call.'}
      </p>
    );
  }
  const [lo, hi] = selection ? (selection[0] <= selection[1] ? selection : [selection[1], selection[0]]) : [-1, -1];
  return (
    <ol ref={list} className="max-h-80 select-none space-y-0.5 overflow-y-auto rounded-md border border-default p-1" aria-label="Transcript" data-testid="transcript">
      {turns.map((t, i) => {
        const selected = i >= lo && i <= hi;
        return (
          <li
            key={i}
            data-index={i}
            data-current={i === current || undefined}
            aria-selected={selected}
            onMouseDown={(e) => {
              if (e.shiftKey && selection) {
                onSelect([selection[0], i]);
                return;
              }
              dragFrom.current = i;
              moved.current = false;
            }}
            onMouseEnter={() => {
              if (dragFrom.current !== null && dragFrom.current !== i) {
                moved.current = true;
                onSelect([dragFrom.current, i]);
              }
            }}
            onClick={(e) => {
              if (e.shiftKey) return;
              if (moved.current) return;
              onSelect([i, i]);
              onSeek(t.start);
            }}
            className={cn(
              'flex cursor-pointer gap-2 rounded px-2 py-1 text-sm',
              i === current && 'bg-brand-50 dark:bg-brand-700/20',
              selected && 'ring-1 ring-inset ring-brand-500 bg-brand-50/60 dark:bg-brand-700/30',
              !selected && i !== current && 'hover:bg-panel-2',
            )}
          >
            <span className="w-10 shrink-0 pt-0.5 text-xs tabular-nums text-muted">{clock(t.start)}</span>
            <span className={cn('w-16 shrink-0 pt-0.5 text-xs font-medium', t.speaker === 'rep' ? 'text-brand-700 dark:text-brand-100' : 'text-muted')}>{SPEAKER[t.speaker]}</span>
            <span className="min-w-0 flex-1">{t.text}</span>
          </li>
        );
      })}
    </ol>
  );
}

import { useCallback, useEffect, useRef, useState } from 'react';
import { recordingUrl } from './constants.ts';

export interface Snippet {
  id: string;
  callSessionId: string;
  start: number;
  end: number;
}

/**
 * One audio element for a whole screen: "Play" on a piece of evidence loads the call's recording,
 * jumps to the snippet's start and stops at its end; pressing it again (or another one) stops.
 */
export function useSnippetPlayer() {
  const audio = useRef<HTMLAudioElement | null>(null);
  const [playing, setPlaying] = useState<string | null>(null);
  const [loading, setLoading] = useState<string | null>(null);
  const [error, setError] = useState<{ id: string; message: string } | null>(null);
  const [position, setPosition] = useState(0);
  const current = useRef<Snippet | null>(null);

  const stop = useCallback(() => {
    audio.current?.pause();
    current.current = null;
    setPlaying(null);
    setLoading(null);
  }, []);

  useEffect(() => () => {
    audio.current?.pause();
    audio.current = null;
  }, []);

  const play = useCallback((s: Snippet) => {
    if (current.current?.id === s.id) {
      stop();
      return;
    }
    if (!audio.current) {
      audio.current = new Audio();
      audio.current.preload = 'auto';
    }
    const a = audio.current;
    a.pause();
    current.current = s;
    setError(null);
    setLoading(s.id);
    setPosition(s.start);
    const src = `${recordingUrl(s.callSessionId)}#t=${s.start},${Math.max(s.end, s.start + 0.5)}`;
    a.ontimeupdate = () => {
      const c = current.current;
      if (!c) return;
      setPosition(a.currentTime);
      if (a.currentTime >= Math.max(c.end, c.start + 0.5)) stop();
    };
    a.onended = () => stop();
    a.onerror = () => {
      if (current.current?.id !== s.id) return;
      current.current = null;
      setPlaying(null);
      setLoading(null);
      setError({ id: s.id, message: 'The recording could not be played (it may not exist for this call).' });
    };
    const start = () => {
      if (current.current?.id !== s.id) return;
      if (Math.abs(a.currentTime - s.start) > 0.5) a.currentTime = s.start;
      a.play().then(
        () => {
          if (current.current?.id !== s.id) return;
          setLoading(null);
          setPlaying(s.id);
        },
        (e: unknown) => {
          if (current.current?.id !== s.id) return;
          current.current = null;
          setLoading(null);
          setError({ id: s.id, message: e instanceof Error && e.name === 'NotAllowedError' ? 'The browser blocked playback: press Play again.' : 'The recording could not be played.' });
        },
      );
    };
    if (a.src.split('#')[0].endsWith(recordingUrl(s.callSessionId))) {
      a.currentTime = s.start;
      start();
    } else {
      a.src = src;
      a.onloadedmetadata = start;
      a.load();
    }
  }, [stop]);

  return { play, stop, playing, loading, error, position };
}

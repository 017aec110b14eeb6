import { useCallback, useEffect, useRef, useState } from 'react';

// Recording a voicemail in the browser: MediaRecorder captures the microphone, an AnalyserNode
// drives the level meter, recording stops by itself at the limit, and the result is converted to a
// 16 kHz mono WAV before upload (phone providers play WAV/MP3, not the WebM/OGG browsers record).

export const MAX_RECORD_MS = 90_000; // the server's limit (contracts VOICEMAIL_MAX_MS)
export const MAX_UPLOAD_BYTES = 5 * 1024 * 1024; // contracts VOICEMAIL_MAX_BYTES

export type RecorderState =
  | { kind: 'idle' }
  | { kind: 'requesting' }
  | { kind: 'recording'; startedAt: number }
  | { kind: 'recorded'; blob: Blob; url: string; durationMs: number }
  | { kind: 'error'; title: string; message: string };

/** The reason recording cannot start, in words a rep can act on. */
export function micError(err: unknown): { title: string; message: string } {
  const name = err instanceof DOMException || err instanceof Error ? err.name : '';
  if (name === 'NotAllowedError' || name === 'SecurityError') {
    return { title: 'Microphone access was denied', message: 'Allow the microphone for this site (the camera/mic icon in the address bar), then try again. You can also upload a recording instead.' };
  }
  if (name === 'NotFoundError' || name === 'OverconstrainedError') {
    return { title: 'No microphone found', message: 'Connect a microphone or headset and try again, or upload a recording instead.' };
  }
  if (name === 'NotReadableError' || name === 'AbortError') {
    return { title: 'The microphone is busy', message: 'Another app or tab is using the microphone. Close it and try again.' };
  }
  return { title: 'Recording could not start', message: err instanceof Error && err.message ? err.message : 'Your browser refused to record audio.' };
}

/** Can this page record at all (secure context with MediaRecorder and getUserMedia)? */
export function canRecord(): boolean {
  return typeof window !== 'undefined' && window.isSecureContext && typeof MediaRecorder !== 'undefined' && !!navigator.mediaDevices?.getUserMedia;
}

function pickMime(): string | undefined {
  for (const t of ['audio/webm;codecs=opus', 'audio/ogg;codecs=opus', 'audio/webm', 'audio/ogg']) if (MediaRecorder.isTypeSupported(t)) return t;
  return undefined;
}

export function useRecorder() {
  const [state, setState] = useState<RecorderState>({ kind: 'idle' });
  const [level, setLevel] = useState(0);
  const [elapsed, setElapsed] = useState(0);
  const rec = useRef<{ recorder: MediaRecorder; stream: MediaStream; ctx: AudioContext; raf: number; timer: number } | null>(null);
  const urlRef = useRef<string | null>(null);

  const cleanup = useCallback(() => {
    const r = rec.current;
    if (!r) return;
    cancelAnimationFrame(r.raf);
    clearTimeout(r.timer);
    r.stream.getTracks().forEach((t) => t.stop());
    void r.ctx.close().catch(() => undefined);
    rec.current = null;
    setLevel(0);
  }, []);

  const discard = useCallback(() => {
    if (urlRef.current) URL.revokeObjectURL(urlRef.current);
    urlRef.current = null;
    setElapsed(0);
    setState({ kind: 'idle' });
  }, []);

  const stop = useCallback(() => {
    const r = rec.current;
    if (r && r.recorder.state !== 'inactive') r.recorder.stop();
  }, []);

  const start = useCallback(async () => {
    discard();
    if (!canRecord()) {
      setState({ kind: 'error', title: 'This browser cannot record here', message: 'Recording needs a browser with microphone support on a secure (https) page. Upload a recording instead.' });
      return;
    }
    setState({ kind: 'requesting' });
    let stream: MediaStream;
    try {
      stream = await navigator.mediaDevices.getUserMedia({ audio: { echoCancellation: true, noiseSuppression: true } });
    } catch (err) {
      setState({ kind: 'error', ...micError(err) });
      return;
    }
    const mimeType = pickMime();
    const recorder = new MediaRecorder(stream, mimeType ? { mimeType } : undefined);
    const chunks: Blob[] = [];
    const ctx = new AudioContext();
    const analyser = ctx.createAnalyser();
    analyser.fftSize = 1024;
    ctx.createMediaStreamSource(stream).connect(analyser);
    const buf = new Uint8Array(analyser.fftSize);
    const startedAt = performance.now();
    const tick = () => {
      analyser.getByteTimeDomainData(buf);
      let peak = 0;
      for (const v of buf) peak = Math.max(peak, Math.abs(v - 128) / 128);
      setLevel(peak);
      setElapsed(performance.now() - startedAt);
      if (rec.current) rec.current.raf = requestAnimationFrame(tick);
    };
    recorder.ondataavailable = (e) => { if (e.data.size) chunks.push(e.data); };
    recorder.onstop = () => {
      const durationMs = Math.min(MAX_RECORD_MS, performance.now() - startedAt);
      cleanup();
      const blob = new Blob(chunks, { type: recorder.mimeType || mimeType || 'audio/webm' });
      const url = URL.createObjectURL(blob);
      urlRef.current = url;
      setElapsed(durationMs);
      setState({ kind: 'recorded', blob, url, durationMs });
    };
    rec.current = { recorder, stream, ctx, raf: requestAnimationFrame(tick), timer: window.setTimeout(() => stop(), MAX_RECORD_MS - 150) };
    recorder.start(250);
    setState({ kind: 'recording', startedAt });
  }, [cleanup, discard, stop]);

  useEffect(() => () => {
    cleanup();
    if (urlRef.current) URL.revokeObjectURL(urlRef.current);
  }, [cleanup]);

  return { state, level, elapsed, start, stop, discard };
}

/** Any recording as 16-bit PCM WAV, mono, 16 kHz (≈ 2.9 MB for 90 s). Null when the browser cannot decode it. */
export async function toWav(blob: Blob): Promise<Blob | null> {
  const ac = new AudioContext();
  try {
    const decoded = await ac.decodeAudioData(await blob.arrayBuffer());
    const rate = 16000;
    const frames = Math.ceil(decoded.duration * rate);
    if (frames === 0) return null;
    const offline = new OfflineAudioContext(1, frames, rate);
    const src = offline.createBufferSource();
    src.buffer = decoded;
    src.connect(offline.destination);
    src.start();
    const pcm = (await offline.startRendering()).getChannelData(0);
    const out = new DataView(new ArrayBuffer(44 + pcm.length * 2));
    const str = (at: number, s: string) => { for (let i = 0; i < s.length; i++) out.setUint8(at + i, s.charCodeAt(i)); };
    str(0, 'RIFF'); out.setUint32(4, 36 + pcm.length * 2, true); str(8, 'WAVE');
    str(12, 'fmt '); out.setUint32(16, 16, true); out.setUint16(20, 1, true); out.setUint16(22, 1, true);
    out.setUint32(24, rate, true); out.setUint32(28, rate * 2, true); out.setUint16(32, 2, true); out.setUint16(34, 16, true);
    str(36, 'data'); out.setUint32(40, pcm.length * 2, true);
    for (let i = 0; i < pcm.length; i++) out.setInt16(44 + i * 2, Math.max(-1, Math.min(1, pcm[i])) * 0x7fff, true);
    return new Blob([out.buffer], { type: 'audio/wav' });
  } catch {
    return null;
  } finally {
    void ac.close().catch(() => undefined);
  }
}

export const formatDuration = (ms: number) => {
  const s = Math.round(ms / 1000);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
};

import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { toast } from 'sonner';
import { Mic, MicOff, Pause, Pencil, Play, RotateCcw, Square, Star, Trash2, Upload, Voicemail } from 'lucide-react';
import type { VoicemailTemplate } from '@flywheel/contracts';
import { api } from '../../app/api.ts';
import { hasRole, useMe } from '../../app/session.tsx';
import { Alert, Button, Card, CardHeader, EmptyState, Field, Input, Kbd, Modal, RelativeTime, Skeleton, cn } from '../../ui/index.ts';
import { MAX_RECORD_MS, MAX_UPLOAD_BYTES, canRecord, formatDuration, toWav, useRecorder } from './recorder.ts';
import { useUnsavedGuard } from './useUnsavedGuard.tsx';

const KEY = ['voicemail-templates'];
const ACCEPT = 'audio/webm,audio/ogg,audio/wav,audio/x-wav,audio/mpeg,.webm,.ogg,.opus,.wav,.mp3';

async function uploadRecording(file: Blob, filename: string, name: string): Promise<VoicemailTemplate> {
  const form = new FormData();
  if (name.trim()) form.append('name', name.trim());
  form.append('file', file, filename);
  return api.upload<VoicemailTemplate>('/api/v1/voicemail-templates', form);
}

/** One shared player for the list: playing a template stops the one before. */
function usePlayer() {
  const audio = useRef<HTMLAudioElement | null>(null);
  const [playing, setPlaying] = useState<string | null>(null);
  useEffect(() => () => audio.current?.pause(), []);
  function toggle(t: VoicemailTemplate) {
    if (playing === t.id) {
      audio.current?.pause();
      setPlaying(null);
      return;
    }
    audio.current?.pause();
    const a = new Audio(t.audioUrl);
    a.onended = () => setPlaying(null);
    a.onerror = () => { setPlaying(null); toast.error(`“${t.name}” could not be played in this browser.`); };
    audio.current = a;
    setPlaying(t.id);
    void a.play().catch(() => setPlaying(null));
  }
  return { playing, toggle };
}

/** The recorder: mic permission, level meter and timer, auto-stop at 90 s, listen back, name, save or re-record. */
function Recorder({ onSaved, replacing, onStopReplacing }: { onSaved: () => void; replacing: VoicemailTemplate | null; onStopReplacing: () => void }) {
  const { state, level, elapsed, start, stop, discard } = useRecorder();
  const [name, setName] = useState('');
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const guard = useUnsavedGuard(state.kind === 'recorded' || state.kind === 'recording', 'this recording');

  async function save(e: FormEvent) {
    e.preventDefault();
    if (state.kind !== 'recorded') return;
    setSaving(true);
    setError(null);
    try {
      // phone providers play WAV; fall back to the browser's own format if it cannot be converted
      const wav = await toWav(state.blob);
      const file = wav && wav.size <= MAX_UPLOAD_BYTES ? wav : state.blob;
      const ext = file.type.includes('wav') ? 'wav' : file.type.includes('ogg') ? 'ogg' : 'webm';
      let saved: VoicemailTemplate;
      if (replacing) {
        const form = new FormData();
        form.append('file', file, `recording.${ext}`);
        saved = await api.put<VoicemailTemplate>(`/api/v1/voicemail-templates/${replacing.id}/audio`, form);
        toast.success(`“${saved.name}” re-recorded (${formatDuration(saved.durationMs)})`);
        onStopReplacing();
      } else {
        saved = await uploadRecording(file, `recording.${ext}`, name || `Voicemail ${new Date().toLocaleDateString()}`);
        toast.success(`“${saved.name}” saved (${formatDuration(saved.durationMs)})`);
      }
      discard();
      setName('');
      onSaved();
    } catch (err) {
      setError(err instanceof Error ? err.message : 'The recording could not be saved.');
    } finally {
      setSaving(false);
    }
  }

  // R records, Space/Enter on the focused button does the rest
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const t = e.target as HTMLElement | null;
      if (e.metaKey || e.ctrlKey || e.altKey || t?.closest('input, textarea, select, [contenteditable], dialog')) return;
      if (e.key === 'r' && (state.kind === 'idle' || state.kind === 'error')) { e.preventDefault(); void start(); }
      else if (e.key === 's' && state.kind === 'recording') { e.preventDefault(); stop(); }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [state.kind, start, stop]);

  const left = Math.max(0, MAX_RECORD_MS - elapsed);
  return (
    <section aria-label="Record a voicemail" className="space-y-3 border-t border-default p-4">
      <div className="flex items-center justify-between gap-2">
        <h3 className="text-sm font-semibold">
          {replacing ? <>Re-record “{replacing.name}” <button type="button" className="ml-1 text-xs font-normal text-brand-600 underline" onClick={() => { discard(); onStopReplacing(); }}>cancel</button></> : 'Record a voicemail'}
        </h3>
        <span className="text-xs text-muted">Up to 90 seconds. Say who you are, why you called and how to reach you.</span>
      </div>

      {state.kind === 'error' && (
        <Alert tone="error" title={state.title}>
          <span className="flex items-start gap-2"><MicOff aria-hidden className="mt-0.5 h-4 w-4 shrink-0" /> {state.message}</span>
        </Alert>
      )}

      {(state.kind === 'idle' || state.kind === 'error' || state.kind === 'requesting') && (
        <div className="flex items-center gap-3">
          <Button variant="primary" onClick={() => void start()} loading={state.kind === 'requesting'} data-testid="record-start">
            <Mic aria-hidden className="h-4 w-4" /> {state.kind === 'error' ? 'Try again' : 'Start recording'} <Kbd>R</Kbd>
          </Button>
          {state.kind === 'requesting' && <span className="text-sm text-muted">Allow the microphone when your browser asks…</span>}
          {!canRecord() && state.kind === 'idle' && <span className="text-xs text-muted">This browser cannot record here; upload a file instead.</span>}
        </div>
      )}

      {state.kind === 'recording' && (
        <div className="flex flex-wrap items-center gap-3" aria-live="polite">
          <Button variant="danger" onClick={stop} data-testid="record-stop"><Square aria-hidden className="h-3.5 w-3.5" /> Stop <Kbd>S</Kbd></Button>
          <span className="flex items-center gap-1.5 text-sm font-medium tabular-nums">
            <span aria-hidden className="h-2.5 w-2.5 animate-pulse rounded-full bg-red-600" />
            <span data-testid="record-timer">{formatDuration(elapsed)}</span>
            <span className="text-xs font-normal text-muted">/ 1:30{left < 10_000 ? ` — stops in ${Math.ceil(left / 1000)} s` : ''}</span>
          </span>
          <div className="h-2 w-40 overflow-hidden rounded-full bg-panel-2" role="meter" aria-label="Microphone level" aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(level * 100)}>
            <div className={cn('h-full transition-[width] duration-75', level > 0.9 ? 'bg-red-500' : 'bg-green-500')} style={{ width: `${Math.min(100, Math.round(level * 140))}%` }} />
          </div>
          {level < 0.02 && elapsed > 2000 && <span className="text-xs text-amber-700 dark:text-amber-300">No sound — is the right microphone selected?</span>}
        </div>
      )}

      {state.kind === 'recorded' && (
        <form onSubmit={save} className="space-y-3">
          <div className="flex flex-wrap items-center gap-3">
            <audio controls src={state.url} className="h-9" data-testid="record-playback" />
            <span className="text-sm tabular-nums text-muted">{formatDuration(state.durationMs)}</span>
          </div>
          {error && <Alert tone="error">{error}</Alert>}
          <div className="flex flex-wrap items-end gap-2">
            {!replacing && (
              <Field label="Name" className="min-w-56 flex-1">
                {(p) => <Input {...p} value={name} onChange={(e) => setName(e.target.value)} placeholder="e.g. Intro voicemail" maxLength={120} autoFocus />}
              </Field>
            )}
            <Button type="submit" variant="primary" loading={saving}>{replacing ? `Replace “${replacing.name}”` : 'Save voicemail'}</Button>
            <Button onClick={() => { setError(null); void start(); }} disabled={saving}><RotateCcw aria-hidden className="h-3.5 w-3.5" /> Re-record</Button>
            <Button variant="ghost" onClick={() => { if (confirm('Discard this recording?')) discard(); }} disabled={saving}>Discard</Button>
          </div>
        </form>
      )}
      {guard}
    </section>
  );
}

function RenameForm({ t, onDone }: { t: VoicemailTemplate; onDone: () => void }) {
  const qc = useQueryClient();
  const [name, setName] = useState(t.name);
  const rename = useMutation({
    mutationFn: () => api.patch<VoicemailTemplate>(`/api/v1/voicemail-templates/${t.id}`, { name }),
    onSuccess: () => { void qc.invalidateQueries({ queryKey: KEY }); onDone(); },
    onError: (e: Error) => toast.error(e.message),
  });
  return (
    <form className="flex items-center gap-1" onSubmit={(e) => { e.preventDefault(); if (name.trim() && name.trim() !== t.name) rename.mutate(); else onDone(); }}>
      <Input value={name} onChange={(e) => setName(e.target.value)} onKeyDown={(e) => { if (e.key === 'Escape') { e.stopPropagation(); onDone(); } }} aria-label="Name" maxLength={120} autoFocus className="h-7 w-56" />
      <Button size="sm" type="submit" variant="primary" loading={rename.isPending}>Save</Button>
      <Button size="sm" variant="ghost" onClick={onDone}>Cancel</Button>
    </form>
  );
}

/** Settings → Voicemail: the recordings the power dialer drops on answering machines. */
export function VoicemailSettings() {
  const me = useMe();
  const qc = useQueryClient();
  const manager = hasRole(me.data, 'manager');
  const list = useQuery({ queryKey: KEY, queryFn: () => api.get<{ data: VoicemailTemplate[] }>('/api/v1/voicemail-templates') });
  const refresh = () => void qc.invalidateQueries({ queryKey: KEY });
  const player = usePlayer();
  const [renaming, setRenaming] = useState<string | null>(null);
  const [deleting, setDeleting] = useState<VoicemailTemplate | null>(null);
  const [replacing, setReplacing] = useState<VoicemailTemplate | null>(null);
  const recorderRef = useRef<HTMLDivElement>(null);
  const fileInput = useRef<HTMLInputElement>(null);

  const makeDefault = useMutation({
    mutationFn: (t: VoicemailTemplate) => api.patch<VoicemailTemplate>(`/api/v1/voicemail-templates/${t.id}`, { isDefault: true }),
    onSuccess: (t) => { toast.success(`“${t.name}” is now the default voicemail`); refresh(); },
    onError: (e: Error) => toast.error(e.message),
  });
  const remove = useMutation({
    mutationFn: (t: VoicemailTemplate) => api.del(`/api/v1/voicemail-templates/${t.id}`),
    onSuccess: (_r, t) => { toast.success(`“${t.name}” deleted`); setDeleting(null); setReplacing((r) => (r?.id === t.id ? null : r)); refresh(); },
    onError: (e: Error) => toast.error(e.message),
  });
  const upload = useMutation({
    mutationFn: async (f: File) => {
      // WebM/OGG become WAV here (the phone provider cannot play them); WAV and MP3 go as they are
      const base = f.name.replace(/\.[A-Za-z0-9]{1,5}$/, '');
      const wav = /webm|ogg|opus/i.test(f.type || f.name) ? await toWav(f) : null;
      return wav && wav.size <= MAX_UPLOAD_BYTES ? uploadRecording(wav, `${base}.wav`, base) : uploadRecording(f, f.name, '');
    },
    onSuccess: (t) => { toast.success(`“${t.name}” uploaded (${formatDuration(t.durationMs)})`); refresh(); },
    onError: (e: Error) => toast.error(e.message, { duration: 8000 }),
  });
  function pickFile(f: File | undefined) {
    if (!f) return;
    if (f.size > MAX_UPLOAD_BYTES) { toast.error(`${f.name} is larger than 5 MB. Voicemails are at most 90 seconds.`); return; }
    upload.mutate(f);
  }

  const items = list.data?.data ?? [];
  const mine = (t: VoicemailTemplate) => manager || (t.createdBy !== null && t.createdBy === me.data?.user?.id);
  return (
    <Card>
      <CardHeader
        title="Voicemail drop"
        subtitle="When an answering machine picks up, the power dialer waits for the beep, plays the session's voicemail and hangs up — the rep is already on the next call. The default is preselected for new sessions."
        actions={<>
          <input ref={fileInput} type="file" accept={ACCEPT} className="sr-only" aria-label="Upload a recording" onChange={(e) => { pickFile(e.target.files?.[0]); e.target.value = ''; }} />
          <Button size="sm" onClick={() => fileInput.current?.click()} loading={upload.isPending}><Upload aria-hidden className="h-3.5 w-3.5" /> Upload file</Button>
        </>}
      />
      {list.isPending ? (
        <div className="space-y-2 p-4"><Skeleton className="h-10" /><Skeleton className="h-10" /></div>
      ) : list.isError ? (
        <p className="p-4 text-sm text-red-600">{list.error.message}</p>
      ) : items.length === 0 ? (
        <EmptyState icon={<Voicemail aria-hidden />} title="No voicemails yet">
          Record one below or upload a WebM, OGG, WAV or MP3 file (up to 5 MB and 90 seconds). Without one, the dialer hangs up on answering machines.
        </EmptyState>
      ) : (
        <ul className="divide-y divide-[var(--border)]">
          {items.map((t) => (
            <li key={t.id} data-testid="voicemail-row" className="flex items-center gap-3 px-4 py-2.5">
              <Button size="sm" variant={player.playing === t.id ? 'primary' : 'secondary'} onClick={() => player.toggle(t)} aria-label={`${player.playing === t.id ? 'Pause' : 'Play'} ${t.name}`}>
                {player.playing === t.id ? <Pause aria-hidden className="h-3.5 w-3.5" /> : <Play aria-hidden className="h-3.5 w-3.5" />}
              </Button>
              <div className="min-w-0 flex-1">
                {renaming === t.id ? (
                  <RenameForm t={t} onDone={() => setRenaming(null)} />
                ) : (
                  <>
                    <div className="flex items-center gap-1.5 truncate font-medium">{t.name}{t.isDefault && <span className="text-xs font-normal text-brand-600">Default</span>}</div>
                    <div className="text-xs text-muted">
                      <span className="tabular-nums">{formatDuration(t.durationMs)}</span> · {t.mimeType.replace('audio/', '').replace('mpeg', 'mp3').toUpperCase()}
                      {t.createdByName ? ` · ${t.createdByName}` : ''} · <RelativeTime date={t.createdAt} />
                    </div>
                  </>
                )}
              </div>
              <button
                type="button"
                disabled={!manager || t.isDefault || makeDefault.isPending}
                onClick={() => makeDefault.mutate(t)}
                aria-label={t.isDefault ? `${t.name} is the default` : `Make ${t.name} the default`}
                aria-pressed={t.isDefault}
                title={t.isDefault ? 'Default voicemail' : manager ? 'Make default' : 'Only managers choose the default'}
                className="rounded p-1 text-muted hover:text-amber-500 disabled:cursor-default disabled:hover:text-muted"
              >
                <Star aria-hidden className={cn('h-4 w-4', t.isDefault && 'fill-amber-400 text-amber-500')} />
              </button>
              {mine(t) && renaming !== t.id && (
                <>
                  <Button size="sm" variant="ghost" onClick={() => { setReplacing(t); recorderRef.current?.scrollIntoView({ block: 'nearest' }); }} aria-label={`Re-record ${t.name}`} title="Re-record (keeps its name, default and link)"><Mic aria-hidden className="h-3.5 w-3.5" /></Button>
                  <Button size="sm" variant="ghost" onClick={() => setRenaming(t.id)} aria-label={`Rename ${t.name}`}><Pencil aria-hidden className="h-3.5 w-3.5" /></Button>
                  <Button size="sm" variant="ghost" onClick={() => setDeleting(t)} aria-label={`Delete ${t.name}`}><Trash2 aria-hidden className="h-3.5 w-3.5" /></Button>
                </>
              )}
            </li>
          ))}
        </ul>
      )}
      <div ref={recorderRef}>
        <Recorder onSaved={refresh} replacing={replacing} onStopReplacing={() => setReplacing(null)} />
      </div>
      {deleting && (
        <Modal
          open
          onClose={() => setDeleting(null)}
          title={`Delete “${deleting.name}”?`}
          footer={<>
            <Button onClick={() => setDeleting(null)} autoFocus>Cancel</Button>
            <Button variant="danger" loading={remove.isPending} onClick={() => remove.mutate(deleting)}>Delete voicemail</Button>
          </>}
        >
          <p className="text-sm">
            The recording is deleted for good.{deleting.isDefault ? ' It is the default: until you choose another, the dialer hangs up on answering machines.' : ''} Sessions that picked it hang up instead of dropping it.
          </p>
        </Modal>
      )}
    </Card>
  );
}

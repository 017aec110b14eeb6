import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import { Check } from 'lucide-react';
import { Field, Input, Spinner, Textarea, cn } from '../../ui/index.ts';

export type SaveStatus = 'idle' | 'saving' | 'saved' | 'error';

/** Tracks one field's save: saving → saved (kept until the next edit) or error with the message. */
export function useSaveState() {
  const [status, setStatus] = useState<SaveStatus>('idle');
  const [error, setError] = useState<string | null>(null);
  const run = useCallback(async (fn: () => Promise<unknown>) => {
    setStatus('saving');
    setError(null);
    try {
      await fn();
      setStatus('saved');
      return true;
    } catch (e) {
      setStatus('error');
      setError((e as Error).message);
      return false;
    }
  }, []);
  const reset = useCallback(() => setStatus((s) => (s === 'saved' ? 'idle' : s)), []);
  return { status, error, run, reset };
}

export function SaveHint({ status, error, id }: { status: SaveStatus; error?: string | null; id?: string }) {
  return (
    <span id={id} role="status" aria-live="polite" className={cn('inline-flex items-center gap-1 text-xs', status === 'error' ? 'text-red-600 dark:text-red-400' : 'text-muted')}>
      {status === 'saving' && <><Spinner className="h-3 w-3" /> Saving…</>}
      {status === 'saved' && <><Check aria-hidden className="h-3 w-3 text-green-600" /> Saved</>}
      {status === 'error' && (error || 'Not saved')}
    </span>
  );
}

/** Keeps a local draft in sync with the server value unless the user is editing it. */
function useDraft(value: string) {
  const [draft, setDraft] = useState(value);
  const editing = useRef(false);
  useEffect(() => {
    if (!editing.current) setDraft(value);
  }, [value]);
  return { draft, setDraft, editing };
}

/** A textarea that saves on blur (when changed) and says so. */
export function InlineTextarea({ label, value, onSave, placeholder, hint }: { label: string; value: string; onSave: (v: string) => Promise<unknown>; placeholder?: string; hint?: ReactNode }) {
  const { draft, setDraft, editing } = useDraft(value);
  const s = useSaveState();
  return (
    <div className="flex flex-col gap-1">
      <div className="flex items-center justify-between gap-2">
        <FieldLabel label={label} hint={hint} />
        <SaveHint status={s.status} error={s.error} />
      </div>
      <Textarea
        aria-label={label}
        value={draft}
        placeholder={placeholder}
        rows={3}
        className="!min-h-16 resize-y"
        onFocus={() => (editing.current = true)}
        onChange={(e) => {
          setDraft(e.target.value);
          s.reset();
        }}
        onBlur={() => {
          editing.current = false;
          if (draft !== value) void s.run(() => onSave(draft));
        }}
      />
    </div>
  );
}

function FieldLabel({ label, hint }: { label: string; hint?: ReactNode }) {
  return (
    <span className="text-xs font-medium text-muted" aria-hidden>
      {label}
      {hint && <span className="ml-1 font-normal">· {hint}</span>}
    </span>
  );
}

/** A single-line input that saves on blur or Enter; Esc restores the saved value. */
export function InlineInput({ label, value, onSave, placeholder, type = 'text', inputMode, className, prefix }: { label: string; value: string; onSave: (v: string) => Promise<unknown>; placeholder?: string; type?: string; inputMode?: 'decimal' | 'text' | 'url'; className?: string; prefix?: ReactNode }) {
  const { draft, setDraft, editing } = useDraft(value);
  const s = useSaveState();
  const cancelled = useRef(false);
  function commit() {
    editing.current = false;
    if (cancelled.current) {
      cancelled.current = false;
      return;
    }
    if (draft.trim() !== value.trim()) void s.run(() => onSave(draft.trim()));
  }
  return (
    <Field label={label} className={className} hint={s.status !== 'idle' ? <SaveHint status={s.status} error={s.error} /> : undefined}>
      {(p) => (
        <div className="relative">
          {prefix && <span className="pointer-events-none absolute left-2.5 top-1.5 text-sm text-muted">{prefix}</span>}
          <Input
            {...p}
            type={type}
            inputMode={inputMode}
            value={draft}
            placeholder={placeholder}
            className={cn(prefix ? 'pl-6' : undefined)}
            onFocus={() => (editing.current = true)}
            onChange={(e) => {
              setDraft(e.target.value);
              s.reset();
            }}
            onBlur={commit}
            onKeyDown={(e) => {
              if (e.key === 'Enter') e.currentTarget.blur();
              if (e.key === 'Escape') {
                setDraft(value);
                cancelled.current = true;
                e.currentTarget.blur();
              }
            }}
          />
        </div>
      )}
    </Field>
  );
}

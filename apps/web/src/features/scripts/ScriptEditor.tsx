import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useQuery } from '@tanstack/react-query';
import type { CallScript, ScriptMode, ScriptPreview } from '@flywheel/contracts';
import { SCRIPT_VARIABLES } from '@flywheel/contracts/dialer-constants';
import { api } from '../../app/api.ts';
import { useAsyncForm } from '../../app/useAsyncForm.ts';
import { Alert, Button, Card, CardHeader, Field, Input, Kbd, Textarea, cn } from '../../ui/index.ts';
import { LeadPicker, type PickedLead } from './LeadPicker.tsx';
import { HighlightedScript, SCRIPT_MODE_LABELS, SCRIPT_MODE_ORDER, categoryLabel, unknownVariables } from './scriptText.tsx';

export interface ScriptDraft {
  name: string;
  category: string;
  body: string;
  defaultForModes: ScriptMode[];
}

export const draftOf = (s: CallScript | null): ScriptDraft =>
  s ? { name: s.name, category: s.category, body: s.body, defaultForModes: s.defaultForModes } : { name: '', category: 'opening', body: '', defaultForModes: [] };

export const sameDraft = (a: ScriptDraft, b: ScriptDraft) =>
  a.name === b.name && a.category === b.category && a.body === b.body && [...a.defaultForModes].sort().join() === [...b.defaultForModes].sort().join();

const isMac = typeof navigator !== 'undefined' && /Mac|iP(hone|ad)/.test(navigator.platform);

/**
 * The script editor: name, category, default-for-mode toggles, the body with variable chips that
 * insert at the cursor, and a live preview with the variables highlighted (filled from a real lead
 * when one is picked). ⌘/Ctrl+S saves, Esc cancels.
 */
export function ScriptEditor({ script, draft, setDraft, categories, holders, readOnly, onCancel, onSaved }: {
  script: CallScript | null;
  draft: ScriptDraft;
  setDraft: (d: ScriptDraft) => void;
  categories: string[];
  /** which other script is the default of each mode now */
  holders: Partial<Record<ScriptMode, string>>;
  readOnly: boolean;
  onCancel: () => void;
  onSaved: (s: CallScript) => void;
}) {
  const body = useRef<HTMLTextAreaElement>(null);
  const form = useAsyncForm();
  const { busy, run } = form;
  // the server's complaints are about the text it was sent: once edited, they no longer apply
  const submitted = useRef<ScriptDraft | null>(null);
  const stale = submitted.current !== null && !sameDraft(draft, submitted.current);
  const error = stale ? null : form.error;
  const fields = stale ? {} : form.fields;
  const [lead, setLead] = useState<PickedLead | null>(null);
  const set = (patch: Partial<ScriptDraft>) => setDraft({ ...draft, ...patch });
  const unknown = unknownVariables(draft.body);

  // the lead's values do not depend on the text: one request per picked lead, the text fills live
  const preview = useQuery({
    queryKey: ['script-preview-values', lead?.id],
    queryFn: () => api.post<ScriptPreview>('/api/v1/scripts/preview', { leadId: lead?.id, body: '' }),
    enabled: lead !== null,
  });
  const missing = preview.data ? SCRIPT_VARIABLES.filter((v) => draft.body.includes(`{${v}}`) && !preview.data.values[v]) : [];

  function insert(variable: string) {
    const el = body.current;
    const token = `{${variable}}`;
    const start = el?.selectionStart ?? draft.body.length;
    const end = el?.selectionEnd ?? draft.body.length;
    set({ body: draft.body.slice(0, start) + token + draft.body.slice(end) });
    requestAnimationFrame(() => {
      if (!el) return;
      el.focus();
      el.setSelectionRange(start + token.length, start + token.length);
    });
  }

  function save(e?: FormEvent) {
    e?.preventDefault();
    if (readOnly || busy) return;
    submitted.current = draft;
    void run(async () => {
      const payload = { name: draft.name, category: draft.category, body: draft.body, defaultForModes: draft.defaultForModes };
      const saved = script ? await api.patch<CallScript>(`/api/v1/scripts/${script.id}`, payload) : await api.post<CallScript>('/api/v1/scripts', payload);
      onSaved(saved);
    });
  }

  // ⌘/Ctrl+S saves from anywhere in the editor; Esc leaves it (the page asks about unsaved text)
  const saveRef = useRef(save);
  saveRef.current = save;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if ((e.metaKey || e.ctrlKey) && e.key.toLowerCase() === 's') {
        e.preventDefault();
        saveRef.current();
      } else if (e.key === 'Escape' && !(e.target instanceof HTMLElement && e.target.closest('dialog'))) {
        onCancel();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onCancel]);

  return (
    <Card>
      <CardHeader
        title={readOnly ? draft.name : script ? `Edit “${script.name}”` : 'New script'}
        subtitle={readOnly ? 'Only managers can edit scripts.' : <>Save with <Kbd>{isMac ? '⌘' : 'Ctrl'}+S</Kbd>, leave with <Kbd>Esc</Kbd>.</>}
        actions={<>
          <Button size="sm" onClick={onCancel}>{readOnly ? 'Back' : 'Cancel'}</Button>
          {!readOnly && <Button size="sm" variant="primary" type="submit" form="script-form" loading={busy}>{script ? 'Save' : 'Create script'}</Button>}
        </>}
      />
      <form id="script-form" onSubmit={save} className="space-y-4 p-4">
        {error && <Alert tone="error">{error}</Alert>}
        {!readOnly && (
          <div className="grid gap-3 sm:grid-cols-[1fr_14rem]">
            <Field label="Name" error={fields.name}>
              {(p) => <Input {...p} value={draft.name} onChange={(e) => set({ name: e.target.value })} placeholder="e.g. New lead – first call" maxLength={120} autoFocus={!script} />}
            </Field>
            <Field label="Category" error={fields.category} hint="Pick one or type your own.">
              {(p) => (
                <>
                  <Input {...p} list="script-categories" value={draft.category} onChange={(e) => set({ category: e.target.value })} maxLength={40} />
                  <datalist id="script-categories">{categories.map((c) => <option key={c} value={c}>{categoryLabel(c)}</option>)}</datalist>
                </>
              )}
            </Field>
          </div>
        )}

        <fieldset disabled={readOnly}>
          <legend className="mb-1 text-xs font-medium text-muted">Default script for</legend>
          <div className="flex flex-wrap gap-1.5">
            {SCRIPT_MODE_ORDER.map((m) => {
              const on = draft.defaultForModes.includes(m);
              const holder = holders[m];
              return (
                <button
                  key={m}
                  type="button"
                  role="switch"
                  aria-checked={on}
                  onClick={() => set({ defaultForModes: on ? draft.defaultForModes.filter((x) => x !== m) : [...draft.defaultForModes, m] })}
                  title={!on && holder ? `Now: “${holder}” — choosing this script replaces it` : undefined}
                  className={cn(
                    'rounded-full border px-2.5 py-0.5 text-xs transition-colors disabled:cursor-default',
                    on ? 'border-brand-600 bg-brand-600 text-white' : 'border-default bg-panel hover:bg-panel-2',
                  )}
                >
                  {SCRIPT_MODE_LABELS[m]}{!on && holder ? <>{' '}<span className="text-muted">· {holder}</span></> : null}
                </button>
              );
            })}
          </div>
          <p className="mt-1 text-xs text-muted">The Dialer opens sessions of these modes with this script. Each mode has one default; choosing it here takes it from the other script.</p>
        </fieldset>

        {!readOnly && (
          <div>
            <div className="mb-1 flex flex-wrap items-center gap-1.5">
              <span className="text-xs font-medium text-muted">Insert variable</span>
              {SCRIPT_VARIABLES.map((v) => (
                <button
                  key={v}
                  type="button"
                  onMouseDown={(e) => e.preventDefault()} // keep the textarea's cursor
                  onClick={() => insert(v)}
                  className="rounded-full border border-default bg-brand-100 px-2 py-0.5 font-mono text-[11px] text-brand-700 hover:bg-brand-600 hover:text-white dark:bg-brand-700/30 dark:text-brand-100"
                >
                  {`{${v}}`}
                </button>
              ))}
            </div>
            <Field label="Script" error={fields.body} hint={`${draft.body.length.toLocaleString()} / 20,000 characters. Plain text; use → for branches, [If …] for cues.`}>
              {(p) => (
                <Textarea
                  {...p}
                  ref={body}
                  value={draft.body}
                  onChange={(e) => set({ body: e.target.value })}
                  rows={12}
                  className="font-mono text-[13px]"
                  placeholder={'Hi {FirstName}, this is {RepFirstName} …\n\n→ If yes: …\n→ If no: …'}
                />
              )}
            </Field>
            {unknown.length > 0 && (
              <p className="mt-1 text-xs text-red-600 dark:text-red-400" role="alert">
                Unknown variable{unknown.length === 1 ? '' : 's'}: {unknown.map((u) => `{${u}}`).join(', ')} — the Dialer cannot fill {unknown.length === 1 ? 'it' : 'them'}; saving is refused until fixed.
              </p>
            )}
          </div>
        )}

        <section aria-label="Preview" className="rounded-md border border-default">
          <div className="flex flex-wrap items-center justify-between gap-2 border-b border-default bg-panel-2 px-3 py-1.5">
            <span className="text-xs font-semibold">Preview{lead ? ` for ${lead.name}` : ''}</span>
            <LeadPicker value={lead} onChange={setLead} />
          </div>
          <div className="max-h-96 overflow-auto p-3">
            {draft.body.trim() === '' ? (
              <p className="text-sm text-muted">The script appears here as the rep will read it.</p>
            ) : (
              <HighlightedScript body={draft.body} values={lead ? (preview.data?.values ?? null) : null} />
            )}
          </div>
          {lead && (
            <div className="border-t border-default px-3 py-1.5 text-xs text-muted">
              {preview.isPending ? 'Loading the lead…' : preview.isError ? <span className="text-red-600">{preview.error.message}</span> : missing.length ? (
                <>No value for this lead: {missing.map((m) => `{${m}}`).join(', ')} — the rep sees the gap.</>
              ) : 'Every variable has a value for this lead.'}
            </div>
          )}
        </section>
      </form>
    </Card>
  );
}

import { useEffect, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { toast } from 'sonner';
import type { PlaybookKind } from '@flywheel/contracts';
import { useAsyncForm } from '../../app/useAsyncForm.ts';
import { Alert, Button, Field, Input, Kbd, Modal, Textarea } from '../../ui/index.ts';
import { invalidatePlaybook, playbookApi } from './api.ts';
import { mmss, parseTime } from './constants.ts';
import { RuleFields, draftBody, emptyDraft, type RuleDraft } from './RuleFields.tsx';

export interface PromoteModalProps {
  open: boolean;
  onClose(): void;
  callSessionId: string;
  reviewId?: string;
  snippet: { start: number; end: number; text: string };
  defaults?: { title?: string; category?: string; kind?: PlaybookKind; segments?: string[]; stages?: string[]; tags?: string[] };
  onPromoted?(ruleId: string): void;
}

/**
 * Review → Playbook: turns a moment of a reviewed call into a rule, with that moment as its
 * evidence (invariant 5). Ctrl/⌘+Enter saves.
 */
export function PromoteModal(props: PromoteModalProps) {
  const { open, onClose, callSessionId, reviewId, snippet, defaults, onPromoted } = props;
  const qc = useQueryClient();
  const [draft, setDraft] = useState<RuleDraft>(() => emptyDraft(defaults));
  const [text, setText] = useState(snippet.text);
  const [start, setStart] = useState(mmss(snippet.start));
  const [end, setEnd] = useState(mmss(snippet.end));
  const { busy, error, fields, run, reset, setFields } = useAsyncForm({ banner: 'server' });

  // a new moment (or reopening) starts from the caller's values
  useEffect(() => {
    if (!open) return;
    setDraft(emptyDraft(defaults));
    setText(snippet.text);
    setStart(mmss(snippet.start));
    setEnd(mmss(snippet.end));
    reset();
  }, [open, callSessionId, snippet.start, snippet.end, snippet.text]);

  // untouched times keep their exact value (the display rounds to whole seconds)
  const s = start === mmss(snippet.start) ? snippet.start : parseTime(start);
  const e = end === mmss(snippet.end) ? snippet.end : parseTime(end);
  const localErr: Record<string, string> = {};
  if (s == null) localErr.start = 'Use m:ss, e.g. 1:05.';
  if (e == null) localErr.end = 'Use m:ss, e.g. 1:20.';
  if (s != null && e != null && e < s) localErr.end = 'The end must not be before the start.';
  if (!text.trim()) localErr.snippet = 'Quote what was said.';

  async function save() {
    if (busy) return;
    if (!draft.title.trim()) {
      setFields({ title: 'Give the rule a title.' });
      return;
    }
    if (Object.keys(localErr).length || s == null || e == null) return;
    await run(async () => {
      const rule = await playbookApi.create({
        ...draftBody(draft),
        source: 'review',
        sourceReviewId: reviewId ?? null,
        evidence: [{ kind: 'call', callSessionId, start: s, end: e, snippet: text.trim() }],
      });
      void invalidatePlaybook(qc);
      toast.success('Added to the playbook', { description: rule.title });
      onPromoted?.(rule.id);
      onClose();
    });
  }

  const evErr = (k: string) => localErr[k] ?? fields[`evidence.0.${k === 'snippet' ? 'snippet' : k}`];
  return (
    <Modal
      open={open}
      onClose={onClose}
      title="Promote to the playbook"
      footer={
        <>
          <span className="mr-auto hidden self-center text-xs text-muted sm:inline"><Kbd>Ctrl</Kbd>+<Kbd>Enter</Kbd> saves</span>
          <Button onClick={onClose}>Cancel</Button>
          <Button variant="primary" loading={busy} onClick={() => void save()} disabled={Object.keys(localErr).length > 0}>Save rule</Button>
        </>
      }
    >
      <form
        className="space-y-3"
        onSubmit={(ev) => { ev.preventDefault(); void save(); }}
        onKeyDown={(ev) => { if (ev.key === 'Enter' && (ev.metaKey || ev.ctrlKey)) { ev.preventDefault(); void save(); } }}
      >
        {error && <Alert tone="error">{error}</Alert>}
        <section aria-label="Evidence" className="rounded-md border border-default bg-panel-2/40 p-3" data-testid="promote-evidence">
          <p className="mb-2 text-xs font-medium text-muted">Evidence — this moment of the call <span className="tabular-nums">({s != null ? mmss(s) : '?'}–{e != null ? mmss(e) : '?'})</span></p>
          <Field label="What was said" error={evErr('snippet')}>
            {(p) => <Textarea {...p} rows={2} maxLength={2000} value={text} onChange={(ev) => setText(ev.target.value)} />}
          </Field>
          <div className="mt-2 grid grid-cols-2 gap-2">
            <Field label="From (m:ss)" error={evErr('start')}>{(p) => <Input {...p} inputMode="numeric" value={start} onChange={(ev) => setStart(ev.target.value)} />}</Field>
            <Field label="To (m:ss)" error={evErr('end') ?? fields['evidence.0.callSessionId']}>{(p) => <Input {...p} inputMode="numeric" value={end} onChange={(ev) => setEnd(ev.target.value)} />}</Field>
          </div>
        </section>
        <RuleFields draft={draft} onChange={setDraft} errors={fields} focusTitleWhen={open} />
        <button type="submit" hidden />
      </form>
    </Modal>
  );
}

import { useEffect, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { toast } from 'sonner';
import type { PlaybookRule } from '@flywheel/contracts';
import { useAsyncForm } from '../../app/useAsyncForm.ts';
import { Alert, Button, Field, Input, Kbd, Modal } from '../../ui/index.ts';
import { invalidatePlaybook, playbookApi } from './api.ts';
import { EvidenceFields, emptyEvidence, evidenceBody, evidenceErrors, type EvidenceDraft } from './EvidenceForm.tsx';
import { RuleFields, draftBody, emptyDraft, type RuleDraft } from './RuleFields.tsx';

/** The playbook's forms keep the server's message in the banner (the evidence fields sit far below it). */
const useSubmit = () => useAsyncForm({ banner: 'server' });

const saveKeys = (save: () => void) => (e: React.KeyboardEvent) => {
  if (e.key === 'Enter' && (e.metaKey || e.ctrlKey)) {
    e.preventDefault();
    save();
  }
};

/** A new rule by hand: its fields and its first evidence (required — invariant 5). */
export function NewRuleModal({ open, onClose, onCreated }: { open: boolean; onClose: () => void; onCreated?: (id: string) => void }) {
  const qc = useQueryClient();
  const [draft, setDraft] = useState<RuleDraft>(emptyDraft());
  const [ev, setEv] = useState<EvidenceDraft>(emptyEvidence());
  const [local, setLocal] = useState<Record<string, string>>({});
  const s = useSubmit();
  useEffect(() => {
    if (open) {
      setDraft(emptyDraft());
      setEv(emptyEvidence());
      setLocal({});
      s.reset();
    }
  }, [open]);

  // a fixed field loses its old complaint
  useEffect(() => setLocal({}), [draft, ev]);

  function save() {
    const checked = evidenceBody(ev);
    const errs: Record<string, string> = {};
    if (!draft.title.trim()) errs.title = 'Give the rule a title.';
    if (!checked.ok) Object.assign(errs, Object.fromEntries(Object.entries(checked.errors).map(([k, v]) => [`ev.${k}`, v])));
    setLocal(errs);
    if (Object.keys(errs).length || !checked.ok) return;
    void s.run(async () => {
      const rule = await playbookApi.create({ ...draftBody(draft), source: 'manual', evidence: [checked.body] });
      void invalidatePlaybook(qc);
      toast.success('Rule added to the playbook', { description: rule.title });
      onCreated?.(rule.id);
      onClose();
    });
  }
  const evErr = { ...evidenceErrors(s.fields, 'evidence.0.'), ...evidenceErrors(local, 'ev.') };
  return (
    <Modal
      open={open}
      onClose={onClose}
      title="New playbook rule"
      footer={
        <>
          <span className="mr-auto hidden self-center text-xs text-muted sm:inline"><Kbd>Ctrl</Kbd>+<Kbd>Enter</Kbd> saves</span>
          <Button onClick={onClose}>Cancel</Button>
          <Button variant="primary" loading={s.busy} onClick={save}>Save rule</Button>
        </>
      }
    >
      <div className="space-y-3" onKeyDown={saveKeys(save)}>
        {s.error && <Alert tone="error">{s.error}</Alert>}
        <RuleFields draft={draft} onChange={setDraft} errors={{ ...s.fields, ...local }} focusTitleWhen={open} />
        <section aria-label="Evidence" className="rounded-md border border-default bg-panel-2/40 p-3">
          <p className="mb-2 text-xs font-medium">Evidence <span className="font-normal text-muted">— required: a rule without evidence is not saved. Pick a call and the moment that proves it, or a metric.</span></p>
          <EvidenceFields draft={ev} onChange={setEv} errors={evErr} />
        </section>
      </div>
    </Modal>
  );
}

/** Edit a rule's fields; the change note goes into its history. */
export function EditRuleModal({ rule, onClose }: { rule: PlaybookRule | null; onClose: () => void }) {
  const qc = useQueryClient();
  const [draft, setDraft] = useState<RuleDraft>(emptyDraft());
  const [note, setNote] = useState('');
  const s = useSubmit();
  useEffect(() => {
    if (!rule) return;
    setDraft(emptyDraft({ kind: rule.kind, category: rule.category, title: rule.title, body: rule.body, segments: rule.segments, stages: rule.stages, tags: rule.tags, objectionTag: rule.objectionTag ?? '', priority: rule.priority }));
    setNote('');
    s.reset();
  }, [rule?.id]);

  function save() {
    if (!rule) return;
    if (!draft.title.trim()) {
      s.setFields({ title: 'Give the rule a title.' });
      return;
    }
    void s.run(async () => {
      const r = await playbookApi.update(rule.id, { ...draftBody(draft), changeNote: note.trim() || undefined });
      void invalidatePlaybook(qc);
      toast.success(r.version > rule.version ? `Saved as version ${r.version}` : 'Nothing changed');
      onClose();
    });
  }
  return (
    <Modal
      open={!!rule}
      onClose={onClose}
      title={rule ? `Edit “${rule.title}”` : 'Edit rule'}
      footer={
        <>
          <span className="mr-auto hidden self-center text-xs text-muted sm:inline"><Kbd>Ctrl</Kbd>+<Kbd>Enter</Kbd> saves</span>
          <Button onClick={onClose}>Cancel</Button>
          <Button variant="primary" loading={s.busy} onClick={save}>Save</Button>
        </>
      }
    >
      <div className="space-y-3" onKeyDown={saveKeys(save)}>
        {s.error && <Alert tone="error">{s.error}</Alert>}
        <RuleFields draft={draft} onChange={setDraft} errors={s.fields} />
        <Field label="What changed and why (kept in the history)" error={s.fields.changeNote}>
          {(p) => <Input {...p} value={note} maxLength={500} placeholder="e.g. Sharper wording after 20 more calls" onChange={(e) => setNote(e.target.value)} />}
        </Field>
      </div>
    </Modal>
  );
}

/** Another piece of evidence for a rule. */
export function AddEvidenceModal({ ruleId, onClose }: { ruleId: string | null; onClose: () => void }) {
  const qc = useQueryClient();
  const [ev, setEv] = useState<EvidenceDraft>(emptyEvidence());
  const [local, setLocal] = useState<Record<string, string>>({});
  const s = useSubmit();
  useEffect(() => {
    if (ruleId) {
      setEv(emptyEvidence());
      setLocal({});
      s.reset();
    }
  }, [ruleId]);
  useEffect(() => setLocal({}), [ev]);
  function save() {
    if (!ruleId) return;
    const checked = evidenceBody(ev);
    setLocal(checked.ok ? {} : checked.errors);
    if (!checked.ok) return;
    void s.run(async () => {
      await playbookApi.addEvidence(ruleId, checked.body);
      void invalidatePlaybook(qc);
      toast.success('Evidence added');
      onClose();
    });
  }
  return (
    <Modal
      open={!!ruleId}
      onClose={onClose}
      title="Add evidence"
      footer={<><Button onClick={onClose}>Cancel</Button><Button variant="primary" loading={s.busy} onClick={save}>Add</Button></>}
    >
      <div className="space-y-3" onKeyDown={saveKeys(save)}>
        {s.error && <Alert tone="error">{s.error}</Alert>}
        <EvidenceFields draft={ev} onChange={setEv} errors={{ ...evidenceErrors(s.fields, 'evidence.'), ...local }} />
      </div>
    </Modal>
  );
}

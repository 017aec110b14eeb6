import { useEffect, useRef, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { Plus, X } from 'lucide-react';
import { toast } from 'sonner';
import { EXPERIMENT_DEFAULT_TARGET, EXPERIMENT_SUBJECTS, EXPERIMENT_VARIANT_KEYS } from '@flywheel/contracts';
import { ApiError } from '../../app/api.ts';
import { Alert, Button, Field, Input, Kbd, Modal, MultiSelect, Select, Textarea } from '../../ui/index.ts';
import { useDispositions } from '../dialer/api.ts';
import { useFacets, useStages } from '../leads/api.ts';
import { experimentsApi, invalidateExperiments } from './api.ts';

export interface CreateExperimentModalProps {
  open: boolean;
  onClose(): void;
  sourceReviewId?: string;
  defaults?: { name?: string; hypothesis?: string };
}

/** The outcomes preselected as a success: the workspace's positive ones (the server's default too). */
const POSITIVE_KEYS = ['some_interest', 'interested', 'meeting_set', 'meeting', 'sold', 'won', 'deal'];

interface Draft {
  name: string;
  hypothesis: string;
  subject: string;
  variants: { label: string; text: string }[];
  targetCalls: string;
  success: string[] | null; // null: not touched, the positive ones
  segments: string[];
  stages: string[];
  tags: string[];
}

const emptyDraft = (d: CreateExperimentModalProps['defaults'] = {}): Draft => ({
  name: d.name ?? '', hypothesis: d.hypothesis ?? '', subject: 'opener',
  variants: [{ label: 'Variant A', text: '' }, { label: 'Variant B', text: '' }],
  targetCalls: String(EXPERIMENT_DEFAULT_TARGET), success: null, segments: [], stages: [], tags: [],
});

/**
 * A new experiment: 2–4 variants of what the rep says, how many calls with an outcome decide it,
 * which outcomes count as a success, and who it applies to. It runs at once: calls placed from the
 * Dialer get a variant. Ctrl/⌘+Enter creates.
 */
export function CreateExperimentModal({ open, onClose, sourceReviewId, defaults }: CreateExperimentModalProps) {
  const qc = useQueryClient();
  const dispositions = useDispositions();
  const facets = useFacets();
  const stages = useStages();
  const [d, setD] = useState<Draft>(() => emptyDraft(defaults));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [fields, setFields] = useState<Record<string, string>>({});
  const body = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!open) return;
    setD(emptyDraft(defaults));
    setError(null);
    setFields({});
  }, [open, defaults?.name, defaults?.hypothesis]);

  const positive = (dispositions.data ?? []).filter((x) => x.countsAsConnect && POSITIVE_KEYS.includes(x.key)).map((x) => x.key);
  const success = d.success ?? positive;
  const set = <K extends keyof Draft>(k: K, v: Draft[K]) => setD((cur) => ({ ...cur, [k]: v }));
  const setVariant = (i: number, patch: Partial<Draft['variants'][number]>) => setD((cur) => ({ ...cur, variants: cur.variants.map((v, j) => (j === i ? { ...v, ...patch } : v)) }));
  const target = Number(d.targetCalls);
  const perVariant = Number.isFinite(target) && target > 0 ? Math.floor(target / d.variants.length) : 0;

  async function create() {
    if (busy) return;
    const local: Record<string, string> = {};
    if (!d.name.trim()) local.name = 'Name the experiment.';
    d.variants.forEach((v, i) => {
      if (!v.label.trim()) local[`variants.${i}.label`] = 'Name the variant.';
      if (!v.text.trim()) local[`variants.${i}.text`] = 'Write what the rep says.';
    });
    if (!Number.isInteger(target) || target < d.variants.length * 2) local.targetCalls = `At least ${d.variants.length * 2} calls (2 per variant).`;
    if (success.length === 0) local.successDispositions = 'Pick at least one outcome that counts as a success.';
    setFields(local);
    if (Object.keys(local).length) return;
    setBusy(true);
    setError(null);
    try {
      const e = await experimentsApi.create({
        name: d.name, hypothesis: d.hypothesis, subject: d.subject, variants: d.variants, targetCalls: target,
        successDispositions: success, targeting: { segments: d.segments, stages: d.stages, tags: d.tags }, sourceReviewId: sourceReviewId ?? null,
      });
      toast.success(`Experiment “${e.name}” is running`, { description: `Calls placed from the Dialer now get variant ${e.variants.map((v) => v.key).join(' or ')}.` });
      await invalidateExperiments(qc);
      onClose();
    } catch (err) {
      if (err instanceof ApiError) {
        setFields(err.fields);
        setError(err.message);
      } else setError((err as Error).message);
      body.current?.scrollTo({ top: 0 }); // the message is at the top
    } finally {
      setBusy(false);
    }
  }

  const onKeyDown = (e: React.KeyboardEvent) => {
    if (e.key === 'Enter' && (e.metaKey || e.ctrlKey)) {
      e.preventDefault();
      void create();
    }
  };
  const err = (k: string) => fields[k];

  return (
    <Modal
      open={open}
      onClose={onClose}
      title="New experiment"
      footer={
        <>
          <span className="mr-auto self-center text-xs text-muted"><Kbd>Ctrl</Kbd>+<Kbd>Enter</Kbd> to create</span>
          <Button onClick={onClose}>Cancel</Button>
          <Button variant="primary" loading={busy} onClick={() => void create()}>Create and start</Button>
        </>
      }
    >
      <div ref={body} className="max-h-[70vh] space-y-3 overflow-y-auto pr-1" onKeyDown={onKeyDown} data-testid="create-experiment">
        {error && <Alert tone="error">{error}</Alert>}
        <div className="grid gap-3 sm:grid-cols-3">
          <Field label="Name" error={err('name')} className="sm:col-span-2">
            {(p) => <Input {...p} autoFocus value={d.name} maxLength={200} placeholder="e.g. Opener: question vs statement" onChange={(e) => set('name', e.target.value)} />}
          </Field>
          <Field label="What is varied" error={err('subject')}>
            {(p) => (
              <Select {...p} value={d.subject} onChange={(e) => set('subject', e.target.value)}>
                {EXPERIMENT_SUBJECTS.map((s) => <option key={s} value={s}>{s}</option>)}
              </Select>
            )}
          </Field>
        </div>
        <Field label="Hypothesis" error={err('hypothesis')} hint="What you expect, and why — it is shown with the result.">
          {(p) => <Textarea {...p} rows={2} value={d.hypothesis} maxLength={2000} placeholder="Opening with a question gets more conversations than introducing ourselves." onChange={(e) => set('hypothesis', e.target.value)} />}
        </Field>

        <fieldset className="space-y-2">
          <legend className="mb-1 text-xs font-medium text-muted">Variants <span className="font-normal">(2–4; each call gets one, split evenly)</span></legend>
          {err('variants') && <p className="text-xs text-red-600 dark:text-red-400">{err('variants')}</p>}
          {d.variants.map((v, i) => (
            <div key={i} className="rounded-md border border-default p-2" data-testid={`variant-${EXPERIMENT_VARIANT_KEYS[i]}`}>
              <div className="mb-1.5 flex items-center gap-2">
                <span className="inline-flex h-6 w-6 shrink-0 items-center justify-center rounded-full bg-brand-600 text-xs font-semibold text-white" aria-hidden>{EXPERIMENT_VARIANT_KEYS[i]}</span>
                <Field label={`Variant ${EXPERIMENT_VARIANT_KEYS[i]} name`} error={err(`variants.${i}.label`)} className="flex-1">
                  {(p) => <Input {...p} value={v.label} maxLength={60} onChange={(e) => setVariant(i, { label: e.target.value })} />}
                </Field>
                {d.variants.length > 2 && (
                  <Button size="sm" variant="ghost" aria-label={`Remove variant ${EXPERIMENT_VARIANT_KEYS[i]}`} className="self-end" onClick={() => set('variants', d.variants.filter((_, j) => j !== i))}>
                    <X aria-hidden className="h-3.5 w-3.5" />
                  </Button>
                )}
              </div>
              <Field label={`What the rep says (variant ${EXPERIMENT_VARIANT_KEYS[i]})`} error={err(`variants.${i}.text`)}>
                {(p) => <Textarea {...p} rows={2} value={v.text} maxLength={2000} placeholder={i === 0 ? 'Hi, this is Sam from Acme — we help fleets cut fuel costs.' : 'Hi, quick question: who looks after fuel costs for your fleet?'} onChange={(e) => setVariant(i, { text: e.target.value })} />}
              </Field>
            </div>
          ))}
          {d.variants.length < 4 && (
            <Button size="sm" onClick={() => set('variants', [...d.variants, { label: `Variant ${EXPERIMENT_VARIANT_KEYS[d.variants.length]}`, text: '' }])}>
              <Plus aria-hidden className="h-3.5 w-3.5" /> Add variant {EXPERIMENT_VARIANT_KEYS[d.variants.length]}
            </Button>
          )}
        </fieldset>

        <div className="grid gap-3 sm:grid-cols-2">
          <Field
            label="Calls with an outcome to decide"
            error={err('targetCalls')}
            hint={perVariant > 0 ? `About ${perVariant} per variant. Small tests only catch big gaps: ~150 per variant to reliably see 15 points.` : undefined}
          >
            {(p) => <Input {...p} type="number" inputMode="numeric" min={2} max={100000} value={d.targetCalls} onChange={(e) => set('targetCalls', e.target.value)} />}
          </Field>
          <div className="flex flex-col gap-1">
            <span className="text-xs font-medium text-muted">Counts as a success</span>
            <MultiSelect
              label="Outcomes"
              options={(dispositions.data ?? []).map((x) => ({ value: x.key, label: x.label, color: x.color }))}
              value={success}
              onChange={(v) => set('success', v)}
              emptyText={dispositions.isLoading ? 'Loading outcomes…' : 'No outcomes set up.'}
              className="w-full justify-between"
            />
            {err('successDispositions') ? (
              <p className="text-xs text-red-600 dark:text-red-400">{err('successDispositions')}</p>
            ) : (
              <p className="text-xs text-muted">{success.length ? (dispositions.data ?? []).filter((x) => success.includes(x.key)).map((x) => x.label).join(', ') : 'None picked'}</p>
            )}
          </div>
        </div>

        <div>
          <p className="mb-1 text-xs font-medium text-muted">Who it applies to <span className="font-normal">(nothing picked = every lead called)</span></p>
          <div className="flex flex-wrap gap-2" data-testid="experiment-targeting">
            <MultiSelect label="Segments" options={(facets.data?.segments ?? []).map((s) => ({ value: s.value, label: s.value, count: s.count }))} value={d.segments} onChange={(v) => set('segments', v)} emptyText="No lead has a segment yet." />
            <MultiSelect label="Stages" options={(stages.data ?? []).map((s) => ({ value: s.key, label: s.label, color: s.color }))} value={d.stages} onChange={(v) => set('stages', v)} />
            <MultiSelect label="Tags" options={(facets.data?.tags ?? []).map((s) => ({ value: s.value, label: s.value, count: s.count }))} value={d.tags} onChange={(v) => set('tags', v)} emptyText="No lead has a tag yet." />
          </div>
          {(err('targeting.stages') || err('targeting.segments') || err('targeting.tags')) && (
            <p className="mt-1 text-xs text-red-600 dark:text-red-400">{err('targeting.stages') || err('targeting.segments') || err('targeting.tags')}</p>
          )}
        </div>
        {sourceReviewId && <p className="text-xs text-muted">Linked to the review it came from.</p>}
      </div>
    </Modal>
  );
}

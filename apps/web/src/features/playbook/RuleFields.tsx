import { useEffect, useRef, useState } from 'react';
import type { PlaybookKind } from '@flywheel/contracts';
import { Field, Input, MultiSelect, Select, Textarea } from '../../ui/index.ts';
import { useFacets, useStages } from '../leads/api.ts';
import { useCategories } from './api.ts';
import { DEFAULT_CATEGORIES, KIND_LABEL, KINDS } from './constants.ts';

export interface RuleDraft {
  kind: PlaybookKind;
  category: string;
  title: string;
  body: string;
  segments: string[];
  stages: string[];
  tags: string[];
  objectionTag: string;
  priority: number;
}

export const emptyDraft = (d: Partial<RuleDraft> = {}): RuleDraft => ({
  kind: 'rule', category: 'general', title: '', body: '', segments: [], stages: [], tags: [], objectionTag: '', priority: 0, ...d,
});

/** The rule's own fields (kind, category, title, body, targeting, priority), shared by promote, new and edit. */
export function RuleFields({ draft, onChange, errors = {}, focusTitleWhen }: { draft: RuleDraft; onChange: (d: RuleDraft) => void; errors?: Record<string, string>; focusTitleWhen?: boolean }) {
  // the dialog focuses its first control when it opens; the title is what one types first
  const titleRef = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (!focusTitleWhen) return;
    const h = setTimeout(() => titleRef.current?.focus(), 0);
    return () => clearTimeout(h);
  }, [focusTitleWhen]);
  const cats = useCategories();
  const facets = useFacets();
  const stages = useStages();
  const known = cats.data?.map((c) => c.category) ?? DEFAULT_CATEGORIES;
  const options = known.includes(draft.category) || !draft.category ? known : [...known, draft.category];
  const [newCat, setNewCat] = useState(false);
  const set = <K extends keyof RuleDraft>(k: K, v: RuleDraft[K]) => onChange({ ...draft, [k]: v });

  return (
    <div className="grid gap-3 sm:grid-cols-2">
      <Field label="Kind" error={errors.kind}>
        {(p) => (
          <Select {...p} value={draft.kind} onChange={(e) => set('kind', e.target.value as PlaybookKind)}>
            {KINDS.map((k) => <option key={k} value={k}>{KIND_LABEL[k]}</option>)}
          </Select>
        )}
      </Field>
      <Field label="Category" error={errors.category}>
        {(p) =>
          newCat ? (
            <div className="flex gap-1">
              <Input {...p} autoFocus value={draft.category} maxLength={40} placeholder="e.g. gatekeepers" onChange={(e) => set('category', e.target.value)} />
              <button type="button" className="text-xs text-muted hover:underline" onClick={() => { setNewCat(false); set('category', 'general'); }}>List</button>
            </div>
          ) : (
            <Select
              {...p}
              value={draft.category}
              onChange={(e) => {
                if (e.target.value === '__new') {
                  setNewCat(true);
                  set('category', '');
                } else set('category', e.target.value);
              }}
            >
              {options.map((c) => <option key={c} value={c}>{c}</option>)}
              <option value="__new">New category…</option>
            </Select>
          )
        }
      </Field>
      <Field label="Title" error={errors.title} className="sm:col-span-2">
        {(p) => <Input {...p} ref={titleRef} value={draft.title} maxLength={200} placeholder="e.g. When they say “send me info”, ask what they would look for" onChange={(e) => set('title', e.target.value)} />}
      </Field>
      <Field label="What to do (body)" error={errors.body} className="sm:col-span-2">
        {(p) => <Textarea {...p} value={draft.body} maxLength={8000} rows={3} placeholder="The move, in a line or two, as a rep would read it before the call." onChange={(e) => set('body', e.target.value)} />}
      </Field>
      <div className="sm:col-span-2">
        <p className="mb-1 text-xs font-medium text-muted">Who it applies to <span className="font-normal">(nothing picked = every lead; a lead matches when it has one of the picked values of each list)</span></p>
        <div className="flex flex-wrap gap-2" data-testid="targeting">
          <MultiSelect label="Segments" options={(facets.data?.segments ?? []).map((s) => ({ value: s.value, label: s.value, count: s.count }))} value={draft.segments} onChange={(v) => set('segments', v)} emptyText="No lead has a segment yet." />
          <MultiSelect label="Stages" options={(stages.data ?? []).map((s) => ({ value: s.key, label: s.label, color: s.color }))} value={draft.stages} onChange={(v) => set('stages', v)} />
          <MultiSelect label="Tags" options={(facets.data?.tags ?? []).map((s) => ({ value: s.value, label: s.value, count: s.count }))} value={draft.tags} onChange={(v) => set('tags', v)} emptyText="No lead has a tag yet." />
        </div>
        {(errors.segments || errors.stages || errors.tags) && <p className="mt-1 text-xs text-red-600 dark:text-red-400">{errors.segments || errors.stages || errors.tags}</p>}
      </div>
      {(draft.kind === 'objection_handler' || draft.kind === 'stop_signal') && (
        <Field label="Objection it answers (tag)" hint="Shown first to leads who raised it on an earlier call." error={errors.objectionTag}>
          {(p) => <Input {...p} value={draft.objectionTag} maxLength={80} placeholder="e.g. price" onChange={(e) => set('objectionTag', e.target.value)} />}
        </Field>
      )}
      <Field label="Priority" hint="Higher shows first among equally specific rules." error={errors.priority}>
        {(p) => <Input {...p} type="number" min={-100} max={100} step={1} value={draft.priority} onChange={(e) => set('priority', Math.trunc(Number(e.target.value) || 0))} />}
      </Field>
    </div>
  );
}

/** The draft as the API wants it. */
export function draftBody(d: RuleDraft) {
  return {
    kind: d.kind, category: d.category.trim() || 'general', title: d.title.trim(), body: d.body.trim(), segments: d.segments, stages: d.stages, tags: d.tags,
    objectionTag: d.kind === 'objection_handler' || d.kind === 'stop_signal' ? d.objectionTag.trim() || null : null, priority: d.priority,
  };
}

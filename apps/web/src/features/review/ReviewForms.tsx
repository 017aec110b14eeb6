import { useRef, useState, type RefObject } from 'react';
import { REVIEW_CRITERIA, REVIEW_CRITERION_LABELS, type CallReview, type ReviewCriterion } from '@flywheel/contracts';
import { Chip, Field, Input, Textarea, cn } from '../../ui/index.ts';

export type Scores = Record<ReviewCriterion, number | null>;
export const EMPTY_SCORES: Scores = { opening: null, discovery: null, control: null, objections: null, close: null, nextStep: null };

/** Everything of one review the page edits (quick and deep fields: a PUT replaces the whole row). */
export interface ReviewDraft {
  tags: string[];
  marketInsight: string;
  scores: Scores;
  whatWorked: string;
  whatFailed: string;
  coachingNotes: string;
}

export function draftOf(r: CallReview | null | undefined): ReviewDraft {
  return r
    ? { tags: r.tags, marketInsight: r.marketInsight, scores: { ...r.scores }, whatWorked: r.whatWorked, whatFailed: r.whatFailed, coachingNotes: r.coachingNotes }
    : { tags: [], marketInsight: '', scores: { ...EMPTY_SCORES }, whatWorked: '', whatFailed: '', coachingNotes: '' };
}

export const normTag = (s: string) => s.trim().replace(/\s+/g, ' ').toLowerCase();

/** Tags with suggestions from the ones in use: Enter (or comma) adds, Backspace on empty removes the last. */
export function TagInput({ tags, onChange, suggestions, inputRef, disabled, error }: {
  tags: string[];
  onChange(t: string[]): void;
  suggestions: { tag: string; count: number }[];
  inputRef?: RefObject<HTMLInputElement | null>;
  disabled?: boolean;
  error?: string;
}) {
  const [text, setText] = useState('');
  const add = (raw: string) => {
    const t = normTag(raw);
    if (!t || tags.includes(t)) return setText('');
    if (tags.length >= 20) return;
    onChange([...tags, t]);
    setText('');
  };
  const q = normTag(text);
  const shown = suggestions.filter((s) => !tags.includes(s.tag) && (!q || s.tag.includes(q))).slice(0, 8);
  return (
    <Field label="Tags" error={error} hint={tags.length >= 20 ? 'At most 20 tags.' : 'Enter adds a tag · T focuses this field'}>
      {(p) => (
        <div>
          <div className="flex flex-wrap gap-1 pb-1" data-testid="review-tags">
            {tags.map((t) => (
              <Chip key={t} onRemove={disabled ? undefined : () => onChange(tags.filter((x) => x !== t))} removeLabel={`Remove tag ${t}`}>{t}</Chip>
            ))}
          </div>
          <Input
            {...p}
            ref={inputRef}
            value={text}
            disabled={disabled}
            placeholder={tags.length ? 'Add another tag' : 'e.g. price objection'}
            onChange={(e) => setText(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter' || e.key === ',') {
                e.preventDefault();
                add(text);
              } else if (e.key === 'Backspace' && !text && tags.length) {
                onChange(tags.slice(0, -1));
              } else if (e.key === 'Escape') {
                (e.target as HTMLInputElement).blur();
              }
            }}
          />
          {shown.length > 0 && !disabled && (
            <div className="mt-1 flex flex-wrap gap-1" aria-label="Suggested tags">
              {shown.map((s) => (
                <button key={s.tag} type="button" onClick={() => add(s.tag)} className="rounded-full border border-dashed border-default px-2 py-0.5 text-xs text-muted hover:bg-panel-2 hover:text-[var(--text)]">
                  + {s.tag} <span className="tabular-nums">{s.count}</span>
                </button>
              ))}
            </div>
          )}
        </div>
      )}
    </Field>
  );
}

/** Six 1–5 pickers: focus a criterion and type 1–5 (0 clears), ↑/↓ moves between criteria. */
export function Rubric({ scores, onChange, disabled, errors }: { scores: Scores; onChange(s: Scores): void; disabled?: boolean; errors?: Record<string, string> }) {
  const refs = useRef<(HTMLDivElement | null)[]>([]);
  return (
    <div className="space-y-1.5" data-testid="rubric">
      {REVIEW_CRITERIA.map((c, i) => (
        <div key={c}>
          <div
            ref={(el) => { refs.current[i] = el; }}
            role="radiogroup"
            aria-label={REVIEW_CRITERION_LABELS[c]}
            tabIndex={0}
            onKeyDown={(e) => {
              if (disabled) return;
              if (/^[1-5]$/.test(e.key)) {
                e.preventDefault();
                e.stopPropagation();
                onChange({ ...scores, [c]: Number(e.key) });
                refs.current[i + 1]?.focus();
              } else if (e.key === '0' || e.key === 'Backspace') {
                e.preventDefault();
                onChange({ ...scores, [c]: null });
              } else if (e.key === 'ArrowDown') {
                e.preventDefault();
                refs.current[i + 1]?.focus();
              } else if (e.key === 'ArrowUp') {
                e.preventDefault();
                refs.current[i - 1]?.focus();
              }
            }}
            className="flex items-center justify-between gap-2 rounded-md px-1 py-0.5 focus:outline-none focus:ring-2 focus:ring-brand-500/40"
          >
            <span className="text-sm">{REVIEW_CRITERION_LABELS[c]}</span>
            <span className="flex gap-0.5">
              {[1, 2, 3, 4, 5].map((n) => (
                <button
                  key={n}
                  type="button"
                  role="radio"
                  tabIndex={-1}
                  disabled={disabled}
                  aria-checked={scores[c] === n}
                  aria-label={`${REVIEW_CRITERION_LABELS[c]} ${n}`}
                  onClick={() => onChange({ ...scores, [c]: scores[c] === n ? null : n })}
                  className={cn(
                    'h-7 w-7 rounded-md border text-xs font-medium tabular-nums',
                    scores[c] === n ? 'border-brand-600 bg-brand-600 text-white' : scores[c] !== null && n <= (scores[c] ?? 0) ? 'border-brand-500/50 bg-brand-50 dark:bg-brand-700/30' : 'border-default hover:bg-panel-2',
                  )}
                >
                  {n}
                </button>
              ))}
            </span>
          </div>
          {errors?.[`scores.${c}`] && <p className="px-1 text-xs text-red-600 dark:text-red-400">{errors[`scores.${c}`]}</p>}
        </div>
      ))}
    </div>
  );
}

export function NotesFields({ d, onChange, disabled, errors }: { d: ReviewDraft; onChange(p: Partial<ReviewDraft>): void; disabled?: boolean; errors?: Record<string, string> }) {
  return (
    <div className="space-y-2">
      <Field label="What worked" error={errors?.whatWorked}>
        {(p) => <Textarea {...p} rows={2} maxLength={4000} disabled={disabled} value={d.whatWorked} onChange={(e) => onChange({ whatWorked: e.target.value })} />}
      </Field>
      <Field label="What failed" error={errors?.whatFailed}>
        {(p) => <Textarea {...p} rows={2} maxLength={4000} disabled={disabled} value={d.whatFailed} onChange={(e) => onChange({ whatFailed: e.target.value })} />}
      </Field>
      <Field label="Coaching notes" error={errors?.coachingNotes}>
        {(p) => <Textarea {...p} rows={2} maxLength={4000} disabled={disabled} value={d.coachingNotes} onChange={(e) => onChange({ coachingNotes: e.target.value })} />}
      </Field>
    </div>
  );
}

export function InsightField({ value, onChange, inputRef, disabled, error }: { value: string; onChange(v: string): void; inputRef?: RefObject<HTMLInputElement | null>; disabled?: boolean; error?: string }) {
  return (
    <Field label="Market insight" error={error} hint={`One line · ${value.length}/500 · I focuses this field`}>
      {(p) => (
        <Input
          {...p}
          ref={inputRef}
          maxLength={500}
          disabled={disabled}
          value={value}
          placeholder="What did this call teach us about the market?"
          onChange={(e) => onChange(e.target.value.replace(/[\r\n]+/g, ' '))}
          onKeyDown={(e) => e.key === 'Escape' && (e.target as HTMLInputElement).blur()}
        />
      )}
    </Field>
  );
}

/** Another person's review, read-only. */
export function ReviewSummary({ r }: { r: CallReview }) {
  return (
    <div className="rounded-md border border-default p-2 text-sm" data-testid="other-review">
      <div className="flex items-center justify-between gap-2">
        <span className="font-medium">{r.authorName ?? 'Someone'}</span>
        <span className="text-xs text-muted">{r.scored ? `${r.totalScore}/30` : r.totalScore > 0 ? `${r.totalScore} (partial)` : r.reviewType}</span>
      </div>
      {r.tags.length > 0 && <div className="mt-1 flex flex-wrap gap-1">{r.tags.map((t) => <Chip key={t}>{t}</Chip>)}</div>}
      {r.marketInsight && <p className="mt-1 text-muted">“{r.marketInsight}”</p>}
      {REVIEW_CRITERIA.some((c) => r.scores[c] !== null) && (
        <p className="mt-1 text-xs text-muted">{REVIEW_CRITERIA.map((c) => `${REVIEW_CRITERION_LABELS[c]} ${r.scores[c] ?? '–'}`).join(' · ')}</p>
      )}
      {r.whatWorked && <p className="mt-1 text-xs"><span className="text-muted">Worked:</span> {r.whatWorked}</p>}
      {r.whatFailed && <p className="mt-1 text-xs"><span className="text-muted">Failed:</span> {r.whatFailed}</p>}
      {r.coachingNotes && <p className="mt-1 text-xs"><span className="text-muted">Coaching:</span> {r.coachingNotes}</p>}
    </div>
  );
}

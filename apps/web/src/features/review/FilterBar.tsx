import { useEffect, useState } from 'react';
import { Button, Chip, Input, MultiSelect, Select } from '../../ui/index.ts';
import { useMembers } from '../leads/api.ts';
import { useDispositions } from '../dialer/api.ts';
import { useReviewTags } from './api.ts';
import { activeCount, type ReviewFilters } from './filters.ts';

const OUTCOMES: [string, string][] = [
  ['', 'Answered'],
  ['all', 'Any outcome'],
  ['unanswered', 'Not answered'],
  ['completed', 'Completed'],
  ['no_answer', 'No answer'],
  ['busy', 'Busy'],
  ['failed', 'Failed'],
  ['canceled', 'Canceled'],
];

/** A number field that reports on blur / Enter (not on every keystroke: each change is a new URL). */
function SecondsInput({ value, onCommit, label, placeholder }: { value: string; onCommit(v: string): void; label: string; placeholder: string }) {
  const [v, setV] = useState(value);
  useEffect(() => setV(value), [value]);
  const commit = () => {
    const n = v.trim() === '' ? '' : String(Math.max(0, Math.round(Number(v) * 60)));
    if (n !== value && !Number.isNaN(Number(n))) onCommit(n);
  };
  return (
    <Input
      type="number"
      min={0}
      step={0.5}
      value={v === '' ? '' : v}
      onChange={(e) => setV(e.target.value)}
      onBlur={commit}
      onKeyDown={(e) => e.key === 'Enter' && commit()}
      aria-label={label}
      placeholder={placeholder}
      className="!w-20"
    />
  );
}

const minutes = (secs: string) => (secs === '' ? '' : String(Number(secs) / 60));

export function FilterBar({ f, onChange, onClear, session }: { f: ReviewFilters; onChange(p: Partial<ReviewFilters>): void; onClear(): void; session: { startedAt: string } | null }) {
  const members = useMembers();
  const dispositions = useDispositions();
  const tags = useReviewTags();
  return (
    <div className="flex flex-wrap items-center gap-2 border-b border-default bg-panel px-5 py-2" aria-label="Filters" role="search">
      {f.session && (
        <Chip onRemove={() => onChange({ session: '' })} removeLabel="Clear the session filter" className="border-brand-500/50 bg-brand-50 dark:bg-brand-700/30">
          <span data-testid="session-chip">{session ? `Session of ${new Date(session.startedAt).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' })}` : 'One dialer session'}</span>
        </Chip>
      )}
      <label className="flex items-center gap-1 text-xs text-muted">
        From
        <Input type="date" value={f.from} max={f.to || undefined} onChange={(e) => onChange({ from: e.target.value })} aria-label="From date" className="!w-auto max-w-52" />
      </label>
      <label className="flex items-center gap-1 text-xs text-muted">
        to
        <Input type="date" value={f.to} min={f.from || undefined} onChange={(e) => onChange({ to: e.target.value })} aria-label="To date" className="!w-auto max-w-52" />
      </label>
      <Select value={f.userId} onChange={(e) => onChange({ userId: e.target.value })} aria-label="Rep" className="!w-auto max-w-52">
        <option value="">Every rep</option>
        <option value="me">My calls</option>
        {(members.data ?? []).map((m) => (
          <option key={m.id} value={m.id}>{m.name || m.email}</option>
        ))}
      </Select>
      <Select value={f.outcome} onChange={(e) => onChange({ outcome: e.target.value })} aria-label="Outcome" className="!w-auto max-w-52">
        {OUTCOMES.map(([v, l]) => <option key={v} value={v}>{l}</option>)}
      </Select>
      <Select value={f.disposition} onChange={(e) => onChange({ disposition: e.target.value })} aria-label="Disposition" className="!w-auto max-w-52">
        <option value="">Any disposition</option>
        {(dispositions.data ?? []).map((d) => <option key={d.key} value={d.key}>{d.label}</option>)}
      </Select>
      <span className="flex items-center gap-1 text-xs text-muted">
        <SecondsInput value={minutes(f.minDuration)} onCommit={(v) => onChange({ minDuration: v })} label="Shortest call, minutes" placeholder="min m" />
        –
        <SecondsInput value={minutes(f.maxDuration)} onCommit={(v) => onChange({ maxDuration: v })} label="Longest call, minutes" placeholder="max m" />
      </span>
      <MultiSelect
        label="Tags"
        options={(tags.data?.data ?? []).map((t) => ({ value: t.tag, label: t.tag, count: t.count }))}
        value={f.tags}
        onChange={(v) => onChange({ tags: v })}
        emptyText="No tags yet: tag calls in Quick batch."
      />
      <Select value={f.reviewed} onChange={(e) => onChange({ reviewed: e.target.value })} aria-label="Reviewed" className="!w-auto max-w-52">
        <option value="">Reviewed or not</option>
        <option value="notmine">Not reviewed by me</option>
        <option value="mine">Reviewed by me</option>
        <option value="no">Nobody reviewed</option>
        <option value="yes">Reviewed by anyone</option>
      </Select>
      <Select value={f.hasTranscript} onChange={(e) => onChange({ hasTranscript: e.target.value })} aria-label="Transcript" className="!w-auto max-w-52">
        <option value="">With or without transcript</option>
        <option value="true">With transcript</option>
        <option value="false">Without transcript</option>
      </Select>
      {activeCount(f) > 0 && (
        <Button size="sm" variant="ghost" onClick={onClear}>Clear filters</Button>
      )}
    </div>
  );
}

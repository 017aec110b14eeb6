import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import type { CallSession, EvidenceInput } from '@flywheel/contracts';
import { api, qs } from '../../app/api.ts';
import { Field, Input, Select, Skeleton, Textarea, cn } from '../../ui/index.ts';
import { mmss, parseTime } from './constants.ts';

export interface EvidenceDraft {
  kind: 'call' | 'metric';
  callSessionId: string;
  snippet: string;
  start: string;
  end: string;
  metricName: string;
  metricValue: string;
  metricPeriod: string;
  metricLink: string;
}

export const emptyEvidence = (): EvidenceDraft => ({ kind: 'call', callSessionId: '', snippet: '', start: '', end: '', metricName: '', metricValue: '', metricPeriod: '', metricLink: '' });

/** The draft as the API wants it, or the first problem with it (field → message). */
export function evidenceBody(d: EvidenceDraft): { ok: true; body: EvidenceInput } | { ok: false; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  if (d.kind === 'call') {
    const s = parseTime(d.start);
    const e = parseTime(d.end);
    if (!d.callSessionId) errors.callSessionId = 'Pick the call.';
    if (s == null) errors.start = 'Use m:ss, e.g. 1:05.';
    if (e == null) errors.end = 'Use m:ss, e.g. 1:20.';
    if (s != null && e != null && e < s) errors.end = 'The end must not be before the start.';
    if (!d.snippet.trim()) errors.snippet = 'Quote what was said.';
    if (Object.keys(errors).length) return { ok: false, errors };
    return { ok: true, body: { kind: 'call', callSessionId: d.callSessionId, start: s!, end: e!, snippet: d.snippet.trim() } };
  }
  if (!d.metricName.trim()) errors.name = 'Name the metric.';
  if (!d.metricValue.trim()) errors.value = 'Give its value.';
  if (Object.keys(errors).length) return { ok: false, errors };
  const n = Number(d.metricValue.trim());
  return {
    ok: true,
    body: {
      kind: 'metric', name: d.metricName.trim(), value: d.metricValue.trim() !== '' && Number.isFinite(n) ? n : d.metricValue.trim(),
      ...(d.metricPeriod.trim() ? { period: d.metricPeriod.trim() } : {}), ...(d.metricLink.trim() ? { link: d.metricLink.trim() } : {}),
    },
  };
}

function useRecentCalls(enabled: boolean) {
  return useQuery({
    queryKey: ['calls', 'recent-for-playbook'],
    queryFn: () => api.get<{ items: CallSession[] }>(`/api/v1/calls${qs({ limit: 100 })}`),
    enabled,
    staleTime: 30_000,
    select: (r) => r.items.filter((c) => c.answeredAt || c.status === 'completed'),
  });
}

const callLabel = (c: CallSession) =>
  `${c.leadName ?? c.to} · ${new Date(c.startedAt).toLocaleString(undefined, { month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit' })}${c.durationSeconds != null ? ` · ${mmss(c.durationSeconds)}` : ''}${c.recordingUrl || c.recordingStatus === 'completed' ? '' : ' · no recording'}`;

/** One piece of evidence: a moment of a call (pick the call, click a transcript line or type it) or a metric. */
export function EvidenceFields({ draft, onChange, errors = {} }: { draft: EvidenceDraft; onChange: (d: EvidenceDraft) => void; errors?: Record<string, string> }) {
  const calls = useRecentCalls(draft.kind === 'call');
  const call = calls.data?.find((c) => c.id === draft.callSessionId) ?? null;
  const set = (p: Partial<EvidenceDraft>) => onChange({ ...draft, ...p });
  const [showAll, setShowAll] = useState(false);
  const turns = call?.transcript ?? [];
  return (
    <div className="space-y-2">
      <div role="radiogroup" aria-label="Evidence kind" className="flex gap-1">
        {(['call', 'metric'] as const).map((k) => (
          <button
            key={k}
            type="button"
            role="radio"
            aria-checked={draft.kind === k}
            onClick={() => set({ kind: k })}
            className={cn('rounded-md border px-2.5 py-1 text-xs', draft.kind === k ? 'border-brand-500 bg-brand-50 font-medium text-brand-700 dark:bg-brand-700/30 dark:text-brand-100' : 'border-default hover:bg-panel-2')}
          >
            {k === 'call' ? 'A moment of a call' : 'A metric'}
          </button>
        ))}
      </div>
      {draft.kind === 'call' ? (
        <>
          <Field label="Call" error={errors.callSessionId} hint={calls.data && calls.data.length === 0 ? 'No answered call yet: make one in the Dialer, or use a metric.' : undefined}>
            {(p) =>
              calls.isLoading ? (
                <Skeleton className="h-8 w-full" />
              ) : (
                <Select {...p} value={draft.callSessionId} onChange={(e) => set({ callSessionId: e.target.value })} data-testid="evidence-call">
                  <option value="">Pick a call…</option>
                  {(calls.data ?? []).map((c) => <option key={c.id} value={c.id}>{callLabel(c)}</option>)}
                </Select>
              )
            }
          </Field>
          {turns.length > 0 && (
            <div>
              <p className="mb-1 text-xs text-muted">Click a line of the transcript to use it:</p>
              <ol className="max-h-40 overflow-auto rounded-md border border-default text-xs">
                {(showAll ? turns : turns.slice(0, 12)).map((t, i) => (
                  <li key={i}>
                    <button
                      type="button"
                      onClick={() => set({ snippet: t.text, start: mmss(t.start), end: mmss(Math.ceil(t.end)) })}
                      className="flex w-full gap-2 px-2 py-1 text-left hover:bg-panel-2"
                    >
                      <span className="w-10 shrink-0 tabular-nums text-muted">{mmss(t.start)}</span>
                      <span className="w-14 shrink-0 text-muted">{t.speaker}</span>
                      <span className="min-w-0 flex-1">{t.text}</span>
                    </button>
                  </li>
                ))}
              </ol>
              {turns.length > 12 && !showAll && <button type="button" className="mt-1 text-xs text-muted hover:underline" onClick={() => setShowAll(true)}>Show all {turns.length} lines</button>}
            </div>
          )}
          <Field label="What was said" error={errors.snippet}>
            {(p) => <Textarea {...p} rows={2} maxLength={2000} value={draft.snippet} placeholder="The exact words that prove the rule" onChange={(e) => set({ snippet: e.target.value })} />}
          </Field>
          <div className="grid grid-cols-2 gap-2">
            <Field label="From (m:ss)" error={errors.start}>{(p) => <Input {...p} value={draft.start} placeholder="0:42" onChange={(e) => set({ start: e.target.value })} />}</Field>
            <Field label="To (m:ss)" error={errors.end} hint={call?.durationSeconds != null ? `The call lasts ${mmss(call.durationSeconds)}.` : undefined}>
              {(p) => <Input {...p} value={draft.end} placeholder="0:58" onChange={(e) => set({ end: e.target.value })} />}
            </Field>
          </div>
        </>
      ) : (
        <div className="grid grid-cols-2 gap-2">
          <Field label="Metric" error={errors.name}>{(p) => <Input {...p} value={draft.metricName} placeholder="Meeting rate" onChange={(e) => set({ metricName: e.target.value })} />}</Field>
          <Field label="Value" error={errors.value}>{(p) => <Input {...p} value={draft.metricValue} placeholder="18%" onChange={(e) => set({ metricValue: e.target.value })} />}</Field>
          <Field label="Period (optional)" error={errors.period}>{(p) => <Input {...p} value={draft.metricPeriod} placeholder="March, 240 calls" onChange={(e) => set({ metricPeriod: e.target.value })} />}</Field>
          <Field label="Link (optional)" error={errors.link}>{(p) => <Input {...p} value={draft.metricLink} placeholder="https://… or /review" onChange={(e) => set({ metricLink: e.target.value })} />}</Field>
        </div>
      )}
    </div>
  );
}

/** API field errors ("evidence.0.end") → the evidence form's own field names. */
export function evidenceErrors(fields: Record<string, string>, prefix: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(fields)) if (k.startsWith(prefix)) out[k.slice(prefix.length)] = v;
  return out;
}

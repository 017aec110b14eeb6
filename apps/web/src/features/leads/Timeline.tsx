import { ArrowRight, ArrowRightLeft, CheckSquare, Circle, ClipboardCheck, FileUp, Inbox, Mail, MessageSquare, Pencil, Phone, PhoneOutgoing, PlusCircle, RotateCcw, StickyNote, Tag, Trash2, UserRound, type LucideIcon } from 'lucide-react';
import { Link } from 'react-router';
import { Button, Card, CardHeader, RelativeTime, Skeleton } from '../../ui/index.ts';
import { useMembers, useTimeline } from './api.ts';
import { fieldLabel, formatMoney } from './format.ts';
import { useStageMap } from './StageBadge.tsx';
import type { TimelineEntry } from './types.ts';

function iconFor(kind: string): LucideIcon {
  const k = kind.toLowerCase();
  if (k.includes('stage')) return ArrowRightLeft;
  if (k.endsWith('created') && k.startsWith('lead')) return PlusCircle;
  if (k.includes('import')) return FileUp;
  if (k.includes('restore')) return RotateCcw;
  if (k.includes('delete') || k.includes('removed')) return Trash2;
  if (k.startsWith('contact')) return UserRound;
  if (k.startsWith('review')) return ClipboardCheck;
  if (k.includes('attempt')) return PhoneOutgoing;
  if (k.includes('call')) return Phone;
  if (k.includes('sms') || k.includes('message')) return MessageSquare;
  if (k.includes('email') || k.includes('mail')) return Mail;
  if (k.includes('task')) return CheckSquare;
  if (k.includes('intake')) return Inbox;
  if (k.includes('tag')) return Tag;
  if (k.includes('note')) return StickyNote;
  if (k.includes('update')) return Pencil;
  return Circle;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function short(s: string, n = 80) {
  return s.length > n ? `${s.slice(0, n - 1)}…` : s;
}

/** Read-only unified timeline, newest first, with before → after for changes. */
export function Timeline({ leadId }: { leadId: string }) {
  const tl = useTimeline(leadId);
  const stages = useStageMap();
  const members = useMembers();
  const entries = tl.data?.pages.flatMap((p) => p.data) ?? [];

  function show(field: string, v: unknown): string {
    if (v === null || v === undefined || v === '') return '—';
    if (field === 'stage' && typeof v === 'string') return stages.get(v)?.label ?? v;
    if (field === 'ownerId' && typeof v === 'string') {
      const m = members.data?.find((x) => x.id === v);
      return m ? m.name || m.email : 'someone';
    }
    if (field === 'value') return formatMoney(v as string | number) || String(v);
    if (Array.isArray(v)) return v.length ? v.map(String).join(', ') : '—';
    if (typeof v === 'object') {
      return Object.entries(v as Record<string, unknown>).map(([k, x]) => `${k}: ${x === null ? '—' : typeof x === 'object' ? JSON.stringify(x) : String(x)}`).join(', ') || '—';
    }
    if (typeof v === 'boolean') return v ? 'yes' : 'no';
    return short(String(v));
  }

  function changes(e: TimelineEntry) {
    const before = (e.before && typeof e.before === 'object' ? e.before : {}) as Record<string, unknown>;
    const after = (e.after && typeof e.after === 'object' ? e.after : {}) as Record<string, unknown>;
    if (!e.before || !e.after) return [];
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].filter((k) => !['id', 'updatedAt', 'updated_at'].includes(k));
    // ids mean nothing to a person (the summary already names who/what changed); the summary may also already say "X → Y"
    const isId = (v: unknown) => typeof v === 'string' && UUID.test(v);
    return keys
      .filter((k) => k === 'ownerId' || k === 'stage' || !(isId(before[k]) || isId(after[k])))
      .filter((k) => k !== 'deleted')
      .map((k) => ({ k, b: show(k, before[k]), a: show(k, after[k]) }))
      .filter((c) => c.a !== c.b && !e.summary.includes(`${c.b} → ${c.a}`));
  }

  return (
    <Card>
      <CardHeader title="Timeline" subtitle="Everything that happened to this lead, newest first." />
      {tl.isLoading && (
        <div className="space-y-3 p-4" aria-label="Loading timeline">
          {Array.from({ length: 4 }, (_, i) => <Skeleton key={i} className="h-10 w-full" />)}
        </div>
      )}
      {tl.isError && <p className="p-4 text-sm text-red-600 dark:text-red-400">Could not load the timeline: {(tl.error as Error).message}</p>}
      {tl.data && entries.length === 0 && <p className="p-4 text-sm text-muted">Nothing has happened yet. Calls, messages, stage changes and edits appear here.</p>}
      {entries.length > 0 && (
        <ol className="relative px-4 py-3" aria-label="Timeline">
          {entries.map((e, i) => {
            const Icon = iconFor(e.kind);
            const ch = changes(e);
            return (
              <li key={e.id} className="relative flex gap-3 pb-4 last:pb-0" data-kind={e.kind}>
                {i < entries.length - 1 && <span aria-hidden className="absolute left-[13px] top-7 bottom-0 w-px bg-[var(--border)]" />}
                <span className="relative z-[1] flex h-7 w-7 shrink-0 items-center justify-center rounded-full border border-default bg-panel-2 text-muted" title={e.kind}>
                  <Icon aria-hidden className="h-3.5 w-3.5" />
                </span>
                <div className="min-w-0 flex-1 pt-0.5">
                  <div className="flex flex-wrap items-baseline justify-between gap-x-2">
                    <p className="text-sm">{e.summary}</p>
                    <RelativeTime date={e.occurredAt} className="shrink-0 text-xs text-muted" />
                  </div>
                  <p className="text-xs text-muted">
                    {e.actorLabel || 'System'}
                    {e.kind === 'review.saved' && typeof (e.after as { callSessionId?: unknown } | null)?.callSessionId === 'string' && (
                      <> · <Link to={`/review?tab=deep&call=${(e.after as { callSessionId: string }).callSessionId}`} className="text-brand-700 hover:underline dark:text-brand-100">Open the review</Link></>
                    )}
                  </p>
                  {ch.length > 0 && (
                    <ul className="mt-1 space-y-0.5 text-xs">
                      {ch.map((c) => (
                        <li key={c.k} className="flex flex-wrap items-center gap-1">
                          <span className="text-muted">{fieldLabel(c.k)}:</span>
                          <span className="rounded bg-panel-2 px-1 text-muted line-through decoration-1">{c.b}</span>
                          <ArrowRight aria-label="changed to" className="h-3 w-3 text-muted" />
                          <span className="rounded bg-panel-2 px-1 font-medium">{c.a}</span>
                        </li>
                      ))}
                    </ul>
                  )}
                </div>
              </li>
            );
          })}
        </ol>
      )}
      {tl.hasNextPage && (
        <div className="border-t border-default px-4 py-2">
          <Button size="sm" variant="ghost" loading={tl.isFetchingNextPage} onClick={() => void tl.fetchNextPage()}>Load older</Button>
        </div>
      )}
    </Card>
  );
}

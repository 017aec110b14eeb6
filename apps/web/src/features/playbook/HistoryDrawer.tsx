import { useEffect, useRef } from 'react';
import { useQuery } from '@tanstack/react-query';
import { History, X } from 'lucide-react';
import type { PlaybookRuleVersion } from '@flywheel/contracts';
import { Alert, Button, RelativeTime, Skeleton } from '../../ui/index.ts';
import { playbookApi } from './api.ts';
import { KIND_LABEL } from './constants.ts';

const FIELD_LABEL: Record<string, string> = {
  kind: 'Kind', category: 'Category', title: 'Title', body: 'Body', segments: 'Segments', stages: 'Stages', tags: 'Tags', objectionTag: 'Objection', priority: 'Priority', status: 'Status',
};

function show(field: string, v: unknown): string {
  if (Array.isArray(v)) return v.length ? v.join(', ') : 'everyone';
  if (v == null || v === '') return '—';
  if (field === 'kind' && typeof v === 'string') return KIND_LABEL[v as keyof typeof KIND_LABEL] ?? v;
  return String(v);
}

/** What one version changed, field by field (before → after). */
function Diff({ v, prev }: { v: PlaybookRuleVersion; prev?: PlaybookRuleVersion }) {
  if (!prev) return <p className="text-xs text-muted">Created: {show('title', v.snapshot.title)}</p>;
  if (v.changed.length === 0) return <p className="text-xs text-muted">No field changed.</p>;
  return (
    <dl className="space-y-1.5 text-xs">
      {v.changed.map((f) => (
        <div key={f}>
          <dt className="font-medium text-muted">{FIELD_LABEL[f] ?? f}</dt>
          <dd className="whitespace-pre-wrap">
            <del className="bg-red-50 text-red-800 decoration-red-400 dark:bg-red-900/30 dark:text-red-300">{show(f, prev.snapshot[f])}</del>
            <span aria-hidden className="mx-1 text-muted">→</span>
            <ins className="bg-green-50 text-green-800 no-underline dark:bg-green-900/30 dark:text-green-300">{show(f, v.snapshot[f])}</ins>
          </dd>
        </div>
      ))}
    </dl>
  );
}

/** A side drawer with a rule's versions, newest first, each with its diff. Esc closes. */
export function HistoryDrawer({ ruleId, title, onClose }: { ruleId: string | null; title?: string; onClose: () => void }) {
  const hist = useQuery({ queryKey: ['playbook', 'history', ruleId], queryFn: () => playbookApi.history(ruleId!), enabled: !!ruleId });
  const closeRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (!ruleId) return;
    closeRef.current?.focus();
    const onKey = (e: KeyboardEvent) => { if (e.key === 'Escape') onClose(); };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [ruleId, onClose]);
  if (!ruleId) return null;
  const versions = hist.data?.data ?? [];
  return (
    <div className="fixed inset-0 z-40 flex justify-end" role="dialog" aria-modal="true" aria-label="Rule history">
      <button type="button" aria-label="Close history" className="absolute inset-0 bg-black/30" onClick={onClose} />
      <aside className="relative flex h-full w-full max-w-md flex-col border-l border-default bg-panel shadow-xl">
        <header className="flex items-center justify-between gap-2 border-b border-default px-4 py-3">
          <div className="min-w-0">
            <h2 className="flex items-center gap-1.5 text-sm font-semibold"><History aria-hidden className="h-4 w-4" /> History</h2>
            {title && <p className="truncate text-xs text-muted">{title}</p>}
          </div>
          <Button ref={closeRef} size="sm" variant="ghost" onClick={onClose} aria-label="Close"><X aria-hidden className="h-4 w-4" /></Button>
        </header>
        <div className="flex-1 overflow-auto p-4">
          {hist.isError && <Alert tone="error">{hist.error.message}</Alert>}
          {hist.isLoading && <div className="space-y-3"><Skeleton className="h-12 w-full" /><Skeleton className="h-12 w-full" /></div>}
          <ol className="space-y-3">
            {versions.map((v, i) => (
              <li key={v.version} className="rounded-md border border-default p-3" data-testid="history-version">
                <div className="mb-1 flex items-center justify-between gap-2 text-xs">
                  <span className="font-semibold">Version {v.version}</span>
                  <span className="text-muted">{v.editedByName ?? 'API'} · <RelativeTime date={v.editedAt} /></span>
                </div>
                {v.changeNote && <p className="mb-1.5 text-sm italic">“{v.changeNote}”</p>}
                <Diff v={v} prev={versions[i + 1]} />
              </li>
            ))}
          </ol>
        </div>
      </aside>
    </div>
  );
}

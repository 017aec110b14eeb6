import { useCallback, useEffect, useMemo, useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { toast } from 'sonner';
import { Archive, ArchiveRestore, Copy, FileText, MoreHorizontal, Pencil, Trash2 } from 'lucide-react';
import type { CallScript, CallScriptList, ScriptMode } from '@flywheel/contracts';
import { api, qs } from '../../app/api.ts';
import { hasRole, useMe } from '../../app/session.tsx';
import { Badge, Button, Card, CardHeader, Checkbox, EmptyState, Kbd, Menu, Select, Skeleton } from '../../ui/index.ts';
import { ScriptEditor, draftOf, sameDraft, type ScriptDraft } from './ScriptEditor.tsx';
import { HighlightedScript, SCRIPT_MODE_LABELS, categoryLabel } from './scriptText.tsx';
import { useUnsavedGuard } from './useUnsavedGuard.tsx';

const KEY = ['scripts'];

type Editing = { script: CallScript | null; original: ScriptDraft; readOnly: boolean };

/** Settings → Scripts: the team's call scripts by category, each mode's default, and the editor. */
export function ScriptsSettings() {
  const me = useMe();
  const qc = useQueryClient();
  const manager = hasRole(me.data, 'manager');
  const [category, setCategory] = useState('');
  const [showArchived, setShowArchived] = useState(false);
  const [editing, setEditing] = useState<Editing | null>(null);
  const [draft, setDraft] = useState<ScriptDraft>(draftOf(null));
  const dirty = editing !== null && !editing.readOnly && !sameDraft(draft, editing.original);
  const guard = useUnsavedGuard(dirty, 'the script you are editing');

  const list = useQuery({
    queryKey: [...KEY, { category, showArchived }],
    queryFn: () => api.get<CallScriptList>(`/api/v1/scripts${qs({ category, includeArchived: showArchived || undefined })}`),
  });
  // every active script, for "which script is the default of each mode now"
  const all = useQuery({ queryKey: [...KEY, { category: '', showArchived: false }], queryFn: () => api.get<CallScriptList>('/api/v1/scripts') });
  const refresh = () => void qc.invalidateQueries({ queryKey: KEY });

  const open = useCallback((script: CallScript | null, opts: { readOnly?: boolean; copy?: boolean } = {}) => {
    if (dirty && !confirm('Discard the changes to the script you are editing?')) return;
    const d = draftOf(script);
    const copy = opts.copy ? { ...d, name: `${d.name} (copy)`, defaultForModes: [] } : d;
    setEditing({ script: opts.copy ? null : script, original: opts.copy ? draftOf(null) : d, readOnly: opts.readOnly ?? false });
    setDraft(copy);
  }, [dirty]);
  const close = useCallback(() => {
    if (dirty && !confirm('Discard the changes to this script?')) return;
    setEditing(null);
  }, [dirty]);

  const patch = useMutation({
    mutationFn: ({ id, body }: { id: string; body: Record<string, unknown> }) => api.patch<CallScript>(`/api/v1/scripts/${id}`, body),
    onSuccess: (s) => { toast.success(s.active ? `“${s.name}” restored` : `“${s.name}” archived`); refresh(); },
    onError: (e: Error) => toast.error(e.message),
  });
  const remove = useMutation({
    mutationFn: (s: CallScript) => api.del(`/api/v1/scripts/${s.id}`),
    onSuccess: (_r, s) => { toast.success(`“${s.name}” deleted`); refresh(); },
    onError: (e: Error) => toast.error(e.message),
  });

  // N starts a new script (outside text fields)
  useEffect(() => {
    if (editing || !manager) return;
    const onKey = (e: KeyboardEvent) => {
      const t = e.target as HTMLElement | null;
      if (e.key !== 'n' || e.metaKey || e.ctrlKey || e.altKey || t?.closest('input, textarea, select, [contenteditable], dialog')) return;
      e.preventDefault();
      open(null);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [editing, manager, open]);

  const holders = useMemo(() => {
    const h: Partial<Record<ScriptMode, string>> = {};
    for (const s of all.data?.data ?? []) if (s.id !== editing?.script?.id) for (const m of s.defaultForModes) h[m] = s.name;
    return h;
  }, [all.data, editing]);

  const groups = useMemo(() => {
    const by = new Map<string, CallScript[]>();
    for (const s of list.data?.data ?? []) by.set(s.category, [...(by.get(s.category) ?? []), s]);
    const order = list.data?.categories ?? [];
    return [...by.entries()].sort(([a], [b]) => (order.indexOf(a) === -1 ? 99 : order.indexOf(a)) - (order.indexOf(b) === -1 ? 99 : order.indexOf(b)) || a.localeCompare(b));
  }, [list.data]);

  if (editing) {
    return (
      <>
        <ScriptEditor
          script={editing.script}
          draft={draft}
          setDraft={setDraft}
          categories={list.data?.categories ?? []}
          holders={holders}
          readOnly={editing.readOnly}
          onCancel={close}
          onSaved={(s) => {
            toast.success(editing.script ? 'Script saved' : `“${s.name}” created`);
            setEditing(null);
            refresh();
          }}
        />
        {guard}
      </>
    );
  }

  const scripts = list.data?.data ?? [];
  const filtered = category !== '' || showArchived;
  return (
    <Card>
      <CardHeader
        title="Call scripts"
        subtitle="What reps read on the call, with {FirstName}-style variables filled from the lead. Each dial mode can open with its own default script."
        actions={<>
          <div className="w-40 shrink-0">
            <Select aria-label="Category" value={category} onChange={(e) => setCategory(e.target.value)} className="h-7 text-xs">
              <option value="">All categories</option>
              {(all.data?.categories ?? []).map((c) => <option key={c} value={c}>{categoryLabel(c)}</option>)}
            </Select>
          </div>
          <label className="flex items-center gap-1.5 whitespace-nowrap text-xs">
            <Checkbox checked={showArchived} onChange={(e) => setShowArchived(e.target.checked)} /> Archived
          </label>
          {manager && <Button size="sm" variant="primary" onClick={() => open(null)} title="New script (N)">New script <Kbd>N</Kbd></Button>}
        </>}
      />
      {list.isPending ? (
        <div className="space-y-2 p-4"><Skeleton className="h-12" /><Skeleton className="h-12" /><Skeleton className="h-12" /></div>
      ) : list.isError ? (
        <p className="p-4 text-sm text-red-600">{list.error.message}</p>
      ) : scripts.length === 0 ? (
        filtered ? (
          <EmptyState icon={<FileText aria-hidden />} title="No scripts here">
            No {showArchived ? '' : 'active '}script{category ? ` in “${categoryLabel(category)}”` : ''}. <button type="button" className="text-brand-600 underline" onClick={() => { setCategory(''); setShowArchived(false); }}>Show all scripts</button>
          </EmptyState>
        ) : (
          <EmptyState
            icon={<FileText aria-hidden />}
            title="No call scripts yet"
            action={manager ? <Button variant="primary" onClick={() => open(null)}>Write the first script</Button> : undefined}
          >
            Scripts keep every rep on message: an opening, discovery questions, answers to objections, a close. Until there is one, the Dialer shows the script from Settings → Dialer.
          </EmptyState>
        )
      ) : (
        <div className="divide-y divide-[var(--border)]">
          {groups.map(([cat, items]) => (
            <section key={cat} aria-label={categoryLabel(cat)}>
              <h3 className="bg-panel-2 px-4 py-1.5 text-xs font-semibold uppercase tracking-wide text-muted">{categoryLabel(cat)} <span className="font-normal">· {items.length}</span></h3>
              <ul>
                {items.map((s) => (
                  <li key={s.id} data-testid="script-row" className="group flex gap-3 border-t border-default px-4 py-3 first:border-t-0">
                    <button type="button" className="min-w-0 flex-1 text-left" onClick={() => open(s, { readOnly: !manager })}>
                      <div className="flex flex-wrap items-center gap-1.5">
                        <span className="font-medium">{s.name}</span>
                        {!s.active && <Badge>Archived</Badge>}
                        {s.defaultForModes.map((m) => <Badge key={m} tone="brand">Default · {SCRIPT_MODE_LABELS[m]}</Badge>)}
                      </div>
                      <HighlightedScript body={s.body.split('\n').slice(0, 3).join('\n')} className="mt-1 line-clamp-3 text-xs text-muted" />
                    </button>
                    <div className="flex shrink-0 items-start gap-1">
                      {manager ? (
                        <>
                          <Button size="sm" variant="ghost" onClick={() => open(s)} aria-label={`Edit ${s.name}`}><Pencil aria-hidden className="h-3.5 w-3.5" /> Edit</Button>
                          <Menu
                            label={`Actions for ${s.name}`}
                            align="end"
                            trigger={(p) => <Button {...p} size="sm" variant="ghost" aria-label={`More actions for ${s.name}`}><MoreHorizontal aria-hidden className="h-4 w-4" /></Button>}
                            items={[
                              { label: 'Duplicate', icon: <Copy aria-hidden className="h-3.5 w-3.5" />, onSelect: () => open(s, { copy: true }) },
                              s.active
                                ? { label: 'Archive', icon: <Archive aria-hidden className="h-3.5 w-3.5" />, onSelect: () => patch.mutate({ id: s.id, body: { active: false } }) }
                                : { label: 'Restore', icon: <ArchiveRestore aria-hidden className="h-3.5 w-3.5" />, onSelect: () => patch.mutate({ id: s.id, body: { active: true } }) },
                              { label: 'Delete…', icon: <Trash2 aria-hidden className="h-3.5 w-3.5" />, danger: true, onSelect: () => { if (confirm(`Delete “${s.name}” for good? Archive it instead to keep it out of the way.`)) remove.mutate(s); } },
                            ]}
                          />
                        </>
                      ) : (
                        <Button size="sm" variant="ghost" onClick={() => open(s, { readOnly: true })}>View</Button>
                      )}
                    </div>
                  </li>
                ))}
              </ul>
            </section>
          ))}
        </div>
      )}
    </Card>
  );
}

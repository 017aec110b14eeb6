import { useEffect, useMemo, useRef, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useQueryClient } from '@tanstack/react-query';
import { Archive, ArchiveRestore, BookOpenCheck, History, MoreHorizontal, Pencil, Plus, Search, Trash2, X } from 'lucide-react';
import { toast } from 'sonner';
import type { PlaybookKind, PlaybookRule } from '@flywheel/contracts';
import { hasRole, useMe } from '../../app/session.tsx';
import { Alert, Badge, Button, Card, EmptyState, Input, Kbd, Menu, PageHeader, Select, Skeleton, cn } from '../../ui/index.ts';
import { useFacets, useStages } from '../leads/api.ts';
import { invalidatePlaybook, playbookApi, useRule, useRules, type RuleFilters } from './api.ts';
import { KIND_LABEL, KIND_PLURAL, KINDS } from './constants.ts';
import { EvidenceView } from './EvidenceView.tsx';
import { HistoryDrawer } from './HistoryDrawer.tsx';
import { KindIcon } from './KindIcon.tsx';
import { AddEvidenceModal, EditRuleModal, NewRuleModal } from './RuleModals.tsx';
import { useSnippetPlayer } from './useSnippetPlayer.ts';

type Player = ReturnType<typeof useSnippetPlayer>;
const isTyping = (t: EventTarget | null) => t instanceof HTMLElement && !!t.closest('input, textarea, select, [contenteditable="true"]');

/** Playbook: rules, stop signals, drills and objection handlers, each with the evidence that proves it. */
export function PlaybookPage() {
  const [params, setParams] = useSearchParams();
  const kind = (KINDS as string[]).includes(params.get('kind') ?? '') ? (params.get('kind') as PlaybookKind) : undefined;
  const filters: RuleFilters = {
    kind,
    q: params.get('q') ?? undefined,
    category: params.get('category') ?? undefined,
    segment: params.get('segment') ?? undefined,
    stage: params.get('stage') ?? undefined,
    tag: params.get('tag') ?? undefined,
    status: (params.get('status') as RuleFilters['status']) ?? undefined,
  };
  const setParam = (k: string, v: string | undefined) => {
    const next = new URLSearchParams(params);
    if (v) next.set(k, v);
    else next.delete(k);
    setParams(next, { replace: true });
  };
  const rules = useRules(filters);
  const all = useRules({ status: filters.status });
  const facets = useFacets();
  const stages = useStages();
  const me = useMe();
  const isManager = hasRole(me.data, 'manager');
  const player = useSnippetPlayer();

  const [q, setQ] = useState(filters.q ?? '');
  useEffect(() => {
    const h = setTimeout(() => { if ((filters.q ?? '') !== q.trim()) setParam('q', q.trim() || undefined); }, 250);
    return () => clearTimeout(h);
  }, [q]);
  const searchRef = useRef<HTMLInputElement>(null);
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<PlaybookRule | null>(null);
  const [history, setHistory] = useState<PlaybookRule | null>(null);
  const [addingTo, setAddingTo] = useState<string | null>(null);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.metaKey || e.ctrlKey || e.altKey || isTyping(e.target) || document.querySelector('dialog[open], [role="dialog"]')) return;
      if (e.key === '/') {
        e.preventDefault();
        searchRef.current?.focus();
      } else if (e.key === 'n') {
        e.preventDefault();
        setCreating(true);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const counts = useMemo(() => {
    const c: Record<string, number> = {};
    for (const r of all.data?.data ?? []) c[r.kind] = (c[r.kind] ?? 0) + 1;
    return c;
  }, [all.data]);
  const filtered = !!(filters.q || filters.category || filters.segment || filters.stage || filters.tag || kind || (filters.status && filters.status !== 'active'));
  const data = rules.data?.data;
  const nothingAtAll = all.data && all.data.data.length === 0 && (!filters.status || filters.status === 'active');

  return (
    <div className="flex h-full flex-col overflow-hidden">
      <PageHeader
        title="Playbook"
        subtitle="What works, with the calls that prove it — shown to reps in the Dialer's call prep."
        actions={<Button variant="primary" onClick={() => setCreating(true)}><Plus aria-hidden className="h-4 w-4" /> New rule <Kbd>n</Kbd></Button>}
      />
      <div className="space-y-3 border-b border-default bg-panel px-5 py-2">
        <nav aria-label="Kinds" className="flex flex-wrap gap-1">
          {[undefined, ...KINDS].map((k) => (
            <button
              key={k ?? 'all'}
              type="button"
              aria-pressed={kind === k}
              onClick={() => setParam('kind', k)}
              className={cn('inline-flex items-center gap-1.5 rounded-md px-2.5 py-1 text-sm', kind === k ? 'bg-brand-50 font-medium text-brand-700 dark:bg-brand-700/30 dark:text-brand-100' : 'text-muted hover:bg-panel-2')}
            >
              {k && <KindIcon kind={k} className="h-3.5 w-3.5" />}
              {k ? KIND_PLURAL[k] : 'All'}
              <span className="text-xs tabular-nums opacity-70">{k ? counts[k] ?? 0 : all.data?.data.length ?? ''}</span>
            </button>
          ))}
        </nav>
        <div className="flex flex-wrap items-center gap-2 pb-1">
          <label className="relative w-72">
            <span className="sr-only">Search the playbook</span>
            <Search aria-hidden className="pointer-events-none absolute top-2 left-2 h-4 w-4 text-muted" />
            <Input ref={searchRef} value={q} onChange={(e) => setQ(e.target.value)} placeholder="Search titles, bodies, quotes  ( / )" className="pl-7" />
          </label>
          <div className="w-40"><Select aria-label="Category" value={filters.category ?? ''} onChange={(e) => setParam('category', e.target.value || undefined)}>
            <option value="">All categories</option>
            {(rules.data?.categories ?? []).map((c) => <option key={c} value={c}>{c}</option>)}
          </Select></div>
          <div className="w-40"><Select aria-label="Segment" value={filters.segment ?? ''} onChange={(e) => setParam('segment', e.target.value || undefined)}>
            <option value="">Any segment</option>
            {(facets.data?.segments ?? []).map((s) => <option key={s.value} value={s.value}>{s.value}</option>)}
          </Select></div>
          <div className="w-36"><Select aria-label="Stage" value={filters.stage ?? ''} onChange={(e) => setParam('stage', e.target.value || undefined)}>
            <option value="">Any stage</option>
            {(stages.data ?? []).map((s) => <option key={s.key} value={s.key}>{s.label}</option>)}
          </Select></div>
          <div className="w-36"><Select aria-label="Tag" value={filters.tag ?? ''} onChange={(e) => setParam('tag', e.target.value || undefined)}>
            <option value="">Any tag</option>
            {(facets.data?.tags ?? []).map((s) => <option key={s.value} value={s.value}>{s.value}</option>)}
          </Select></div>
          <div className="w-32"><Select aria-label="Status" value={filters.status ?? 'active'} onChange={(e) => setParam('status', e.target.value === 'active' ? undefined : e.target.value)}>
            <option value="active">Active</option>
            <option value="archived">Archived</option>
            <option value="all">All</option>
          </Select></div>
          {filtered && (
            <Button size="sm" variant="ghost" onClick={() => { setQ(''); setParams(new URLSearchParams(), { replace: true }); }}>
              <X aria-hidden className="h-3.5 w-3.5" /> Clear
            </Button>
          )}
        </div>
      </div>
      <main className="min-h-0 flex-1 overflow-auto p-5" aria-busy={rules.isFetching}>
        {rules.isError ? (
          <Alert tone="error">The playbook did not load: {rules.error.message}</Alert>
        ) : !data ? (
          <div className="space-y-3">{[0, 1, 2].map((i) => <Skeleton key={i} className="h-28 w-full" />)}</div>
        ) : nothingAtAll ? (
          <Card>
            <EmptyState
              icon={<BookOpenCheck className="h-8 w-8" />}
              title="No playbook rules yet"
              action={<div className="flex gap-2"><Link to="/review" className="inline-flex h-8 items-center rounded-md border border-transparent bg-brand-600 px-3 text-sm font-medium text-white hover:bg-brand-700">Review calls</Link><Button onClick={() => setCreating(true)}>New rule by hand</Button></div>}
            >
              Rules come from Review: when a call shows what works (or what kills a deal), promote that moment — the recording, the quote and its time become the rule's evidence. A rule is never saved without evidence.
            </EmptyState>
          </Card>
        ) : data.length === 0 ? (
          <Card><EmptyState icon={<Search className="h-8 w-8" />} title="No rule matches these filters">Try another kind, search or targeting — or clear the filters.</EmptyState></Card>
        ) : (
          <ul className="mx-auto max-w-4xl space-y-3" data-testid="rules">
            {data.map((r) => (
              <RuleCard
                key={r.id}
                rule={r}
                player={player}
                canEdit={isManager || r.createdBy === me.data?.user.id}
                canDelete={isManager}
                onEdit={() => setEditing(r)}
                onHistory={() => setHistory(r)}
                onAddEvidence={() => setAddingTo(r.id)}
              />
            ))}
          </ul>
        )}
      </main>
      <NewRuleModal open={creating} onClose={() => setCreating(false)} />
      <EditRuleModal rule={editing} onClose={() => setEditing(null)} />
      <AddEvidenceModal ruleId={addingTo} onClose={() => setAddingTo(null)} />
      <HistoryDrawer ruleId={history?.id ?? null} title={history?.title} onClose={() => setHistory(null)} />
    </div>
  );
}

function Targeting({ rule }: { rule: PlaybookRule }) {
  const parts = [
    ...rule.segments.map((s) => ({ k: `s-${s}`, label: s, what: 'Segment' })),
    ...rule.stages.map((s) => ({ k: `st-${s}`, label: s.replace(/_/g, ' '), what: 'Stage' })),
    ...rule.tags.map((s) => ({ k: `t-${s}`, label: `#${s}`, what: 'Tag' })),
  ];
  if (parts.length === 0) return <span className="text-xs text-muted">Every lead</span>;
  return (
    <span className="flex flex-wrap gap-1">
      {parts.map((p) => <Badge key={p.k} className="font-normal" ><span className="sr-only">{p.what}: </span>{p.label}</Badge>)}
    </span>
  );
}

function RuleCard({ rule: r, player, canEdit, canDelete, onEdit, onHistory, onAddEvidence }: {
  rule: PlaybookRule; player: Player; canEdit: boolean; canDelete: boolean; onEdit: () => void; onHistory: () => void; onAddEvidence: () => void;
}) {
  const qc = useQueryClient();
  const [expanded, setExpanded] = useState(false);
  const detail = useRule(expanded ? r.id : null);
  const evidence = expanded && detail.data ? detail.data.evidence : r.firstEvidence ? [r.firstEvidence] : [];
  const archived = r.status === 'archived';

  async function setStatus(status: 'active' | 'archived') {
    try {
      await playbookApi.update(r.id, { status });
      void invalidatePlaybook(qc);
      toast.success(status === 'archived' ? 'Archived — no longer shown in call prep' : 'Restored');
    } catch (e) {
      toast.error(e instanceof Error ? e.message : 'Not saved');
    }
  }
  async function remove() {
    if (!window.confirm(`Delete “${r.title}” with its evidence and history for good? Archiving keeps it.`)) return;
    try {
      await playbookApi.remove(r.id);
      void invalidatePlaybook(qc);
      toast.success('Deleted');
    } catch (e) {
      toast.error(e instanceof Error ? e.message : 'Not deleted');
    }
  }
  async function removeEvidence(id: string) {
    try {
      await playbookApi.removeEvidence(id);
      void invalidatePlaybook(qc);
      toast.success('Evidence removed');
    } catch (e) {
      toast.error(e instanceof Error ? e.message : 'Not removed');
    }
  }

  return (
    <li>
      <Card className={cn('p-4', archived && 'opacity-70')} data-testid="rule-card">
        <div className="flex items-start gap-3">
          <KindIcon kind={r.kind} className="mt-1" />
          <div className="min-w-0 flex-1">
            <div className="flex flex-wrap items-center gap-1.5">
              <h3 className="text-sm font-semibold">{r.title}</h3>
              <Badge tone="brand">{KIND_LABEL[r.kind]}</Badge>
              <Badge>{r.category}</Badge>
              {r.objectionTag && <Badge tone="amber">objection: {r.objectionTag}</Badge>}
              {r.priority !== 0 && <Badge>priority {r.priority}</Badge>}
              {archived && <Badge tone="red">Archived</Badge>}
            </div>
            {r.body && <p className="mt-1 whitespace-pre-wrap text-sm">{r.body}</p>}
            <div className="mt-1.5 flex flex-wrap items-center gap-x-3 gap-y-1 text-xs text-muted">
              <Targeting rule={r} />
              <span>v{r.version} · {r.source === 'review' ? 'from Review' : r.source === 'experiment' ? 'from an experiment' : 'written by hand'}{r.createdByName ? ` by ${r.createdByName}` : ''}</span>
            </div>
          </div>
          <div className="flex shrink-0 items-center gap-1">
            {canEdit && <Button size="sm" variant="ghost" onClick={onEdit} aria-label={`Edit ${r.title}`}><Pencil aria-hidden className="h-3.5 w-3.5" /></Button>}
            <Button size="sm" variant="ghost" onClick={onHistory} aria-label={`History of ${r.title}`}><History aria-hidden className="h-3.5 w-3.5" /></Button>
            {canEdit && (
              <Menu
                label={`More actions for ${r.title}`}
                align="end"
                trigger={(p) => <button type="button" {...p} className="rounded-md p-1.5 text-muted hover:bg-panel-2"><MoreHorizontal aria-hidden className="h-4 w-4" /></button>}
                items={[
                  { label: 'Add evidence', icon: <Plus className="h-3.5 w-3.5" />, onSelect: onAddEvidence },
                  archived
                    ? { label: 'Restore', icon: <ArchiveRestore className="h-3.5 w-3.5" />, onSelect: () => void setStatus('active') }
                    : { label: 'Archive', icon: <Archive className="h-3.5 w-3.5" />, onSelect: () => void setStatus('archived') },
                  ...(canDelete ? [{ label: 'Delete for good', icon: <Trash2 className="h-3.5 w-3.5" />, danger: true, onSelect: () => void remove() }] : []),
                ]}
              />
            )}
          </div>
        </div>
        <div className="mt-3 space-y-2 pl-7">
          {evidence.map((ev) => (
            <EvidenceView
              key={ev.id}
              ev={ev}
              player={player}
              actions={
                expanded && canEdit && evidence.length > 1 ? (
                  <Button size="sm" variant="ghost" onClick={() => void removeEvidence(ev.id)} aria-label="Remove this evidence"><X aria-hidden className="h-3.5 w-3.5" /></Button>
                ) : undefined
              }
            />
          ))}
          {expanded && detail.isLoading && <Skeleton className="h-12 w-full" />}
          <div className="flex items-center gap-2 text-xs">
            {r.evidenceCount > 1 && (
              <button type="button" className="text-muted hover:text-[var(--text)] hover:underline" onClick={() => setExpanded(!expanded)} aria-expanded={expanded}>
                {expanded ? 'Show less' : `All ${r.evidenceCount} pieces of evidence`}
              </button>
            )}
            {canEdit && <button type="button" className="text-muted hover:text-[var(--text)] hover:underline" onClick={onAddEvidence}>+ Add evidence</button>}
          </div>
        </div>
      </Card>
    </li>
  );
}

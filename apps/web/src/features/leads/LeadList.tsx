import { useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { Link, useNavigate } from 'react-router';
import { ArrowDown, ArrowUp, ChevronLeft, ChevronRight, FileUp, Plus, SearchX, Users } from 'lucide-react';
import { Avatar, Button, ButtonLink, Card, Checkbox, EmptyState, RelativeTime, Select, Skeleton, Spinner, Table, Td, Th, cn } from '../../ui/index.ts';
import { useLeadList } from './api.ts';
import { BulkBar } from './BulkBar.tsx';
import { formatMoney, formatPhone, isOverdue } from './format.ts';
import { DEFAULT_SORT, hasFilters, useLeadFilters } from './filters.ts';
import { useLeadsPage } from './LeadsPage.tsx';
import { StageBadge, useStageMap } from './StageBadge.tsx';
import type { LeadListItem, Stage } from './types.ts';

interface Column {
  id: string;
  label: string;
  sort?: string;
  /** first click sorts descending (dates, money) */
  descFirst?: boolean;
  width: number;
  right?: boolean;
  render: (l: LeadListItem, ctx: { stages: Map<string, Stage> }) => ReactNode;
}

const dash = <span className="text-muted">—</span>;

/** "Olivia Owner" → "Olivia O." for a dense column (the full name is the tooltip). */
function shortName(name: string) {
  const parts = name.trim().split(/\s+/);
  return parts.length > 1 ? `${parts[0]} ${parts[parts.length - 1][0]}.` : name;
}

const COLUMNS: Column[] = [
  { id: 'stage', label: 'Stage', sort: 'stage', width: 108, render: (l, { stages }) => <StageBadge stage={l.stage} map={stages} /> },
  {
    id: 'owner',
    label: 'Owner',
    width: 116,
    render: (l) =>
      l.ownerName ? (
        <span className="flex items-center gap-1.5">
          <Avatar name={l.ownerName} className="h-5 w-5 text-[9px]" />
          <span className="truncate" title={l.ownerName}>{shortName(l.ownerName)}</span>
        </span>
      ) : <span className="text-muted">Unassigned</span>,
  },
  { id: 'source', label: 'Source', width: 92, render: (l) => (l.source ? <span className="block truncate" title={l.source}>{l.source}</span> : dash) },
  { id: 'segment', label: 'Segment', width: 92, render: (l) => (l.segment ? <span className="block truncate" title={l.segment}>{l.segment}</span> : dash) },
  {
    id: 'tags',
    label: 'Tags',
    width: 112,
    render: (l) => {
      if (!l.tags.length) return dash;
      // two short tags fit the column; otherwise one and a count
      const shown = l.tags.length > 1 && l.tags[0].length + l.tags[1].length <= 9 ? 2 : 1;
      return (
        <span className="flex items-center gap-1 overflow-hidden" title={l.tags.join(', ')}>
          {l.tags.slice(0, shown).map((t) => <span key={t} className="min-w-0 truncate rounded-full border border-default bg-panel-2 px-1.5 text-xs">{t}</span>)}
          {l.tags.length > shown && <span className="shrink-0 text-xs text-muted">+{l.tags.length - shown}</span>}
        </span>
      );
    },
  },
  { id: 'email', label: 'Email', width: 156, render: (l) => (l.primaryEmail ? <span className="block truncate" title={l.primaryEmail}>{l.primaryEmail}</span> : dash) },
  { id: 'phone', label: 'Phone', width: 116, render: (l) => (l.primaryPhone ? <span className="whitespace-nowrap tabular-nums">{formatPhone(l.primaryPhone)}</span> : dash) },
  { id: 'touched', label: 'Last touch', sort: 'last_touched_at', descFirst: true, width: 96, render: (l) => <RelativeTime date={l.lastTouchedAt} empty="Never" /> },
  {
    id: 'next',
    label: 'Next task',
    sort: 'next_task_at',
    width: 156,
    render: (l) =>
      l.nextTaskAt || l.nextTaskTitle ? (
        <span className={cn('flex min-w-0 items-baseline gap-1', isOverdue(l.nextTaskAt) && 'font-medium text-red-600 dark:text-red-400')}>
          <span className="truncate">{l.nextTaskTitle || 'Task'}</span>
          {l.nextTaskAt && <RelativeTime date={l.nextTaskAt} className="shrink-0 text-xs" />}
          {isOverdue(l.nextTaskAt) && <span className="sr-only">(overdue)</span>}
        </span>
      ) : dash,
  },
  { id: 'value', label: 'Value', sort: 'value', descFirst: true, width: 80, right: true, render: (l) => <span className="tabular-nums">{formatMoney(l.value) || dash}</span> },
];

function isTypingTarget(t: EventTarget | null) {
  const el = t as HTMLElement | null;
  if (!el || !el.closest) return false;
  if (el.closest('textarea, select, [contenteditable], dialog[open], [role="menu"], [role="dialog"]')) return true;
  const input = el.closest('input') as HTMLInputElement | null;
  return !!input && input.type !== 'checkbox' && input.type !== 'radio';
}

/** The lead table: sortable, paginated, keyboard-driven, with bulk actions on selected rows. */
export function LeadList() {
  const { filters, sort, page, pageSize, setSort, setPage, setPageSize, clearFilters } = useLeadFilters();
  const list = useLeadList(filters, sort, page, pageSize);
  const stages = useStageMap();
  const { openAddLead } = useLeadsPage();
  const navigate = useNavigate();
  const [selected, setSelected] = useState<string[]>([]);
  const [focus, setFocus] = useState(-1);
  const tableRef = useRef<HTMLDivElement>(null);
  const rows = useMemo(() => list.data?.data ?? [], [list.data]);
  const total = list.data?.total ?? 0;
  const from = total === 0 ? 0 : (page - 1) * pageSize + 1;
  const to = Math.min(total, (page - 1) * pageSize + rows.length);
  const lastPage = Math.max(1, Math.ceil(total / pageSize));
  const queryKey = JSON.stringify({ filters, sort, page, pageSize });

  // a different result set: selection and cursor start over
  useEffect(() => {
    setSelected([]);
    setFocus(-1);
  }, [queryKey]);

  // past the last page (after deletes or a narrower filter) → go to the last one that exists
  useEffect(() => {
    if (list.data && !list.isPlaceholderData && page > lastPage) setPage(lastPage);
  }, [list.data, list.isPlaceholderData, page, lastPage, setPage]);

  const toggle = (id: string) => setSelected((s) => (s.includes(id) ? s.filter((x) => x !== id) : [...s, id]));
  const allOnPage = rows.length > 0 && rows.every((r) => selected.includes(r.id));
  const someOnPage = rows.some((r) => selected.includes(r.id));

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (isTypingTarget(e.target) || e.metaKey || e.ctrlKey || e.altKey) return;
      const onInteractive = !!(e.target as HTMLElement).closest?.('a, button, input');
      if (e.key === 'j' || e.key === 'ArrowDown') {
        if (e.key === 'ArrowDown' && onInteractive) return;
        e.preventDefault();
        setFocus((f) => Math.min(rows.length - 1, f + 1));
      } else if (e.key === 'k' || e.key === 'ArrowUp') {
        if (e.key === 'ArrowUp' && onInteractive) return;
        e.preventDefault();
        setFocus((f) => Math.max(0, f - 1));
      } else if (e.key === 'Enter' && !onInteractive && rows[focus]) {
        e.preventDefault();
        navigate(`/leads/${rows[focus].id}`);
      } else if (e.key === 'x' && rows[focus]) {
        e.preventDefault();
        toggle(rows[focus].id);
      } else if (e.key === 'Escape' && selected.length) {
        setSelected([]);
      } else if (e.key === ']' && page < lastPage) setPage(page + 1);
      else if (e.key === '[' && page > 1) setPage(page - 1);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [rows, focus, selected.length, navigate, page, lastPage, setPage]);

  useEffect(() => {
    if (focus >= 0) tableRef.current?.querySelector(`[data-row="${focus}"]`)?.scrollIntoView({ block: 'nearest' });
  }, [focus]);

  const sortField = sort.replace(/^-/, '');
  const sortDesc = sort.startsWith('-');
  function sortBy(c: { sort?: string; descFirst?: boolean }) {
    if (!c.sort) return;
    if (sortField === c.sort) setSort(sortDesc ? c.sort : `-${c.sort}`);
    else setSort(c.descFirst ? `-${c.sort}` : c.sort);
  }
  function header(c: { id: string; label: string; sort?: string; descFirst?: boolean; width: number; right?: boolean }) {
    const active = c.sort && sortField === c.sort;
    return (
      <Th key={c.id} style={{ width: c.width }} className={cn('whitespace-nowrap !px-2', c.right && '!text-right', c.id === 'name' && 'sticky left-9 z-20')} aria-sort={active ? (sortDesc ? 'descending' : 'ascending') : c.sort ? 'none' : undefined} scope="col">
        {c.sort ? (
          <button type="button" onClick={() => sortBy(c)} className={cn('inline-flex items-center gap-1 uppercase tracking-wide hover:text-[var(--text)]', active && 'text-[var(--text)]')}>
            {c.label}
            {active ? sortDesc ? <ArrowDown aria-hidden className="h-3 w-3" /> : <ArrowUp aria-hidden className="h-3 w-3" /> : null}
          </button>
        ) : c.label}
      </Th>
    );
  }

  if (list.isError && !list.data) {
    return (
      <div className="p-5">
        <Card>
          <EmptyState title="Could not load leads" action={<Button onClick={() => void list.refetch()}>Try again</Button>}>
            {(list.error as Error).message}
          </EmptyState>
        </Card>
      </div>
    );
  }

  if (list.data && total === 0 && !list.isPlaceholderData) {
    return hasFilters(filters) ? (
      <EmptyState icon={<SearchX className="h-8 w-8" />} title="No leads match these filters" action={<Button onClick={clearFilters}>Clear filters</Button>}>
        Try fewer filters or a shorter search.
      </EmptyState>
    ) : (
      <EmptyState
        icon={<Users className="h-8 w-8" />}
        title="No leads yet"
        action={
          <div className="flex gap-2">
            <ButtonLink to="/import" variant="secondary"><FileUp aria-hidden className="h-4 w-4" /> Import a CSV</ButtonLink>
            <Button variant="primary" onClick={() => openAddLead()}><Plus aria-hidden className="h-4 w-4" /> Add a lead</Button>
          </div>
        }
      >
        Import a CSV from your old CRM or spreadsheet, or add a lead by hand.
      </EmptyState>
    );
  }

  return (
    <>
      {selected.length > 0 && <BulkBar selected={selected} rows={rows} onClear={() => setSelected([])} />}
      <div ref={tableRef} className={cn('min-h-0 flex-1 overflow-auto bg-panel', list.isPlaceholderData && 'opacity-60 transition-opacity')} aria-busy={list.isFetching}>
        <Table className="min-w-[1328px] table-fixed text-[13px]" aria-label="Leads" aria-rowcount={total}>
          <thead>
            <tr aria-rowindex={1}>
              <Th className="sticky left-0 z-20 !px-3" style={{ width: 36 }}>
                <input
                  type="checkbox"
                  className="h-4 w-4 rounded border-default accent-brand-600"
                  aria-label={allOnPage ? 'Unselect all on this page' : 'Select all on this page'}
                  checked={allOnPage}
                  ref={(el) => {
                    if (el) el.indeterminate = !allOnPage && someOnPage;
                  }}
                  onChange={() => setSelected((s) => (allOnPage ? s.filter((id) => !rows.some((r) => r.id === id)) : [...new Set([...s, ...rows.map((r) => r.id)])]))}
                  disabled={!rows.length}
                />
              </Th>
              {header({ id: 'name', label: 'Name', sort: 'name', width: 168 })}
              {COLUMNS.map(header)}
            </tr>
          </thead>
          <tbody>
            {!list.data &&
              Array.from({ length: 12 }, (_, i) => (
                <tr key={i}>
                  <Td className="sticky left-0 bg-panel"><Skeleton className="h-4 w-4" /></Td>
                  <Td className="sticky left-9 bg-panel"><Skeleton className="h-4 w-40" /></Td>
                  {COLUMNS.map((c) => <Td key={c.id}><Skeleton className="h-4 w-3/4" /></Td>)}
                </tr>
              ))}
            {rows.map((l, i) => {
              const isSel = selected.includes(l.id);
              const isFocus = i === focus;
              const bg = isSel ? 'bg-brand-50 dark:bg-[#1e2347]' : isFocus ? 'bg-panel-2' : 'bg-panel';
              return (
                <tr
                  key={l.id}
                  data-row={i}
                  aria-rowindex={(page - 1) * pageSize + i + 2}
                  aria-selected={isSel}
                  aria-current={isFocus || undefined}
                  className={cn('group cursor-pointer', bg, !isSel && !isFocus && 'hover:bg-panel-2')}
                  onClick={(e) => {
                    setFocus(i);
                    if ((e.target as HTMLElement).closest('a, button, input, label')) return;
                    navigate(`/leads/${l.id}`);
                  }}
                >
                  <Td className={cn('sticky left-0 z-[1] bg-inherit', isFocus && 'shadow-[inset_3px_0_0_var(--color-brand-600)]')}>
                    <Checkbox aria-label={`Select ${l.name}`} checked={isSel} onChange={() => toggle(l.id)} />
                  </Td>
                  <Td className="sticky left-9 z-[1] bg-inherit !px-2 font-medium">
                    <Link to={`/leads/${l.id}`} className="block truncate hover:text-brand-600 hover:underline" title={l.name}>{l.name}</Link>
                  </Td>
                  {COLUMNS.map((c) => (
                    <Td key={c.id} className={cn('overflow-hidden !px-2', c.right && 'text-right')}>
                      {c.render(l, { stages })}
                    </Td>
                  ))}
                </tr>
              );
            })}
          </tbody>
        </Table>
      </div>
      <footer className="flex flex-wrap items-center justify-between gap-2 border-t border-default bg-panel px-5 py-2 text-sm">
        <div className="flex items-center gap-2 text-muted" aria-live="polite">
          {list.data ? (
            <span data-testid="lead-count">
              <span className="font-medium text-[var(--text)] tabular-nums">{from.toLocaleString()}–{to.toLocaleString()}</span> of <span className="font-medium text-[var(--text)] tabular-nums">{total.toLocaleString()}</span>
            </span>
          ) : <span>Loading leads…</span>}
          {list.isFetching && list.data && <Spinner className="h-3.5 w-3.5" />}
          {sort !== DEFAULT_SORT && (
            <button type="button" className="text-xs underline hover:text-[var(--text)]" onClick={() => setSort(DEFAULT_SORT)}>Reset sort (newest first)</button>
          )}
        </div>
        <div className="flex items-center gap-2">
          <div className="w-36">
            <Select aria-label="Rows per page" value={pageSize} onChange={(e) => setPageSize(Number(e.target.value))} className="!h-7 !text-xs">
              {[50, 100, 200].map((n) => <option key={n} value={n}>{n} per page</option>)}
            </Select>
          </div>
          <Button size="sm" onClick={() => setPage(page - 1)} disabled={page <= 1} aria-label="Previous page" title="Previous page ([)">
            <ChevronLeft aria-hidden className="h-4 w-4" /> Prev
          </Button>
          <span className="whitespace-nowrap text-xs text-muted tabular-nums">Page {page.toLocaleString()} of {lastPage.toLocaleString()}</span>
          <Button size="sm" onClick={() => setPage(page + 1)} disabled={page >= lastPage} aria-label="Next page" title="Next page (])">
            Next <ChevronRight aria-hidden className="h-4 w-4" />
          </Button>
        </div>
      </footer>
    </>
  );
}

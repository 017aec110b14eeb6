import { useEffect, useRef, useState } from 'react';
import { Search, X } from 'lucide-react';
import { Button, Kbd, MultiSelect, Select } from '../../ui/index.ts';
import { useFacets, useMembers, useStages } from './api.ts';
import { facetValues } from './format.ts';
import { hasFilters, NEXT_TASK_OPTIONS, TOUCHED_OPTIONS, useLeadFilters } from './filters.ts';

/** Search + filters, shared by the list and the board; everything is written to the URL. */
export function FilterBar() {
  const { filters, setFilters, clearFilters } = useLeadFilters();
  const facets = useFacets();
  const stages = useStages();
  const members = useMembers();
  const [q, setQ] = useState(filters.q);
  const sent = useRef(filters.q);
  const inputRef = useRef<HTMLInputElement>(null);

  // URL → box (back button, "Clear filters", picking a saved view)
  useEffect(() => {
    if (filters.q !== sent.current) {
      sent.current = filters.q;
      setQ(filters.q);
    }
  }, [filters.q]);

  // box → URL, debounced; typing replaces the history entry instead of adding one per key
  useEffect(() => {
    if (q === sent.current) return;
    const t = setTimeout(() => {
      sent.current = q;
      setFilters({ q }, { replace: true });
    }, 250);
    return () => clearTimeout(t);
  }, [q, setFilters]);

  // "/" focuses search from anywhere on the page
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== '/' || e.metaKey || e.ctrlKey || e.altKey) return;
      const t = e.target as HTMLElement;
      if (t.closest('input, textarea, select, [contenteditable], dialog[open]')) return;
      e.preventDefault();
      inputRef.current?.focus();
      inputRef.current?.select();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const stageCounts = new Map((facets.data?.stages ?? []).map((s) => [s.key, s.count]));
  const stageOptions = (stages.data ?? facets.data?.stages ?? []).map((s) => ({ value: s.key, label: s.label, color: s.color, count: stageCounts.get(s.key) ?? ('count' in s ? s.count : undefined) }));
  const tagOptions = facetValues(facets.data?.tags).map((t) => ({ value: t.value, label: t.value, count: t.count || undefined }));
  const owners = members.data ?? facets.data?.owners ?? [];
  const sources = facetValues(facets.data?.sources);
  const segments = facetValues(facets.data?.segments);
  const active = hasFilters(filters);

  return (
    <div className="flex flex-wrap items-center gap-2 border-b border-default bg-panel px-5 py-2" role="search" aria-label="Filter leads">
      <div className="relative w-48">
        <Search aria-hidden className="pointer-events-none absolute left-2 top-2 h-4 w-4 text-muted" />
        <label htmlFor="lead-search" className="sr-only">Search leads</label>
        <input
          ref={inputRef}
          id="lead-search"
          type="search"
          value={q}
          onChange={(e) => setQ(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Escape') {
              if (q) setQ('');
              else e.currentTarget.blur();
            }
          }}
          placeholder="Search leads"
          title="Search by name, email, phone or city"
          className="h-8 w-full rounded-md border border-default bg-panel pl-8 pr-7 text-sm placeholder:text-muted focus:border-brand-500 focus:outline-none focus:ring-2 focus:ring-brand-500/30"
        />
        {!q && <span className="pointer-events-none absolute right-2 top-1.5"><Kbd>/</Kbd></span>}
      </div>
      <MultiSelect label="Stage" options={stageOptions} value={filters.stage} onChange={(stage) => setFilters({ stage })} />
      <Select aria-label="Owner" value={filters.owner} onChange={(e) => setFilters({ owner: e.target.value })} className="!w-auto max-w-36">
        <option value="">Any owner</option>
        <option value="me">Me</option>
        <option value="none">Unassigned</option>
        {owners.map((m) => <option key={m.id} value={m.id}>{m.name || m.email}</option>)}
      </Select>
      <Select aria-label="Source" value={filters.source} onChange={(e) => setFilters({ source: e.target.value })} className="!w-auto max-w-36">
        <option value="">Any source</option>
        {sources.map((s) => <option key={s.value} value={s.value}>{s.value}</option>)}
        {filters.source && !sources.some((s) => s.value === filters.source) && <option value={filters.source}>{filters.source}</option>}
      </Select>
      <Select aria-label="Segment" value={filters.segment} onChange={(e) => setFilters({ segment: e.target.value })} className="!w-auto max-w-40">
        <option value="">Any segment</option>
        {segments.map((s) => <option key={s.value} value={s.value}>{s.value}</option>)}
        {filters.segment && !segments.some((s) => s.value === filters.segment) && <option value={filters.segment}>{filters.segment}</option>}
      </Select>
      <MultiSelect label="Tags" options={tagOptions} value={filters.tags} onChange={(tags) => setFilters({ tags })} emptyText="No tags yet — add tags on a lead or in bulk." />
      <Select aria-label="Last touched" value={filters.touched} onChange={(e) => setFilters({ touched: e.target.value })} className="!w-auto max-w-40">
        <option value="">Any last touch</option>
        {TOUCHED_OPTIONS.map((o) => <option key={o.value} value={o.value}>{o.label}</option>)}
      </Select>
      <Select aria-label="Next task" value={filters.nextTask} onChange={(e) => setFilters({ nextTask: e.target.value })} className="!w-auto max-w-40">
        <option value="">Any next task</option>
        {NEXT_TASK_OPTIONS.map((o) => <option key={o.value} value={o.value}>{o.label}</option>)}
      </Select>
      {active && (
        <Button variant="ghost" size="sm" onClick={() => { sent.current = ''; setQ(''); clearFilters(); }}>
          <X aria-hidden className="h-3.5 w-3.5" /> Clear filters
        </Button>
      )}
    </div>
  );
}

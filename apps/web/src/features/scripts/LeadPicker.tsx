import { useEffect, useId, useState, type KeyboardEvent } from 'react';
import { useQuery } from '@tanstack/react-query';
import type { LeadListResponse } from '@flywheel/contracts';
import { api, qs } from '../../app/api.ts';
import { Chip, Input, Spinner } from '../../ui/index.ts';

export interface PickedLead {
  id: string;
  name: string;
}

/** Search the workspace's leads by name, email or phone and pick one (↑ ↓ Enter, Esc). */
export function LeadPicker({ value, onChange }: { value: PickedLead | null; onChange: (lead: PickedLead | null) => void }) {
  const [q, setQ] = useState('');
  const [debounced, setDebounced] = useState('');
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const listId = useId();
  useEffect(() => {
    const t = setTimeout(() => setDebounced(q.trim()), 200);
    return () => clearTimeout(t);
  }, [q]);
  const leads = useQuery({
    queryKey: ['script-lead-picker', debounced],
    queryFn: () => api.get<LeadListResponse>(`/api/v1/leads${qs({ q: debounced, limit: 8, sort: '-updated_at' })}`),
    enabled: open,
    staleTime: 30_000,
  });
  const rows = leads.data?.data ?? [];

  if (value) {
    return (
      <Chip onRemove={() => onChange(null)} removeLabel="Preview without a lead">
        <span data-testid="preview-lead">{value.name}</span>
      </Chip>
    );
  }

  function pick(i: number) {
    const r = rows[i];
    if (!r) return;
    onChange({ id: r.id, name: r.name });
    setQ('');
    setOpen(false);
  }
  function onKey(e: KeyboardEvent<HTMLInputElement>) {
    if (e.key === 'ArrowDown') { e.preventDefault(); setOpen(true); setActive((a) => Math.min(a + 1, rows.length - 1)); }
    else if (e.key === 'ArrowUp') { e.preventDefault(); setActive((a) => Math.max(a - 1, 0)); }
    else if (e.key === 'Enter') { e.preventDefault(); pick(active); }
    else if (e.key === 'Escape' && open) { e.stopPropagation(); setOpen(false); }
  }

  return (
    <div className="relative w-64">
      <Input
        value={q}
        onChange={(e) => { setQ(e.target.value); setOpen(true); setActive(0); }}
        onFocus={() => setOpen(true)}
        onBlur={() => setTimeout(() => setOpen(false), 150)}
        onKeyDown={onKey}
        placeholder="Preview with lead…"
        aria-label="Preview with lead"
        role="combobox"
        aria-expanded={open}
        aria-controls={listId}
        aria-autocomplete="list"
      />
      {open && (
        <ul id={listId} role="listbox" className="absolute right-0 z-20 mt-1 max-h-64 w-full overflow-auto rounded-md border border-default bg-panel py-1 text-sm shadow-lg">
          {leads.isPending ? (
            <li className="flex items-center gap-2 px-3 py-2 text-muted"><Spinner className="h-3.5 w-3.5" /> Searching…</li>
          ) : leads.isError ? (
            <li className="px-3 py-2 text-red-600">{leads.error.message}</li>
          ) : rows.length === 0 ? (
            <li className="px-3 py-2 text-muted">{debounced ? `No lead matches “${debounced}”.` : 'No leads yet.'}</li>
          ) : (
            rows.map((r, i) => (
              <li
                key={r.id}
                role="option"
                aria-selected={i === active}
                onMouseDown={(e) => { e.preventDefault(); pick(i); }}
                onMouseEnter={() => setActive(i)}
                className={`cursor-pointer px-3 py-1.5 ${i === active ? 'bg-panel-2' : ''}`}
              >
                <div className="truncate font-medium">{r.name}</div>
                <div className="truncate text-xs text-muted">{[r.city, r.primaryPhone ?? r.primaryEmail].filter(Boolean).join(' · ') || '—'}</div>
              </li>
            ))
          )}
        </ul>
      )}
    </div>
  );
}

import { useEffect, useId, useState } from 'react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api, qs } from '../../app/api.ts';
import { Input, Spinner, cn } from '../../ui/index.ts';
import type { LeadListItem } from '../leads/types.ts';

export interface PickedLead {
  id: string;
  name: string;
}

/** Search-as-you-type over the lead list (GET /api/v1/leads?q=); arrow keys and Enter pick. */
export function LeadPicker({ value, onChange, label = 'Lead', error, autoFocus }: { value: PickedLead | null; onChange: (l: PickedLead | null) => void; label?: string; error?: string; autoFocus?: boolean }) {
  const id = useId();
  const [q, setQ] = useState('');
  const [debounced, setDebounced] = useState('');
  const [active, setActive] = useState(0);
  useEffect(() => {
    const t = setTimeout(() => setDebounced(q.trim()), 200);
    return () => clearTimeout(t);
  }, [q]);
  const results = useQuery({
    queryKey: ['leads', 'picker', debounced],
    queryFn: () => api.get<{ data: LeadListItem[] }>(`/api/v1/leads${qs({ q: debounced, limit: 8 })}`),
    enabled: !value,
    placeholderData: keepPreviousData,
    select: (r) => r.data,
  });
  const list = results.data ?? [];

  if (value) {
    return (
      <div className="flex flex-col gap-1">
        <span className="text-xs font-medium text-muted">{label}</span>
        <div className="flex h-8 items-center justify-between rounded-md border border-default px-2.5 text-sm">
          <span className="truncate font-medium" data-testid="picked-lead">{value.name}</span>
          <button type="button" className="text-xs text-brand-600 hover:underline" onClick={() => onChange(null)}>Change</button>
        </div>
      </div>
    );
  }
  return (
    <div className="flex flex-col gap-1">
      <label htmlFor={id} className="text-xs font-medium text-muted">{label}</label>
      <Input
        id={id}
        role="combobox"
        aria-expanded={list.length > 0}
        aria-controls={`${id}-list`}
        aria-activedescendant={list[active] ? `${id}-${list[active].id}` : undefined}
        aria-invalid={error ? true : undefined}
        autoFocus={autoFocus}
        placeholder="Search leads by name, email or phone"
        value={q}
        onChange={(e) => { setQ(e.target.value); setActive(0); }}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown') { e.preventDefault(); setActive((a) => Math.min(a + 1, list.length - 1)); }
          else if (e.key === 'ArrowUp') { e.preventDefault(); setActive((a) => Math.max(a - 1, 0)); }
          else if (e.key === 'Enter' && list[active]) { e.preventDefault(); onChange({ id: list[active].id, name: list[active].name }); }
        }}
      />
      {error && <p className="text-xs text-red-600 dark:text-red-400">{error}</p>}
      <ul id={`${id}-list`} role="listbox" aria-label="Matching leads" className="max-h-56 overflow-auto rounded-md border border-default">
        {results.isFetching && !list.length && <li className="flex justify-center p-2"><Spinner className="h-4 w-4" /></li>}
        {!results.isFetching && !list.length && <li className="px-2.5 py-2 text-sm text-muted">No lead matches “{debounced}”.</li>}
        {list.map((l, i) => (
          <li
            key={l.id}
            id={`${id}-${l.id}`}
            role="option"
            aria-selected={i === active}
            onMouseDown={(e) => e.preventDefault()}
            onClick={() => onChange({ id: l.id, name: l.name })}
            className={cn('flex cursor-pointer justify-between gap-2 px-2.5 py-1.5 text-sm', i === active ? 'bg-brand-50 dark:bg-brand-700/30' : 'hover:bg-panel-2')}
          >
            <span className="truncate">{l.name}</span>
            <span className="shrink-0 text-xs text-muted">{l.city ?? l.primaryPhone ?? ''}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}

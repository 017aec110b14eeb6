import { useState } from 'react';
import { ChevronDown } from 'lucide-react';
import { Popover } from './Popover.tsx';
import { cn } from './cn.ts';

export interface MultiSelectOption {
  value: string;
  label: string;
  color?: string | null;
  count?: number;
}

/** A compact filter button that opens a checkbox list; the button shows what is picked. */
export function MultiSelect({ label, options, value: outer, onChange: emit, emptyText = 'Nothing to pick from yet.', className }: { label: string; options: MultiSelectOption[]; value: string[]; onChange: (v: string[]) => void; emptyText?: string; className?: string }) {
  // the owner may apply the change later (e.g. a router transition): show it at once, follow the owner after
  const [value, setValue] = useState(outer);
  const [seen, setSeen] = useState(outer);
  if (seen.join('\u0000') !== outer.join('\u0000')) {
    setSeen(outer);
    setValue(outer);
  }
  const onChange = (v: string[]) => {
    setValue(v);
    emit(v);
  };
  const picked = options.filter((o) => value.includes(o.value));
  const extra = value.filter((v) => !options.some((o) => o.value === v));
  const summary = value.length === 0 ? label : value.length === 1 ? `${label}: ${picked[0]?.label ?? extra[0]}` : `${label}: ${value.length}`;
  const all: MultiSelectOption[] = [...options, ...extra.map((v) => ({ value: v, label: v }))];
  return (
    <Popover
      label={label}
      trigger={(p) => (
        <button
          type="button"
          {...p}
          aria-label={value.length ? `${label} (${value.length} selected)` : label}
          className={cn(
            'inline-flex h-8 items-center gap-1 rounded-md border px-2.5 text-sm whitespace-nowrap',
            value.length ? 'border-brand-500 bg-brand-50 text-brand-700 dark:bg-brand-700/30 dark:text-brand-100' : 'border-default bg-panel hover:bg-panel-2',
            className,
          )}
        >
          <span className="max-w-40 truncate">{summary}</span>
          <ChevronDown aria-hidden className="h-3.5 w-3.5 opacity-60" />
        </button>
      )}
    >
      <fieldset>
        <legend className="sr-only">{label}</legend>
        {all.length === 0 && <p className="px-2 py-1.5 text-xs text-muted">{emptyText}</p>}
        {all.map((o) => {
          const checked = value.includes(o.value);
          return (
            <label key={o.value} className="flex cursor-pointer items-center gap-2 rounded px-2 py-1.5 hover:bg-panel-2">
              <input
                type="checkbox"
                className="h-4 w-4 accent-brand-600"
                checked={checked}
                onChange={() => onChange(checked ? value.filter((v) => v !== o.value) : [...value, o.value])}
              />
              {o.color && <span aria-hidden className="h-2 w-2 rounded-full" style={{ background: o.color }} />}
              <span className="flex-1 truncate">{o.label}</span>
              {o.count != null && <span className="text-xs tabular-nums text-muted">{o.count.toLocaleString()}</span>}
            </label>
          );
        })}
        {value.length > 0 && (
          <button type="button" onClick={() => onChange([])} className="mt-1 w-full rounded border-t border-default px-2 py-1.5 text-left text-xs text-muted hover:bg-panel-2">
            Clear {label.toLowerCase()}
          </button>
        )}
      </fieldset>
    </Popover>
  );
}

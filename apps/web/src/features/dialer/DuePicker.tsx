import { useId } from 'react';
import { Button, Input, cn } from '../../ui/index.ts';
import { fromLocalInput, quickPicks, toLocalInput } from './format.ts';

/**
 * A date-time field with quick picks. The value is the datetime-local string (browser time);
 * `fromLocalInput` turns it into the ISO instant the API takes.
 */
export function DuePicker({ label, value, onChange, error, autoFocus, className }: { label: string; value: string; onChange: (v: string) => void; error?: string; autoFocus?: boolean; className?: string }) {
  const id = useId();
  const invalid = value !== '' && fromLocalInput(value) === null;
  return (
    <div className={cn('flex flex-col gap-1', className)}>
      <label htmlFor={id} className="text-xs font-medium text-muted">{label}</label>
      <div className="flex flex-wrap items-center gap-1.5">
        <Input id={id} type="datetime-local" value={value} autoFocus={autoFocus} onChange={(e) => onChange(e.target.value)} className="!w-56" aria-invalid={!!error || invalid || undefined} aria-describedby={error ? `${id}-err` : undefined} />
        {quickPicks().map((q) => (
          <Button key={q.label} size="sm" variant={value === toLocalInput(q.date) ? 'primary' : 'secondary'} onClick={() => onChange(toLocalInput(q.date))}>
            {q.label}
          </Button>
        ))}
      </div>
      {error && <p id={`${id}-err`} className="text-xs text-red-600 dark:text-red-400">{error}</p>}
    </div>
  );
}

import { useId } from 'react';
import { Button, Input, cn } from '../../ui/index.ts';
import { fromZonedInput, quickPicksIn, toZonedInput } from './format.ts';

const browserZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone;

/**
 * A date-time field with quick picks. The value is the datetime-local string in `zone` (the lead's
 * time zone when known, else the browser's); `fromZonedInput(value, zone)` turns it into the ISO
 * instant the API takes. When the lead lives elsewhere, the rep's own time is shown beside it.
 */
export function DuePicker({ label, value, onChange, error, autoFocus, className, zone }: { label: string; value: string; onChange: (v: string) => void; error?: string; autoFocus?: boolean; className?: string; zone?: string | null }) {
  const id = useId();
  const instant = value === '' ? null : fromZonedInput(value, zone);
  const invalid = value !== '' && instant === null;
  const elsewhere = !!zone && zone !== browserZone();
  return (
    <div className={cn('flex flex-col gap-1', className)}>
      <label htmlFor={id} className="text-xs font-medium text-muted">{label}{elsewhere && <span data-testid="due-zone"> — their time ({zone})</span>}</label>
      <div className="flex flex-wrap items-center gap-1.5">
        <Input id={id} type="datetime-local" value={value} autoFocus={autoFocus} onChange={(e) => onChange(e.target.value)} className="!w-56" aria-invalid={!!error || invalid || undefined} aria-describedby={error ? `${id}-err` : undefined} />
        {quickPicksIn(zone).map((q) => (
          <Button key={q.label} size="sm" variant={value === toZonedInput(q.date, zone) ? 'primary' : 'secondary'} onClick={() => onChange(toZonedInput(q.date, zone))}>
            {q.label}
          </Button>
        ))}
      </div>
      {elsewhere && instant && <p className="text-xs text-muted" data-testid="due-yours">{new Date(instant).toLocaleString(undefined, { weekday: 'short', hour: 'numeric', minute: '2-digit' })} your time</p>}
      {error && <p id={`${id}-err`} className="text-xs text-red-600 dark:text-red-400">{error}</p>}
    </div>
  );
}

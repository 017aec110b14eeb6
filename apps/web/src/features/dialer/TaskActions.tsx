import { useState, type ReactNode } from 'react';
import { AlarmClock, CalendarClock } from 'lucide-react';
import { Button, Popover, type PopoverTriggerProps } from '../../ui/index.ts';
import { DuePicker } from './DuePicker.tsx';
import { fromLocalInput, toLocalInput } from './format.ts';
import { SNOOZE_LABELS, type Snooze, type SnoozePreset } from './types.ts';

const PRESETS: SnoozePreset[] = ['1h', '3h', 'tomorrow', 'next_week'];

/** Snooze: four presets or a custom time. */
export function SnoozeButton({ onSnooze, label = 'Snooze', size = 'sm', trigger }: { onSnooze: (s: Snooze) => Promise<unknown>; label?: string; size?: 'sm' | 'md'; trigger?: (p: PopoverTriggerProps) => ReactNode }) {
  const [custom, setCustom] = useState('');
  return (
    <Popover
      label={label}
      align="end"
      panelClassName="w-80 p-2"
      trigger={trigger ?? ((p) => <Button {...p} size={size} variant="ghost" title={label}><AlarmClock aria-hidden className="h-3.5 w-3.5" /> {label}</Button>)}
    >
      {(close) => (
        <div className="space-y-2">
          <div className="grid grid-cols-2 gap-1">
            {PRESETS.map((p) => (
              <Button key={p} size="sm" onClick={() => { close(); void onSnooze({ preset: p }); }}>{SNOOZE_LABELS[p]}</Button>
            ))}
          </div>
          <form
            className="space-y-1.5 border-t border-default pt-2"
            onSubmit={(e) => {
              e.preventDefault();
              const until = fromLocalInput(custom);
              if (!until) return;
              close();
              void onSnooze({ until });
            }}
          >
            <CustomTime label="Until" value={custom} onChange={setCustom} />
            <Button type="submit" size="sm" variant="primary" disabled={!fromLocalInput(custom)}>Snooze until then</Button>
          </form>
        </div>
      )}
    </Popover>
  );
}

/** Reschedule: a date-time picker with quick picks. */
export function RescheduleButton({ dueAt, onReschedule, label = 'Reschedule', size = 'sm' }: { dueAt: string | null; onReschedule: (iso: string) => Promise<unknown>; label?: string; size?: 'sm' | 'md' }) {
  const [value, setValue] = useState(dueAt ? toLocalInput(new Date(dueAt)) : '');
  return (
    <Popover label={label} align="end" panelClassName="w-[26rem] p-3" trigger={(p) => <Button {...p} size={size} variant="ghost" title={label}><CalendarClock aria-hidden className="h-3.5 w-3.5" /> {label}</Button>}>
      {(close) => (
        <form
          className="space-y-2"
          onSubmit={(e) => {
            e.preventDefault();
            const iso = fromLocalInput(value);
            if (!iso) return;
            close();
            void onReschedule(iso);
          }}
        >
          <DuePicker label="New due time" value={value} onChange={setValue} />
          <Button type="submit" size="sm" variant="primary" disabled={!fromLocalInput(value)}>Reschedule</Button>
        </form>
      )}
    </Popover>
  );
}

function CustomTime({ label, value, onChange }: { label: string; value: string; onChange: (v: string) => void }) {
  return (
    <label className="flex flex-col gap-1 text-xs font-medium text-muted">
      {label}
      <input type="datetime-local" value={value} onChange={(e) => onChange(e.target.value)} className="h-8 w-full rounded-md border border-default bg-panel px-2 text-sm text-[var(--text)]" />
    </label>
  );
}

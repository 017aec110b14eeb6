import { Check } from 'lucide-react';
import { cn } from './cn.ts';

/** A wizard's step indicator: numbered, the current step marked for screen readers (aria-current="step"). */
export function Steps({ steps, current, label = 'Progress' }: { steps: string[]; current: number; label?: string }) {
  return (
    <ol aria-label={label} className="flex flex-wrap items-center gap-x-2 gap-y-1 text-sm">
      {steps.map((s, i) => {
        const state = i < current ? 'done' : i === current ? 'current' : 'todo';
        return (
          <li key={s} aria-current={state === 'current' ? 'step' : undefined} className="flex items-center gap-2">
            {i > 0 && <span aria-hidden className={cn('h-px w-6', i <= current ? 'bg-brand-500' : 'bg-[var(--border)]')} />}
            <span
              aria-hidden
              className={cn(
                'flex h-6 w-6 items-center justify-center rounded-full border text-xs font-semibold',
                state === 'done' && 'border-brand-600 bg-brand-600 text-white',
                state === 'current' && 'border-brand-600 text-brand-700 dark:text-brand-100',
                state === 'todo' && 'border-default text-muted',
              )}
            >
              {state === 'done' ? <Check className="h-3.5 w-3.5" /> : i + 1}
            </span>
            <span className={cn(state === 'current' ? 'font-medium' : 'text-muted')}>
              <span className="sr-only">Step {i + 1}: </span>
              {s}
              {state === 'done' && <span className="sr-only"> (done)</span>}
            </span>
          </li>
        );
      })}
    </ol>
  );
}

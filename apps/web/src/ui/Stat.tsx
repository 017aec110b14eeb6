import type { ReactNode } from 'react';
import { cn } from './cn.ts';

const tones = {
  neutral: '',
  green: 'text-green-700 dark:text-green-400',
  brand: 'text-brand-700 dark:text-brand-100',
  amber: 'text-amber-700 dark:text-amber-400',
  red: 'text-red-700 dark:text-red-400',
};

/** A labelled figure (a count tile). The label and value are one group for screen readers. */
export function Stat({ label, value, tone = 'neutral', hint, className }: { label: string; value: ReactNode; tone?: keyof typeof tones; hint?: ReactNode; className?: string }) {
  return (
    <div role="group" aria-label={label} className={cn('rounded-lg border border-default bg-panel px-4 py-3', className)}>
      <div className="text-xs font-medium uppercase tracking-wide text-muted">{label}</div>
      <div className={cn('mt-1 text-2xl font-semibold tabular-nums', tones[tone])}>{value}</div>
      {hint && <div className="mt-0.5 text-xs text-muted">{hint}</div>}
    </div>
  );
}

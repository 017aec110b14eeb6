import type { ReactNode } from 'react';
import { cn } from './cn.ts';

const tones = {
  neutral: 'bg-panel-2 text-[var(--text)]',
  brand: 'bg-brand-100 text-brand-700 dark:bg-brand-700/30 dark:text-brand-100',
  green: 'bg-green-100 text-green-800 dark:bg-green-900/40 dark:text-green-300',
  amber: 'bg-amber-100 text-amber-800 dark:bg-amber-900/40 dark:text-amber-300',
  red: 'bg-red-100 text-red-800 dark:bg-red-900/40 dark:text-red-300',
};

export function Badge({ children, tone = 'neutral', color, className }: { children: ReactNode; tone?: keyof typeof tones; color?: string | null; className?: string }) {
  return (
    <span className={cn('inline-flex items-center gap-1 rounded px-1.5 py-0.5 text-xs font-medium', tones[tone], className)}>
      {color && <span aria-hidden className="h-2 w-2 rounded-full" style={{ background: color }} />}
      {children}
    </span>
  );
}

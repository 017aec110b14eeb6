import { X } from 'lucide-react';
import type { ReactNode } from 'react';
import { cn } from './cn.ts';

/** A small label (tag) with an optional remove button. */
export function Chip({ children, onRemove, removeLabel, className }: { children: ReactNode; onRemove?: () => void; removeLabel?: string; className?: string }) {
  return (
    <span className={cn('inline-flex max-w-full items-center gap-0.5 rounded-full border border-default bg-panel-2 px-2 py-0.5 text-xs', className)}>
      <span className="truncate">{children}</span>
      {onRemove && (
        <button type="button" onClick={onRemove} aria-label={removeLabel ?? 'Remove'} title={removeLabel ?? 'Remove'} className="-mr-1 rounded-full p-0.5 text-muted hover:bg-[var(--border)] hover:text-[var(--text)]">
          <X aria-hidden className="h-3 w-3" />
        </button>
      )}
    </span>
  );
}

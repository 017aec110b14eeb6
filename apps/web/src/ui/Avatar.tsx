import { cn } from './cn.ts';

export function initialsOf(name: string | null | undefined): string {
  const parts = (name ?? '').trim().split(/[\s@._-]+/).filter(Boolean);
  if (!parts.length) return '?';
  return ((parts[0][0] ?? '') + (parts.length > 1 ? parts[parts.length - 1][0] : '')).toUpperCase();
}

/** Initials in a circle; the full name is the accessible label and the tooltip. */
export function Avatar({ name, className }: { name: string | null | undefined; className?: string }) {
  const label = name || 'Unassigned';
  return (
    <span
      role="img"
      aria-label={label}
      title={label}
      className={cn(
        'inline-flex h-6 w-6 shrink-0 items-center justify-center rounded-full text-[10px] font-semibold',
        name ? 'bg-brand-100 text-brand-700 dark:bg-brand-700/40 dark:text-brand-100' : 'border border-dashed border-default text-muted',
        className,
      )}
    >
      {name ? initialsOf(name) : '–'}
    </span>
  );
}

import { cn } from './cn.ts';

/** A grey placeholder block shown while data loads (announced once by the surrounding region). */
export function Skeleton({ className }: { className?: string }) {
  return <span aria-hidden className={cn('block animate-pulse rounded bg-panel-2', className)} />;
}

import { cn } from './cn.ts';

/** The Flywheel mark and name: small in the sidebar, large on the sign-in pages. */
export function Logo({ size = 'sm', className }: { size?: 'sm' | 'lg'; className?: string }) {
  return (
    <div className={cn('flex items-center gap-2', className)}>
      <span aria-hidden className={cn('inline-block rounded-full border-brand-600', size === 'lg' ? 'h-6 w-6 border-[5px]' : 'h-5 w-5 border-4')} />
      <span className={cn('font-semibold tracking-tight', size === 'lg' ? 'text-xl' : 'text-base')}>Flywheel</span>
    </div>
  );
}

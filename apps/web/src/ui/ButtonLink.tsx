import type { AnchorHTMLAttributes } from 'react';
import { Link } from 'react-router';
import { cn } from './cn.ts';

const variants = {
  primary: 'bg-brand-600 text-white hover:bg-brand-700 border-transparent',
  secondary: 'bg-panel border-default hover:bg-panel-2',
  ghost: 'border-transparent hover:bg-panel-2',
};

/** A link that looks like a Button: in-app routes use the router, `external` (downloads, API URLs) a plain <a>. */
export function ButtonLink({ to, external, variant = 'secondary', size = 'md', className, ...rest }: Omit<AnchorHTMLAttributes<HTMLAnchorElement>, 'href'> & { to: string; external?: boolean; variant?: keyof typeof variants; size?: 'sm' | 'md' }) {
  const cls = cn('inline-flex items-center justify-center gap-1.5 rounded-md border font-medium whitespace-nowrap transition-colors', size === 'sm' ? 'h-7 px-2 text-xs' : 'h-8 px-3 text-sm', variants[variant], className);
  return external ? <a href={to} className={cls} {...rest} /> : <Link to={to} className={cls} {...rest} />;
}

import { forwardRef, type ButtonHTMLAttributes } from 'react';
import { cn } from './cn.ts';
import { Spinner } from './Spinner.tsx';

type Variant = 'primary' | 'secondary' | 'ghost' | 'danger';
const variants: Record<Variant, string> = {
  primary: 'bg-brand-600 text-white hover:bg-brand-700 border-transparent',
  secondary: 'bg-panel border-default hover:bg-panel-2',
  ghost: 'border-transparent hover:bg-panel-2',
  danger: 'bg-red-600 text-white hover:bg-red-700 border-transparent',
};

/** The button look for links (a download, a route) that should read as actions. */
export function buttonClass({ variant = 'secondary', size = 'md', className }: { variant?: Variant; size?: 'sm' | 'md'; className?: string } = {}) {
  return cn(
    'inline-flex items-center justify-center gap-1.5 rounded-md border font-medium transition-colors disabled:cursor-not-allowed disabled:opacity-50 whitespace-nowrap',
    size === 'sm' ? 'h-7 px-2 text-xs' : 'h-8 px-3 text-sm',
    variants[variant],
    className,
  );
}

export interface ButtonProps extends ButtonHTMLAttributes<HTMLButtonElement> {
  variant?: Variant;
  size?: 'sm' | 'md';
  loading?: boolean;
}

export const Button = forwardRef<HTMLButtonElement, ButtonProps>(function Button({ variant = 'secondary', size = 'md', loading, className, children, disabled, type = 'button', ...rest }, ref) {
  return (
    <button
      ref={ref}
      type={type}
      disabled={disabled || loading}
      className={buttonClass({ variant, size, className })}
      {...rest}
    >
      {loading && <Spinner className="h-3.5 w-3.5" />}
      {children}
    </button>
  );
});

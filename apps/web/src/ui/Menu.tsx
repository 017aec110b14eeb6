import type { KeyboardEvent, ReactNode } from 'react';
import { Popover, type PopoverTriggerProps } from './Popover.tsx';
import { cn } from './cn.ts';

export interface MenuItem {
  label: ReactNode;
  onSelect: () => void;
  disabled?: boolean;
  icon?: ReactNode;
  danger?: boolean;
  /** aria-checked for radio-like items ("current stage") */
  current?: boolean;
}

function moveFocus(e: KeyboardEvent<HTMLDivElement>) {
  const items = [...e.currentTarget.querySelectorAll<HTMLElement>('[role="menuitem"]:not([disabled])')];
  const i = items.indexOf(document.activeElement as HTMLElement);
  let next = -1;
  if (e.key === 'ArrowDown') next = (i + 1) % items.length;
  else if (e.key === 'ArrowUp') next = (i - 1 + items.length) % items.length;
  else if (e.key === 'Home') next = 0;
  else if (e.key === 'End') next = items.length - 1;
  if (next >= 0) {
    e.preventDefault();
    items[next]?.focus();
  }
}

/** An actions menu: button → list of menu items; arrow keys move, Enter picks, Esc closes. */
export function Menu({ label, trigger, items, heading, align = 'start' }: { label: string; trigger: (p: PopoverTriggerProps) => ReactNode; items: MenuItem[]; heading?: ReactNode; align?: 'start' | 'end' }) {
  return (
    <Popover label={label} kind="menu" trigger={trigger} align={align} onKeyDown={moveFocus}>
      {(close) => (
        <>
          {heading && <div role="presentation" className="px-2 pb-1 pt-0.5 text-xs font-medium text-muted">{heading}</div>}
          {items.map((it, i) => (
            <button
              key={i}
              type="button"
              role="menuitem"
              disabled={it.disabled}
              aria-current={it.current || undefined}
              onClick={() => {
                close();
                it.onSelect();
              }}
              className={cn(
                'flex w-full items-center gap-2 rounded px-2 py-1.5 text-left text-sm hover:bg-panel-2 focus:bg-panel-2 focus:outline-none disabled:cursor-not-allowed disabled:opacity-50',
                it.danger && 'text-red-600 dark:text-red-400',
                it.current && 'font-medium',
              )}
            >
              {it.icon}
              {it.label}
            </button>
          ))}
        </>
      )}
    </Popover>
  );
}

import { useCallback, useEffect, useId, useLayoutEffect, useRef, useState, type CSSProperties, type KeyboardEvent as ReactKeyboardEvent, type ReactNode, type Ref } from 'react';
import { cn } from './cn.ts';

export interface PopoverTriggerProps {
  ref: Ref<HTMLButtonElement>;
  onClick: () => void;
  'aria-expanded': boolean;
  'aria-haspopup': 'menu' | 'dialog' | 'listbox';
  'aria-controls': string | undefined;
}

const HIDDEN: CSSProperties = { position: 'fixed', top: 0, left: 0, visibility: 'hidden' };
const FOCUSABLE = 'button:not([disabled]), [href], input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

/**
 * A floating panel anchored to a trigger button. Fixed positioning, so scrolling containers
 * (board columns, tables) never clip it. Closes on Esc (focus returns to the trigger), on a click
 * outside, and when the page scrolls or resizes.
 */
export function Popover({
  trigger,
  children,
  label,
  align = 'start',
  kind = 'dialog',
  panelClassName,
  onKeyDown,
}: {
  trigger: (p: PopoverTriggerProps) => ReactNode;
  children: ReactNode | ((close: () => void) => ReactNode);
  label: string;
  align?: 'start' | 'end';
  kind?: 'menu' | 'dialog' | 'listbox';
  panelClassName?: string;
  onKeyDown?: (e: ReactKeyboardEvent<HTMLDivElement>) => void;
}) {
  const [open, setOpen] = useState(false);
  // out of the flow and invisible until measured, so opening never shifts the trigger it is measured from
  const [style, setStyle] = useState<CSSProperties>(HIDDEN);
  const triggerRef = useRef<HTMLButtonElement>(null);
  const panelRef = useRef<HTMLDivElement>(null);
  const id = useId();

  const close = useCallback((refocus = true) => {
    setOpen(false);
    setStyle(HIDDEN);
    if (refocus) triggerRef.current?.focus();
  }, []);

  useLayoutEffect(() => {
    if (!open || !triggerRef.current) return;
    const r = triggerRef.current.getBoundingClientRect();
    const below = window.innerHeight - r.bottom;
    const s: CSSProperties = { position: 'fixed', maxHeight: Math.max(160, Math.min(360, Math.max(below, r.top) - 12)) };
    if (below < 220 && r.top > below) s.bottom = window.innerHeight - r.top + 4;
    else s.top = r.bottom + 4;
    if (align === 'end') s.right = Math.max(8, window.innerWidth - r.right);
    else s.left = Math.max(8, Math.min(r.left, window.innerWidth - 240));
    setStyle(s);
  }, [open, align]);

  const positioned = style !== HIDDEN;
  useEffect(() => {
    if (!open || !positioned) return;
    const first = panelRef.current?.querySelector<HTMLElement>(kind === 'menu' ? '[role="menuitem"]:not([disabled])' : FOCUSABLE);
    // nothing to focus (an empty menu): the panel itself takes focus, so Esc still closes it
    (first ?? panelRef.current)?.focus();
  }, [open, positioned, kind]);

  useEffect(() => {
    if (!open) return;
    const onDown = (e: PointerEvent) => {
      const t = e.target as Node;
      if (panelRef.current?.contains(t) || triggerRef.current?.contains(t)) return;
      close(false);
    };
    const onScroll = (e: Event) => {
      if (panelRef.current?.contains(e.target as Node)) return;
      close(false);
    };
    const onResize = () => close(false);
    document.addEventListener('pointerdown', onDown, true);
    window.addEventListener('scroll', onScroll, true);
    window.addEventListener('resize', onResize);
    return () => {
      document.removeEventListener('pointerdown', onDown, true);
      window.removeEventListener('scroll', onScroll, true);
      window.removeEventListener('resize', onResize);
    };
  }, [open, close]);

  function onPanelKey(e: ReactKeyboardEvent<HTMLDivElement>) {
    if (e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      close();
      return;
    }
    if (e.key === 'Tab') {
      // leaving the panel with Tab closes it, like a native select
      const items = [...(panelRef.current?.querySelectorAll<HTMLElement>(FOCUSABLE) ?? [])];
      const last = items[items.length - 1];
      const first = items[0];
      if ((!e.shiftKey && document.activeElement === last) || (e.shiftKey && document.activeElement === first)) {
        e.preventDefault();
        close();
      }
    }
    onKeyDown?.(e);
  }

  return (
    <>
      {trigger({ ref: triggerRef, onClick: () => (open ? close(false) : setOpen(true)), 'aria-expanded': open, 'aria-haspopup': kind, 'aria-controls': open ? id : undefined })}
      {open && (
        <div
          ref={panelRef}
          id={id}
          tabIndex={-1}
          role={kind}
          aria-label={label}
          style={style}
          onKeyDown={onPanelKey}
          className={cn('z-50 min-w-48 overflow-auto rounded-md border border-default bg-panel p-1 text-sm text-[var(--text)] shadow-lg', panelClassName)}
        >
          {typeof children === 'function' ? children(() => close()) : children}
        </div>
      )}
    </>
  );
}

import { useEffect, useRef, type ReactNode } from 'react';

/** Native <dialog>: focus trap, Esc to close and backdrop for free. */
export function Modal({ open, onClose, title, children, footer }: { open: boolean; onClose: () => void; title: string; children: ReactNode; footer?: ReactNode }) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (open && !d.open) d.showModal();
    if (!open && d.open) d.close();
  }, [open]);
  return (
    <dialog ref={ref} onClose={onClose} aria-label={title} className="m-auto w-full max-w-lg rounded-lg border border-default bg-panel p-0 text-[var(--text)] shadow-xl backdrop:bg-black/40">
      <div className="border-b border-default px-4 py-3 text-sm font-semibold">{title}</div>
      <div className="px-4 py-3">{children}</div>
      {footer && <div className="flex justify-end gap-2 border-t border-default px-4 py-3">{footer}</div>}
    </dialog>
  );
}

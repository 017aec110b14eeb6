import { useId, useState, type DragEvent, type ReactNode } from 'react';
import { Upload } from 'lucide-react';
import { cn } from './cn.ts';
import { Spinner } from './Spinner.tsx';

/**
 * Drag-and-drop zone around a real file input: click, Enter/Space on the focused input, or drop a file.
 * The input stays in the accessibility tree (visually hidden), so it is labelled and keyboard-usable.
 */
export function FileDrop({ label, accept, hint, busy, disabled, onFile, children }: { label: string; accept?: string; hint?: ReactNode; busy?: boolean; disabled?: boolean; onFile: (file: File) => void; children?: ReactNode }) {
  const id = useId();
  const [over, setOver] = useState(false);
  const off = disabled || busy;
  function onDrop(e: DragEvent) {
    e.preventDefault();
    setOver(false);
    const f = e.dataTransfer.files?.[0];
    if (f && !off) onFile(f);
  }
  return (
    <label
      htmlFor={id}
      onDragOver={(e) => { e.preventDefault(); if (!off) setOver(true); }}
      onDragLeave={() => setOver(false)}
      onDrop={onDrop}
      className={cn(
        'flex cursor-pointer flex-col items-center justify-center gap-2 rounded-lg border-2 border-dashed px-6 py-10 text-center transition-colors focus-within:border-brand-500 focus-within:ring-2 focus-within:ring-brand-500/30',
        over ? 'border-brand-500 bg-brand-50 dark:bg-brand-700/20' : 'border-default hover:bg-panel-2',
        off && 'cursor-not-allowed opacity-70',
      )}
    >
      {busy ? <Spinner className="h-6 w-6 text-brand-600" /> : <Upload aria-hidden className="h-6 w-6 text-muted" />}
      <span className="text-sm font-medium">{label}</span>
      {hint && <span className="text-xs text-muted">{hint}</span>}
      {children}
      <input
        id={id}
        type="file"
        accept={accept}
        disabled={off}
        className="sr-only"
        onChange={(e) => {
          const f = e.target.files?.[0];
          e.target.value = ''; // choosing the same file again still fires
          if (f) onFile(f);
        }}
      />
    </label>
  );
}

import type { ReactNode } from 'react';
export function Kbd({ children }: { children: ReactNode }) {
  return <kbd className="rounded border border-default bg-panel-2 px-1 font-mono text-[11px] text-muted">{children}</kbd>;
}

import { useEffect, useRef } from 'react';
import { Check, PhoneIncoming, SkipForward } from 'lucide-react';
import { cn } from '../../ui/index.ts';
import type { DialSession } from './types.ts';

/** The frozen queue: position, lead, why it is here, and what happened to it. */
export function QueueSidebar({ session, viewing, onPick }: { session: DialSession; viewing: string | null; onPick: (id: string) => void }) {
  const listRef = useRef<HTMLOListElement>(null);
  useEffect(() => {
    if (viewing) listRef.current?.querySelector(`[data-item-id="${viewing}"]`)?.scrollIntoView({ block: 'nearest' });
  }, [viewing]);
  const c = session.counts;
  return (
    <aside aria-label="Queue" className="flex w-72 shrink-0 flex-col border-r border-default bg-panel">
      <div className="border-b border-default px-3 py-2 text-xs text-muted">
        <span className="font-semibold text-[var(--text)]">Queue</span> · {c.called} called · {c.skipped} skipped · {c.pending} left of {c.total}
      </div>
      <ol ref={listRef} className="flex-1 overflow-auto" data-testid="queue">
        {session.items.map((it) => {
          const current = it.id === viewing;
          return (
            <li key={it.id} data-item-id={it.id} data-lead-id={it.leadId}>
              <button
                type="button"
                aria-current={current ? 'true' : undefined}
                onClick={() => onPick(it.id)}
                className={cn(
                  'flex w-full flex-col gap-0.5 border-b border-default px-3 py-2 text-left text-sm hover:bg-panel-2',
                  current && 'bg-brand-50 dark:bg-brand-700/20',
                  it.insertedAt && 'border-l-4 border-l-amber-500',
                  it.status !== 'pending' && 'opacity-60',
                )}
              >
                <span className="flex items-center justify-between gap-2">
                  <span className="truncate font-medium">{it.leadName}</span>
                  {it.status === 'called' && <Check aria-label="Called" className="h-3.5 w-3.5 shrink-0 text-green-600" />}
                  {it.status === 'skipped' && <SkipForward aria-label="Skipped" className="h-3.5 w-3.5 shrink-0 text-muted" />}
                </span>
                {it.insertedAt && (
                  <span className="flex items-center gap-1 text-xs font-medium text-amber-700 dark:text-amber-400"><PhoneIncoming aria-hidden className="h-3 w-3" /> Callback due — inserted next</span>
                )}
                <span className="truncate text-xs text-muted" data-testid="why">{it.reason}</span>
                {it.status === 'skipped' && it.skipReason && <span className="truncate text-xs text-muted">Skipped: {it.skipReason}</span>}
              </button>
            </li>
          );
        })}
      </ol>
    </aside>
  );
}

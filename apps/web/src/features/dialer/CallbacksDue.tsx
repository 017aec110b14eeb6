import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { PhoneIncoming } from 'lucide-react';
import { Card, CardHeader, Skeleton, cn } from '../../ui/index.ts';
import { countdown, formatDue } from './format.ts';
import type { TaskItem } from './types.ts';

/** The current time, ticking every second — for countdowns to a *scheduled* moment (never a call). */
function useNow(active: boolean) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!active) return;
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, [active]);
  return now;
}

/** Callbacks the rep promised, with the time left until each is due. */
export function CallbacksDue({ callbacks }: { callbacks: TaskItem[] | null }) {
  const now = useNow(!!callbacks?.length);
  return (
    <Card>
      <CardHeader title="Callbacks due" subtitle="Inserted at the front of your running session when they fall due." />
      {callbacks === null ? (
        <div className="space-y-2 p-4"><Skeleton className="h-8 w-full" /><Skeleton className="h-8 w-full" /></div>
      ) : callbacks.length === 0 ? (
        <p className="flex items-center gap-2 px-4 py-4 text-sm text-muted"><PhoneIncoming aria-hidden className="h-4 w-4" /> No callbacks scheduled.</p>
      ) : (
        <ul>
          {callbacks.map((c) => {
            const left = c.dueAt ? countdown(c.dueAt, now) : null;
            return (
              <li key={c.id} data-testid="callback-row" className="flex items-center justify-between gap-2 border-b border-default px-4 py-2 last:border-b-0">
                <div className="min-w-0">
                  <div className="truncate text-sm font-medium">{c.leadId ? <Link to={`/leads/${c.leadId}`} className="hover:underline">{c.leadName ?? 'Lead'}</Link> : c.title}</div>
                  <div className="truncate text-xs text-muted">{c.title} · {formatDue(c.dueAt)}</div>
                </div>
                {left && (
                  <span className={cn('shrink-0 rounded px-1.5 py-0.5 text-xs font-medium tabular-nums', left.past ? 'bg-red-100 text-red-800 dark:bg-red-900/40 dark:text-red-300' : 'bg-amber-100 text-amber-800 dark:bg-amber-900/40 dark:text-amber-300')} aria-label={`Due ${left.text}`}>
                    {left.text}
                  </span>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </Card>
  );
}

import { Clock } from 'lucide-react';
import { useLeadBestWindow } from './api.ts';

/** "Best window: Tue–Thu 10–11 am (their time) · 412 calls" on the lead, or "Not enough calls yet". */
export function BestWindowLine({ leadId }: { leadId: string }) {
  const q = useLeadBestWindow(leadId);
  if (q.isError) return null;
  const b = q.data;
  return (
    <p className="flex items-center gap-1.5 text-xs text-muted" data-testid="best-window" title={b?.key ? `From calls to leads in ${b.key} over the last 90 days` : undefined}>
      <Clock aria-hidden className="h-3.5 w-3.5" />
      {!b ? 'Best window: …' : b.label
        ? <span>Best window: <strong className="font-medium text-[var(--text)]">{b.label}</strong> (their time) · {b.calls.toLocaleString()} calls</span>
        : 'Best window: not enough calls yet'}
    </p>
  );
}

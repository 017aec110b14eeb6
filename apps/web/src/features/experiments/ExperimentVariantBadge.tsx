import { FlaskConical } from 'lucide-react';
import { useLatestItemCall } from './useLatestItemCall.ts';
import { useCallExperiments } from './api.ts';

/**
 * During a call: the variant of each running experiment this call was given, so the rep says that
 * one ("Experiment: Opener test — say variant B: '…'"). Nothing when the call is in no experiment.
 */
export function ExperimentVariantBadge({ callSessionId }: { callSessionId: string | null }) {
  const q = useCallExperiments(callSessionId);
  if (!callSessionId || !q.data?.length) return null;
  return (
    <div className="space-y-2" data-testid="experiment-variant">
      {q.data.map((v) => (
        <div key={v.experimentId} role="note" aria-label={`Experiment ${v.experimentName}: say variant ${v.variantKey}`} className="rounded-lg border border-brand-500/40 bg-brand-50 px-3 py-2 text-sm text-brand-700 dark:bg-brand-700/20 dark:text-brand-100">
          <div className="flex items-center gap-1.5 text-xs font-medium">
            <FlaskConical aria-hidden className="h-3.5 w-3.5" />
            <span>
              Experiment: {v.experimentName} — say variant {v.variantKey}
              {v.variantLabel !== v.variantKey && <span className="font-normal opacity-80"> ({v.variantLabel})</span>}
              {v.subject !== 'opener' && <span className="font-normal opacity-80"> · {v.subject}</span>}
            </span>
          </div>
          <p className="mt-1 whitespace-pre-wrap text-[var(--text)]">“{v.variantText}”</p>
        </div>
      ))}
    </div>
  );
}

/** The Dialer run screen's badge: the variant of the item's latest call, shown as soon as it is placed. */
export function ItemExperimentBadge({ itemId, calls }: { itemId: string; calls: { id: string; startedAt: string }[] }) {
  return <ExperimentVariantBadge callSessionId={useLatestItemCall(itemId, calls)} />;
}

import { useCallback, useSyncExternalStore } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import type { CallSession } from '@flywheel/contracts';

/**
 * The latest call of a Dialer item: the calls the item's context knows, plus any call placed since
 * (the call panel puts a placed call in the query cache under ['calls', 'detail', id] right away,
 * while the item's context is only refetched later). Lets the experiment badge show the variant
 * the moment the call is placed.
 */
export function useLatestItemCall(itemId: string | null, known: { id: string; startedAt: string }[]): string | null {
  const qc = useQueryClient();
  const cache = qc.getQueryCache();
  const subscribe = useCallback((onChange: () => void) => cache.subscribe(onChange), [cache]);
  const placed = useSyncExternalStore(subscribe, () => {
    if (!itemId) return null;
    let best: { id: string; startedAt: string } | null = null;
    for (const q of cache.findAll({ queryKey: ['calls', 'detail'] })) {
      const c = q.state.data as CallSession | undefined;
      if (c && c.dialSessionItemId === itemId && (!best || c.startedAt > best.startedAt)) best = { id: c.id, startedAt: c.startedAt };
    }
    return best ? `${best.startedAt}|${best.id}` : null;
  });
  let latest: { id: string; startedAt: string } | null = null;
  for (const c of known) if (!latest || c.startedAt > latest.startedAt) latest = c;
  if (placed) {
    const [startedAt, id] = placed.split('|');
    if (!latest || startedAt > latest.startedAt) latest = { id, startedAt };
  }
  return latest?.id ?? null;
}

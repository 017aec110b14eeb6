import { Badge } from '../../ui/index.ts';
import { useStages } from './api.ts';
import type { Stage } from './types.ts';

export function useStageMap() {
  const stages = useStages();
  return new Map<string, Stage>((stages.data ?? []).map((s) => [s.key, s]));
}

export function StageBadge({ stage, map }: { stage: string; map: Map<string, Stage> }) {
  const s = map.get(stage);
  return (
    <Badge color={s?.color ?? '#94a3b8'} tone={s?.kind === 'won' ? 'green' : s?.kind === 'lost' ? 'red' : 'neutral'} className="whitespace-nowrap">
      {s?.label ?? stage}
    </Badge>
  );
}

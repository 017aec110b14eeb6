import { segmentLabel, smsSegments } from '@flywheel/contracts';
import { cn } from '../../ui/index.ts';

/** "2 segments · 187 chars · GSM-7", warning when a character forces UCS-2 (70/67 per segment). */
export function SegmentCounter({ body, className }: { body: string; className?: string }) {
  const info = smsSegments(body);
  return (
    <div className={cn('text-xs text-muted', className)} data-testid="segment-counter" aria-live="polite">
      <span className={cn(info.segments > 3 && 'font-medium text-amber-700 dark:text-amber-300')}>{segmentLabel(info)}</span>
      {info.encoding === 'UCS-2' && info.nonGsm.length > 0 && (
        <span className="ml-1 text-amber-700 dark:text-amber-300" title="These characters are not in the GSM-7 alphabet: the whole text is sent as UCS-2 (70 characters per segment).">
          · UCS-2 because of {info.nonGsm.map((c) => `“${c}”`).join(' ')}
        </span>
      )}
      {info.segments > 0 && <span className="ml-1">· {info.remaining} left in this segment</span>}
    </div>
  );
}

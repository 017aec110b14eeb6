import { BookOpen, Dumbbell, OctagonAlert, ShieldQuestion } from 'lucide-react';
import type { PlaybookKind } from '@flywheel/contracts';
import { cn } from '../../ui/index.ts';
import { KIND_LABEL } from './constants.ts';

const ICONS = { rule: BookOpen, stop_signal: OctagonAlert, drill: Dumbbell, objection_handler: ShieldQuestion } as const;
const TONES: Record<PlaybookKind, string> = {
  rule: 'text-brand-600 dark:text-brand-100',
  stop_signal: 'text-red-600 dark:text-red-400',
  drill: 'text-green-700 dark:text-green-400',
  objection_handler: 'text-amber-600 dark:text-amber-400',
};

export function KindIcon({ kind, className }: { kind: PlaybookKind; className?: string }) {
  const Icon = ICONS[kind];
  return <Icon role="img" aria-label={KIND_LABEL[kind]} className={cn('h-4 w-4 shrink-0', TONES[kind], className)} />;
}

// Words and formats of the AI suggestions (contract types only: the zod schemas stay out of the bundle).
import type { ReviewSuggestions } from '@flywheel/contracts';

export type Criterion = 'opening' | 'discovery' | 'control' | 'objections' | 'close' | 'nextStep';

export const RUBRIC: [Criterion, string][] = [
  ['opening', 'Opening'],
  ['discovery', 'Discovery'],
  ['control', 'Control'],
  ['objections', 'Objections'],
  ['close', 'Close'],
  ['nextStep', 'Next step'],
];

/** m:ss for a moment of a call. */
export function clock(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

export const span = (start: number, end: number) => `${clock(start)}–${clock(end)}`;

/** "offline analyzer", or the model that answered. */
export function providerLabel(s: Pick<ReviewSuggestions, 'mode' | 'provider'>): string {
  return s.mode === 'offline' ? 'offline analyzer' : s.provider;
}

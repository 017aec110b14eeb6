import { BRIEF_WEEKDAYS, formatBriefFigure, hourRange, signedPercent } from '@flywheel/contracts';

/** The brief's figures as a person reads them: the same words as the server's text channels. */
export const formatFigure = formatBriefFigure;
export const WEEKDAYS = BRIEF_WEEKDAYS;
export { hourRange, signedPercent };

export function weekLabel(weekStart: string): string {
  const start = new Date(`${weekStart}T12:00:00Z`);
  const end = new Date(start.getTime() + 6 * 86400_000);
  const f = (d: Date) => d.toLocaleDateString('en-US', { month: 'short', day: 'numeric', timeZone: 'UTC' });
  return `${f(start)} – ${f(end)}, ${end.getUTCFullYear()}`;
}

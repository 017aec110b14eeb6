import { BRIEF_WEEKDAYS as WEEKDAYS, formatBriefFigure as formatFigure, hourRange, signedPercent as signed, type WeeklyBriefContent } from '@flywheel/contracts';

/** The brief as plain text (email, Telegram, notification body): the figures and what changed. */

export function briefTitle(c: WeeklyBriefContent): string {
  const d = (s: string) => new Date(`${s}T12:00:00Z`).toLocaleDateString('en-US', { month: 'short', day: 'numeric', timeZone: 'UTC' });
  return `Weekly brief · ${d(c.weekStart)}–${d(c.weekEnd)}`;
}

export function briefText(c: WeeklyBriefContent): string {
  const lines: string[] = [];
  lines.push(c.headline.map((f) => `${f.label} ${formatFigure(f.unit, f.value)}${f.delta !== null ? ` (${signed(f.delta)})` : ''}`).join(' · '));
  if (c.changes.length) lines.push('', 'Biggest changes: ' + c.changes.map((x) => `${x.label} ${formatFigure(x.unit, x.from)} → ${formatFigure(x.unit, x.to)}`).join('; '));
  if (c.numbers.length) lines.push('', 'Numbers: ' + c.numbers.slice(0, 3).map((n) => `${n.number} ${n.calls} calls, ${n.connectRate === null ? '–' : formatFigure('ratio', n.connectRate)} connect`).join('; '));
  if (c.leadTypes.length) lines.push('', 'By lead type: ' + c.leadTypes.slice(0, 3).map((l) => `${l.leadType} ${l.attempts} attempts, ${l.connects} connects, ${l.sold} sold`).join('; '));
  lines.push('', c.windows.items.length ? 'Best call windows (their time): ' + c.windows.items.map((w) => `${WEEKDAYS[w.weekday]} ${hourRange(w.hour)} ${formatFigure('ratio', w.rate)} of ${w.attempts}`).join('; ') : (c.windows.note ?? ''));
  if (c.rules.length) lines.push('', 'Playbook rules used most: ' + c.rules.map((r) => `${r.title} (${r.uses}×)`).join('; '));
  return lines.join('\n').trim();
}

// Playbook words for the browser.
import { formatPlaybookTime, type PlaybookKind } from '@flywheel/contracts';

export const KINDS: PlaybookKind[] = ['rule', 'stop_signal', 'drill', 'objection_handler'];
export const KIND_LABEL: Record<PlaybookKind, string> = { rule: 'Rule', stop_signal: 'Stop signal', drill: 'Drill', objection_handler: 'Objection handler' };
export const KIND_PLURAL: Record<PlaybookKind, string> = { rule: 'Rules', stop_signal: 'Stop signals', drill: 'Drills', objection_handler: 'Objection handlers' };
export const DEFAULT_CATEGORIES = ['opening', 'discovery', 'objections', 'closing', 'pricing', 'general'];

/** mm:ss (or h:mm:ss) for a position in a recording (the same words as the server's evidence). */
export const mmss = formatPlaybookTime;

/** Parses "1:05", "65", "1:02:03" or "65.5" into seconds; null when it is not a time. */
export function parseTime(text: string): number | null {
  const t = text.trim();
  if (!t) return null;
  if (/^\d+(\.\d+)?$/.test(t)) return Number(t);
  const m = /^(?:(\d+):)?(\d{1,2}):(\d{1,2}(?:\.\d+)?)$/.exec(t);
  if (!m) return null;
  const [, h, mi, s] = m;
  if (Number(s) >= 60 || (h !== undefined && Number(mi) >= 60)) return null;
  return Number(h ?? 0) * 3600 + Number(mi) * 60 + Number(s);
}

export const recordingUrl = (callSessionId: string) => `/api/v1/calls/${callSessionId}/recording`;

import { createEvents, type EventAttributes } from 'ics';

/** One calendar entry: an open callback or follow-up task of the feed's owner. */
export interface FeedTask {
  id: string;
  kind: 'callback' | 'follow_up';
  title: string;
  notes: string;
  dueAt: Date;
  leadId: string | null;
  leadName: string | null;
  leadPhone: string | null;
}

const DURATION_MINUTES = 15;

/**
 * Control characters other than newline/tab are not allowed in TEXT values (RFC 5545 §3.3.11);
 * lone CRs become newlines so the generator escapes them as \n instead of emitting a raw CR.
 */
function clean(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/\r\n?/g, '\n').replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '');
}

function describe(task: FeedTask, publicUrl: string): string {
  const lines = [task.title];
  if (task.notes.trim()) lines.push('', task.notes.trim());
  if (task.leadPhone) lines.push('', `Phone: ${task.leadPhone}`);
  if (task.leadId) lines.push(`Open in Flywheel: ${publicUrl}/dialer?lead=${task.leadId}`);
  return clean(lines.join('\n'));
}

/**
 * `ics` folds lines every 75 *characters*; RFC 5545 §3.1 limits a line to 75 *octets*, so a lead
 * name with accents or CJK would produce over-long lines. We unfold its output and fold again by
 * UTF-8 octets, never splitting a multi-byte character.
 */
export function foldOctets(ics: string): string {
  const unfolded = ics.replace(/\r\n[ \t]/g, '');
  return unfolded.split('\r\n').map(foldLine).join('\r\n');
}

function foldLine(line: string): string {
  if (Buffer.byteLength(line, 'utf8') <= 75) return line;
  const parts: string[] = [];
  let current = '';
  let bytes = 0;
  let limit = 75; // continuation lines start with a space, which counts
  for (const ch of line) {
    const n = Buffer.byteLength(ch, 'utf8');
    if (bytes + n > limit) {
      parts.push(current);
      current = '';
      bytes = 0;
      limit = 74;
    }
    current += ch;
    bytes += n;
  }
  parts.push(current);
  return parts.join('\r\n ');
}

/** The feed as an iCalendar document (always a valid VCALENDAR, even with no tasks). */
export function renderFeed(tasks: FeedTask[], opts: { publicUrl: string; calName: string }): string {
  const host = new URL(opts.publicUrl).host;
  const events: EventAttributes[] = tasks.map((task) => ({
    uid: `${task.id}@${host}`,
    start: task.dueAt.getTime(),
    startInputType: 'utc',
    startOutputType: 'utc',
    duration: { minutes: DURATION_MINUTES },
    title: clean(`${task.kind === 'callback' ? 'Callback' : 'Follow-up'}: ${task.leadName ?? task.title}`),
    description: describe(task, opts.publicUrl),
    ...(task.leadId ? { url: `${opts.publicUrl}/dialer?lead=${task.leadId}` } : {}),
    productId: 'flywheel/calendar-feed',
    calName: clean(opts.calName),
  }));
  if (events.length === 0) {
    // ics refuses an empty list; an empty feed must still parse so calendar apps clear old entries
    return [
      'BEGIN:VCALENDAR', 'VERSION:2.0', 'CALSCALE:GREGORIAN', 'PRODID:flywheel/calendar-feed', 'METHOD:PUBLISH',
      foldLine(`X-WR-CALNAME:${escapeText(clean(opts.calName))}`), 'END:VCALENDAR', '',
    ].join('\r\n');
  }
  const { error, value } = createEvents(events);
  if (error || value === null) throw error ?? new Error('ics produced no output');
  return foldOctets(value);
}

/**
 * One task as a CalDAV calendar object (a VCALENDAR holding one VEVENT): a stable UID per task,
 * DTSTART/DTEND, and a display alarm `alarmMinutes` before (none when 0).
 */
export function renderCalendarObject(task: FeedTask, opts: { publicUrl: string; uid: string; alarmMinutes: number }): string {
  const summary = clean(`${task.kind === 'callback' ? 'Call back' : 'Follow up'}: ${task.leadName ?? task.title}`);
  const event: EventAttributes = {
    uid: opts.uid,
    start: task.dueAt.getTime(),
    startInputType: 'utc',
    startOutputType: 'utc',
    end: task.dueAt.getTime() + DURATION_MINUTES * 60_000,
    endInputType: 'utc',
    endOutputType: 'utc',
    title: summary,
    description: describe(task, opts.publicUrl),
    ...(task.leadId ? { url: `${opts.publicUrl}/dialer?lead=${task.leadId}` } : {}),
    ...(opts.alarmMinutes > 0 ? { alarms: [{ action: 'display' as const, description: summary, trigger: { before: true, minutes: opts.alarmMinutes } }] } : {}),
    productId: 'flywheel/caldav',
  };
  const { error, value } = createEvents([event]);
  if (error || !value) throw error ?? new Error('ics produced no output');
  return foldOctets(value);
}

function escapeText(s: string): string {
  return s.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/;/g, '\\;').replace(/,/g, '\\,');
}

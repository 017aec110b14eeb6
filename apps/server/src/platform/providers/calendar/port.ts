import type { ProviderMode } from '../types.ts';

/**
 * Calendar port (meetings set on calls, callbacks). Adapters to come: CalDAV (tsdav; Google,
 * iCloud, Fastmail, Nextcloud …) and the embedded default, an ICS feed per user that any
 * calendar app subscribes to (read-only: the app is the source of the events it publishes).
 */

export interface CalendarAttendee {
  email: string;
  name?: string;
  role?: 'organizer' | 'required' | 'optional';
}

export interface CalendarEvent {
  /** Stable id we own (e.g. `task-<uuid>@flywheel`), so upserts replace rather than duplicate. */
  uid: string;
  workspaceId: string;
  /** Whose calendar it belongs to. */
  userId: string;
  title: string;
  description?: string;
  location?: string;
  /** Join link or a link back to the lead. */
  url?: string;
  start: Date;
  end: Date;
  /** IANA zone the event was set in (the lead's or the rep's), for display and DST-correct recurrence. */
  timezone: string;
  attendees: CalendarAttendee[];
  status: 'confirmed' | 'tentative' | 'cancelled';
  /** Increments on every change; calendar clients use it to order updates. */
  sequence: number;
  ref?: { type: 'task' | 'lead' | 'meeting'; id: string };
}

export interface UpsertedEvent {
  uid: string;
  /** Remote version tag (CalDAV ETag) for conflict detection; absent for the ICS feed. */
  etag?: string;
  /** Where the event lives remotely, when it has an address. */
  remoteUrl?: string;
}

export interface CalendarPort {
  readonly provider: string;
  readonly mode: ProviderMode;
  upsertEvent(event: CalendarEvent): Promise<UpsertedEvent>;
  deleteEvent(input: { workspaceId: string; userId: string; uid: string }): Promise<void>;
  /**
   * The user's subscription URL for the ICS feed (secret token in the URL; rotating the token
   * revokes old subscriptions). Null for adapters that write into the user's own calendar.
   */
  feedUrl(input: { workspaceId: string; userId: string }): Promise<string | null>;
}

/** What an ICS feed is rendered from (the embedded default's read side). */
export interface IcsFeedSource {
  listFeedEvents(input: { workspaceId: string; userId: string; from: Date; to: Date }): Promise<CalendarEvent[]>;
}

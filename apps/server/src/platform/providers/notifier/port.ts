import type { MemberRole } from '../../http/route.ts';
import type { ProviderMode } from '../types.ts';

/**
 * Notifier port: tell a person something happened (callback due, alert fired, approval needed).
 * The in-app notification center is the embedded default and always receives a copy; email,
 * Telegram and outgoing webhooks are extra channels a user or workspace turns on.
 */

export type NotificationChannel = 'in_app' | 'email' | 'telegram' | 'webhook';

export type NotificationSeverity = 'info' | 'warning' | 'critical';

/** One user, or every member of a workspace with at least a role (managers get alerts). */
export type NotifyTarget =
  | { workspaceId: string; userId: string }
  | { workspaceId: string; minRole: MemberRole };

export interface NotificationMessage {
  /** Machine kind, `domain.event`: callback.due, alert.fired, approval.needed … */
  kind: string;
  severity?: NotificationSeverity;
  title: string;
  body?: string;
  /** In-app path to open, e.g. /dialer?task=… */
  link?: string;
  ref?: { type: string; id: string };
  /** Same key for the same recipient → notified once (retried jobs, repeated alerts). */
  dedupeKey?: string;
  /** Structured content for machine channels (the outgoing webhook's JSON `data`). */
  data?: Record<string, unknown>;
}

export interface NotifyResult {
  channel: NotificationChannel;
  /** Recipients newly notified (duplicates by dedupeKey are not counted). */
  delivered: number;
  /** Ids of the stored notifications, for channels that store them (in-app). */
  ids: string[];
}

/** A channel that could not deliver: the message says why, in words for Settings → Notifications. */
export class NotifierError extends Error {
  constructor(message: string, readonly retryable = false) {
    super(message);
    this.name = 'NotifierError';
  }
}

export interface NotifierPort {
  readonly channel: NotificationChannel;
  readonly provider: string;
  readonly mode: ProviderMode;
  notify(target: NotifyTarget, message: NotificationMessage): Promise<NotifyResult>;
}

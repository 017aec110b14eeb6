import type { Db } from '../../db/client.ts';

/** A realtime event for the browser. Delivered to one user, or every member of a workspace. */
export interface AppEvent {
  type: string;
  workspaceId?: string;
  userId?: string;
  payload?: unknown;
}

export interface EventBus {
  publish(event: AppEvent): Promise<void>;
  subscribe(fn: (event: AppEvent) => void): () => void;
  start(): Promise<void>;
  stop(): Promise<void>;
}

const CHANNEL = 'flywheel_events';

/**
 * Events go through the database (NOTIFY), so every API process — not only the one that
 * published — delivers them to its own WebSocket clients.
 */
export function createDbEventBus(db: Db): EventBus {
  const subs = new Set<(e: AppEvent) => void>();
  let unlisten: (() => Promise<void>) | null = null;
  return {
    async publish(event) {
      await db.query('SELECT pg_notify($1, $2)', [CHANNEL, JSON.stringify(event)]);
    },
    subscribe(fn) {
      subs.add(fn);
      return () => subs.delete(fn);
    },
    async start() {
      if (unlisten) return;
      unlisten = await db.listen(CHANNEL, (payload) => {
        let event: AppEvent;
        try {
          event = JSON.parse(payload) as AppEvent;
        } catch {
          return;
        }
        for (const fn of subs) fn(event);
      });
    },
    async stop() {
      await unlisten?.();
      unlisten = null;
    },
  };
}

import type { Db } from '../../../db/client.ts';

/** One verified delivery, as stored before any processing (SPEC §1.8). */
export interface InboxRow {
  workspaceId: string;
  provider: 'twilio' | 'sandbox' | 'openphone';
  kind: string;
  providerCallId: string | null;
  dedupeKey: string;
  raw: unknown;
}

// Deliveries that arrive while a batch is being written wait for the next one: under load one
// INSERT (one commit, one fsync) stores many deliveries; when idle a delivery is written at once.
const MAX_BATCH = 500;

const INSERT_SQL = `
  INSERT INTO webhook_events (workspace_id, provider, kind, provider_call_id, dedupe_key, raw)
  SELECT r.workspace_id, r.provider, r.kind, r.provider_call_id, r.dedupe_key, r.raw
    FROM jsonb_to_recordset($1::jsonb) AS r(workspace_id uuid, provider text, kind text, provider_call_id text, dedupe_key text, raw jsonb)
  ON CONFLICT (workspace_id, dedupe_key) DO NOTHING`;

interface Waiter {
  row: InboxRow;
  resolve: () => void;
  reject: (err: unknown) => void;
}

export interface WebhookInbox {
  /** Resolves once the row is committed (or was already stored: an exact replay). */
  store(row: InboxRow): Promise<void>;
}

/**
 * Group commit for webhook deliveries. The request is acknowledged only after its row is durable;
 * concurrent requests share one multi-row INSERT. Runs as the owner connection: rows name their
 * workspace explicitly and the webhook was attributed to it by its signature.
 */
export function createWebhookInbox(db: Db, opts: { concurrency?: number } = {}): WebhookInbox {
  const queue: Waiter[] = [];
  // PGlite has one connection; a server pool can take a few batches at once
  const maxInFlight = opts.concurrency ?? (db.kind === 'pglite' ? 1 : 4);
  let inFlight = 0;

  function pump() {
    while (inFlight < maxInFlight && queue.length > 0) {
      const batch = queue.splice(0, MAX_BATCH);
      inFlight++;
      const rows = batch.map((w) => ({
        workspace_id: w.row.workspaceId, provider: w.row.provider, kind: w.row.kind,
        provider_call_id: w.row.providerCallId, dedupe_key: w.row.dedupeKey, raw: w.row.raw,
      }));
      db.query(INSERT_SQL, [JSON.stringify(rows)]).then(
        () => batch.forEach((w) => w.resolve()),
        // one bad row must not fail its neighbours: retry them one by one
        () => Promise.all(batch.map((w, i) => db.query(INSERT_SQL, [JSON.stringify([rows[i]])]).then(() => w.resolve(), (err: unknown) => w.reject(err)))),
      ).finally(() => {
        inFlight--;
        pump();
      });
    }
  }

  return {
    store(row) {
      return new Promise<void>((resolve, reject) => {
        queue.push({ row, resolve, reject });
        pump();
      });
    },
  };
}

const inboxes = new WeakMap<Db, WebhookInbox>();
export function webhookInbox(db: Db): WebhookInbox {
  let inbox = inboxes.get(db);
  if (!inbox) {
    inbox = createWebhookInbox(db);
    inboxes.set(db, inbox);
  }
  return inbox;
}

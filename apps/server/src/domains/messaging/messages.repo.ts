import type { Message, MessageChannel, MessageStatus } from '@flywheel/contracts';
import type { Sql } from '../../db/client.ts';

export interface MessageRow {
  id: string;
  lead_id: string | null;
  contact_id: string | null;
  channel: MessageChannel;
  direction: 'in' | 'out';
  from_address: string;
  to_address: string;
  body: string;
  status: MessageStatus;
  provider: string | null;
  provider_message_id: string | null;
  error_code: string | null;
  error_message: string | null;
  segments: number | null;
  template_id: string | null;
  automation: string | null;
  sent_by: string | null;
  sent_by_name: string | null;
  created_at: Date;
  sent_at: Date | null;
  delivered_at: Date | null;
}

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

export function toMessage(r: MessageRow): Message {
  return {
    id: r.id, leadId: r.lead_id, contactId: r.contact_id, channel: r.channel, direction: r.direction, from: r.from_address, to: r.to_address,
    body: r.body, status: r.status, provider: r.provider, errorCode: r.error_code, errorMessage: r.error_message, segments: r.segments,
    templateId: r.template_id, automation: r.automation, sentBy: r.sent_by, sentByName: r.sent_by_name,
    createdAt: new Date(r.created_at).toISOString(), sentAt: iso(r.sent_at), deliveredAt: iso(r.delivered_at),
  };
}

const SELECT = `SELECT m.id, m.lead_id, m.contact_id, m.channel, m.direction, m.from_address, m.to_address, m.body, m.status, m.provider, m.provider_message_id,
  m.error_code, m.error_message, m.segments, m.template_id, m.automation, m.sent_by, u.name AS sent_by_name, m.created_at, m.sent_at, m.delivered_at
  FROM messages m LEFT JOIN users u ON u.id = m.sent_by`;

export async function getMessage(tx: Sql, ws: string, id: string): Promise<MessageRow | null> {
  return (await tx.query<MessageRow>(`${SELECT} WHERE m.workspace_id = $1 AND m.id = $2`, [ws, id])).rows[0] ?? null;
}

/** A lead's messages, newest `limit` before the cursor, returned oldest first; plus the cursor for older ones. */
export async function leadMessages(tx: Sql, ws: string, leadId: string, opts: { before?: string; limit: number }): Promise<{ rows: MessageRow[]; nextBefore: string | null }> {
  const params: unknown[] = [ws, leadId, opts.limit + 1];
  let cursor = '';
  if (opts.before) {
    params.push(opts.before);
    cursor = `AND (m.created_at, m.id) < (SELECT created_at, id FROM messages WHERE workspace_id = $1 AND id = $4)`;
  }
  const { rows } = await tx.query<MessageRow>(`${SELECT} WHERE m.workspace_id = $1 AND m.lead_id = $2 ${cursor} ORDER BY m.created_at DESC, m.id DESC LIMIT $3`, params);
  const more = rows.length > opts.limit;
  const page = rows.slice(0, opts.limit);
  return { rows: page.reverse(), nextBefore: more ? page[0].id : null };
}

/** The conversation with one address on one channel; its lead/contact filled in once known. */
export async function upsertThread(
  tx: Sql, ws: string,
  t: { channel: MessageChannel; address: string; leadId: string | null; contactId: string | null; preview: string; inbound: boolean },
): Promise<string> {
  const { rows } = await tx.query<{ id: string }>(
    `INSERT INTO message_threads (workspace_id, channel, address, lead_id, contact_id, last_message_at, last_preview, unread_count)
     VALUES ($1, $2, $3, $4, $5, now(), $6, $7)
     ON CONFLICT (workspace_id, channel, address) DO UPDATE SET
       lead_id = coalesce(EXCLUDED.lead_id, message_threads.lead_id), contact_id = coalesce(EXCLUDED.contact_id, message_threads.contact_id),
       last_message_at = now(), last_preview = EXCLUDED.last_preview, unread_count = message_threads.unread_count + EXCLUDED.unread_count
     RETURNING id`,
    [ws, t.channel, t.address, t.leadId, t.contactId, t.preview.slice(0, 160), t.inbound ? 1 : 0],
  );
  return rows[0].id;
}

export interface NewMessage {
  leadId: string | null;
  contactId: string | null;
  channel: MessageChannel;
  direction: 'in' | 'out';
  from: string;
  to: string;
  body: string;
  status: MessageStatus;
  provider: string | null;
  providerMessageId?: string | null;
  segments?: number | null;
  templateId?: string | null;
  automation?: string | null;
  inReplyTo?: string | null;
  sentBy?: string | null;
}

/**
 * Stores a message on its thread (created_at is the wall clock, not the transaction's start, so a
 * reply stored in the same transaction sorts after the message it answers). An inbound message whose provider id is already stored (a
 * replayed webhook) or an automatic reply already made to the same message returns null.
 */
export async function insertMessage(tx: Sql, ws: string, m: NewMessage): Promise<string | null> {
  const address = m.direction === 'in' ? m.from : m.to;
  const { rows } = await tx.query<{ id: string }>(
    `INSERT INTO messages (workspace_id, lead_id, contact_id, channel, direction, from_address, to_address, body, status, provider, provider_message_id,
       segments, template_id, automation, in_reply_to, sent_by, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, clock_timestamp())
     ON CONFLICT DO NOTHING RETURNING id`,
    [ws, m.leadId, m.contactId, m.channel, m.direction, m.from, m.to, m.body, m.status, m.provider, m.providerMessageId ?? null,
      m.segments ?? null, m.templateId ?? null, m.automation ?? null, m.inReplyTo ?? null, m.sentBy ?? null],
  );
  const id = rows[0]?.id ?? null;
  if (!id) return null;
  const threadId = await upsertThread(tx, ws, { channel: m.channel, address, leadId: m.leadId, contactId: m.contactId, preview: m.body, inbound: m.direction === 'in' });
  await tx.query('UPDATE messages SET thread_id = $3 WHERE workspace_id = $1 AND id = $2', [ws, id, threadId]);
  return id;
}

const RANK: Record<MessageStatus, number> = { queued: 0, sending: 1, sent: 2, received: 2, read: 3, delivered: 3, undelivered: 3, failed: 3 };

/**
 * Moves a message forward: callbacks arrive out of order and more than once, so a status never
 * goes back (`sent` after `delivered` is ignored). Answers whether it changed.
 */
export async function advanceStatus(
  tx: Sql, ws: string, id: string,
  s: { status: MessageStatus; provider?: string; providerMessageId?: string; segments?: number | null; errorCode?: string | null; errorMessage?: string | null },
): Promise<boolean> {
  const cur = (await tx.query<{ status: MessageStatus }>('SELECT status FROM messages WHERE workspace_id = $1 AND id = $2 FOR UPDATE', [ws, id])).rows[0];
  if (!cur) return false;
  const forward = RANK[s.status] > RANK[cur.status];
  await tx.query(
    `UPDATE messages SET provider = coalesce(provider, $3), provider_message_id = coalesce(provider_message_id, $4), segments = coalesce($5, segments),
       status = CASE WHEN $6 THEN $7 ELSE status END,
       error_code = CASE WHEN $6 THEN coalesce($8, error_code) ELSE error_code END,
       error_message = CASE WHEN $6 THEN coalesce($9, error_message) ELSE error_message END,
       sent_at = CASE WHEN $6 AND $7 IN ('sent', 'delivered') THEN coalesce(sent_at, now()) ELSE sent_at END,
       delivered_at = CASE WHEN $6 AND $7 = 'delivered' THEN now() ELSE delivered_at END,
       status_updated_at = CASE WHEN $6 THEN now() ELSE status_updated_at END
     WHERE workspace_id = $1 AND id = $2`,
    [ws, id, s.provider ?? null, s.providerMessageId ?? null, s.segments ?? null, forward, s.status, s.errorCode ?? null, s.errorMessage ?? null],
  );
  return forward;
}

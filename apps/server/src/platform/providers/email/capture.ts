import type { Db } from '../../../db/client.ts';
import type { EmailPort, OutgoingEmail, SentEmail } from './port.ts';

/** Sandbox adapter: nothing leaves the machine; messages land in the in-app mailbox. */
export function createCaptureEmail(db: Db, from: string): EmailPort {
  return {
    provider: 'capture',
    mode: 'sandbox',
    async send(msg) {
      return recordMail(db, msg, from, 'capture');
    },
  };
}

export async function recordMail(db: Db, msg: OutgoingEmail, from: string, transport: string, providerMessageId?: string): Promise<SentEmail> {
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO mail_messages (workspace_id, to_address, from_address, subject, text_body, html_body, transport, provider_message_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
    [msg.workspaceId ?? null, msg.to, from, msg.subject, msg.text, msg.html ?? null, transport, providerMessageId ?? null],
  );
  return { id: rows[0].id, providerMessageId };
}

import nodemailer from 'nodemailer';
import type { Db } from '../../../db/client.ts';
import type { EmailPort } from './port.ts';
import { recordMail } from './capture.ts';

/** Live adapter: sends through any SMTP server (SMTP_URL, e.g. smtp://user:pass@host:587). */
export function createSmtpEmail(db: Db, smtpUrl: string, from: string): EmailPort {
  const transport = nodemailer.createTransport(smtpUrl);
  return {
    provider: 'smtp',
    mode: 'live',
    async send(msg) {
      const info = await transport.sendMail({ from, to: msg.to, subject: msg.subject, text: msg.text, html: msg.html, headers: msg.headers });
      // keep a copy so the in-app mailbox shows what went out, with the SMTP server's message id
      return recordMail(db, msg, from, 'smtp', info.messageId);
    },
  };
}

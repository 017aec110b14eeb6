import type { EmailPort } from '../email/port.ts';
import type { NotifierPort, NotifyResult } from './port.ts';
import { NotifierError } from './port.ts';

/**
 * Email channel: the message to a list of addresses through the instance's email port (SMTP when
 * configured, else the capture mailbox), plain text with the in-app link, and a simple HTML part.
 */
export interface EmailChannelConfig {
  email: EmailPort;
  recipients: string[];
  publicUrl: string;
}

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export function createEmailNotifier(cfg: EmailChannelConfig): NotifierPort {
  return {
    channel: 'email',
    provider: cfg.email.provider,
    mode: cfg.email.mode,
    async notify(target, message): Promise<NotifyResult> {
      if (cfg.recipients.length === 0) throw new NotifierError('The email channel has no recipients.');
      const link = message.link ? new URL(message.link, cfg.publicUrl).toString() : null;
      const text = [message.body ?? '', link ? `Open in Flywheel: ${link}` : ''].filter(Boolean).join('\n\n');
      const html = `<h2 style="font-family:sans-serif">${escapeHtml(message.title)}</h2><pre style="font-family:sans-serif;white-space:pre-wrap">${escapeHtml(message.body ?? '')}</pre>${link ? `<p><a href="${escapeHtml(link)}">Open in Flywheel</a></p>` : ''}`;
      const ids: string[] = [];
      for (const to of cfg.recipients) {
        try {
          ids.push((await cfg.email.send({ workspaceId: target.workspaceId, to, subject: message.title, text, html })).id);
        } catch (err) {
          throw new NotifierError(`Email to ${to} failed: ${err instanceof Error ? err.message : String(err)}`, true);
        }
      }
      return { channel: 'email', delivered: ids.length, ids };
    },
  };
}

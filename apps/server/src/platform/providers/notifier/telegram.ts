import type { NotificationMessage, NotifierPort, NotifyResult } from './port.ts';
import { NotifierError } from './port.ts';

/**
 * Telegram bot adapter (Bot API `sendMessage`): the message goes to one chat (a person, a group or a
 * channel the bot was added to) as HTML. `apiBase` points elsewhere in tests (a local stub that
 * checks the request). https://core.telegram.org/bots/api#sendmessage
 */
export interface TelegramConfig {
  botToken: string;
  chatId: string;
  apiBase?: string;
  /** Absolute base for in-app links (PUBLIC_URL). */
  publicUrl: string;
  timeoutMs?: number;
}

export const TELEGRAM_API = 'https://api.telegram.org';
const LIMIT = 4096;

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** The message as Telegram HTML: bold title, body, a link to open it in the app; within 4,096 characters. */
export function telegramText(m: NotificationMessage, publicUrl: string): string {
  const link = m.link ? `\n\n<a href="${escapeHtml(new URL(m.link, publicUrl).toString())}">Open in Flywheel</a>` : '';
  const head = `<b>${escapeHtml(m.title)}</b>`;
  let body = m.body ? `\n\n${escapeHtml(m.body)}` : '';
  const room = LIMIT - head.length - link.length;
  if (body.length > room) body = body.slice(0, Math.max(0, room - 1)).replace(/&[a-z]*$/, '') + '…';
  return head + body + link;
}

export function createTelegramNotifier(cfg: TelegramConfig): NotifierPort {
  const base = (cfg.apiBase ?? TELEGRAM_API).replace(/\/+$/, '');
  return {
    channel: 'telegram',
    provider: 'telegram',
    mode: 'live',
    async notify(_target, message): Promise<NotifyResult> {
      let res: Response;
      try {
        res = await fetch(`${base}/bot${cfg.botToken}/sendMessage`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ chat_id: cfg.chatId, text: telegramText(message, cfg.publicUrl), parse_mode: 'HTML', link_preview_options: { is_disabled: true } }),
          signal: AbortSignal.timeout(cfg.timeoutMs ?? 10_000),
        });
      } catch (err) {
        throw new NotifierError(`Telegram could not be reached (${err instanceof Error ? err.message : String(err)}).`, true);
      }
      const body = (await res.json().catch(() => null)) as { ok?: boolean; description?: string; error_code?: number; result?: { message_id?: number } } | null;
      if (!res.ok || !body?.ok) {
        const why = body?.description ?? `HTTP ${res.status}`;
        if (res.status === 401) throw new NotifierError('Telegram refused the bot token (401 Unauthorized). Create a token with @BotFather and paste it again.');
        if (res.status === 400 || res.status === 403) throw new NotifierError(`Telegram refused the message: ${why}. Check the chat id and that the bot was added to the chat.`);
        throw new NotifierError(`Telegram answered ${res.status}: ${why}`, res.status === 429 || res.status >= 500);
      }
      return { channel: 'telegram', delivered: 1, ids: body.result?.message_id !== undefined ? [String(body.result.message_id)] : [] };
    },
  };
}

import crypto from 'node:crypto';
import type { NotifierPort, NotifyResult } from './port.ts';
import { NotifierError } from './port.ts';
import { outboundRefusal } from '../../net/outbound.ts';

/**
 * Outgoing webhook: a JSON POST to the workspace's URL, signed so the receiver can trust it:
 * `X-Flywheel-Signature: sha256=<hex HMAC-SHA256(secret, "<timestamp>.<body>")>` with
 * `X-Flywheel-Timestamp` (seconds) — check both and refuse timestamps older than 5 minutes.
 */
export interface WebhookConfig {
  url: string;
  secret: string;
  publicUrl: string;
  timeoutMs?: number;
  /** Tests aim at a loopback stub; production refuses link-local hosts either way. */
  now?: () => Date;
}

export function signWebhook(secret: string, timestamp: string, body: string): string {
  return `sha256=${crypto.createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

export function createWebhookNotifier(cfg: WebhookConfig): NotifierPort {
  return {
    channel: 'webhook',
    provider: 'webhook',
    mode: 'live',
    async notify(target, message): Promise<NotifyResult> {
      const refused = await outboundRefusal(cfg.url);
      if (refused) throw new NotifierError(`The webhook URL cannot be called: ${refused}.`);
      const id = crypto.randomUUID();
      const timestamp = String(Math.floor((cfg.now?.() ?? new Date()).getTime() / 1000));
      const body = JSON.stringify({
        id, event: message.kind, workspaceId: target.workspaceId, severity: message.severity ?? 'info',
        title: message.title, body: message.body ?? '', link: message.link ? new URL(message.link, cfg.publicUrl).toString() : null,
        data: message.data ?? null, sentAt: new Date(Number(timestamp) * 1000).toISOString(),
      });
      let res: Response;
      try {
        res = await fetch(cfg.url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json', 'user-agent': 'Flywheel-Webhook/1',
            'x-flywheel-event': message.kind, 'x-flywheel-delivery': id,
            'x-flywheel-timestamp': timestamp, 'x-flywheel-signature': signWebhook(cfg.secret, timestamp, body),
          },
          body,
          redirect: 'manual',
          signal: AbortSignal.timeout(cfg.timeoutMs ?? 10_000),
        });
        await res.arrayBuffer();
      } catch (err) {
        throw new NotifierError(`The webhook URL could not be reached (${err instanceof Error ? err.message : String(err)}).`, true);
      }
      if (res.status < 200 || res.status >= 300) throw new NotifierError(`The webhook answered HTTP ${res.status}; a 2xx status is expected.`, res.status >= 500 || res.status === 429);
      return { channel: 'webhook', delivered: 1, ids: [id] };
    },
  };
}

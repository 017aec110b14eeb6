import crypto from 'node:crypto';
import type { CreateChannel, NotificationChannel } from '@flywheel/contracts';
import type { Sql } from '../../db/client.ts';
import type { Deps } from '../../platform/deps.ts';
import { getSecretBox, type SecretBox } from '../../platform/secrets/secrets.ts';
import type { NotifierPort } from '../../platform/providers/notifier/port.ts';
import { createEmailNotifier } from '../../platform/providers/notifier/email.ts';
import { createTelegramNotifier } from '../../platform/providers/notifier/telegram.ts';
import { createWebhookNotifier } from '../../platform/providers/notifier/webhook.ts';

interface Row {
  id: string; kind: NotificationChannel['kind']; name: string; config: { recipients?: string[]; chatId?: string; url?: string; apiBase?: string };
  secret_enc: string | null; subscriptions: string[]; enabled: boolean;
  last_success_at: Date | null; last_error: string | null; last_error_at: Date | null;
}
const COLS = 'id, kind, name, config, secret_enc, subscriptions, enabled, last_success_at, last_error, last_error_at';

export function toChannel(r: Row): NotificationChannel {
  const { apiBase: _internal, ...config } = r.config;
  return {
    id: r.id, kind: r.kind, name: r.name, config, secretSet: r.secret_enc !== null, subscriptions: r.subscriptions, enabled: r.enabled,
    lastSuccessAt: r.last_success_at?.toISOString() ?? null, lastError: r.last_error, lastErrorAt: r.last_error_at?.toISOString() ?? null,
  };
}

export async function listChannelRows(tx: Sql, ws: string, onlyEnabledFor?: string): Promise<Row[]> {
  const { rows } = await tx.query<Row>(
    `SELECT ${COLS} FROM notification_channels WHERE workspace_id = $1 ${onlyEnabledFor ? 'AND enabled AND $2 = ANY(subscriptions)' : ''} ORDER BY created_at, id`,
    onlyEnabledFor ? [ws, onlyEnabledFor] : [ws],
  );
  return rows;
}

export async function getChannelRow(tx: Sql, ws: string, id: string): Promise<Row | null> {
  const { rows } = await tx.query<Row>(`SELECT ${COLS} FROM notification_channels WHERE workspace_id = $1 AND id = $2`, [ws, id]);
  return rows[0] ?? null;
}

/** `box` is read before the transaction opens (PGlite has one connection: no query on deps.db inside a tenant transaction). */
export async function insertChannel(box: SecretBox, tx: Sql, ws: string, userId: string | null, body: CreateChannel): Promise<NotificationChannel> {
  let config: Row['config'];
  let secret: string | null = null;
  let shown: string | undefined;
  if (body.kind === 'email') config = { recipients: [...new Set(body.recipients.map((r) => r.toLowerCase()))] };
  else if (body.kind === 'telegram') {
    config = { chatId: body.chatId };
    secret = body.botToken;
  } else {
    config = { url: body.url };
    secret = body.secret ?? `whsec_${crypto.randomBytes(24).toString('base64url')}`;
    if (!body.secret) shown = secret;
  }
  const { rows } = await tx.query<Row>(
    `INSERT INTO notification_channels (workspace_id, kind, name, config, secret_enc, created_by) VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${COLS}`,
    [ws, body.kind, body.name, JSON.stringify(config), secret === null ? null : box.encrypt(secret), userId],
  );
  return { ...toChannel(rows[0]), ...(shown ? { secret: shown } : {}) };
}

export async function recordChannelResult(tx: Sql, ws: string, id: string, error: string | null): Promise<void> {
  await tx.query(
    error === null
      ? `UPDATE notification_channels SET last_success_at = now(), updated_at = now() WHERE workspace_id = $1 AND id = $2`
      : `UPDATE notification_channels SET last_error = $3, last_error_at = now(), updated_at = now() WHERE workspace_id = $1 AND id = $2`,
    error === null ? [ws, id] : [ws, id, error.slice(0, 500)],
  );
}

/** The adapter for one configured channel (secrets decrypted here, never leave the server). */
export async function channelAdapter(deps: Deps, r: Row): Promise<NotifierPort> {
  const box = await getSecretBox(deps.db, deps.config.secret);
  const secret = r.secret_enc ? box.decrypt(r.secret_enc) : '';
  const publicUrl = deps.config.publicUrl;
  if (r.kind === 'email') return createEmailNotifier({ email: deps.email, recipients: r.config.recipients ?? [], publicUrl });
  if (r.kind === 'telegram') return createTelegramNotifier({ botToken: secret, chatId: r.config.chatId ?? '', apiBase: r.config.apiBase ?? deps.config.telegramApiBase, publicUrl });
  return createWebhookNotifier({ url: r.config.url ?? '', secret, publicUrl });
}

import crypto from 'node:crypto';
import type { Db } from '../../db/client.ts';

/**
 * Encrypts provider secrets (auth tokens, signing secrets) at rest with AES-256-GCM. The key is
 * FLYWHEEL_SECRET when set (stable across reinstalls), otherwise a random key generated once per
 * installation and kept in `instance_secrets` (readable only by the owner role, never by tenants).
 */
export interface SecretBox {
  encrypt(plain: string): string;
  decrypt(sealed: string): string;
}

const VERSION = 'v1';

export function createSecretBox(keyMaterial: string): SecretBox {
  const key = crypto.createHash('sha256').update(`flywheel-secrets:${keyMaterial}`).digest();
  return {
    encrypt(plain) {
      const iv = crypto.randomBytes(12);
      const cipher = crypto.createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return [VERSION, iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), body.toString('base64url')].join('.');
    },
    decrypt(sealed) {
      const [v, iv, tag, body] = sealed.split('.');
      if (v !== VERSION || !iv || !tag || body === undefined) throw new Error('Unreadable sealed secret.');
      const decipher = crypto.createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
    },
  };
}

const boxes = new WeakMap<Db, Promise<SecretBox>>();

/** The installation's box (one per database handle). */
export function getSecretBox(db: Db, configuredSecret: string | undefined): Promise<SecretBox> {
  if (configuredSecret) return Promise.resolve(createSecretBox(configuredSecret));
  let box = boxes.get(db);
  if (!box) {
    box = (async () => {
      await db.query(`INSERT INTO instance_secrets (name, value) VALUES ('secret_box_key', $1) ON CONFLICT (name) DO NOTHING`, [crypto.randomBytes(32).toString('base64url')]);
      const { rows } = await db.query<{ value: string }>(`SELECT value FROM instance_secrets WHERE name = 'secret_box_key'`);
      return createSecretBox(rows[0].value);
    })();
    box.catch(() => boxes.delete(db));
    boxes.set(db, box);
  }
  return box;
}

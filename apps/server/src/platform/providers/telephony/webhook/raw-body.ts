import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyRequest } from 'fastify';

// Webhook signatures cover the exact bytes the provider sent (OpenPhone) or the form fields
// (Twilio), so webhook routes keep the raw body. Only URLs under /webhooks/ are touched.
const WEBHOOK_PREFIX = '/webhooks/';
const MAX_WEBHOOK_BYTES = 1024 * 1024;
const rawBodies = new WeakMap<FastifyRequest, Buffer>();

/** The bytes of a webhook request's body (empty when it had none). */
export function webhookRawBody(req: FastifyRequest): Buffer {
  return rawBodies.get(req) ?? Buffer.alloc(0);
}

/**
 * Keeps a copy of webhook bodies and accepts Twilio's x-www-form-urlencoded posts (parsed by
 * the route from the raw text; other routes still answer 415 for form posts).
 */
export function registerWebhookBodies(app: FastifyInstance) {
  app.addHook('preParsing', async (req, _reply, payload) => {
    if (!req.url.startsWith(WEBHOOK_PREFIX)) return payload;
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of payload) {
      const b = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
      size += b.length;
      if (size > MAX_WEBHOOK_BYTES) throw Object.assign(new Error('Webhook body too large.'), { statusCode: 413, code: 'too_large' });
      chunks.push(b);
    }
    const body = Buffer.concat(chunks);
    rawBodies.set(req, body);
    return Readable.from([body]);
  });
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: MAX_WEBHOOK_BYTES }, (req, body, done) => {
    if (!req.url.startsWith(WEBHOOK_PREFIX)) {
      done(Object.assign(new Error('Form posts are accepted by the webhook routes only; send JSON.'), { statusCode: 415, code: 'unsupported_media_type' }), undefined);
      return;
    }
    done(null, body);
  });
}

import Fastify, { type FastifyInstance } from 'fastify';
import cookie from '@fastify/cookie';
import multipart from '@fastify/multipart';
import websocket from '@fastify/websocket';
import fastifyStatic from '@fastify/static';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import type { Deps } from './platform/deps.ts';
import { AppError } from './platform/http/errors.ts';
import { registerRoutes } from './platform/http/register.ts';
import { buildOpenApi } from './platform/http/openapi.ts';
import { registerRealtime } from './platform/events/realtime.ts';
import { apiRoutes } from './routes.ts';
import { registerWebhookBodies } from './platform/providers/telephony/webhook/raw-body.ts';
import { redactUrl } from './platform/http/redact-url.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
export const WEB_DIST = path.resolve(here, '../../web/dist');

export interface AppOptions {
  /** Serve the built web app (production); tests of the API leave it off. */
  serveWeb?: boolean;
  logger?: boolean;
}

/** Builds the HTTP app without listening; main.ts listens, tests use inject(). */
export async function createApp(deps: Deps, opts: AppOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: opts.logger
      ? {
          level: deps.config.logLevel,
          redact: ['req.headers.authorization', 'req.headers.cookie'],
          // URLs that carry their own credential (calendar feed, voicemail audio) are logged without it
          serializers: { req: (req: { method: string; url: string; ip?: string }) => ({ method: req.method, url: redactUrl(req.url), remoteAddress: req.ip }) },
        }
      : false,
    bodyLimit: 2 * 1024 * 1024,
    trustProxy: true,
  });

  app.setErrorHandler((err: unknown, req, reply) => {
    if (err instanceof AppError) {
      return reply.code(err.status).send({ error: { code: err.code, message: err.message, ...(err.fields ? { fields: err.fields } : {}) } });
    }
    const e = err as { statusCode?: number; code?: string; message?: string };
    // Fastify's own client errors: malformed JSON, wrong content type, body too large …
    if (e.statusCode && e.statusCode >= 400 && e.statusCode < 500) {
      return reply.code(e.statusCode).send({ error: { code: e.code ?? 'bad_request', message: e.message ?? 'Bad request.' } });
    }
    deps.log.error({ err, url: redactUrl(req.url), method: req.method }, 'unhandled error');
    return reply.code(500).send({ error: { code: 'internal', message: 'Something went wrong on our side. It has been logged.' } });
  });
  app.setNotFoundHandler((req, reply) => {
    if (req.url.startsWith('/api/') || req.url.startsWith('/webhooks/') || !opts.serveWeb || req.method !== 'GET') {
      return reply.code(404).send({ error: { code: 'not_found', message: `No route for ${req.method} ${req.url.split('?')[0]}.` } });
    }
    // the single-page app handles its own routes
    return reply.type('text/html').sendFile('index.html');
  });

  await app.register(cookie);
  await app.register(multipart, { limits: { fileSize: 200 * 1024 * 1024, files: 1 } });
  await app.register(websocket);

  app.get('/api/health', async () => {
    const started = Date.now();
    await deps.db.query('SELECT 1');
    return { ok: true, database: deps.db.kind, databaseLocation: deps.db.describe(), latencyMs: Date.now() - started, role: deps.config.role };
  });

  // webhook signatures need the raw body (and Twilio posts forms): for /webhooks/* only
  registerWebhookBodies(app);
  registerRoutes(app, deps, apiRoutes);
  await registerRealtime(app, deps);

  const openapi = buildOpenApi(apiRoutes, deps.config.publicUrl);
  app.get('/api/openapi.json', async () => openapi);
  const swaggerDir = path.dirname(createRequire(import.meta.url).resolve('@fastify/swagger-ui/package.json'));
  await app.register(fastifyStatic, { root: path.join(swaggerDir, 'static'), prefix: '/api/docs/assets/', decorateReply: false });
  app.get('/api/docs', async (_req, reply) => reply.type('text/html').send(DOCS_HTML));

  if (opts.serveWeb && fs.existsSync(path.join(WEB_DIST, 'index.html'))) {
    await app.register(fastifyStatic, { root: WEB_DIST, prefix: '/', wildcard: false });
  }
  return app;
}

const DOCS_HTML = `<!doctype html><html><head><meta charset="utf-8"><title>Flywheel API</title>
<link rel="stylesheet" href="/api/docs/assets/swagger-ui.css"></head><body><div id="ui"></div>
<script src="/api/docs/assets/swagger-ui-bundle.js"></script>
<script>window.ui = SwaggerUIBundle({ url: '/api/openapi.json', dom_id: '#ui' });</script></body></html>`;

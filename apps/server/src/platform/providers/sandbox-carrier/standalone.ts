import Fastify, { type FastifyInstance } from 'fastify';
import { SandboxCarrier } from './carrier.ts';
import { httpDelivery } from './delivery.ts';
import { DEFAULT_STATS, type CarrierStats } from './planner.ts';
import { sandboxRecordingWav } from './wav.ts';

export interface StandaloneOptions {
  port: number;
  host?: string;
  seed: number;
  timeScale: number;
  stats?: CarrierStats;
  /** Absolute URL this carrier is reachable at (recording URLs); default http://host:port */
  publicUrl?: string;
}

/**
 * The carrier as its own HTTP service, for load tests and multi-process setups: Twilio's REST
 * paths at the root (point the app at it with SANDBOX_CARRIER_URL), webhooks over HTTP. It has no
 * database: the Basic-auth password is the auth token its webhooks are signed with, so only the
 * app that holds the account's real token accepts them.
 */
export async function startStandaloneCarrier(opts: StandaloneOptions): Promise<{ app: FastifyInstance; carrier: SandboxCarrier; url: string }> {
  const host = opts.host ?? '127.0.0.1';
  const app = Fastify({ logger: false });
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => done(null, body));
  let publicBase = opts.publicUrl ?? '';
  const carrier = new SandboxCarrier({
    seed: opts.seed,
    timeScale: opts.timeScale,
    stats: opts.stats ?? DEFAULT_STATS,
    deliver: httpDelivery,
    checkAccount: async (sid, token) => /^AC[0-9a-f]{32}$/i.test(sid) && token.length >= 16,
    get publicBase() {
      return publicBase;
    },
    log: { warn: (obj, msg) => console.warn(msg ?? '', JSON.stringify(obj)) },
  });
  const wav = sandboxRecordingWav();
  app.get('/recordings/:file', async (req, reply) => reply.type('audio/wav').send(wav));
  app.get('/health', async () => ({ ok: true, timeScale: carrier.timeScale }));
  app.route({
    method: ['GET', 'POST'],
    url: '/2010-04-01/*',
    handler: async (req, reply) => {
      const auth = req.headers.authorization;
      const res = await carrier.handleRest({ method: req.method, path: req.url, authorization: typeof auth === 'string' ? auth : null, body: typeof req.body === 'string' ? req.body : '' });
      return reply.code(res.status).send(res.body);
    },
  });
  app.addHook('onClose', async () => carrier.stop());
  const address = await app.listen({ port: opts.port, host });
  publicBase ||= address;
  return { app, carrier, url: address };
}

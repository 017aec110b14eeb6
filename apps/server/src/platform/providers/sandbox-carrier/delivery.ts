import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../deps.ts';
import type { Deliver, WebhookDelivery } from './carrier.ts';

const FORM = 'application/x-www-form-urlencoded';

/** Over the network, as Twilio does: a POST with the signed form (the standalone carrier). */
export const httpDelivery: Deliver = async (d: WebhookDelivery) => {
  const res = await fetch(d.url, {
    method: 'POST',
    headers: { 'content-type': FORM, 'x-twilio-signature': d.signature, 'user-agent': 'TwilioProxy/1.1 (flywheel sandbox carrier)' },
    body: new URLSearchParams(d.params).toString(),
    // Twilio gives up on a webhook after 15 s
    signal: AbortSignal.timeout(15_000),
  });
  // the body matters for TwiML (what the call does next); webhooks answer little else
  const body = (await res.text()).slice(0, 65_536);
  return { status: res.status, body };
};

/**
 * Inside the app process: webhooks addressed to this app (its PUBLIC_URL) go through Fastify's
 * inject into an instance of the same app — same routes, handlers and signature check — so no
 * listening socket is needed (tests, workers); any other URL goes over HTTP.
 */
export function inProcessDelivery(deps: Deps): Deliver {
  let app: Promise<FastifyInstance> | null = null;
  const origin = new URL(deps.config.publicUrl).origin;
  return async (d) => {
    const target = new URL(d.url);
    if (target.origin !== origin) return httpDelivery(d);
    app ??= (async () => {
      // imported lazily: app.ts imports the route table, which includes the carrier's routes
      const { createApp } = await import('../../../app.ts');
      const a = await createApp(deps);
      await a.ready();
      return a;
    })();
    const res = await (await app).inject({
      method: 'POST',
      url: target.pathname + target.search,
      headers: { 'content-type': FORM, 'x-twilio-signature': d.signature, host: target.host, 'user-agent': 'TwilioProxy/1.1 (flywheel sandbox carrier)' },
      payload: new URLSearchParams(d.params).toString(),
    });
    return { status: res.statusCode, body: res.body.slice(0, 65_536) };
  };
}

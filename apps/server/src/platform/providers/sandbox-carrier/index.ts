import crypto from 'node:crypto';
import type { Deps } from '../../deps.ts';
import { findAccount } from '../accounts.ts';
import { SandboxCarrier } from './carrier.ts';
import { inProcessDelivery } from './delivery.ts';

export { SandboxCarrier, rfc2822, type CarrierOptions, type DeliveredWebhook, type Deliver, type WebhookDelivery } from './carrier.ts';
export { DEFAULT_STATS, MAGIC_NUMBERS, OUTCOMES, callRng, createRng, planCall, type CallPlan, type CarrierStats, type Outcome } from './planner.ts';
export { httpDelivery, inProcessDelivery } from './delivery.ts';
export { sandboxRecordingWav } from './wav.ts';

/** Constant-time comparison of two secrets of any length. */
export function sameSecret(a: string, b: string): boolean {
  const ha = crypto.createHash('sha256').update(a).digest();
  const hb = crypto.createHash('sha256').update(b).digest();
  return crypto.timingSafeEqual(ha, hb);
}

// One carrier per Deps: per process in production, per test context in tests.
const carriers = new WeakMap<Deps, SandboxCarrier>();

/**
 * The carrier running inside this process: accounts are the workspaces' sandbox provider
 * accounts, webhooks go to this app, recordings are served under /sandbox-carrier.
 */
export function getSandboxCarrier(deps: Deps): SandboxCarrier {
  let c = carriers.get(deps);
  if (!c) {
    c = new SandboxCarrier({
      seed: deps.config.sandboxCarrier.seed,
      timeScale: deps.config.sandboxCarrier.timeScale,
      deliver: inProcessDelivery(deps),
      checkAccount: async (sid, token) => {
        const account = await findAccount(deps, 'sandbox', sid);
        return account !== null && sameSecret(account.secret, token);
      },
      publicBase: `${deps.config.publicUrl}/sandbox-carrier`,
      log: deps.log,
    });
    carriers.set(deps, c);
  }
  return c;
}

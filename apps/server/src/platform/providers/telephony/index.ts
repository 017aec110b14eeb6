import type { Deps } from '../../deps.ts';
import { ensureSandboxAccount, getWorkspaceAccount } from '../accounts.ts';
import { getProviderRegistry } from '../registry.ts';
import type { E164 } from '../types.ts';
import type { TelephonyPort } from './port.ts';
import { TelephonyError } from './errors.ts';

export * from './port.ts';
export { TelephonyError, BAD_NUMBER_ERROR_CODES, isBadNumberCode } from './errors.ts';
export { createTwilioTelephony, recordingCallbackUrl, toTelephonyError, MIN_RING_TIMEOUT_SECONDS, DEFAULT_RING_TIMEOUT_SECONDS, type TwilioTelephonyOptions } from './twilio/adapter.ts';
export { fromTwilioStatus, toTwilioStatus } from './twilio/status.ts';
export { createSandboxTelephony } from './sandbox.ts';

export interface ResolvedTelephony {
  /** The port to place calls with (health-recorded by the provider registry). */
  port: TelephonyPort;
  adapter: 'sandbox' | 'twilio';
  /** Caller id to dial from: the account's number. */
  fromNumber: E164;
}

/**
 * The workspace's telephony: Twilio when it is connected (or chosen), else the sandbox carrier,
 * whose account is created on first use. Throws TelephonyError (code not_configured) when the
 * chosen adapter cannot be used, with a message an admin can act on.
 */
export async function resolveTelephony(deps: Deps, workspaceId: string): Promise<ResolvedTelephony> {
  const r = await getProviderRegistry(deps).resolve(workspaceId, 'telephony');
  if (!r.configured) throw new TelephonyError({ code: 'not_configured', message: r.reason });
  if (r.adapter === 'twilio') {
    const account = await getWorkspaceAccount(deps, workspaceId, 'twilio');
    if (!account?.defaultFrom) throw new TelephonyError({ code: 'not_configured', message: 'Set the caller id (your Twilio number) in Settings → Telephony.' });
    return { port: r.port, adapter: 'twilio', fromNumber: account.defaultFrom };
  }
  const account = await ensureSandboxAccount(deps, workspaceId);
  return { port: r.port, adapter: 'sandbox', fromNumber: account.defaultFrom ?? '+12125550100' };
}

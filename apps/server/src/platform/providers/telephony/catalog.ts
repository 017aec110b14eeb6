import type { AdapterFactory } from '../registry.ts';
import { ensureSandboxAccount, getWorkspaceAccount } from '../accounts.ts';
import type { ProviderMode } from '../types.ts';
import type { TelephonyPort } from './port.ts';
import { TelephonyError } from './errors.ts';
import { createTwilioTelephony } from './twilio/adapter.ts';
import { createSandboxTelephony } from './sandbox.ts';

/**
 * A port whose credentials are read when it is first used: the registry creates adapters
 * synchronously, but the account (and its decrypted token) lives in the database.
 */
function lazyTelephony(provider: string, mode: ProviderMode, load: () => Promise<TelephonyPort>): TelephonyPort {
  let port: Promise<TelephonyPort> | null = null;
  const get = () => {
    port ??= load().catch((err: unknown) => {
      port = null; // a missing account may be added later; do not cache the failure
      throw err;
    });
    return port;
  };
  return {
    provider,
    mode,
    placeCall: async (input) => (await get()).placeCall(input),
    updateCall: async (input) => (await get()).updateCall(input),
    hangup: async (id) => (await get()).hangup(id),
  };
}

export const TWILIO_NOT_CONNECTED = 'Add your Twilio account (Account SID, auth token, caller id) in Settings → Telephony.';

/** Twilio (live) when the workspace connected an account; otherwise the sandbox carrier. */
export function telephonyAdapters(): AdapterFactory<TelephonyPort>[] {
  return [
    {
      name: 'twilio',
      mode: 'live',
      unavailableReason: async ({ deps, workspaceId }) => ((await getWorkspaceAccount(deps, workspaceId, 'twilio')) ? null : TWILIO_NOT_CONNECTED),
      create: ({ deps, workspaceId }) =>
        lazyTelephony('twilio', 'live', async () => {
          const account = await getWorkspaceAccount(deps, workspaceId, 'twilio');
          if (!account) throw new TelephonyError({ code: 'not_configured', message: TWILIO_NOT_CONNECTED });
          return createTwilioTelephony({ accountSid: account.accountId, authToken: account.secret });
        }),
    },
    {
      name: 'sandbox',
      mode: 'sandbox',
      unavailableReason: () => null,
      create: ({ deps, workspaceId }) => lazyTelephony('sandbox', 'sandbox', async () => createSandboxTelephony(deps, await ensureSandboxAccount(deps, workspaceId))),
    },
  ];
}

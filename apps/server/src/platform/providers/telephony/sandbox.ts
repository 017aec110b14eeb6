import type { Deps } from '../../deps.ts';
import type { ProviderAccount } from '../accounts.ts';
import { getSandboxCarrier } from '../sandbox-carrier/index.ts';
import type { TelephonyPort } from './port.ts';
import { createTwilioTelephony } from './twilio/adapter.ts';
import { inProcessRequestClient, redirectingRequestClient } from './twilio/request-client.ts';

/**
 * The sandbox adapter is the Twilio adapter with the workspace's sandbox account, talking to the
 * sandbox carrier: the one in this process, or a standalone one at SANDBOX_CARRIER_URL.
 */
export function createSandboxTelephony(deps: Deps, account: Pick<ProviderAccount, 'accountId' | 'secret'>): TelephonyPort {
  const url = deps.config.sandboxCarrier.url;
  const requestClient = url ? redirectingRequestClient(url) : inProcessRequestClient((req) => getSandboxCarrier(deps).handleRest(req));
  return createTwilioTelephony({ accountSid: account.accountId, authToken: account.secret, requestClient, provider: 'sandbox', mode: 'sandbox' });
}

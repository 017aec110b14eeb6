import type { AdapterFactory } from '../registry.ts';
import { ensureSandboxAccount, getWorkspaceAccount } from '../accounts.ts';
import type { ProviderMode } from '../types.ts';
import { SmsError, type SmsPort } from './port.ts';
import { createSandboxSms } from './sandbox.ts';
import { createTwilioSms } from './twilio.ts';

/** Credentials are read on first use: the registry creates adapters synchronously. */
function lazySms(provider: string, mode: ProviderMode, load: () => Promise<SmsPort>): SmsPort {
  let port: Promise<SmsPort> | null = null;
  return {
    provider,
    mode,
    send: async (input) => {
      port ??= load().catch((err: unknown) => {
        port = null;
        throw err;
      });
      return (await port).send(input);
    },
  };
}

export const TWILIO_SMS_NOT_CONNECTED = 'Add your Twilio account (Account SID, auth token, number) in Settings → Telephony to send real texts.';

/** Twilio (live) when the workspace connected an account (the same one its calls use); otherwise the sandbox. */
export function smsAdapters(): AdapterFactory<SmsPort>[] {
  return [
    {
      name: 'twilio',
      mode: 'live',
      unavailableReason: async ({ deps, workspaceId }) => ((await getWorkspaceAccount(deps, workspaceId, 'twilio')) ? null : TWILIO_SMS_NOT_CONNECTED),
      create: ({ deps, workspaceId }) =>
        lazySms('twilio', 'live', async () => {
          const account = await getWorkspaceAccount(deps, workspaceId, 'twilio');
          if (!account) throw new SmsError({ code: 'not_configured', message: TWILIO_SMS_NOT_CONNECTED });
          return createTwilioSms({ accountSid: account.accountId, authToken: account.secret });
        }),
    },
    {
      name: 'sandbox',
      mode: 'sandbox',
      unavailableReason: () => null,
      create: ({ deps, workspaceId }) => lazySms('sandbox', 'sandbox', async () => createSandboxSms(deps, await ensureSandboxAccount(deps, workspaceId))),
    },
  ];
}

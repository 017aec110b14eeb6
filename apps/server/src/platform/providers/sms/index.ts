import type { Deps } from '../../deps.ts';
import { ensureSandboxAccount, getWorkspaceAccount } from '../accounts.ts';
import { getProviderRegistry } from '../registry.ts';
import type { E164 } from '../types.ts';
import { SmsError, type SmsPort } from './port.ts';

export * from './port.ts';
export { createTwilioSms, toSmsError, fromTwilioSmsStatus, type TwilioSmsOptions } from './twilio.ts';
export { createSandboxSms, getSmsSandbox, SmsSandbox, SMS_MAGIC, type SandboxSmsRecord } from './sandbox.ts';
export { smsAdapters, TWILIO_SMS_NOT_CONNECTED } from './catalog.ts';

export interface ResolvedSms {
  port: SmsPort;
  adapter: 'sandbox' | 'twilio';
  /** The number texts go out from (the account's number). */
  fromNumber: E164;
}

/**
 * The workspace's SMS provider: Twilio when connected (or chosen), else the sandbox, whose account
 * is created on first use. Throws SmsError (not_configured) with a message an admin can act on.
 */
export async function resolveSms(deps: Deps, workspaceId: string): Promise<ResolvedSms> {
  const r = await getProviderRegistry(deps).resolve(workspaceId, 'sms');
  if (!r.configured) throw new SmsError({ code: 'not_configured', message: r.reason });
  if (r.adapter === 'twilio') {
    const account = await getWorkspaceAccount(deps, workspaceId, 'twilio');
    if (!account?.defaultFrom) throw new SmsError({ code: 'not_configured', message: 'Set your Twilio number in Settings → Telephony to send texts.' });
    return { port: r.port, adapter: 'twilio', fromNumber: account.defaultFrom };
  }
  const account = await ensureSandboxAccount(deps, workspaceId);
  return { port: r.port, adapter: 'sandbox', fromNumber: account.defaultFrom ?? '+12125550100' };
}

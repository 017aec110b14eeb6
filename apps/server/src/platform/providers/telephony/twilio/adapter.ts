import twilio from 'twilio';
import type { ProviderMode } from '../../types.ts';
import type { PlaceCallInput, PlacedCall, TelephonyPort, UpdateCallInput } from '../port.ts';
import { TelephonyError, isBadNumberCode } from '../errors.ts';
import { fromTwilioStatus } from './status.ts';

/** SPEC §6: ring at least 15 s before giving up, so a real person has time to pick up. */
export const MIN_RING_TIMEOUT_SECONDS = 15;
export const DEFAULT_RING_TIMEOUT_SECONDS = 25;

export interface TwilioTelephonyOptions {
  accountSid: string;
  authToken: string;
  /** Where requests go: unset = Twilio itself; the sandbox carrier and tests pass their own. */
  requestClient?: twilio.RequestClient;
  /** The name callers see in PlacedCall.provider / call_sessions.provider. */
  provider?: 'twilio' | 'sandbox';
  mode?: ProviderMode;
}

/** Where Twilio should post recording events: the recording webhook, keeping our `cs` parameter. */
export function recordingCallbackUrl(statusCallbackUrl: string): string {
  const u = new URL(statusCallbackUrl);
  const cs = u.searchParams.get('cs');
  const rec = new URL('/webhooks/twilio/recording', u);
  if (cs) rec.searchParams.set('cs', cs);
  return rec.toString();
}

/** Twilio's REST errors (RestException) and transport failures, as one typed error. */
export function toTelephonyError(err: unknown): TelephonyError {
  if (err instanceof TelephonyError) return err;
  if (err instanceof twilio.RestException) {
    const code = err.code !== undefined ? String(err.code) : `http_${err.status}`;
    return new TelephonyError({ code, message: err.message || `Twilio answered HTTP ${err.status}.`, isBadNumber: isBadNumberCode(err.code), status: err.status });
  }
  const message = err instanceof Error ? err.message : String(err);
  return new TelephonyError({ code: 'unreachable', message: `Could not reach the telephony provider: ${message}` });
}

/**
 * The Twilio voice adapter, on the official SDK. The sandbox adapter is this same code with a
 * request client that talks to the sandbox carrier instead of api.twilio.com.
 */
export function createTwilioTelephony(opts: TwilioTelephonyOptions): TelephonyPort {
  const client = twilio(opts.accountSid, opts.authToken, opts.requestClient ? { httpClient: opts.requestClient } : {});
  const provider = opts.provider ?? 'twilio';

  async function call<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      throw toTelephonyError(err);
    }
  }

  return {
    provider,
    mode: opts.mode ?? (provider === 'sandbox' ? 'sandbox' : 'live'),

    async placeCall(input: PlaceCallInput): Promise<PlacedCall> {
      const amd = input.machineDetection ?? 'off';
      const timeout = Math.max(MIN_RING_TIMEOUT_SECONDS, Math.round(input.ringTimeoutSeconds ?? DEFAULT_RING_TIMEOUT_SECONDS));
      const created = await call(() =>
        client.calls.create({
          to: input.to,
          from: input.from,
          url: input.instructionsUrl,
          method: 'POST',
          statusCallback: input.statusCallbackUrl,
          statusCallbackEvent: ['initiated', 'ringing', 'answered', 'completed'],
          statusCallbackMethod: 'POST',
          timeout,
          // async AMD: the rep is connected at once; the verdict arrives later on the status webhook
          ...(amd === 'off' ? {} : {
            machineDetection: amd === 'detect' ? 'Enable' : 'DetectMessageEnd',
            asyncAmd: 'true',
            asyncAmdStatusCallback: input.statusCallbackUrl,
            asyncAmdStatusCallbackMethod: 'POST',
          }),
          ...(input.record ? { record: true } : {}),
          // sent even without Record (Twilio ignores it then): the sandbox carrier transcribes every
          // answered call and posts the transcript there
          recordingStatusCallback: recordingCallbackUrl(input.statusCallbackUrl),
          recordingStatusCallbackEvent: ['in-progress', 'completed', 'absent'],
          recordingStatusCallbackMethod: 'POST',
          // Twilio's CallerId only applies to SIP/client destinations; PSTN caller names (CNAM) are
          // registered on the number in Twilio's console, so callerName is not sent for E.164 targets
          ...(input.callerName && !input.to.startsWith('+') ? { callerId: input.callerName } : {}),
        }),
      );
      const status = fromTwilioStatus(created.status);
      if (!status) throw new TelephonyError({ code: 'unexpected_status', message: `The provider reported an unknown call status "${created.status}".` });
      return { provider, providerCallId: created.sid, status };
    },

    async updateCall(input: UpdateCallInput): Promise<void> {
      if (input.instructionsUrl) {
        const url = input.instructionsUrl;
        await call(() => client.calls(input.providerCallId).update({ url, method: 'POST' }));
      }
      if (input.recording === 'start') {
        await call(() => client.calls(input.providerCallId).recordings.create({}));
      } else if (input.recording === 'stop') {
        // 'Twilio.CURRENT' addresses the call's active recording
        await call(() => client.calls(input.providerCallId).recordings('Twilio.CURRENT').update({ status: 'stopped' }));
      }
    },

    async hangup(providerCallId: string): Promise<void> {
      // Status=completed ends a call in any state (Status=canceled would leave a call that was
      // answered meanwhile running); the provider then reports canceled for a call that never
      // connected and completed for a live one, on the status webhook
      await call(() => client.calls(providerCallId).update({ status: 'completed' }));
    },
  };
}

import type { InProcessResponse } from '../telephony/twilio/request-client.ts';

/** Twilio's REST error body, as the sandbox's stand-ins for Twilio's APIs answer it. */
export function twilioError(status: number, code: number, message: string): InProcessResponse {
  return { status, body: { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status } };
}

/** The AccountSid/auth token pair of a REST request's Basic authorization header. */
export function parseBasic(header: string | null): { user: string; pass: string } | null {
  const m = /^Basic\s+([A-Za-z0-9+/=]+)$/.exec(header ?? '');
  if (!m) return null;
  const decoded = Buffer.from(m[1], 'base64').toString('utf8');
  const i = decoded.indexOf(':');
  return i < 0 ? null : { user: decoded.slice(0, i), pass: decoded.slice(i + 1) };
}

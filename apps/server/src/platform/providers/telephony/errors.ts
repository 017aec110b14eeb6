/**
 * A provider refused or failed a request. `isBadNumber` = the destination can never be called
 * (invalid or unreachable number): the dialer flags the number instead of retrying it.
 */
export class TelephonyError extends Error {
  readonly code: string;
  readonly isBadNumber: boolean;
  /** HTTP status the provider answered with, when it answered at all. */
  readonly status: number | null;
  constructor(input: { code: string; message: string; isBadNumber?: boolean; status?: number | null }) {
    super(input.message);
    this.name = 'TelephonyError';
    this.code = input.code;
    this.isBadNumber = input.isBadNumber ?? false;
    this.status = input.status ?? null;
  }
}

/**
 * Twilio error codes meaning "this number cannot be called" (REST create and call errors):
 * 21211 invalid 'To', 21214 'To' not reachable/valid, 21217 not a valid phone number,
 * 13223/13224 invalid dial/number format, 13225 forbidden (high-risk) destination.
 */
export const BAD_NUMBER_ERROR_CODES: ReadonlySet<string> = new Set(['21211', '21214', '21217', '13223', '13224', '13225']);

export const isBadNumberCode = (code: string | number | null | undefined) => code !== null && code !== undefined && BAD_NUMBER_ERROR_CODES.has(String(code));

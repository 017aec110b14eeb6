import { AppError, badRequest, conflict } from '../../platform/http/errors.ts';
import type { GateDecision } from './gate.ts';

/**
 * The gate's refusal as HTTP, for every caller that dials or texts: a number never called or texted
 * again is a conflict (409), a missing number 400, a block that lifts with time (hours, caps, gap,
 * 10DLC, opt-out) 422 with the gate's code.
 */
export function gateRefusal(d: Extract<GateDecision, { allowed: false }>): AppError {
  switch (d.code) {
    case 'dnc':
    case 'bad_number':
      return conflict(d.reason);
    case 'no_phone':
      return badRequest(d.reason, { phone: 'No phone number.' });
    case 'outside_calling_hours':
    case 'state_daily_cap':
    case 'min_gap':
    case 'sms_not_registered':
    case 'sms_opted_out':
      return new AppError(422, d.code, d.reason);
  }
}

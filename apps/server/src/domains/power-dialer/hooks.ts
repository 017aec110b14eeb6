import type { Deps } from '../../platform/deps.ts';
import { sendAutoSms } from '../messaging/index.ts';
import type { AdvanceOptions } from './driver.ts';

/** What the driver does beyond calls: the auto-SMS after a lead's last attempt (F10), when the session asks for it. */
export function advanceOptions(_deps: Deps): AdvanceOptions {
  return {
    onExhausted: (deps, e) => sendAutoSms(deps, { workspaceId: e.workspaceId, leadId: e.leadId, phone: e.phone, reason: 'exhausted' }),
  };
}

// The Dialer API contract (packages/contracts/src/dialer.ts). Types come from the contract; the
// constants come from its zod-free module, so the browser bundle does not carry the schemas.
import type { NotInterestedReason, SnoozePreset } from '@flywheel/contracts/dialer-constants';

export { CALL_STATUS_LABELS, DIAL_MODES as DIAL_MODE_ORDER, SCRIPT_VARIABLES, DIALER_EVENTS as DIALER_EVENT } from '@flywheel/contracts/dialer-constants';

export type {
  CallSession,
  CallStatusName,
  CallVia,
  DialCustomSource,
  DialerHome,
  DialerSettings,
  DialFilters,
  DialItem,
  DialMode,
  DialModeCount,
  DialSession,
  DispositionOut,
  ItemContext,
  LogDisposition,
  LogDispositionResponse,
  PlaceCall,
  PlaceCallResponse,
  SessionSummary,
  Snooze,
  SnoozePreset,
  StartSession,
  TaskBulk,
  TaskCreate,
  TaskItem,
  TaskListResponse,
  TaskUpdate,
} from '@flywheel/contracts';

export const NOT_INTERESTED_LABELS: Record<NotInterestedReason, string> = {
  money: 'Money',
  timing: 'Timing',
  need: 'No need',
  authority: 'Not the decider',
  competitor: 'Competitor',
  other: 'Other',
};

export const SNOOZE_LABELS: Record<SnoozePreset, string> = { '1h': '1 hour', '3h': '3 hours', tomorrow: 'Tomorrow 9:00', next_week: 'Next week' };


import type { Deps } from '../../platform/deps.ts';
import type { AdvanceOptions } from './driver.ts';

/** What the driver does beyond calls (wired here so the driver depends on no other feature domain). */
export function advanceOptions(_deps: Deps): AdvanceOptions {
  return {};
}

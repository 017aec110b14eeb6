import type { AnyRoute } from '../../platform/http/route.ts';
import { powerRoutes } from './power.routes.ts';
import { powerTwimlRoutes } from './power.twiml.ts';

/** Every HTTP route of the power dialer, for the route table (src/routes.ts). */
export const powerDialerRoutes: AnyRoute[] = [...powerRoutes, ...powerTwimlRoutes];
export { startPowerRunner, type PowerRunner } from './runner.ts';
export { advancePowerSession, type AdvanceResult } from './driver.ts';

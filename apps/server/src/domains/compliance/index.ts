export { complianceRoutes } from './compliance.routes.ts';
export { checkDial, type DialCheck, type GateDecision } from './gate.ts';
export { readComplianceSettings, DEFAULT_COMPLIANCE } from './settings.ts';
export { nextOpening, insideWindow, type HoursWindow } from './hours.ts';
export { gateRefusal } from './refusal.ts';

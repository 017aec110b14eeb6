export * from './leads.ts';
export * from './imports.ts';
export * from './dialer.ts';
export * from './telephony.ts';
export * from './numbers.ts';
export * from './compliance.ts';

export * from './leads.ts';
export * from './imports.ts';

export { seedDemo, DEMO_LOGIN, DEMO_WORKSPACE_NAME, type SeedDemoOptions, type SeedDemoResult } from './seed.ts';

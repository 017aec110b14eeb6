#!/usr/bin/env node
// Browser tests: Playwright drives Debian's Chromium (installed here when missing; Playwright
// never downloads a browser on these machines), against the built app on a fresh data dir.
import fs from 'node:fs';
import { spawnSync } from 'node:child_process';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (!fs.existsSync(CHROMIUM)) {
  console.log('Chromium is missing: installing Debian\'s chromium package…');
  const sudo = process.getuid?.() === 0 ? [] : ['sudo'];
  const run = (args) => spawnSync(sudo.length ? 'sudo' : args[0], sudo.length ? args : args.slice(1), { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  run(['apt-get', 'update', '-qq']);
  const r = run(['apt-get', 'install', '-y', '-qq', 'chromium']);
  if (r.status !== 0 || !fs.existsSync(CHROMIUM)) {
    console.error(`Could not install Chromium (${CHROMIUM}). Install it with: sudo apt-get install -y chromium`);
    process.exit(1);
  }
}
const build = spawnSync('npm', ['run', 'build', '-w', '@flywheel/web', '--silent'], { stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);
const r = spawnSync('npx', ['playwright', 'test', '-c', 'e2e/playwright.config.ts', ...process.argv.slice(2)], { stdio: 'inherit', env: { ...process.env, CHROMIUM_PATH: CHROMIUM } });
process.exit(r.status ?? 1);

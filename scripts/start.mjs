#!/usr/bin/env node
// `npm start [-- --demo] [-- --port N] [-- --role api|worker|all]`: builds the web app when it is
// missing or older than its sources, then starts Flywheel (embedded PGlite unless DATABASE_URL).
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const web = path.join(root, 'apps/web');
const built = path.join(web, 'dist/index.html');

function newestMtime(dir) {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : fs.statSync(p).mtimeMs);
  }
  return newest;
}

const stale = !fs.existsSync(built) || newestMtime(path.join(web, 'src')) > fs.statSync(built).mtimeMs;
if (stale) {
  console.log('Building the web app…');
  const r = spawnSync('npm', ['run', 'build', '-w', '@flywheel/web', '--silent'], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
process.argv = [process.argv[0], 'flywheel', 'serve', ...process.argv.slice(2)];
await import('../apps/server/bin/flywheel.mjs');

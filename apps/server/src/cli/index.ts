import { Command, Option } from 'commander';
import { loadConfig } from '../config.ts';
import { createDeps, closeDeps } from '../platform/runtime.ts';
import { createApiKey, createWorkspaceWithOwner } from '../domains/identity/index.ts';
import { serve } from '../main.ts';
import { migrate } from '../db/migrate.ts';
import { IMPORT_SOURCES } from '@flywheel/contracts';
import { checkImportFile, importLeadsCommand, type ImportLeadsOptions } from '../domains/imports/index.ts';

const program = new Command('flywheel').description('Flywheel — open-source sales operating system').showHelpAfterError();

const roleOption = new Option('--role <role>', 'which part to run').choices(['api', 'worker', 'all']).default('all');

function quietConfig(json?: boolean) {
  return loadConfig(process.env, json ? { logLevel: 'silent' } : { logLevel: 'warn' });
}

program
  .command('serve')
  .description('start the HTTP server and workers (default role: all)')
  .addOption(roleOption)
  .option('--port <port>', 'port to listen on (default $PORT or 3000)', (v) => Number(v))
  .option('--demo', 'load the demo workspace on first start')
  .action(async (o: { role: 'api' | 'worker' | 'all'; port?: number; demo?: boolean }) => {
    await serve({ role: o.role, port: o.port, demo: o.demo });
  });

program
  .command('worker')
  .description('start only the job workers')
  .action(async () => {
    await serve({ role: 'worker' });
  });

program
  .command('migrate')
  .description('apply database migrations and exit')
  .action(async () => {
    const deps = await createDeps(quietConfig());
    const again = await migrate(deps.db);
    console.log(`Database ${deps.db.describe()} is up to date${again.length ? ` (applied ${again.join(', ')})` : ''}.`);
    await closeDeps(deps);
  });

const workspace = program.command('workspace').description('manage workspaces');
workspace
  .command('create')
  .description('create a workspace with its owner; prints the workspace id, user id and an API key')
  .requiredOption('--name <name>', 'workspace name')
  .requiredOption('--owner-email <email>', "owner's email (an existing user is reused)")
  .requiredOption('--owner-password <password>', "owner's password (ignored when the user exists)")
  .option('--json', 'print { workspaceId, userId, apiKey } as JSON')
  .action(async (o: { name: string; ownerEmail: string; ownerPassword: string; json?: boolean }) => {
    const deps = await createDeps(quietConfig(o.json));
    try {
      const { workspaceId, userId } = await createWorkspaceWithOwner(deps.db, { name: o.name, ownerEmail: o.ownerEmail, ownerPassword: o.ownerPassword });
      const key = await createApiKey(deps.db, workspaceId, { name: 'CLI', createdBy: userId });
      if (o.json) console.log(JSON.stringify({ workspaceId, userId, apiKey: key.key }));
      else console.log(`Workspace "${o.name}" created.\n  workspace id: ${workspaceId}\n  owner user id: ${userId}\n  API key: ${key.key}  (shown once — keep it safe)`);
    } finally {
      await closeDeps(deps);
    }
  });

program
  .command('import')
  .description('import data from files')
  .command('leads <file>')
  .description('import leads and contacts from a CSV/XLSX export (HubSpot, Salesforce, Close, Pipedrive or any spreadsheet)')
  .requiredOption('--workspace <id>', 'workspace id')
  .option('--json', 'print { imported, updated, skipped, rejected, reportPath } as JSON')
  .addOption(new Option('--source <source>', 'use the saved mapping of this source (default: detected from the headers)').choices([...IMPORT_SOURCES]))
  .addOption(new Option('--dedupe <mode>', 'rows matching an existing contact by email/phone').choices(['skip', 'update']).default('skip'))
  .option('--stage <key>', 'stage for rows without a recognised stage (default: the first open stage)')
  .action(async (file: string, o: ImportLeadsOptions) => {
    const summary = await checkImportFile(file); // a wrong path fails before the database opens
    const deps = await createDeps(quietConfig(o.json));
    try {
      await importLeadsCommand(deps, file, summary, o);
    } finally {
      await closeDeps(deps);
    }
  });

program
  .command('seed-demo')
  .description('create the demo workspace "Demo Co" (does nothing if it exists); prints its id and the demo login')
  .option('--json', 'print { workspaceId, created, login, counts } as JSON')
  .action(async (o: { json?: boolean }) => {
    const deps = await createDeps(quietConfig(o.json));
    try {
      const { seedDemo } = await import('../domains/demo/index.ts');
      const r = await seedDemo(deps, { ifEmpty: true });
      if (o.json) console.log(JSON.stringify(r));
      else {
        console.log(`${r.created ? 'Created' : 'Found'} the demo workspace "Demo Co".\n  workspace id: ${r.workspaceId}\n  sign in: ${r.login.email} / ${r.login.password}\n  at: ${deps.config.publicUrl}`);
        if (r.counts) console.log(`  ${r.counts.leads} leads, ${r.counts.contacts} contacts, ${r.counts.callSessions} calls, ${r.counts.attempts} logged outcomes, ${r.counts.tasks} tasks`);
      }
    } finally {
      await closeDeps(deps);
    }
  });

program
  .command('health')
  .description('check the database connection and print what it is')
  .option('--json', 'print JSON')
  .action(async (o: { json?: boolean }) => {
    const deps = await createDeps(quietConfig(true));
    const started = Date.now();
    await deps.db.query('SELECT 1');
    const out = { ok: true, database: deps.db.kind, databaseLocation: deps.db.describe(), latencyMs: Date.now() - started };
    console.log(o.json ? JSON.stringify(out) : `ok — ${out.database} at ${out.databaseLocation} (${out.latencyMs} ms)`);
    await closeDeps(deps);
  });

program
  .command('sandbox-carrier')
  .description("run the sandbox carrier on its own (Twilio's call REST API + signed webhooks), e.g. for load tests; point the app at it with SANDBOX_CARRIER_URL")
  .option('--port <port>', 'port to listen on', (v) => Number(v), 4010)
  .option('--host <host>', 'interface to listen on', '127.0.0.1')
  .option('--seed <n>', 'random seed: the same seed plays the same outcomes', (v) => Number(v), 42)
  .option('--time-scale <x>', '1 = real time, 0.1 = ten times faster', (v) => Number(v), 1)
  .option('--public-url <url>', 'URL the carrier is reachable at (recording links)')
  .action(async (o: { port: number; host: string; seed: number; timeScale: number; publicUrl?: string }) => {
    if (!Number.isInteger(o.port) || !Number.isInteger(o.seed) || !(o.timeScale > 0)) throw new Error('--port and --seed must be integers and --time-scale a positive number.');
    const { startStandaloneCarrier } = await import('../platform/providers/sandbox-carrier/standalone.ts');
    const { url } = await startStandaloneCarrier({ port: o.port, host: o.host, seed: o.seed, timeScale: o.timeScale, publicUrl: o.publicUrl });
    console.log(`Sandbox carrier listening at ${url} (seed ${o.seed}, time scale ${o.timeScale}). Set SANDBOX_CARRIER_URL=${url} for the app.`);
  });

program.parseAsync(process.argv).catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
});

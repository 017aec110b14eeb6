import { loadConfig, type Role } from './config.ts';
import { createApp } from './app.ts';
import { closeDeps, createDeps } from './platform/runtime.ts';
import { startWorkers } from './workers.ts';

export interface ServeOptions {
  role?: Role;
  port?: number;
  demo?: boolean;
}

/** Starts Flywheel: the HTTP API (role api), the job workers (role worker) or both (default). */
export async function serve(opts: ServeOptions = {}) {
  const config = loadConfig(process.env, { role: opts.role ?? 'all', ...(opts.port !== undefined ? { port: opts.port } : {}) });
  const deps = await createDeps(config);
  if (opts.demo) {
    const { seedDemo } = await import('./domains/demo/index.ts');
    await seedDemo(deps, { ifEmpty: true });
  }
  await deps.events.start();
  if (config.role !== 'api') await startWorkers(deps);
  else await deps.jobs.start(); // api processes still enqueue jobs
  let app: Awaited<ReturnType<typeof createApp>> | null = null;
  if (config.role !== 'worker') {
    app = await createApp(deps, { serveWeb: true, logger: true });
    await app.listen({ port: config.port, host: config.host });
    deps.log.info(`Flywheel is running at ${config.publicUrl} (database: ${deps.db.describe()}, role: ${config.role})`);
  } else {
    deps.log.info(`Flywheel worker started (database: ${deps.db.describe()})`);
  }
  const shutdown = async () => {
    await app?.close().catch(() => undefined);
    await closeDeps(deps);
    process.exit(0);
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
  return { app, deps };
}

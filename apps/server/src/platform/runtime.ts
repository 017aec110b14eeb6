import path from 'node:path';
import pino from 'pino';
import type { Config } from '../config.ts';
import { openDb, type Db } from '../db/client.ts';
import { migrate } from '../db/migrate.ts';
import type { Deps, Logger } from './deps.ts';
import { createDbEventBus } from './events/bus.ts';
import { createJobQueue } from './jobs/queue.ts';
import { createCaptureEmail } from './providers/email/capture.ts';
import { createSmtpEmail } from './providers/email/smtp.ts';
import { createHealthRecorder, withEmailHealth } from './providers/health.ts';

export function createLogger(config: Pick<Config, 'logLevel'>): Logger {
  return pino({ level: config.logLevel, redact: ['*.password', '*.token', '*.apiKey', '*.authorization'] });
}

/** Opens the database (PGlite in the data dir, or DATABASE_URL), migrates it and wires providers. */
export async function createDeps(config: Config, opts: { db?: Db; log?: Logger } = {}): Promise<Deps> {
  const log = opts.log ?? createLogger(config);
  const db = opts.db ?? (await openDb({ databaseUrl: config.databaseUrl, dataDir: path.join(config.dataDir, 'db') }));
  await migrate(db, (m) => log.info(m));
  const rawEmail = config.smtpUrl ? createSmtpEmail(db, config.smtpUrl, config.mailFrom) : createCaptureEmail(db, config.mailFrom);
  // every workspace's Settings → Providers shows the last email success/error it caused
  const email = withEmailHealth(rawEmail, createHealthRecorder(db, log));
  const events = createDbEventBus(db, { connectionString: config.databaseUrl, log });
  const jobs = createJobQueue(db, log, config.databaseUrl);
  return { config, db, log, email, events, jobs };
}

export async function closeDeps(deps: Deps) {
  await deps.jobs.stop().catch(() => undefined);
  await deps.events.stop().catch(() => undefined);
  await deps.db.close();
}

import type { Config } from '../config.ts';
import type { Db } from '../db/client.ts';
import type { EmailPort } from './providers/email/port.ts';
import type { EventBus } from './events/bus.ts';
import type { JobQueue } from './jobs/queue.ts';

export interface Logger {
  info(obj: unknown, msg?: string): void;
  warn(obj: unknown, msg?: string): void;
  error(obj: unknown, msg?: string): void;
  debug(obj: unknown, msg?: string): void;
}

/** Everything a route, service or job needs from the outside world, built once in main/tests. */
export interface Deps {
  config: Config;
  db: Db;
  log: Logger;
  email: EmailPort;
  events: EventBus;
  jobs: JobQueue;
}

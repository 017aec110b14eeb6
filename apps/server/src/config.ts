import { z } from 'zod';
import path from 'node:path';

// The only reader of process.env: everything else receives a parsed Config.
const EnvSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  FLYWHEEL_DATA_DIR: z.string().default('./.flywheel'),
  DATABASE_URL: z.string().url().optional(),
  PUBLIC_URL: z.string().url().optional(),
  SMTP_URL: z.string().optional(),
  MAIL_FROM: z.string().default('Flywheel <no-reply@flywheel.local>'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  FLYWHEEL_SECRET: z.string().min(16).optional(),
  // the sandbox carrier (platform/providers/sandbox-carrier): 1 = real time, 0.01 = 100× faster
  SANDBOX_CARRIER_TIME_SCALE: z.coerce.number().positive().max(100).default(1),
  SANDBOX_CARRIER_SEED: z.coerce.number().int().default(42),
  // a standalone carrier (`flywheel sandbox-carrier`) instead of the one inside this process
  SANDBOX_CARRIER_URL: z.string().url().optional(),
  // Telegram Bot API server (a self-hosted Bot API server, or a local stub in tests)
  TELEGRAM_API_BASE: z.string().url().optional(),
});

export type Role = 'api' | 'worker' | 'all';

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl?: string;
  publicUrl: string;
  smtpUrl?: string;
  mailFrom: string;
  logLevel: z.infer<typeof EnvSchema>['LOG_LEVEL'];
  secret?: string;
  role: Role;
  sandboxCarrier: { timeScale: number; seed: number; url?: string };
  telegramApiBase?: string;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<Config> = {}): Config {
  // an empty variable (DATABASE_URL=) means unset
  const parsed = EnvSchema.safeParse(Object.fromEntries(Object.entries(env).filter(([, v]) => v !== '')));
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n');
    throw new Error(`Invalid configuration:\n${lines}`);
  }
  const e = parsed.data;
  const port = overrides.port ?? e.PORT;
  return {
    port,
    host: e.HOST,
    dataDir: path.resolve(overrides.dataDir ?? e.FLYWHEEL_DATA_DIR),
    databaseUrl: overrides.databaseUrl ?? e.DATABASE_URL,
    publicUrl: (overrides.publicUrl ?? e.PUBLIC_URL ?? `http://localhost:${port}`).replace(/\/$/, ''),
    smtpUrl: e.SMTP_URL,
    mailFrom: e.MAIL_FROM,
    logLevel: overrides.logLevel ?? e.LOG_LEVEL,
    secret: e.FLYWHEEL_SECRET,
    role: overrides.role ?? 'all',
    sandboxCarrier: overrides.sandboxCarrier ?? { timeScale: e.SANDBOX_CARRIER_TIME_SCALE, seed: e.SANDBOX_CARRIER_SEED, url: e.SANDBOX_CARRIER_URL },
    telegramApiBase: overrides.telegramApiBase ?? e.TELEGRAM_API_BASE,
  };
}

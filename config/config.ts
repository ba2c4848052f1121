import { z } from 'zod';

/** Raised when the environment is invalid; names every bad variable so start fails with a clear message. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');
const port = z.coerce.number().int().min(0).max(65535);
const positiveInt = z.coerce.number().int().positive();
const csv = z.string().transform((v) => v.split(',').map((s) => s.trim()).filter(Boolean));
const durationList = z
  .string()
  .regex(/^\d+(,\d+)*$/, 'must be a comma-separated list of milliseconds')
  .transform((v) => v.split(',').map(Number));

/** Defaults shared with code that can run without a loaded config (the Temporal engine's options). */
export const DEFAULT_TEMPORAL_NAMESPACE = 'default';
export const DEFAULT_TEMPORAL_TASK_QUEUE = 'lantern-lifecycle';

/** Every variable the platform reads. `process.env` is read nowhere else. */
const envSchema = z.object({
  DATABASE_URL: z.url().optional(),
  TEMPORAL_ADDRESS: z.string().min(1).optional(),
  LANTERN_TEMPORAL_NAMESPACE: z.string().min(1).default(DEFAULT_TEMPORAL_NAMESPACE),
  LANTERN_TEMPORAL_TASK_QUEUE: z.string().min(1).default(DEFAULT_TEMPORAL_TASK_QUEUE),
  MEILI_HOST: z.url().optional(),
  MEILI_API_KEY: z.string().min(1).optional(),
  LANTERN_HOST: z.string().min(1).default('127.0.0.1'),
  LANTERN_PORT: port.default(3000),
  LANTERN_PUBLIC_URL: z.url().optional(),
  LANTERN_DATA_DIR: z.string().min(1).default('./.data'),
  LANTERN_EMBEDDED_PG_PORT: port.default(54320),
  LANTERN_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  LANTERN_SEED_DEMO: bool.default(true),
  LANTERN_ADMIN_EMAIL: z.email().default('admin@lantern.local'),
  LANTERN_ADMIN_PASSWORD: z.string().min(10, 'must be at least 10 characters').optional(),
  LANTERN_SESSION_TTL_HOURS: positiveInt.default(12),
  LANTERN_BODY_LIMIT_BYTES: positiveInt.default(1_048_576),
  LANTERN_RATE_LIMIT_PER_KEY: positiveInt.default(1200),
  LANTERN_RATE_LIMIT_PER_IP: positiveInt.default(600),
  LANTERN_RATE_LIMIT_WINDOW_SECONDS: positiveInt.default(60),
  LANTERN_TRUST_PROXY: bool.default(false),
  LANTERN_STORAGE: z.enum(['local', 's3']).default('local'),
  LANTERN_S3_ENDPOINT: z.url().optional(),
  LANTERN_S3_BUCKET: z.string().min(1).optional(),
  LANTERN_S3_REGION: z.string().min(1).default('us-east-1'),
  LANTERN_S3_ACCESS_KEY_ID: z.string().min(1).optional(),
  LANTERN_S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
  LANTERN_ATTACHMENT_MAX_BYTES: positiveInt.default(20 * 1_048_576),
  LANTERN_ATTACHMENT_TYPES: csv.default([
    'image/png', 'image/jpeg', 'image/gif', 'image/webp', 'application/pdf', 'text/plain', 'text/csv',
    'application/zip', 'application/json', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'message/rfc822',
  ]),
  LANTERN_WEBHOOK_TIMEOUT_MS: positiveInt.default(10_000),
  // Default retry schedule spans ~32 hours so a receiver down for a day loses nothing.
  LANTERN_WEBHOOK_RETRY_SCHEDULE_MS: durationList.default([
    10_000, 30_000, 60_000, 300_000, 900_000, 1_800_000, 3_600_000, 7_200_000, 14_400_000, 28_800_000,
    28_800_000, 28_800_000,
  ]),
  LANTERN_WORKER_CONCURRENCY: positiveInt.default(5),
  // Assignees offline this long lose their open tickets to routing (activities/routing: routing_sweep).
  LANTERN_ROUTING_OFFLINE_REASSIGN_MINUTES: positiveInt.default(30),
  // Signs links sent to customers (CSAT surveys). Unset: generated once and kept in the data directory.
  LANTERN_SECRET_KEY: z.string().min(32, 'must be at least 32 characters').optional(),
  // Plugin platform (docs/plugins.md). The built-in catalog folder defaults to the repository's plugins/.
  LANTERN_PLUGINS_DIR: z.string().min(1).optional(),
  LANTERN_PLUGINS_SUPERVISE: bool.default(true),
  LANTERN_PLUGIN_HOST_BIND: z.string().min(1).default('127.0.0.1'),
  LANTERN_PLUGIN_HOST_PORT: port.default(0),
  LANTERN_PLUGIN_RATE_LIMIT_PER_SECOND: positiveInt.default(200),
  LANTERN_PLUGIN_WEBHOOK_MAX_BYTES: positiveInt.default(1_048_576),
  LANTERN_PLUGIN_CATALOG_TIMEOUT_MS: positiveInt.default(10_000),
  // Email channel (docs/email.md). Outbound default relay, e.g. smtp://user:pass@relay.example.com:587.
  LANTERN_SMTP_RELAY_URL: z.url().optional(),
  LANTERN_SMTP_INBOUND_ENABLED: bool.default(true),
  LANTERN_SMTP_INBOUND_HOST: z.string().min(1).default('127.0.0.1'),
  LANTERN_SMTP_INBOUND_PORT: port.default(2525),
  LANTERN_EMAIL_MAX_BYTES: positiveInt.default(25 * 1_048_576),
  LANTERN_EMAIL_DOMAIN: z.string().min(1).optional(),
  LANTERN_EMAIL_RATE_LIMIT_PER_HOUR: positiveInt.default(30),
  LANTERN_EMAIL_SPAM_THRESHOLD: z.coerce.number().default(5),
  LANTERN_IMAP_POLL_SECONDS: positiveInt.default(60),
  // Web push (docs/notifications.md): accept plain-http loopback push endpoints (local stand-ins in tests only).
  LANTERN_PUSH_ALLOW_HTTP_ENDPOINTS: bool.default(false),
});

type Env = z.infer<typeof envSchema>;

export type Config = {
  databaseUrl: string | undefined;
  temporalAddress: string | undefined;
  /** Where the ticket lifecycle workflows live when TEMPORAL_ADDRESS is set (worker and client must agree). */
  temporalNamespace: string;
  temporalTaskQueue: string;
  meili: { host: string | undefined; apiKey: string | undefined };
  http: { host: string; port: number; publicUrl: string | undefined; bodyLimitBytes: number; trustProxy: boolean };
  dataDir: string;
  embeddedPostgresPort: number;
  logLevel: Env['LANTERN_LOG_LEVEL'];
  seed: { demo: boolean; adminEmail: string; adminPassword: string | undefined };
  sessionTtlHours: number;
  rateLimit: { perKey: number; perIp: number; windowSeconds: number };
  storage:
    | { kind: 'local' }
    | { kind: 's3'; endpoint: string | undefined; bucket: string; region: string; accessKeyId: string; secretAccessKey: string };
  attachments: { maxBytes: number; allowedTypes: string[] };
  webhooks: { timeoutMs: number; retryScheduleMs: number[] };
  workerConcurrency: number;
  routing: { offlineReassignMinutes: number };
  /** From LANTERN_SECRET_KEY; when undefined, services/secret-key.ts keeps a generated one in `dataDir`. */
  secretKey: string | undefined;
  plugins: {
    /** Folder of built-in plugin sources (the local catalog); undefined: the repository's plugins/. */
    catalogDir: string | undefined;
    /** This process may run the plugin supervisor and Host server (one process wins an advisory lock). */
    supervise: boolean;
    hostBind: string;
    /** 0: a random free port. */
    hostPort: number;
    rateLimitPerSecond: number;
    webhookMaxBytes: number;
    catalogTimeoutMs: number;
  };
  email: {
    /** Default outbound relay for support addresses without their own SMTP settings; undefined: email replies stay queued. */
    relayUrl: string | undefined;
    inbound: { enabled: boolean; host: string; port: number };
    maxBytes: number;
    /** Domain of the Message-IDs we create; also how our own mail is recognised coming back (loop guard). */
    domain: string;
    rateLimitPerHour: number;
    spamThreshold: number;
    imapPollSeconds: number;
  };
  /** Web push: only https push service endpoints unless loopback http is allowed (test stand-ins). */
  push: { allowHttpEndpoints: boolean };
};

/** Parse the environment once at boot; throws ConfigError naming each bad variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const relevant = Object.fromEntries(
    Object.entries(env).filter(([k, v]) => k in envSchema.shape && v !== undefined && v !== ''),
  );
  const parsed = envSchema.safeParse(relevant);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  }
  const e = parsed.data;
  return {
    databaseUrl: e.DATABASE_URL,
    temporalAddress: e.TEMPORAL_ADDRESS,
    temporalNamespace: e.LANTERN_TEMPORAL_NAMESPACE,
    temporalTaskQueue: e.LANTERN_TEMPORAL_TASK_QUEUE,
    meili: { host: e.MEILI_HOST, apiKey: e.MEILI_API_KEY },
    http: {
      host: e.LANTERN_HOST,
      port: e.LANTERN_PORT,
      publicUrl: e.LANTERN_PUBLIC_URL,
      bodyLimitBytes: e.LANTERN_BODY_LIMIT_BYTES,
      trustProxy: e.LANTERN_TRUST_PROXY,
    },
    dataDir: e.LANTERN_DATA_DIR,
    embeddedPostgresPort: e.LANTERN_EMBEDDED_PG_PORT,
    logLevel: e.LANTERN_LOG_LEVEL,
    seed: { demo: e.LANTERN_SEED_DEMO, adminEmail: e.LANTERN_ADMIN_EMAIL, adminPassword: e.LANTERN_ADMIN_PASSWORD },
    sessionTtlHours: e.LANTERN_SESSION_TTL_HOURS,
    rateLimit: { perKey: e.LANTERN_RATE_LIMIT_PER_KEY, perIp: e.LANTERN_RATE_LIMIT_PER_IP, windowSeconds: e.LANTERN_RATE_LIMIT_WINDOW_SECONDS },
    storage: s3OrLocal(e),
    attachments: { maxBytes: e.LANTERN_ATTACHMENT_MAX_BYTES, allowedTypes: e.LANTERN_ATTACHMENT_TYPES },
    webhooks: { timeoutMs: e.LANTERN_WEBHOOK_TIMEOUT_MS, retryScheduleMs: e.LANTERN_WEBHOOK_RETRY_SCHEDULE_MS },
    workerConcurrency: e.LANTERN_WORKER_CONCURRENCY,
    routing: { offlineReassignMinutes: e.LANTERN_ROUTING_OFFLINE_REASSIGN_MINUTES },
    secretKey: e.LANTERN_SECRET_KEY,
    plugins: {
      catalogDir: e.LANTERN_PLUGINS_DIR,
      supervise: e.LANTERN_PLUGINS_SUPERVISE,
      hostBind: e.LANTERN_PLUGIN_HOST_BIND,
      hostPort: e.LANTERN_PLUGIN_HOST_PORT,
      rateLimitPerSecond: e.LANTERN_PLUGIN_RATE_LIMIT_PER_SECOND,
      webhookMaxBytes: e.LANTERN_PLUGIN_WEBHOOK_MAX_BYTES,
      catalogTimeoutMs: e.LANTERN_PLUGIN_CATALOG_TIMEOUT_MS,
    },
    email: {
      relayUrl: e.LANTERN_SMTP_RELAY_URL,
      inbound: { enabled: e.LANTERN_SMTP_INBOUND_ENABLED, host: e.LANTERN_SMTP_INBOUND_HOST, port: e.LANTERN_SMTP_INBOUND_PORT },
      maxBytes: e.LANTERN_EMAIL_MAX_BYTES,
      domain: e.LANTERN_EMAIL_DOMAIN ?? (e.LANTERN_PUBLIC_URL ? new URL(e.LANTERN_PUBLIC_URL).hostname : 'lantern.local'),
      rateLimitPerHour: e.LANTERN_EMAIL_RATE_LIMIT_PER_HOUR,
      spamThreshold: e.LANTERN_EMAIL_SPAM_THRESHOLD,
      imapPollSeconds: e.LANTERN_IMAP_POLL_SECONDS,
    },
    push: { allowHttpEndpoints: e.LANTERN_PUSH_ALLOW_HTTP_ENDPOINTS },
  };
}

function s3OrLocal(e: Env): Config['storage'] {
  if (e.LANTERN_STORAGE === 'local') return { kind: 'local' };
  const missing = (['LANTERN_S3_BUCKET', 'LANTERN_S3_ACCESS_KEY_ID', 'LANTERN_S3_SECRET_ACCESS_KEY'] as const).filter((k) => !e[k]);
  if (missing.length) throw new ConfigError(missing.map((k) => `${k}: required when LANTERN_STORAGE=s3`));
  return {
    kind: 's3',
    endpoint: e.LANTERN_S3_ENDPOINT,
    bucket: e.LANTERN_S3_BUCKET!,
    region: e.LANTERN_S3_REGION,
    accessKeyId: e.LANTERN_S3_ACCESS_KEY_ID!,
    secretAccessKey: e.LANTERN_S3_SECRET_ACCESS_KEY!,
  };
}

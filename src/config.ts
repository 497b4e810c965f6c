import { z } from 'zod';
import { parseFrequencyCaps } from './dsl/frequencyCaps.js';
import { credentialList } from './api/auth/credentials.js';
import { localSecrets } from './security/localSecrets.js';
import { payloadKeyList, type PayloadKey } from './security/payloadKeys.js';
import { readConsoleUsers } from './console/users.js';

const secret = z.string().min(16, 'use at least 16 characters, e.g. `openssl rand -hex 32`');

/**
 * Everything Peygir reads from the environment, validated once at boot.
 * A bad value stops the process with a message that names the variable.
 */
const configSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65_535).default(3000),
  HOST: z.string().default('127.0.0.1'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** host:port of an existing Temporal frontend; unset → `npm start` runs the embedded dev server. */
  TEMPORAL_ADDRESS: z.string().regex(/^[\w.-]+:\d+$/, 'expected host:port, e.g. localhost:7233').optional(),
  TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
  TEMPORAL_TASK_QUEUE: z.string().min(1).default('peygir'),
  /** What this process runs: `all` (worker + API), `worker` or `api`; the last two need TEMPORAL_ADDRESS (scale each on its own). */
  PEYGIR_ROLE: z.enum(['all', 'worker', 'api']).default('all'),
  /** A workflow bundle prebuilt by `scripts/bundle-workflows.ts` (the Docker image has one); unset → workflows/ is bundled at start. */
  WORKFLOW_BUNDLE: z.string().optional(),
  /** Ports of the embedded dev server (only used when TEMPORAL_ADDRESS is unset). */
  TEMPORAL_DEV_PORT: z.coerce.number().int().min(1).max(65_535).default(7233),
  TEMPORAL_UI_PORT: z.coerce.number().int().min(1).max(65_535).default(8233),
  /** Path to a `temporal` CLI binary; otherwise PATH, then .tools/, then `go install`. */
  TEMPORAL_CLI: z.string().optional(),
  /** Serve the Temporal SDK's worker metrics (Prometheus) on this port; unset → not served. */
  TEMPORAL_METRICS_PORT: z.coerce.number().int().min(1).max(65_535).optional(),
  /** PEYGIR_ROLE=worker only: serve /metrics, /healthz and /readyz on this port (on HOST); with the API, its PORT serves them. */
  WORKER_METRICS_PORT: z.coerce.number().int().min(1).max(65_535).default(9464),
  /** Where the dev server keeps its SQLite file, the local mail catcher its .eml files, and the embedded store (PGlite) its database (store/). */
  PEYGIR_DATA_DIR: z.string().default('.data'),
  /** The customer store on PostgreSQL, postgres://user:password@host:5432/peygir; unset → embedded PGlite in PEYGIR_DATA_DIR/store (one process only). */
  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\/[^/]+\/[^/?]+/, 'expected postgres://user:password@host:5432/database').optional(),
  SEQUENCES_DIR: z.string().default('sequences'),
  /** `true` → reload the sequences whenever a file in SEQUENCES_DIR changes (`npm run dev` sets it); otherwise `POST /v1/sequences/reload`. */
  SEQUENCES_WATCH: z.enum(['true', 'false']).default('false').transform((value) => value === 'true'),
  /** smtp://user:pass@host:port or smtps://…; unset → mail is caught locally in PEYGIR_DATA_DIR/outbox. */
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'expected smtp://user:pass@host:port or smtps://…')
    .optional(),
  MAIL_FROM: z.string().default('Peygir <noreply@peygir.local>'),
  /** Frequency caps per customer across all sequences, e.g. "email:3/1d,sms:2/1d,call:1/1d"; empty → no caps. */
  FREQUENCY_CAPS: z
    .string()
    .default('email:3/1d,sms:2/1d,call:2/1d')
    .transform((text, context) => {
      const caps = parseFrequencyCaps(text);
      if (typeof caps === 'string') context.addIssue({ code: 'custom', message: caps });
      return typeof caps === 'string' ? {} : caps;
    }),
  /** Changes to the shipped Iranian holidays (data/holidays/iran.json) for this installation: a YAML/JSON file with `add:` and `remove:` lists of dates. */
  HOLIDAYS_FILE: z.string().min(1).optional(),
  /** The lifecycle stages' thresholds (data/lifecycle.yaml when unset); checked at start. */
  LIFECYCLE_FILE: z.string().min(1).optional(),
  /** Signs unsubscribe/open/click links (HMAC-SHA256). Both secrets: required in production shapes, else kept in PEYGIR_DATA_DIR (`secretsFor`). */
  PEYGIR_SECRET: secret.optional(),
  /** Where customers reach the API from outside (unsubscribe, open pixel, click links in emails); unset → http://localhost:PORT. */
  PUBLIC_BASE_URL: z.url({ protocol: /^https?$/ }).optional(),
  /** How many days a tracked link in an email keeps redirecting; after that the tracker answers 410. */
  CLICK_LINK_MAX_AGE_DAYS: z.coerce.number().int().min(1).max(3650).default(90),
  /** A CRM / call-center endpoint that receives every opened call task as a signed webhook; unset → tasks live only in Peygir. */
  CRM_WEBHOOK_URL: z.url({ protocol: /^https?$/ }).optional(),
  /** Signs outgoing webhooks (X-Peygir-Signature); receivers verify with it. Separate from PEYGIR_SECRET, so a receiver cannot forge email links. */
  WEBHOOK_SECRET: secret.optional(),
  /** Kavenegar API key for SMS and automated calls; unset → sms/call steps fail as ChannelNotConfigured (and are skipped). */
  KAVENEGAR_API_KEY: z.string().min(1).optional(),
  KAVENEGAR_BASE_URL: z.url({ protocol: /^https?$/ }).default('https://api.kavenegar.com/v1'),
  /** Per-source API keys for the webhook API, `source:key,…` (Bearer); unset together with WEBHOOK_SIGNING_SECRETS → the API is open (development). */
  API_KEYS: credentialList('API_KEYS').default([]),
  /** Per-source HMAC secrets for signed webhooks (`X-Peygir-Signature: t=…,v1=…`), `source:secret,…`. */
  WEBHOOK_SIGNING_SECRETS: credentialList('WEBHOOK_SIGNING_SECRETS').default([]),
  /** How old a signature's timestamp may be (either way) before the request is rejected as a replay. */
  SIGNATURE_TOLERANCE_SECONDS: z.coerce.number().int().min(1).max(3_600).default(300),
  /** Failed authentications per minute a client address may make before every request from it gets 429 for the rest of the minute. */
  AUTH_FAILURES_PER_MINUTE: z.coerce.number().int().min(1).default(20),
  /**
   * Behind a load balancer or reverse proxy: which proxies to believe about the client address (X-Forwarded-For),
   * as Fastify's trustProxy: `true` (any), or the proxies' addresses/CIDRs (`10.0.0.0/8,127.0.0.1`); unset → the socket's address.
   */
  TRUST_PROXY: z
    .string()
    .optional()
    .transform((value) => (value === undefined || value === 'false' ? false : value === 'true' ? true : value)),
  /** Requests per minute each source may make to /v1 (429 beyond). */
  RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(1_200),
  /** Temporal Web UI for deep links in API answers; unset → the embedded dev server's UI, else http://localhost:8233. */
  TEMPORAL_UI_URL: z.url({ protocol: /^https?$/ }).optional(),
  /** `true` → customer emails, phones and names appear in logs (debugging only). */
  LOG_PII: z.enum(['true', 'false']).default('false').transform((value) => value === 'true'),
  /** Kavenegar sender line (e.g. 10004346); unset → the account's default line. */
  KAVENEGAR_SENDER: z.string().regex(/^\d+$/, 'a Kavenegar line number, digits only').optional(),
  /** `production` (the Docker image sets it) makes PEYGIR_SECRET, WEBHOOK_SECRET and PAYLOAD_KEYS required. */
  NODE_ENV: z.string().optional(),
  /** AES-256 keys for Temporal payloads, `id:base64key,…` (keep old ones listed); unset → a key made once in PEYGIR_DATA_DIR. */
  PAYLOAD_KEYS: payloadKeyList.default([]),
  /** Which of PAYLOAD_KEYS seals new payloads; may be left out when there is only one. */
  PAYLOAD_KEY_ID: z.string().optional(),
  /** Who may log in to the console at /console: a YAML list of `{ name, role, passwordHash }` (README "Console"); unset → nobody. */
  CONSOLE_USERS_FILE: z
    .string()
    .optional()
    .transform((file, context) => {
      if (file === undefined) return [];
      const users = readConsoleUsers(file);
      if (typeof users === 'string') context.addIssue({ code: 'custom', message: users });
      return typeof users === 'string' ? [] : users;
    }),
  /** Failed and successful console logins per minute a client address may try (429 beyond). */
  CONSOLE_LOGINS_PER_MINUTE: z.coerce.number().int().min(1).default(10),
})
  .refine((config) => (config.PAYLOAD_KEY_ID === undefined ? config.PAYLOAD_KEYS.length <= 1 : config.PAYLOAD_KEYS.some((key) => key.id === config.PAYLOAD_KEY_ID)), {
    path: ['PAYLOAD_KEY_ID'],
    message: 'name the key that seals new payloads: one of the ids in PAYLOAD_KEYS',
  })
  .refine((config) => config.PEYGIR_ROLE === 'all' || config.TEMPORAL_ADDRESS, {
    path: ['PEYGIR_ROLE'],
    message: 'a lone worker or API needs a Temporal cluster: set TEMPORAL_ADDRESS (or use PEYGIR_ROLE=all for the embedded dev server)',
  })
  .refine((config) => config.PEYGIR_ROLE === 'all' || config.DATABASE_URL, {
    path: ['DATABASE_URL'],
    message: 'a lone worker or API shares the customer store with the other processes: set DATABASE_URL to a PostgreSQL database (the embedded PGlite serves one process)',
  })
  .superRefine((config, context) => {
    const production = productionShape(config);
    if (!production) return;
    for (const variable of ['PEYGIR_SECRET', 'WEBHOOK_SECRET'] as const) {
      if (config[variable] !== undefined) continue;
      context.addIssue({
        code: 'custom',
        path: [variable],
        message: `required ${production}: set a long random value (\`openssl rand -hex 32\`), the same on every Peygir process`,
      });
    }
    if (config.PAYLOAD_KEYS.length === 0) {
      context.addIssue({
        code: 'custom',
        path: ['PAYLOAD_KEYS'],
        message: `required ${production}: every worker and API process must share the payload keys (e.g. k1:$(openssl rand -base64 32))`,
      });
    }
  })
  .transform(({ PEYGIR_SECRET, WEBHOOK_SECRET, PAYLOAD_KEYS, PUBLIC_BASE_URL, ...config }) => ({
    ...config,
    ...secretsFor({ PEYGIR_SECRET, WEBHOOK_SECRET, PAYLOAD_KEYS }, config.PEYGIR_DATA_DIR),
    PUBLIC_BASE_URL: PUBLIC_BASE_URL ?? `http://localhost:${config.PORT}`,
  }));

/**
 * Why this process must be given its secrets, or undefined for `npm start` on a workstation. A split role,
 * a cluster or the Docker image means links signed here are read elsewhere and are worth forging.
 */
function productionShape(config: { PEYGIR_ROLE: string; TEMPORAL_ADDRESS?: string | undefined; NODE_ENV?: string | undefined }): string | undefined {
  if (config.PEYGIR_ROLE !== 'all') return `with PEYGIR_ROLE=${config.PEYGIR_ROLE}`;
  if (config.TEMPORAL_ADDRESS) return 'with TEMPORAL_ADDRESS set';
  if (config.NODE_ENV === 'production') return 'with NODE_ENV=production (the Docker image)';
  return undefined;
}

interface Secrets {
  PEYGIR_SECRET: string;
  WEBHOOK_SECRET: string;
  PAYLOAD_KEYS: PayloadKey[];
}

/** The secrets given, or (development only, see productionShape) the random ones kept in the data folder. */
function secretsFor(given: Partial<Omit<Secrets, 'PAYLOAD_KEYS'>> & Pick<Secrets, 'PAYLOAD_KEYS'>, dataDir: string): Secrets {
  const { PEYGIR_SECRET, WEBHOOK_SECRET, PAYLOAD_KEYS } = given;
  if (PEYGIR_SECRET && WEBHOOK_SECRET && PAYLOAD_KEYS.length > 0) return { PEYGIR_SECRET, WEBHOOK_SECRET, PAYLOAD_KEYS };
  const kept = localSecrets(dataDir);
  return {
    PEYGIR_SECRET: PEYGIR_SECRET ?? kept.PEYGIR_SECRET,
    WEBHOOK_SECRET: WEBHOOK_SECRET ?? kept.WEBHOOK_SECRET,
    PAYLOAD_KEYS: PAYLOAD_KEYS.length > 0 ? PAYLOAD_KEYS : [kept.PAYLOAD_KEY],
  };
}

export type Config = z.infer<typeof configSchema>;

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = configSchema.safeParse(
    Object.fromEntries(Object.entries(env).filter(([, value]) => value !== '')),
  );
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map(
    (issue) => `  ${issue.path.join('.')}: ${issue.message}${shown(String(issue.path[0]), env)}`,
  );
  throw new ConfigError(`Invalid configuration in environment:\n${problems.join('\n')}\nSee README "Configuration".`);
}

/** The bad value, unless it is or may hold a secret (a too-short PEYGIR_SECRET, a database password must not end up in a log). */
function shown(variable: string, env: NodeJS.ProcessEnv): string {
  return /SECRET|KEY|PASSWORD|DATABASE_URL/.test(variable) ? '' : ` (got ${JSON.stringify(env[variable])})`;
}

import { z } from 'zod';
import { parseFrequencyCaps } from './dsl/frequencyCaps.js';
import { credentialList } from './api/auth/credentials.js';

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
  /** Signs unsubscribe/open/click links and outgoing webhooks (HMAC-SHA256); set a long random value in production. */
  PEYGIR_SECRET: z.string().min(16, 'use at least 16 characters, e.g. `openssl rand -hex 32`').default('peygir-dev-secret-not-for-production'),
  /** Where customers reach the API from outside (unsubscribe, open pixel, click links in emails). */
  PUBLIC_BASE_URL: z.url({ protocol: /^https?$/ }).default('http://localhost:3000'),
  /** A CRM / call-center endpoint that receives every opened call task as a signed webhook; unset → tasks live only in Peygir. */
  CRM_WEBHOOK_URL: z.url({ protocol: /^https?$/ }).optional(),
  /** Signs outgoing webhooks (X-Peygir-Signature); receivers verify with it. Separate from PEYGIR_SECRET, so a receiver cannot forge email links. */
  WEBHOOK_SECRET: z.string().min(16, 'use at least 16 characters, e.g. `openssl rand -hex 32`').default('peygir-dev-webhook-secret'),
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
}).refine((config) => config.PEYGIR_ROLE === 'all' || config.TEMPORAL_ADDRESS, {
  path: ['PEYGIR_ROLE'],
  message: 'a lone worker or API needs a Temporal cluster: set TEMPORAL_ADDRESS (or use PEYGIR_ROLE=all for the embedded dev server)',
}).refine((config) => config.PEYGIR_ROLE === 'all' || config.DATABASE_URL, {
  path: ['DATABASE_URL'],
  message: 'a lone worker or API shares the customer store with the other processes: set DATABASE_URL to a PostgreSQL database (the embedded PGlite serves one process)',
});

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

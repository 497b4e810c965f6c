import { z } from 'zod';

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
  /** Ports of the embedded dev server (only used when TEMPORAL_ADDRESS is unset). */
  TEMPORAL_DEV_PORT: z.coerce.number().int().min(1).max(65_535).default(7233),
  TEMPORAL_UI_PORT: z.coerce.number().int().min(1).max(65_535).default(8233),
  /** Path to a `temporal` CLI binary; otherwise PATH, then .tools/, then `go install`. */
  TEMPORAL_CLI: z.string().optional(),
  /** Where the dev server keeps its SQLite file and the local mail catcher its .eml files. */
  PEYGIR_DATA_DIR: z.string().default('.data'),
  SEQUENCES_DIR: z.string().default('sequences'),
  /** smtp://user:pass@host:port or smtps://…; unset → mail is caught locally in PEYGIR_DATA_DIR/outbox. */
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'expected smtp://user:pass@host:port or smtps://…')
    .optional(),
  MAIL_FROM: z.string().default('Peygir <noreply@peygir.local>'),
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
  /** Kavenegar sender line (e.g. 10004346); unset → the account's default line. */
  KAVENEGAR_SENDER: z.string().regex(/^\d+$/, 'a Kavenegar line number, digits only').optional(),
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

/** The bad value, unless it is a secret (a too-short PEYGIR_SECRET must not end up in a log). */
function shown(variable: string, env: NodeJS.ProcessEnv): string {
  return /SECRET|KEY|PASSWORD/.test(variable) ? '' : ` (got ${JSON.stringify(env[variable])})`;
}

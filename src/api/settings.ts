import type { Config } from '../config.js';
import type { ConsoleUser } from '../console/users.js';
import type { AuthSettings } from './auth/authentication.js';

/** How the API behaves, from the configuration: who may call it, how often, where the Temporal UI is. */
export interface ApiSettings {
  auth: AuthSettings;
  /** Requests per minute and source on /v1. */
  rateLimitPerMinute: number;
  /** Which proxies' X-Forwarded-For to believe (rate limits and failed-auth limits go by client address). */
  trustProxy: boolean | string;
  /** Base URL of the Temporal Web UI, for deep links in answers. */
  temporalUiUrl: string;
  /** Console users (CONSOLE_USERS_FILE) and how many logins a minute each client address may try. */
  console: { users: ConsoleUser[]; loginsPerMinute: number };
}

export const DEFAULT_TEMPORAL_UI_URL = 'http://localhost:8233';

export function apiSettingsFromConfig(config: Config, devServerUiUrl?: string): ApiSettings {
  return {
    auth: {
      apiKeys: config.API_KEYS,
      signingSecrets: config.WEBHOOK_SIGNING_SECRETS,
      signatureToleranceSeconds: config.SIGNATURE_TOLERANCE_SECONDS,
      failuresPerMinute: config.AUTH_FAILURES_PER_MINUTE,
    },
    rateLimitPerMinute: config.RATE_LIMIT_PER_MINUTE,
    trustProxy: config.TRUST_PROXY,
    temporalUiUrl: config.TEMPORAL_UI_URL ?? devServerUiUrl ?? DEFAULT_TEMPORAL_UI_URL,
    console: { users: config.CONSOLE_USERS_FILE, loginsPerMinute: config.CONSOLE_LOGINS_PER_MINUTE },
  };
}

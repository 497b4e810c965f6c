import { join } from 'node:path';
import { createMailer } from '../../activities/channels/email/mailer.js';
import { createKavenegarClient } from '../../activities/channels/kavenegar/client.js';
import type { Config } from '../config.js';
import type { SequenceRegistry } from '../dsl/registry.js';
import type { Logger } from '../logger.js';
import type { Metrics } from '../metrics/registry.js';
import type { Store } from '../store/store.js';
import { linkSettingsFromConfig } from '../security/links.js';
import { loadHolidays } from '../schedule/holidayFile.js';
import type { WorkerDeps } from './worker.js';

/** The worker's dependencies as the configuration says: real SMTP (or the local outbox), Kavenegar, secrets, the store, metrics. */
export function workerDepsFromConfig(config: Config, sequences: SequenceRegistry, store: Store, log: Logger, metrics?: Metrics): WorkerDeps {
  return {
    store,
    mailer: createMailer({ smtpUrl: config.SMTP_URL, outboxDir: join(config.PEYGIR_DATA_DIR, 'outbox') }, log),
    mailFrom: config.MAIL_FROM,
    sequences,
    log,
    sms: config.KAVENEGAR_API_KEY ? createKavenegarClient({ apiKey: config.KAVENEGAR_API_KEY, baseUrl: config.KAVENEGAR_BASE_URL }) : undefined,
    smsSender: config.KAVENEGAR_SENDER,
    links: linkSettingsFromConfig(config),
    webhookSecret: config.WEBHOOK_SECRET,
    crmWebhookUrl: config.CRM_WEBHOOK_URL,
    frequencyCaps: config.FREQUENCY_CAPS,
    holidays: loadHolidays(config.HOLIDAYS_FILE),
    ...(metrics ? { metrics } : {}),
  };
}

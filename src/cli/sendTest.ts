import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ApplicationFailure } from '@temporalio/activity';
import { pino } from 'pino';
import { z } from 'zod';
import { createSendEmail } from '../../activities/channels/email/sendEmail.js';
import { createMailer, type Mailer } from '../../activities/channels/email/mailer.js';
import { createKavenegarClient, type KavenegarClient } from '../../activities/channels/kavenegar/client.js';
import { createSmsActivities } from '../../activities/channels/sms/activities.js';
import type { SequenceDefinition } from '../dsl/definition.js';
import { normalizeIranianMobile } from '../locale/phone.js';
import { createLinks, linkSettingsFromConfig } from '../security/links.js';
import { eventScriptSchema, previewCustomerSchema } from '../preview/script.js';
import { CliError, EXIT } from './errors.js';
import { parseWith, readData } from './input.js';
import { configFrom } from './preview.js';
import { findSequence, sequencesDir } from './sequences.js';

/** How a test message says what it is: a subject prefix and header for email, a prefix for SMS and calls. */
export const TEST_MARK = { subject: '[TEST] ', header: 'X-Peygir-Test', sms: { fa: '[آزمایشی] ', en: '[TEST] ' } } as const;

export interface SendTestOptions {
  dir?: string | undefined;
  to?: string | undefined;
  customer?: string | undefined;
  events?: string | undefined;
}

/**
 * `peygir send-test <sequence> <template> --to <address or phone>`: one real message through the
 * configured SMTP server (SMTP_URL, else the local outbox) or Kavenegar (KAVENEGAR_API_KEY), rendered
 * by the workers' own channel code with the sequence's sample customer and trigger, and marked as a test.
 */
export async function sendTestCommand(name: string, templateName: string, options: SendTestOptions, env: NodeJS.ProcessEnv = process.env): Promise<string> {
  if (!options.to) throw new CliError('send-test needs --to <email address or mobile number>');
  const definition = await findSequence(name, sequencesDir(options.dir));
  const template = definition.templates[templateName];
  if (!template) throw new CliError(`sequence ${definition.id} has no template "${templateName}" (it has ${Object.keys(definition.templates).join(', ') || 'none'})`);
  const { customer, triggerData } = await sample(definition, sequencesDir(options.dir), options);
  const to = options.to.trim();
  const channel = to.includes('@') ? 'email' : template.sms ? 'sms' : template.call ? 'call' : 'sms';
  if (channel === 'email' && !z.email().safeParse(to).success) throw new CliError(`--to ${to} is not an email address like name@example.com`);
  if (channel !== 'email') {
    const phone = normalizeIranianMobile(to);
    if (!phone.ok) throw new CliError(`--to ${to} is neither an email address nor an Iranian mobile number: ${phone.reason}`);
  }
  if (!template[channel]) throw new CliError(`template "${templateName}" has no ${channel} text`);

  const config = configFrom(env);
  const log = pino({ level: 'silent' });
  const { customerId = 'send-test', ...profile } = customer;
  const trigger = { eventId: 'send-test', type: definition.trigger.event, customerId, data: triggerData };
  const message = {
    messageKey: `send-test/${definition.id}/${templateName}/${Date.now()}`,
    locale: profile.locale ?? 'fa',
    template,
    context: { customer: profile, event: trigger, trigger },
    customerId,
  };
  try {
    if (channel === 'email') {
      const mailer = testMarked(createMailer({ smtpUrl: config.SMTP_URL, outboxDir: join(config.PEYGIR_DATA_DIR, 'outbox') }, log));
      const sendEmail = createSendEmail({ mailer, from: definition.email?.from ?? config.MAIL_FROM, links: createLinks(linkSettingsFromConfig(config)), log });
      try {
        await sendEmail({ ...message, to, sequenceId: definition.id, ...(definition.email?.replyTo ? { replyTo: definition.email.replyTo } : {}) });
      } finally {
        mailer.close();
      }
      return `sent a test email (${templateName}) to ${to} through ${config.SMTP_URL ? 'SMTP_URL' : `the local outbox ${join(config.PEYGIR_DATA_DIR, 'outbox')}`}`;
    }
    if (!config.KAVENEGAR_API_KEY) throw new CliError('SMS and calls need KAVENEGAR_API_KEY (and KAVENEGAR_SENDER for your line)', EXIT.unavailable);
    const sms = testMarkedSms(createKavenegarClient({ apiKey: config.KAVENEGAR_API_KEY, baseUrl: config.KAVENEGAR_BASE_URL }), message.locale);
    const activities = createSmsActivities({ sms, sender: config.KAVENEGAR_SENDER, log });
    const sent = await (channel === 'sms' ? activities.sendSms({ ...message, to }) : activities.placeCall({ ...message, to }));
    return `sent a test ${channel === 'sms' ? 'SMS' : 'call'} (${templateName}) to ${sent.receptor} through Kavenegar, message id ${sent.messageId}`;
  } catch (error) {
    if (error instanceof ApplicationFailure) throw new CliError(`not sent: ${error.message} (${error.type ?? 'error'})`, EXIT.unavailable);
    throw error;
  }
}

/** The sample customer (--customer, else samples/sara.json beside the sequences) and the trigger's data from its events script. */
async function sample(definition: SequenceDefinition, dir: string, options: SendTestOptions) {
  const samples = join(dir, 'samples');
  const customerFile = options.customer ?? join(samples, 'sara.json');
  const eventsFile = options.events ?? join(samples, `${definition.id}.events.yaml`);
  const customer = parseWith(previewCustomerSchema, await readData(customerFile), customerFile);
  const script = existsSync(eventsFile) ? parseWith(eventScriptSchema, await readData(eventsFile), eventsFile) : eventScriptSchema.parse({});
  return { customer, triggerData: script.trigger?.data ?? {} };
}

/** Every email says it is a test: `[TEST] ` before the subject and an `X-Peygir-Test: 1` header. */
function testMarked(mailer: Mailer): Mailer {
  return {
    send: (message) => mailer.send({ ...message, subject: `${TEST_MARK.subject}${String(message.subject ?? '')}`, headers: { ...(message.headers as Record<string, string>), [TEST_MARK.header]: '1' } }),
    close: () => mailer.close(),
  };
}

/** Every SMS and call text starts with the test mark in the message's language. */
function testMarkedSms(client: KavenegarClient, locale: 'fa' | 'en'): KavenegarClient {
  const mark = TEST_MARK.sms[locale];
  return {
    ...client,
    sendSms: (input) => client.sendSms({ ...input, message: `${mark}${input.message}` }),
    makeTtsCall: (input) => client.makeTtsCall({ ...input, message: `${mark}${input.message}` }),
  };
}

import { mkdir, rename, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import nodemailer, { type SendMailOptions } from 'nodemailer';
import type { Logger } from '../../../src/logger.js';

export interface Mailer {
  send(message: SendMailOptions & { messageId: string }): Promise<{ accepted: string[] }>;
  close(): void;
}

/** Sends through a real SMTP server (pooled) when smtpUrl is set; otherwise catches mail locally. */
export function createMailer(options: { smtpUrl?: string | undefined; outboxDir: string }, log: Logger): Mailer {
  return options.smtpUrl ? createSmtpMailer(options.smtpUrl) : createOutboxMailer(options.outboxDir, log);
}

function createSmtpMailer(smtpUrl: string): Mailer {
  const transport = nodemailer.createTransport({
    url: smtpUrl,
    pool: true,
    maxConnections: 5,
    // Well inside the activity's start-to-close timeout, so a stuck server fails the attempt and it retries.
    connectionTimeout: 15_000,
    greetingTimeout: 15_000,
    socketTimeout: 30_000,
  });
  return {
    async send(message) {
      const info = await transport.sendMail(message);
      return { accepted: info.accepted.map(String) };
    },
    close: () => transport.close(),
  };
}

/**
 * The local mail catcher for a machine without SMTP: every message becomes an .eml file in outboxDir
 * (open it with any mail client) and a log line. The file is named after the Message-ID, so a retried
 * send overwrites instead of adding a second copy. It is written beside and renamed into place, so a
 * mail client (or a test) watching the folder never opens half a message.
 */
function createOutboxMailer(outboxDir: string, log: Logger): Mailer {
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  return {
    async send(message) {
      const info = await transport.sendMail(message);
      await mkdir(outboxDir, { recursive: true });
      const file = join(outboxDir, `${message.messageId.replace(/[^\w.@-]+/g, '_')}.eml`);
      const partial = join(outboxDir, `.${basename(file)}.${process.pid}.partial`);
      await writeFile(partial, info.message as Buffer);
      await rename(partial, file);
      log.info({ to: message.to, subject: message.subject, file }, 'email caught in the local outbox (set SMTP_URL to deliver)');
      return { accepted: [String(message.to)] };
    },
    close: () => transport.close(),
  };
}

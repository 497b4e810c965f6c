import type { AddressInfo } from 'node:net';
import { ApplicationFailure } from '@temporalio/common';
import nodemailer from 'nodemailer';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMailer } from '../activities/channels/email/mailer.js';
import { createSendEmail, type SendEmailInput } from '../activities/channels/email/sendEmail.js';
import { smtpFailure } from '../activities/channels/email/smtpFailure.js';
import { PAUSED_RETRY_DELAY_MS } from '../activities/channels/failures.js';
import { createLinks } from '../src/security/links.js';
import { freePort } from './support/freePort.js';
import { silentLog } from './support/stack.js';

/** What the SMTP server answers at RCPT TO or after DATA, per recipient address. */
const REPLIES: Record<string, { stage: 'rcpt' | 'data'; code: number; text: string }> = {
  'busy@example.com': { stage: 'rcpt', code: 421, text: '4.7.0 Try again later, closing connection' },
  'greylisted@example.com': { stage: 'rcpt', code: 451, text: '4.7.1 Greylisted, please try again' },
  'full-queue@example.com': { stage: 'data', code: 452, text: '4.3.1 Insufficient system storage' },
  'nobody@example.com': { stage: 'rcpt', code: 550, text: '5.1.1 <nobody@example.com>: user unknown' },
  'spam@example.com': { stage: 'data', code: 554, text: '5.7.1 Message rejected as spam' },
  'relay@example.com': { stage: 'rcpt', code: 550, text: '5.7.1 Relaying denied' },
};

const smtpError = (code: number, text: string): Error => Object.assign(new Error(text), { responseCode: code });

async function startRejectingSmtpServer(options: { requireAuth?: boolean } = {}): Promise<{ url: string; close(): Promise<void> }> {
  const server = new SMTPServer({
    authOptional: !options.requireAuth,
    allowInsecureAuth: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onAuth: (_auth, _session, callback) => callback(smtpError(535, '5.7.8 Authentication credentials invalid')),
    onRcptTo(address, _session, callback) {
      const reply = REPLIES[address.address];
      callback(reply?.stage === 'rcpt' ? smtpError(reply.code, reply.text) : undefined);
    },
    onData(stream, session, callback) {
      stream.resume();
      stream.on('end', () => {
        const reply = REPLIES[session.envelope.rcptTo[0]?.address ?? ''];
        callback(reply?.stage === 'data' ? smtpError(reply.code, reply.text) : null);
      });
    },
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.server.address() as AddressInfo;
  return { url: `smtp://127.0.0.1:${port}`, close: () => new Promise((done) => server.close(() => done())) };
}

const withLogin = (url: string, login: string): string => url.replace('smtp://', `smtp://${login}@`);

const message = (to: string): SendEmailInput => ({
  messageKey: `enrollment/escalate/c-7/e-1/${to}`,
  to,
  locale: 'fa',
  customerId: 'c-7',
  sequenceId: 'escalate',
  context: {},
  template: { email: { fa: { subject: 'یادآوری', text: 'سلام' } } },
});

function sender(smtpUrl: string) {
  const mailer = createMailer({ smtpUrl, outboxDir: '' }, silentLog);
  const links = createLinks({ secret: 'test-secret-0123456789', publicBaseUrl: 'https://peygir.example.ir' });
  return { sendEmail: createSendEmail({ mailer, from: 'Peygir <noreply@peygir.test>', links, log: silentLog }), close: () => mailer.close() };
}

async function failureOf(promise: Promise<unknown>): Promise<ApplicationFailure> {
  const error = await promise.then(() => undefined, (reason: unknown) => reason);
  expect(error).toBeInstanceOf(ApplicationFailure);
  return error as ApplicationFailure;
}

describe('SMTP failures are classified for Temporal', () => {
  let server: Awaited<ReturnType<typeof startRejectingSmtpServer>>;
  let smtp: ReturnType<typeof sender>;

  beforeAll(async () => {
    server = await startRejectingSmtpServer();
    smtp = sender(server.url);
  });
  afterAll(async () => {
    smtp?.close();
    await server?.close();
  });

  it.each(['busy@example.com', 'greylisted@example.com', 'full-queue@example.com'])('a 4xx reply for %s → retryable', async (to) => {
    const failure = await failureOf(smtp.sendEmail(message(to)));
    expect(failure).toMatchObject({ type: 'SmtpUnavailable', nonRetryable: false });
    expect(failure.message).toContain(REPLIES[to]?.text);
  });

  it('550 5.1.1 user unknown at RCPT TO → EmailRejected, not retried, a hard bounce', async () => {
    const failure = await failureOf(smtp.sendEmail(message('nobody@example.com')));
    expect(failure).toMatchObject({ type: 'EmailRejected', nonRetryable: true });
    expect(failure.details?.[0]).toMatchObject({ hardBounce: true, address: 'nobody@example.com', responseCode: 550, command: 'RCPT TO' });
    // Temporal keeps failure messages unencrypted: the address is only in the (encrypted) details.
    expect(failure.message).toContain('user unknown');
    expect(failure.message).not.toContain('nobody@example.com');
  });

  it('a policy rejection (5.7.1 spam at DATA, relaying denied) → EmailRejected but not a hard bounce', async () => {
    for (const to of ['spam@example.com', 'relay@example.com']) {
      const failure = await failureOf(smtp.sendEmail(message(to)));
      expect(failure).toMatchObject({ type: 'EmailRejected', nonRetryable: true });
      expect(failure.details?.[0]).toMatchObject({ hardBounce: false, address: to });
    }
  });

  it('a server that is not there → retryable', async () => {
    const nowhere = sender(`smtp://127.0.0.1:${await freePort()}`);
    try {
      const failure = await failureOf(nowhere.sendEmail(message('sara@example.com')));
      expect(failure).toMatchObject({ type: 'SmtpUnavailable', nonRetryable: false });
      expect(failure.message).toContain('ECONNREFUSED');
    } finally {
      nowhere.close();
    }
  });

  describe('a login problem is our configuration, not the email: paused, retried every 30 minutes, never failed over', () => {
    let authServer: Awaited<ReturnType<typeof startRejectingSmtpServer>>;
    beforeAll(async () => {
      authServer = await startRejectingSmtpServer({ requireAuth: true });
    });
    afterAll(() => authServer?.close());

    const expectPaused = (failure: ApplicationFailure): void => {
      expect(failure).toMatchObject({ type: 'SmtpPaused', nonRetryable: false, nextRetryDelay: PAUSED_RETRY_DELAY_MS });
      expect(failure.message).toContain('SMTP_URL');
    };

    it('refused credentials (EAUTH)', async () => {
      const withBadLogin = sender(withLogin(authServer.url, 'peygir:wrong-password'));
      try {
        expectPaused(await failureOf(withBadLogin.sendEmail(message('sara@example.com'))));
      } finally {
        withBadLogin.close();
      }
    });

    it('no credentials in SMTP_URL for a server that requires a login (530 to MAIL FROM)', async () => {
      const withoutLogin = sender(authServer.url);
      try {
        expectPaused(await failureOf(withoutLogin.sendEmail(message('sara@example.com'))));
      } finally {
        withoutLogin.close();
      }
    });

    it("nodemailer's ENOAUTH (a login is required and none was given)", async () => {
      // nodemailer raises ENOAUTH where it knows up front that credentials are missing (verify with forceAuth).
      const transport = nodemailer.createTransport({ url: authServer.url, forceAuth: true });
      const error = await transport.verify().then(() => undefined, (reason: unknown) => reason);
      transport.close();
      expect(error).toMatchObject({ code: 'ENOAUTH' });
      expectPaused(smtpFailure(error, 'sara@example.com', silentLog));
    });
  });
});

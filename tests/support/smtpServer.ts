import type { AddressInfo, Socket } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/**
 * What the server does with one message instead of accepting it (a fault plan, tests/faults): a reply
 * (421 closes the connection, 4xx is temporary, 5xx final), `drop` (close the connection without an
 * answer: nothing was accepted) or `accept-then-drop` (the message is kept, but the connection closes
 * before the 250 reaches the client, so it cannot know).
 */
export type SmtpFault = { reply: number; text: string } | 'drop' | 'accept-then-drop';

export interface SmtpServerOptions {
  unknownRecipients?: string[];
  /** Asked at RCPT TO (no message yet) and once the message has arrived; undefined → go on normally. */
  faults?: (stage: 'rcpt' | 'data', details: { to: string; mail?: ParsedMail }) => SmtpFault | undefined;
  /** Called for every message the server accepts (also the `accept-then-drop` ones); the reply waits for it. */
  onAccepted?: (mail: ParsedMail) => void | Promise<void>;
}

export interface LocalSmtpServer {
  url: string;
  messages: ParsedMail[];
  /** Resolves once `count` messages have arrived. */
  waitForMessages(count: number, timeoutMs?: number): Promise<ParsedMail[]>;
  close(): Promise<void>;
}

/**
 * A real SMTP server on 127.0.0.1 that parses everything it receives with mailparser.
 * `unknownRecipients` are refused at RCPT TO with 550 5.1.1, as a mailbox provider does; `faults`
 * may refuse or cut off any attempt. `messages` holds what was accepted.
 */
export async function startSmtpServer(options: SmtpServerOptions = {}): Promise<LocalSmtpServer> {
  const messages: ParsedMail[] = [];
  const waiters = new Set<() => void>();
  // Client sockets by remote port, so a fault can cut a connection off without an answer.
  const sockets = new Map<number, Socket>();
  const dropConnection = (remotePort: number): void => void sockets.get(remotePort)?.destroy();
  const smtpError = (fault: { reply: number; text: string }): Error => Object.assign(new Error(fault.text), { responseCode: fault.reply });
  const accept = async (mail: ParsedMail): Promise<void> => {
    messages.push(mail);
    for (const wake of waiters) wake();
    await options.onAccepted?.(mail);
  };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onRcptTo(address, session, callback) {
      if (options.unknownRecipients?.includes(address.address)) {
        return callback(Object.assign(new Error(`5.1.1 <${address.address}>: user unknown`), { responseCode: 550 }));
      }
      const fault = options.faults?.('rcpt', { to: address.address });
      if (fault === undefined) return callback();
      if (typeof fault === 'object') return callback(smtpError(fault));
      dropConnection(session.remotePort); // nothing was accepted yet: both drops are the same here
    },
    onData(stream, session, callback) {
      simpleParser(stream)
        .then(async (mail) => {
          const fault = options.faults?.('data', { to: session.envelope.rcptTo[0]?.address ?? '', mail });
          if (fault === undefined) {
            await accept(mail);
            return callback();
          }
          if (typeof fault === 'object') return callback(smtpError(fault));
          if (fault === 'accept-then-drop') await accept(mail);
          dropConnection(session.remotePort);
        })
        .catch(callback);
    },
  });
  // smtp-server re-emits every connection's socket error on the server: a client that dies (a killed
  // worker) resets its connections, which is a closed connection, not a crash of the test process.
  server.on('error', () => undefined);
  server.server.on('connection', (socket: Socket) => {
    const port = socket.remotePort;
    if (port === undefined) return;
    sockets.set(port, socket);
    socket.once('close', () => sockets.delete(port));
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    messages,
    waitForMessages(count, timeoutMs = 30_000) {
      return new Promise((done, fail) => {
        const check = (): void => {
          if (messages.length < count) return;
          waiters.delete(check);
          clearTimeout(timer);
          done(messages.slice());
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          fail(new Error(`expected ${count} message(s), got ${messages.length}`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    close: () => new Promise((done) => server.close(() => done())),
  };
}

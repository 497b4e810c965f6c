/**
 * Send throughput: emails/s through Peygir's pooled transport (activities/channels/email/mailer.ts) against
 * raw nodemailer with the same pool (the ceiling) and without a pool, all to one local SMTP server.
 *   BENCH_SEND_EMAILS (2000)  BENCH_SEND_CONCURRENCY (20)
 */
import nodemailer from 'nodemailer';
import { createMailer } from '../activities/channels/email/mailer.js';
import { startSmtpServer } from '../tests/support/smtpServer.js';
import { closedLoop, type LoadResult } from './lib/load.js';
import { writeReport } from './lib/report.js';
import { intFromEnv } from './lib/settings.js';
import { perSecond, round, summarize } from './lib/stats.js';
import { benchLog } from './lib/temporal.js';

const emails = intFromEnv('BENCH_SEND_EMAILS', 2_000);
const concurrency = intFromEnv('BENCH_SEND_CONCURRENCY', 20);
const warmup = Math.min(100, emails);

const smtp = await startSmtpServer();
const message = (label: string, index: number) => ({
  from: 'Peygir <noreply@peygir.local>',
  to: `c-${index}@bench.test`,
  subject: 'سارا عزیز، به خانواده ما خوش آمدید',
  text: 'سلام سارا،\n\nاز خرید شما سپاسگزاریم (کتاب).\nهر سؤالی داشتید، به همین ایمیل پاسخ دهید؛ ما پیگیر هستیم.\n'.repeat(4),
  html: `<!doctype html><html dir="rtl" lang="fa"><body>${'<p>سلام سارا، از خرید شما سپاسگزاریم.</p>'.repeat(20)}</body></html>`,
  messageId: `<${label}-${index}@peygir.bench>`,
});

type Send = (label: string) => (index: number) => Promise<unknown>;
const senders: { name: string; send: Send; close(): void }[] = [];
const peygir = createMailer({ smtpUrl: smtp.url, outboxDir: '' }, benchLog);
senders.push({ name: 'Peygir mailer (pooled, 5 connections)', send: (label) => (index) => peygir.send(message(label, index)), close: () => peygir.close() });
const pooled = nodemailer.createTransport({ url: smtp.url, pool: true, maxConnections: 5 });
senders.push({ name: 'raw nodemailer, same pool (ceiling)', send: (label) => (index) => pooled.sendMail(message(label, index)), close: () => pooled.close() });
const single = nodemailer.createTransport({ url: smtp.url });
senders.push({ name: 'raw nodemailer, no pool', send: (label) => (index) => single.sendMail(message(label, index)), close: () => single.close() });

try {
  const runs = new Map<string, LoadResult>();
  for (const sender of senders) {
    await closedLoop(warmup, concurrency, sender.send(`warm-${sender.name.length}`));
    runs.set(sender.name, await closedLoop(emails, concurrency, sender.send(`run-${sender.name.length}`)));
  }
  const rate = (name: string | undefined): number => {
    const run = name === undefined ? undefined : runs.get(name);
    return run ? run.done / run.seconds : NaN;
  };
  const ratio = rate(senders[0]?.name) / rate(senders[1]?.name);
  const received = smtp.messages.length;
  const expected = senders.length * (warmup + emails);
  writeReport({
    name: 'send',
    parameters: { emails, concurrency },
    rows: senders.map(({ name }) => {
      const run = runs.get(name);
      const latency = summarize(run?.latenciesMs ?? []);
      return { transport: name, sent: run?.done ?? 0, errors: run?.errors ?? 0, 'emails/s': perSecond(run?.done ?? 0, run?.seconds ?? NaN), 'p50 ms': latency.p50, 'p99 ms': latency.p99 };
    }),
    targets: [
      { what: 'Peygir / raw pooled', target: '≥ 0.9', measured: round(ratio, 2), met: ratio >= 0.9 },
      { what: 'messages at the server', target: String(expected), measured: received, met: received === expected },
    ],
    notes: ['the SMTP server parses every message with mailparser in this same process, as the tests do: a shared ceiling for all rows'],
  });
} finally {
  for (const sender of senders) sender.close();
  await smtp.close();
}

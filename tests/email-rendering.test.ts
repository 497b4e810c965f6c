import type { ParsedMail } from 'mailparser';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createMailer, type Mailer } from '../activities/channels/email/mailer.js';
import { createSendEmail, type SendEmailInput } from '../activities/channels/email/sendEmail.js';
import { createLinks } from '../src/security/links.js';
import { startSmtpServer, type LocalSmtpServer } from './support/smtpServer.js';
import { silentLog } from './support/stack.js';

const links = createLinks({ secret: 'test-secret-0123456789', publicBaseUrl: 'https://peygir.example.ir/' });

const welcome: SendEmailInput = {
  messageKey: 'enrollment/welcome/c-42/order-1001/1',
  to: 'sara@example.com',
  locale: 'fa',
  customerId: 'c-42',
  sequenceId: 'welcome',
  context: { customer: { name: 'سارا <b>' }, event: { data: { product: 'کتاب' } } },
  template: {
    email: {
      fa: {
        subject: '{{ customer.name }} عزیز، خوش آمدید',
        text: 'سلام {{ customer.name }}،\nخرید {{ event.data.product }} مبارک.\n\nراهنما: https://shop.example.ir/guide?a=1&b=2.',
        preheader: 'راهنمای شروع',
      },
      en: { subject: 'Welcome, {{ customer.name }}', text: 'Hello {{ customer.name }}.\n\nSee https://shop.example.com/guide' },
    },
  },
};

/** A header as sent (unfolded), not as mailparser interprets it. */
function rawHeader(mail: ParsedMail | undefined, key: string): string {
  const line = mail?.headerLines.find((header) => header.key === key)?.line ?? '';
  return line.slice(line.indexOf(':') + 1).replace(/\r?\n[ \t]+/g, ' ').trim();
}

describe('sendEmail renders a Persian-first email through a real SMTP server', () => {
  let smtp: LocalSmtpServer;
  let mailer: Mailer;
  let sendEmail: ReturnType<typeof createSendEmail>;

  beforeAll(async () => {
    smtp = await startSmtpServer();
    mailer = createMailer({ smtpUrl: smtp.url, outboxDir: '' }, silentLog);
    sendEmail = createSendEmail({ mailer, from: 'Peygir <noreply@peygir.test>', links, log: silentLog });
  });
  afterAll(async () => {
    mailer?.close();
    await smtp?.close();
  });
  beforeEach(() => {
    smtp.messages.length = 0;
  });

  it('sends RTL HTML with lang fa, a Persian font stack, escaped paragraphs, and a text part', async () => {
    const result = await sendEmail(welcome);
    const [mail] = await smtp.waitForMessages(1);

    expect(result).toEqual({ messageId: '<enrollment.welcome.c-42.order-1001.1@peygir>', locale: 'fa' });
    expect(mail?.messageId).toBe(result.messageId);
    expect(mail?.subject).toBe('سارا <b> عزیز، خوش آمدید');
    const html = String(mail?.html);
    expect(html).toContain('<html lang="fa" dir="rtl">');
    expect(html).toContain('font-family:Vazirmatn, Vazir, Tahoma');
    expect(html).toContain('<p>سلام سارا &lt;b&gt;،<br>\nخرید کتاب مبارک.</p>');
    expect(html).not.toContain('<b>');
    expect(html).toContain('راهنمای شروع'); // preheader
    expect(mail?.text).toContain('سلام سارا <b>،\nخرید کتاب مبارک.');
    expect(mail?.text).toMatch(/لغو اشتراک: https:\/\/peygir\.example\.ir\/unsubscribe\?t=\S+/);
  });

  it('falls back to the customer locale: English is LTR with lang en', async () => {
    const result = await sendEmail({ ...welcome, locale: 'en' });
    const [mail] = await smtp.waitForMessages(1);
    expect(result.locale).toBe('en');
    expect(String(mail?.html)).toContain('<html lang="en" dir="ltr">');
    expect(mail?.subject).toBe('Welcome, سارا <b>');
  });

  it('adds one-click List-Unsubscribe headers with a signed HTTPS URL and a mailto', async () => {
    await sendEmail({ ...welcome, replyTo: 'Support <support@shop.example.ir>' });
    const [mail] = await smtp.waitForMessages(1);
    expect(rawHeader(mail, 'list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
    const [url, mailto] = [...rawHeader(mail, 'list-unsubscribe').matchAll(/<([^>]+)>/g)].map((match) => match[1] ?? '');
    expect(url).toMatch(/^https:\/\/peygir\.example\.ir\/unsubscribe\?t=[\w-]+\.[\w-]+$/);
    expect(mailto).toBe(`mailto:support@shop.example.ir?subject=unsubscribe&body=${encodeURIComponent(url ?? '')}`);
    const token = new URL(url ?? '').searchParams.get('t') ?? '';
    expect(links.readUnsubscribe(token)).toEqual({ customerId: 'c-42', sequenceId: 'welcome', messageKey: welcome.messageKey });
    expect(mail?.replyTo?.value).toEqual([{ address: 'support@shop.example.ir', name: 'Support' }]);
  });

  it('rewrites links through the signed click tracker and adds the open pixel', async () => {
    await sendEmail(welcome);
    const [mail] = await smtp.waitForMessages(1);
    const html = String(mail?.html);
    const clicks = [...html.matchAll(/href="https:\/\/peygir\.example\.ir\/t\/c\?t=([^"]+)"/g)];
    expect(clicks).toHaveLength(1);
    expect(links.readClick(clicks[0]?.[1] ?? '')).toMatchObject({ customerId: 'c-42', target: 'https://shop.example.ir/guide?a=1&b=2' });
    const pixel = /<img src="https:\/\/peygir\.example\.ir\/t\/o\?t=([^"]+)" width="1" height="1"/.exec(html);
    expect(links.readOpen(pixel?.[1] ?? '')).toMatchObject({ messageKey: welcome.messageKey });
    // The unsubscribe link in the footer is not click-tracked.
    expect(html).toMatch(/href="https:\/\/peygir\.example\.ir\/unsubscribe\?t=/);
  });

  it('places authored HTML in the layout, with customer values escaped and its links tracked', async () => {
    const template = {
      email: { fa: { subject: 'پیشنهاد', text: 'متن ساده', html: '<h1>سلام {{ customer.name }}</h1><a href="https://shop.example.ir/offer?x=1&amp;y=2">خرید</a> <a href="mailto:a@b.ir">ایمیل</a>' } },
    };
    await sendEmail({ ...welcome, template, from: 'Shop <shop@shop.example.ir>' });
    const [mail] = await smtp.waitForMessages(1);
    const html = String(mail?.html);
    expect(html).toContain('<h1>سلام سارا &lt;b&gt;</h1>');
    expect(html).toContain('href="mailto:a@b.ir"');
    const token = /href="https:\/\/peygir\.example\.ir\/t\/c\?t=([^"]+)">خرید/.exec(html)?.[1] ?? '';
    expect(links.readClick(token)?.target).toBe('https://shop.example.ir/offer?x=1&y=2');
    expect(mail?.from?.value).toEqual([{ address: 'shop@shop.example.ir', name: 'Shop' }]);
    expect(mail?.text).toContain('متن ساده');
  });

  it('fails without retrying when there is no address or the template does not render', async () => {
    await expect(sendEmail({ ...welcome, to: ' ' })).rejects.toMatchObject({ type: 'NoEmailAddress', nonRetryable: true });
    const broken = { email: { fa: { subject: '{{ customer.missing }}', text: 'x' } } };
    await expect(sendEmail({ ...welcome, template: broken })).rejects.toMatchObject({ type: 'TemplateError', nonRetryable: true });
    await expect(sendEmail({ ...welcome, template: { sms: { fa: { text: 'x' } } } })).rejects.toMatchObject({ type: 'TemplateError' });
    expect(smtp.messages).toHaveLength(0);
  });
});

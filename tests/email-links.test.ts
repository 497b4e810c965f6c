import { Client, WorkflowNotFoundError } from '@temporalio/client';
import { defaultPayloadConverter } from '@temporalio/common';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createMailer, type Mailer } from '../activities/channels/email/mailer.js';
import { createSendEmail } from '../activities/channels/email/sendEmail.js';
import { buildApi } from '../src/api/server.js';
import { SequenceRegistry } from '../src/dsl/registry.js';
import type { CustomerEvent } from '../src/events/customerEvent.js';
import { createLinks, type LinkSettings } from '../src/security/links.js';
import { signToken } from '../src/security/signing.js';
import { eventually } from './support/eventually.js';
import { freePort } from './support/freePort.js';
import { startSmtpServer, type LocalSmtpServer } from './support/smtpServer.js';
import { apiDeps, silentLog, testDataConverter, testPayloadCodec } from './support/stack.js';
import { unreachableTemporal } from './support/unreachableTemporal.js';

const settings: LinkSettings = { secret: 'test-secret-0123456789', publicBaseUrl: 'https://peygir.example.ir' };
const links = createLinks(settings);
const ref = { customerId: 'c-42', sequenceId: 'welcome', messageKey: 'enrollment/welcome/c-42/order-1001/1' };

/**
 * The links in a real email, followed through the real API into Temporal (the Java test server):
 * every event arrives as a signal on the customer's contact workflow, read back from its history.
 * No worker runs: what the routes promise is the durable signal, not what the workflow makes of it.
 */
describe('unsubscribe, open and click links turn into customer events', () => {
  let env: TestWorkflowEnvironment;
  let api: FastifyInstance;
  let smtp: LocalSmtpServer;
  let mailer: Mailer;

  beforeAll(async () => {
    env = await TestWorkflowEnvironment.createTimeSkipping({
      server: { executable: { type: 'existing-path', path: inject('testServerPath') } },
      client: { dataConverter: testDataConverter },
    });
    api = await buildApi(apiDeps({ client: env.client, taskQueue: 'links-test', sequences: new SequenceRegistry('sequences'), links: settings }), silentLog);
    smtp = await startSmtpServer();
    mailer = createMailer({ smtpUrl: smtp.url, outboxDir: '' }, silentLog);
  });
  afterAll(async () => {
    await api?.close();
    mailer?.close();
    await smtp?.close();
    await env?.teardown();
  });

  /** The path and query of a link, as the API sees it. */
const pathOf = (link: string): string => {
  const url = new URL(link);
  return `${url.pathname}${url.search}`;
};

/** The customer events signalled to contact/<customerId>, in order. */
  async function signalledEvents(customerId: string): Promise<CustomerEvent[]> {
    const history = await env.client.workflow.getHandle(`contact/${customerId}`).fetchHistory();
    const payloads = (history.events ?? []).flatMap((event) => event.workflowExecutionSignaledEventAttributes?.input?.payloads?.slice(0, 1) ?? []);
    return (await testPayloadCodec.decode(payloads)).map((payload) => defaultPayloadConverter.fromPayload<CustomerEvent>(payload));
  }

  it('one-click unsubscribe from the List-Unsubscribe header records one `unsubscribed` event, however often it is posted', async () => {
    const sendEmail = createSendEmail({ mailer, from: 'Peygir <noreply@peygir.test>', links, log: silentLog });
    await sendEmail({ ...ref, to: 'sara@example.com', locale: 'fa', context: {}, template: { email: { fa: { subject: 'سلام', text: 'سلام' } } } });
    const [mail] = await smtp.waitForMessages(1);
    const header = mail?.headerLines.find((line) => line.key === 'list-unsubscribe')?.line ?? '';
    const url = pathOf(/<(https:[^>]+)>/.exec(header)?.[1] ?? 'https://missing');

    const page = await api.inject({ method: 'GET', url });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<form method="post">');
    // Looking is not unsubscribing: nothing reached Temporal.
    await expect(env.client.workflow.getHandle('contact/c-42').describe()).rejects.toBeInstanceOf(WorkflowNotFoundError);

    const oneClick = { 'content-type': 'application/x-www-form-urlencoded' };
    const first = await api.inject({ method: 'POST', url, headers: oneClick, payload: 'List-Unsubscribe=One-Click' });
    expect(first.statusCode).toBe(200);
    expect(first.body).toContain('اشتراک شما لغو شد');
    const again = await api.inject({ method: 'POST', url, headers: { 'content-type': 'multipart/form-data; boundary=x' }, payload: '--x\r\nContent-Disposition: form-data; name="List-Unsubscribe"\r\n\r\nOne-Click\r\n--x--\r\n' });
    expect(again.statusCode).toBe(200);

    const events = await signalledEvents('c-42');
    expect(events).toHaveLength(2);
    expect(events[0]).toMatchObject({ type: 'unsubscribed', customerId: 'c-42', data: { via: 'one_click', sequenceId: 'welcome', messageKey: ref.messageKey } });
    expect(events[1]).toEqual(events[0]); // same eventId: the contact workflow drops the repeat
  });

  it('the open pixel answers with a GIF and records `email_opened`', async () => {
    const pixel = await api.inject({ method: 'GET', url: pathOf(links.openUrl({ ...ref, customerId: 'c-open' })) });
    expect(pixel.statusCode).toBe(200);
    expect(pixel.headers['content-type']).toBe('image/gif');
    expect(pixel.rawPayload.subarray(0, 6).toString()).toBe('GIF89a');
    await eventually(async () => {
      expect(await signalledEvents('c-open')).toMatchObject([{ type: 'email_opened', data: { messageKey: ref.messageKey } }]);
    });
  });

  it('a click redirects to the signed target and records `email_clicked` with the URL', async () => {
    const target = 'https://shop.example.ir/offer?utm=peygir&x=1';
    const click = await api.inject({ method: 'GET', url: pathOf(links.clickUrl({ ...ref, customerId: 'c-click' }, target)) });
    expect(click.statusCode).toBe(302);
    expect(click.headers.location).toBe(target);
    await eventually(async () => {
      expect(await signalledEvents('c-click')).toMatchObject([{ type: 'email_clicked', data: { url: target } }]);
    });
  });

  it('a customer’s value is escaped text in the email, never a link; only URLs the template wrote are tracked', async () => {
    const sendEmail = createSendEmail({ mailer, from: 'Peygir <noreply@peygir.test>', links, log: silentLog });
    const template = { email: { en: { subject: 'Hi', text: 'Hi {{ customer.name }},\n\nyour order: https://shop.example.ir/orders/{{ event.data.orderId }}\nnote: {{ event.data.note }}' } } };
    const context = { customer: { name: 'Visit http://evil.example/login now' }, event: { data: { orderId: '1001', note: 'see https://evil.example/x <b>' } } };
    const sent = smtp.messages.length;
    await sendEmail({ ...ref, messageKey: `${ref.messageKey}/values`, to: 'sara@example.com', locale: 'en', context, template });
    const mail = (await smtp.waitForMessages(sent + 1)).at(-1);
    const html = String(mail?.html);
    expect(html).toContain('Hi Visit http://evil.example/login now,');
    expect(html).toContain('note: see https://evil.example/x &lt;b&gt;');
    const targets = [...html.matchAll(/href="([^"]+)"/g)].flatMap(([, href]) => {
      const token = href && new URL(href.replaceAll('&amp;', '&')).searchParams.get('t');
      const click = token ? links.readClick(token) : undefined;
      return click ? [click.target] : [];
    });
    expect(targets).toEqual(['https://shop.example.ir/orders/1001']);
    expect(html).not.toMatch(/href="http:\/\/evil/);

    // A template's own HTML: a link whose host a value fills in goes nowhere.
    const htmlTemplate = { email: { en: { ...template.email.en, html: '<p><a href="{{ customer.website }}">site</a> <a href="https://shop.example.ir/orders/{{ event.data.orderId }}">order</a></p>' } } };
    await sendEmail({ ...ref, messageKey: `${ref.messageKey}/html`, to: 'sara@example.com', locale: 'en', context: { ...context, customer: { ...context.customer, website: 'http://evil.example/' } }, template: htmlTemplate });
    const own = String((await smtp.waitForMessages(sent + 2)).at(-1)?.html);
    expect(own).toContain('<a href="#">site</a>');
    expect(own).not.toContain('evil.example');
    expect(own).toMatch(/<a href="https:\/\/peygir\.example\.ir\/t\/c\?t=[^"]+">order<\/a>/);
  });

  it('a click link expires after CLICK_LINK_MAX_AGE_DAYS: 410, no redirect; links without an expiry are refused', async () => {
    const oneDay = createLinks({ ...settings, clickMaxAgeDays: 1 });
    const token = new URL(oneDay.clickUrl(ref, 'https://shop.example.ir/')).searchParams.get('t') ?? '';
    const { e: expiresAt } = JSON.parse(Buffer.from(token.split('.')[0] ?? '', 'base64url').toString()) as { e: number };
    expect(expiresAt - Date.now() / 1000).toBeGreaterThan(86_400 - 60);
    expect(expiresAt - Date.now() / 1000).toBeLessThanOrEqual(86_400);

    const payload = { c: 'c-expired', s: 'welcome', m: ref.messageKey, u: 'https://shop.example.ir/' };
    const expired = await api.inject({ method: 'GET', url: `/t/c?t=${signToken(settings.secret, 'click', { ...payload, e: Math.floor(Date.now() / 1000) - 1 })}` });
    expect(expired.statusCode).toBe(410);
    expect(expired.headers.location).toBeUndefined();
    const withoutExpiry = await api.inject({ method: 'GET', url: `/t/c?t=${signToken(settings.secret, 'click', payload)}` });
    expect(withoutExpiry.statusCode).toBe(404);
    expect(withoutExpiry.headers.location).toBeUndefined();
    await expect(env.client.workflow.getHandle('contact/c-expired').describe()).rejects.toBeInstanceOf(WorkflowNotFoundError);
  });

  it('never redirects or records for a token it did not sign', async () => {
    const genuine = links.clickUrl(ref, 'https://shop.example.ir/');
    const [payload, signature] = new URL(genuine).searchParams.get('t')?.split('.') ?? [];
    const swapped = Buffer.from(JSON.stringify({ c: 'c-42', s: 'welcome', m: ref.messageKey, u: 'https://evil.example/' })).toString('base64url');
    const forged = [
      `/t/c?t=${swapped}.${signature}`, // target swapped, old signature
      `/t/c?t=${signToken('another-secret-0123456', 'click', { c: 'c-42', s: 'x', m: 'y', u: 'https://evil.example/' })}`,
      `/t/c?t=${signToken(settings.secret, 'open', { c: 'c-42', s: 'x', m: 'y', u: 'https://evil.example/' })}`, // an open token as a click
      `/t/c?t=${payload}`,
      '/t/c?t=https%3A%2F%2Fevil.example%2F',
      `/t/o?t=${payload}.AAAA`,
      `/unsubscribe?t=${payload}.${signature}`, // a click token as an unsubscribe
    ];
    for (const url of forged) {
      const response = await api.inject({ method: url.startsWith('/unsubscribe') ? 'POST' : 'GET', url });
      expect(response.statusCode, url).toBe(404);
      expect(response.headers.location, url).toBeUndefined();
    }
  });

  it('when Temporal is down: the redirect and the pixel still work; unsubscribe says "try again" (503)', async () => {
    const deadTemporal = new Client({ connection: unreachableTemporal(`127.0.0.1:${await freePort()}`) });
    const offline = await buildApi(apiDeps({ client: deadTemporal, taskQueue: 'links-test', sequences: new SequenceRegistry('sequences'), links: settings }), silentLog);
    try {
      const click = await offline.inject({ method: 'GET', url: pathOf(links.clickUrl(ref, 'https://shop.example.ir/')) });
      expect(click).toMatchObject({ statusCode: 302, headers: { location: 'https://shop.example.ir/' } });
      const pixel = await offline.inject({ method: 'GET', url: pathOf(links.openUrl(ref)) });
      expect(pixel.statusCode).toBe(200);
      const unsubscribe = await offline.inject({ method: 'POST', url: pathOf(links.unsubscribeUrl(ref)), payload: 'List-Unsubscribe=One-Click', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
      expect(unsubscribe.statusCode).toBe(503);
      expect(unsubscribe.body).toContain('try again');
    } finally {
      await offline.close();
      await deadTemporal.connection.close();
    }
  });
});

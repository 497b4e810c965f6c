import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMailer } from '../activities/channels/email/mailer.js';
import type { SendEmailInput } from '../activities/channels/email/sendEmail.js';
import { createActivities } from '../activities/index.js';
import { createStore, type Store } from '../src/store/store.js';
import { startSmtpServer, type LocalSmtpServer } from './support/smtpServer.js';
import { silentLog, testLinks, testWebhookSecret } from './support/stack.js';

const email = (customerId: string, to: string): SendEmailInput => ({
  messageKey: `enrollment/welcome/${customerId}/order-1/1`,
  to,
  locale: 'fa',
  customerId,
  sequenceId: 'welcome',
  context: {},
  template: { email: { fa: { subject: 'خوش آمدید', text: 'سلام' } } },
});

/** The send activities' own ledger entries, called as a worker calls them (outside Temporal: attempt 1 of activity 0). */
describe('a send writes its outcome to the ledger under the message key', () => {
  let smtp: LocalSmtpServer;
  let store: Store;
  let activities: ReturnType<typeof createActivities>;
  beforeAll(async () => {
    smtp = await startSmtpServer({ unknownRecipients: ['nobody@example.com'] });
    store = await createStore({});
    activities = createActivities({
      mailer: createMailer({ smtpUrl: smtp.url, outboxDir: '' }, silentLog),
      mailFrom: 'Peygir <noreply@peygir.test>',
      sequences: { triggeredBy: () => [] },
      log: silentLog,
      store,
      links: testLinks,
      webhookSecret: testWebhookSecret,
    });
  });
  afterAll(async () => {
    await store?.close();
    await smtp?.close();
  });

  const ledgerOf = async (customerId: string) =>
    (await store.customerTimeline(customerId, { limit: 20 })).items
      .reverse()
      .flatMap((item) => (item.source === 'ledger' ? [{ type: item.type, subject: item.subject, data: item.data }] : []));

  it('sent: the attempt, then the Message-ID; the same attempt written again (a retried activity) adds nothing', async () => {
    await activities.sendEmail(email('s1', 's1@example.com'));
    await activities.sendEmail(email('s1', 's1@example.com'));
    const ledger = await ledgerOf('s1');
    expect(ledger.map((entry) => entry.type)).toEqual(['message.attempted', 'message.sent']);
    expect(ledger[1]).toMatchObject({ subject: 'enrollment/welcome/s1/order-1/1', data: { channel: 'email', messageId: expect.stringContaining('@peygir>'), locale: 'fa' } });
  });

  it('a hard bounce: the attempt failed for good, and the message bounced', async () => {
    await expect(activities.sendEmail(email('b1', 'nobody@example.com'))).rejects.toMatchObject({ type: 'EmailRejected' });
    const ledger = await ledgerOf('b1');
    expect(ledger.map((entry) => entry.type)).toEqual(['message.attempted', 'message.failed', 'message.bounced']);
    expect(ledger[1]?.data).toMatchObject({ type: 'EmailRejected', final: true, attempt: 1 });
  });

  it('consent withdrawn at send time: skipped with the reason, nothing sent', async () => {
    await store.recordEvent({ eventId: 'u-1', type: 'unsubscribed', customerId: 'u1' });
    const before = smtp.messages.length;
    await expect(activities.sendEmail(email('u1', 'u1@example.com'))).rejects.toMatchObject({ type: 'ConsentWithdrawn' });
    expect(smtp.messages).toHaveLength(before);
    const ledger = await ledgerOf('u1');
    expect(ledger.map((entry) => entry.type)).toEqual(['message.attempted', 'message.skipped']);
    expect(ledger[1]?.data).toMatchObject({ channel: 'email', type: 'ConsentWithdrawn', reason: expect.stringContaining('at send time') });
  });
});

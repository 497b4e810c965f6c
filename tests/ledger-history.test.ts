import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LedgerKind } from '../src/store/ledger.js';
import type { Store } from '../src/store/store.js';
import { eventually } from './support/eventually.js';
import { post } from './support/events.js';
import { keepHistory } from './support/histories.js';
import { fakeKavenegar } from './support/kavenegarServer.js';
import { startTestWorker, type TestStack, type TestWorker } from './support/stack.js';
import { startedRun } from './support/runs.js';
import { useStack } from './support/useStack.js';

interface LedgerLine {
  type: LedgerKind;
  subject: string;
  occurrence: string;
  occurredAt: string;
  sequenceId: string | null;
  data: Record<string, unknown>;
}

/** The customer's ledger as support reads it (GET /v1/customers/:id/timeline), oldest first. */
async function ledgerOf(stack: TestStack, customerId: string): Promise<LedgerLine[]> {
  const response = await stack.api.inject({ url: `/v1/customers/${customerId}/timeline?limit=200` });
  expect(response.statusCode).toBe(200);
  const items = (response.json() as { items: (LedgerLine & { source: string })[] }).items;
  return items.filter((item) => item.source === 'ledger').reverse();
}

/** What happened to one subject, in order: kind, with the attempt number or else the occurrence when there is one. */
const historyOf = (ledger: LedgerLine[], subject: string | undefined): string[] =>
  ledger
    .filter((line) => line.subject === subject)
    .map((line) => {
      const which = line.data.attempt ?? line.occurrence;
      return which ? `${line.type}#${String(which)}` : line.type;
    });

/** The worker's view of the store: the first `message.sent` write fails, as a store that went down right after the provider accepted. */
function storeDownAtFirstSent(store: Store): Store & { failed: () => boolean } {
  let failed = false;
  return {
    ...store,
    appendLedger: async (entry) => {
      if (!failed && entry.kind === 'message.sent') {
        failed = true;
        throw new Error('Connection terminated unexpectedly');
      }
      return store.appendLedger(entry);
    },
    failed: () => failed,
  };
}

describe('the ledger: what did we send Sara, and when (the shipped escalation, email → SMS → call task)', () => {
  const kavenegar = fakeKavenegar();
  const t = useStack(async () => ({ kavenegarUrl: await kavenegar.start(), inProcessWorker: false }), () => kavenegar.stop());
  let worker: TestWorker | undefined;
  let store: ReturnType<typeof storeDownAtFirstSent>;
  beforeAll(async () => {
    store = storeDownAtFirstSent(t.stack.store);
    worker = await startTestWorker(t.stack.env.nativeConnection, t.stack.setup, store, t.stack.sequences, t.stack.metrics);
  });
  // afterAll hooks run in reverse order: the worker stops before useStack closes the stack.
  afterAll(async () => worker?.stop());

  /** Lets server time run in `step`s until `done` holds (quiet hours, business hours, retries' backoff). */
  const skipUntil = async (done: () => Promise<boolean> | boolean, step: string, times = 100): Promise<void> => {
    for (let i = 0; i < times && !(await done()); i++) await t.stack.env.sleep(step);
    expect(await done()).toBe(true);
  };
  const has = (kind: LedgerKind) => async () => (await ledgerOf(t.stack, 'sara')).some((line) => line.type === kind);

  it('records each attempt and outcome by message key, the run and the call task, once each, in order', { timeout: 180_000 }, async () => {
    await post(t.stack, {
      eventId: 'q-1',
      type: 'quote_requested',
      customerId: 'sara',
      customer: { email: 'sara@example.com', name: 'سارا', phone: '09121234567', locale: 'fa' },
      data: { product: 'میز تحریر', amount: 4_500_000 },
    });
    const run = t.stack.env.client.workflow.getHandle('enrollment/escalation/sara/q-1');

    // The email goes out (after quiet hours, if it is night in Tehran); writing `sent` fails once, the retry writes it.
    await skipUntil(has('message.sent'), '10 minutes', 200);
    expect(store.failed()).toBe(true);
    // Two days without an answer: the SMS, and a minute later Kavenegar's delivery report.
    await t.stack.env.sleep('2 days');
    await skipUntil(has('message.delivered'), '10 minutes', 200);
    // A day later the call task, opened in call hours.
    await t.stack.env.sleep('1 day');
    await skipUntil(has('call_task.opened'), '6 hours', 40);

    const opened = (await ledgerOf(t.stack, 'sara')).find((line) => line.type === 'call_task.opened');
    const taskId = encodeURIComponent(opened?.subject ?? '');
    const claim = await t.stack.api.inject({ method: 'POST', url: `/v1/call-tasks/${taskId}/claim`, payload: { agentId: 'agent-7' } });
    expect(claim.statusCode).toBe(200);
    const complete = await t.stack.api.inject({ method: 'POST', url: `/v1/call-tasks/${taskId}/complete`, payload: { outcome: 'reached', notes: 'پیش‌فاکتور را فردا تأیید می‌کند' } });
    expect(complete.statusCode).toBe(200);
    const task = t.stack.env.client.workflow.getHandle(opened?.subject ?? '');
    await task.result();
    expect(await run.result()).toBe('completed');

    // Sara opens the email afterwards: the open pixel files `opened` under the same message.
    const [mail] = t.smtp.messages;
    const pixel = /https:\/\/peygir\.test(\/t\/o\?t=[^"]+)/.exec(typeof mail?.html === 'string' ? mail.html : '')?.[1];
    expect((await t.stack.api.inject({ url: (pixel ?? '').replaceAll('&amp;', '&') })).statusCode).toBe(200);
    await eventually(async () => expect(await has('message.opened')()).toBe(true));

    const ledger = await ledgerOf(t.stack, 'sara');
    const sentKeys = (channel: string) => ledger.filter((line) => line.type === 'message.sent' && line.data.channel === channel).map((line) => line.subject);
    const [emailKey, smsKey] = [sentKeys('email'), sentKeys('sms')];
    expect(emailKey).toHaveLength(1);
    expect(smsKey).toHaveLength(1);
    expect(t.smtp.messages).toHaveLength(1);
    expect(kavenegar.requests.filter((request) => request.apiMethod === 'sms/send')).toHaveLength(1);

    expect(historyOf(ledger, emailKey[0])).toEqual(['message.attempted#1', 'message.attempted#2', 'message.sent', 'message.opened']);
    expect(historyOf(ledger, smsKey[0])).toEqual(['message.attempted#1', 'message.sent', 'message.delivered']);
    expect(historyOf(ledger, opened?.subject)).toEqual([
      'call_task.opened',
      'call_task.claimed#agent-7',
      'call_task.completed',
      'call_task.outcome',
      'call_task.note',
    ]);
    const enrollment = historyOf(ledger, run.workflowId);
    expect(enrollment[0]).toBe('enrollment.started');
    expect(enrollment.at(-1)).toBe('enrollment.ended');
    expect(enrollment.filter((kind) => kind.startsWith('enrollment.step#'))).toHaveLength(2); // the branch, then the escalation

    const byKind = (kind: LedgerKind) => ledger.find((line) => line.type === kind);
    expect(byKind('enrollment.started')?.data).toMatchObject({ version: expect.any(String), trigger: { type: 'quote_requested', eventId: 'q-1' } });
    expect(byKind('enrollment.ended')?.data).toMatchObject({ status: 'completed', ending: 'completed' });
    expect(byKind('call_task.outcome')?.data).toMatchObject({ outcome: 'reached', agentId: 'agent-7' });
    expect(byKind('call_task.note')?.data).toMatchObject({ notes: 'پیش‌فاکتور را فردا تأیید می‌کند' });
    expect(byKind('call_task.completed')?.data).toMatchObject({ sinceOpenMs: expect.any(Number), sinceClaimMs: expect.any(Number) });
    expect(ledger.every((line) => line.sequenceId === 'escalation')).toBe(true);
    // Oldest first, as support reads it from the bottom of the page: the send came before its delivery, the run before its call task.
    const instants = ledger.map((line) => Date.parse(line.occurredAt));
    expect(instants).toEqual([...instants].sort((a, b) => a - b));

    await keepHistory(run, 'enrollment-ledger-escalation');
    await keepHistory(task, 'call-task-ledger');
  });

  it('records a message the run skipped, with the reason, and nothing sent', async () => {
    await post(t.stack, {
      eventId: 'q-2',
      type: 'quote_requested',
      customerId: 'reza',
      customer: { email: 'reza@example.com', name: 'رضا', phone: '12345', preferred_channel: 'sms' },
      data: { product: 'صندلی', amount: 900_000 },
    });
    const run = await startedRun(t.stack, 'enrollment/escalation/reza/q-2');
    expect(await run.result()).toBe('completed');
    const ledger = await ledgerOf(t.stack, 'reza');
    const skipped = ledger.filter((line) => line.type === 'message.skipped');
    expect(skipped).toHaveLength(1);
    expect(skipped[0]?.data).toMatchObject({ channel: 'sms', reason: expect.stringContaining('invalid phone number') });
    expect(historyOf(ledger, skipped[0]?.subject)).toEqual(['message.skipped']);
    expect(historyOf(ledger, run.workflowId)).toEqual(expect.arrayContaining(['enrollment.started', 'enrollment.ended']));
  });
});

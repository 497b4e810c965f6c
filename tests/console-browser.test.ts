import { beforeAll, describe, expect, it } from 'vitest';
import type { Step } from '../src/dsl/definition.js';
import { apiSettingsFromConfig } from '../src/api/settings.js';
import { loadConfig } from '../src/config.js';
import { callTaskQuery } from '../workflows/protocol.js';
import { chromiumInstalled, CHROMIUM_PATH } from './support/browser.js';
import { useConsoleBrowser } from './support/consoleBrowser.js';
import { consoleUser, passwordOf } from './support/consoleClient.js';
import { emailTemplate, ROUND_THE_CLOCK, send, sequence } from './support/definitions.js';
import { eventually } from './support/eventually.js';
import { post } from './support/events.js';
import { useStack } from './support/useStack.js';


const callStep: Step = { kind: 'call_task', id: '1', label: 'call task for agents', assignee: 'agents', priority: 'urgent', template: 'script' };
const afterTheCall: Step = {
  kind: 'wait_for',
  id: '2',
  label: 'wait for call_completed (timeout 14d)',
  timeout: { days: 14 },
  events: [{ event: 'call_completed', where: { path: 'event.data.outcome', op: 'eq', value: 'reached' }, steps: [send('2.reached.1', 'thanks')] }],
  onTimeout: [],
};
const calls = sequence({
  id: 'calls',
  trigger: { event: 'call_needed' },
  steps: [callStep, afterTheCall],
  // Calls may open at any hour, so the test does not wait for business hours in real time (the dev server does not skip time).
  sendWindows: { call: ROUND_THE_CLOCK },
  templates: { script: { call_task: { fa: { text: 'با {{ customer.name }} درباره سفارش ۱۲ تماس بگیرید.' } } }, thanks: emailTemplate('thanks') },
});
const taskId = 'call-task/br-1/calls/need-1/1';

if (!chromiumInstalled) console.warn(`tests/console-browser.test.ts skipped: ${CHROMIUM_PATH} is missing (apt-get install chromium, as .ci/run does)`);

/** What an agent does in the console, in headless Chromium against the dev server (the queue needs Temporal visibility). */
describe.skipIf(!chromiumInstalled)('the console as an agent uses it (headless Chromium, dev server)', { timeout: 120_000 }, () => {
  const t = useStack(async () => ({
    definitions: [calls],
    server: 'dev',
    apiSettings: { ...apiSettingsFromConfig(loadConfig({})), console: { users: [await consoleUser('agent-ali', 'agent')], loginsPerMinute: 10 } },
  }));
  const b = useConsoleBrowser(t);

  beforeAll(async () => {
    await post(t.stack, { eventId: 'need-1', type: 'call_needed', customerId: 'br-1', customer: { name: 'سارا', phone: '09121234567', email: 'sara@example.com' } });
    await eventually(async () => expect((await t.stack.env.client.workflow.getHandle(taskId).query(callTaskQuery)).status).toBe('open'), 100, 200);
  });

  it('logs in, finds the call in the queue, claims it, records the outcome, and the sequence moves on', async () => {
    const { page, base } = b;
    await page.goto(`${base}/console/call-tasks`);
    await page.waitForURL(/\/console\/login$/);
    expect(await page.locator('html').getAttribute('dir')).toBe('rtl');
    await b.shot('login-fa');
    await page.getByLabel('نام کاربری').fill('agent-ali');
    await page.getByLabel('گذرواژه').fill(passwordOf('agent-ali'));
    await page.getByRole('button', { name: 'ورود' }).click();
    await page.waitForURL(/\/console\/call-tasks$/);
    // Visibility lists the task a moment after it opened: reload until it is there, as an agent would.
    await expect.poll(async () => (await page.reload(), page.getByRole('link', { name: 'سارا' }).count()), { timeout: 30_000 }).toBe(1);
    await b.shot('queue-fa');

    await page.getByRole('link', { name: 'سارا' }).click();
    await page.getByText('با سارا درباره سفارش ۱۲ تماس بگیرید.').waitFor();
    await b.shot('task-fa');
    await page.getByRole('button', { name: 'برداشتن' }).click();
    await page.locator('dt', { hasText: 'برداشته شده توسط' }).waitFor(); // claimed by the agent
    expect(await page.locator('dd').allInnerTexts()).toContain('agent-ali');

    await page.getByRole('link', { name: 'English' }).click();
    await page.getByRole('button', { name: 'Reached' }).waitFor();
    expect(await page.locator('html').getAttribute('dir')).toBe('ltr');
    await b.shot('task-en');
    await page.setViewportSize({ width: 390, height: 844 });
    await b.shot('task-en-phone');
    await page.setViewportSize({ width: 1200, height: 1000 });

    await page.getByLabel('Notes').fill('will order again next week');
    await page.getByRole('button', { name: 'Reached' }).click();
    await page.getByText('This call is closed. Reached').waitFor();
    expect(await t.stack.env.client.workflow.getHandle(taskId).query(callTaskQuery)).toMatchObject({ status: 'completed', outcome: 'reached', notes: 'will order again next week', claimedBy: 'agent-ali' });
    expect(await t.stack.env.client.workflow.getHandle('enrollment/calls/br-1/need-1').result()).toBe('completed');
    await t.smtp.waitForMessages(1);
    expect(t.smtp.messages.map((mail) => mail.subject)).toEqual(['thanks سارا']);
    await page.reload();
    await page.getByText('call_task.outcome').waitFor(); // the ledger has the outcome
    await b.shot('task-done-en');
  });

  it('refuses an agent the marketers’ page', async () => {
    const { page, base } = b;
    const response = await page.goto(`${base}/console/sequences`);
    expect(response?.status()).toBe(403);
    await page.getByText('You may not see this page.').waitFor();
    await b.shot('forbidden-en');
  });
});

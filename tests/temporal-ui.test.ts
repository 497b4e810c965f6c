import { mkdir } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { chromiumInstalled, CHROMIUM_PATH, launchChromium, type LocalBrowser } from './support/browser.js';
import { emailTemplate, send, sequence, wait } from './support/definitions.js';
import { eventually } from './support/eventually.js';
import { post } from './support/events.js';
import { freePort } from './support/freePort.js';
import { postgresUnavailable } from './support/postgresDatabase.js';
import { useStack } from './support/useStack.js';

const welcome = sequence({
  id: 'welcome',
  name: 'Welcome after purchase',
  steps: [send('1', 'hello'), wait('2', 30)],
  templates: { hello: emailTemplate('hello') },
});
const enrollmentId = 'enrollment/welcome/ui-1/order-1';
/** Screenshots are kept for people to look at (CI artifacts); the folder is git-ignored. */
const ARTIFACTS = 'test-artifacts';
/** The timer summary the wait step sets: its label, and the wake-up in Tehran and UTC. */
const waitSummary = /^wait 30d until \S+ \S+ Asia\/Tehran \(\d{4}-\d\d-\d\d \d\d:\d\d UTC\)$/;

if (!chromiumInstalled) console.warn(`tests/temporal-ui.test.ts skipped: ${CHROMIUM_PATH} is missing (apt-get install chromium, as .ci/run does)`);

/** The same UI checks on the dev server's Web UI and on the cluster's (`npm run cluster`, which needs PostgreSQL). */
const servers = [
  { server: 'dev', name: 'dev server', unavailable: '' },
  { server: 'cluster', name: 'npm run cluster', unavailable: postgresUnavailable() },
] as const;

/** What ops see: the Temporal Web UI in a real browser, finding a customer's run and reading what it did. */
describe.skipIf(!chromiumInstalled).each(servers)('the Temporal Web UI as ops see it ($name, headless Chromium)', { timeout: 120_000 }, ({ server, unavailable }) => {
  if (unavailable) return void it.skip(`needs PostgreSQL: ${unavailable}`);
  let ui = '';
  const t = useStack(async () => {
    const uiPort = await freePort();
    ui = `http://127.0.0.1:${uiPort}/namespaces/default`;
    return { definitions: [welcome], server, uiPort };
  });
  let browser: LocalBrowser | undefined;
  let page: Page;

  beforeAll(async () => {
    await mkdir(ARTIFACTS, { recursive: true });
    browser = await launchChromium({ width: 1400, height: 1300 });
    page = await browser.context.newPage();
    page.setDefaultTimeout(60_000); // the UI is slow on 2 cores, the first page load most
    await post(t.stack, { eventId: 'order-1', type: 'purchase', customerId: 'ui-1', customer: { email: 'sara@example.com', name: 'Sara' } });
    await post(t.stack, { eventId: 'order-2', type: 'purchase', customerId: 'ui-2', customer: { email: 'reza@example.com', name: 'Reza' } });
    // Both welcome emails went out and both runs sleep on their 30-day timer, as visibility lists them.
    await eventually(async () => {
      const response = await t.stack.api.inject({ url: '/v1/enrollments?sequence=welcome&status=waiting' });
      expect(response.json().enrollments).toHaveLength(2);
    }, 150, 200);
  });
  afterEach(async ({ task }) => {
    if (task.result?.state === 'fail') await page?.screenshot({ path: `${ARTIFACTS}/temporal-ui-failed-${task.name.replace(/\W+/g, '-')}.png` });
  });
  afterAll(async () => {
    await browser?.close();
  });

  /** The workflows list filtered by a visibility query, as ops would paste it into the query box. */
  const search = async (query: string): Promise<void> => {
    await page.goto(`${ui}/workflows?query=${encodeURIComponent(query)}`);
    await page.getByRole('link', { name: enrollmentId }).waitFor();
  };

  it('lists the customer’s runs, and only theirs, for PeygirCustomerId="ui-1"', async () => {
    await search('PeygirCustomerId="ui-1"');
    await page.screenshot({ path: `${ARTIFACTS}/temporal-ui-search.png` });
    const rows = page.getByRole('row').filter({ hasText: /\bui-\d/ });
    await expect.poll(() => rows.allInnerTexts(), { timeout: 30_000 }).toEqual([
      expect.stringMatching(/Running\s+enrollment\/welcome\/ui-1\/order-1\s+\S+\s+enrollmentWorkflow/),
      expect.stringMatching(/Running\s+contact\/ui-1\s+\S+\s+contactWorkflow/),
    ]);
  });

  it('shows the enrollment run with the sequence’s step and timer summaries and its own summary', async () => {
    await search('PeygirCustomerId="ui-1"');
    await page.getByRole('link', { name: enrollmentId }).click();
    await page.waitForURL(/\/history/);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).innerText(), { timeout: 30_000 }).toContain(enrollmentId);

    // The timeline (SVG text, so textContent) names the activity with its step label and the timer with the wait step's summary.
    const timeline = page.locator('svg text');
    const sendLabel = timeline.filter({ hasText: 'send email: hello' });
    const timerLabel = timeline.filter({ hasText: /^wait 30d until/ });
    await timerLabel.waitFor();
    expect((await sendLabel.textContent())?.trim()).toBe('sendEmail • send email: hello');
    expect((await timerLabel.textContent())?.trim()).toMatch(waitSummary);
    // The event history lists the run's static summary with its start event.
    await page.getByText('Welcome after purchase — Sara', { exact: true }).waitFor();
    await page.screenshot({ path: `${ARTIFACTS}/temporal-ui-enrollment-history.png` });

    // User Metadata: the run's summary, details and current details (markdown, each rendered in its own
    // frame), and the steps so far and the timer it waits on, each with its summary.
    await page.getByRole('tab', { name: 'User Metadata' }).click();
    const rendered = page.locator('iframe[title="output"]');
    await expect
      .poll(async () => Promise.all((await rendered.all()).map((frame) => frame.contentFrame().locator('body').innerText())), { timeout: 30_000 })
      .toEqual([
        'Welcome after purchase — Sara',
        'Sequence welcome version v1 (welcome.yaml), triggered by purchase order-1.',
        expect.stringMatching(/^waiting for wait 30d \(until .+ UTC\)\)$/),
      ]);
    expect(await page.locator('main').innerText()).toMatch(
      /Events with Metadata\s+Activity\s+send email: hello\s+Completed\s+Timer\s+wait 30d until .+ UTC\)\s+Started/,
    );
    await page.screenshot({ path: `${ARTIFACTS}/temporal-ui-enrollment-metadata.png` });
  });
});

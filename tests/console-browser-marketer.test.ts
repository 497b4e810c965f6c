import { describe, expect, it } from 'vitest';
import { apiSettingsFromConfig } from '../src/api/settings.js';
import { loadConfig } from '../src/config.js';
import { chromiumInstalled, CHROMIUM_PATH } from './support/browser.js';
import { useConsoleBrowser } from './support/consoleBrowser.js';
import { consoleUser, passwordOf } from './support/consoleClient.js';
import { post } from './support/events.js';
import { useStack } from './support/useStack.js';


if (!chromiumInstalled) console.warn(`tests/console-browser-marketer.test.ts skipped: ${CHROMIUM_PATH} is missing (apt-get install chromium, as .ci/run does)`);

/**
 * A marketer and an admin in headless Chromium against the dev server and the shipped sequences: the welcome
 * sequence's graph, its customers at each step and its funnel moving as purchases come in, the reports, a customer's page.
 */
describe.skipIf(!chromiumInstalled)('the console as marketers and ops use it (headless Chromium, dev server, shipped sequences)', { timeout: 180_000 }, () => {
  const t = useStack(async () => ({
    server: 'dev',
    apiSettings: { ...apiSettingsFromConfig(loadConfig({})), console: { users: [await consoleUser('marketer-mina', 'marketer'), await consoleUser('admin-ava', 'admin')], loginsPerMinute: 10 } },
  }));
  const b = useConsoleBrowser(t);
  const logIn = async (name: string, button: string) => {
    const { page, base } = b;
    await page.goto(`${base}/console/login`);
    await page.locator('input[name="name"]').fill(name);
    await page.locator('input[name="password"]').fill(passwordOf(name));
    await page.getByRole('button', { name: button }).click();
  };
  /** The number in a cell of the welcome sequence's step table, read back from Persian digits. */
  const cell = async (step: string, column: 'waiting' | 'entered') =>
    Number((await b.page.locator(`tr[data-step="${step}"] td.${column}`).innerText()).replace(/[۰-۹]/g, (digit) => String(digit.charCodeAt(0) - 0x06f0)));

  it('a marketer sees the graph, then the customers waiting at each step and the funnel change as purchases come in', async () => {
    const { page, base } = b;
    await page.goto(`${base}/console/login?lang=en`);
    await b.shot('login-en');
    await page.goto(`${base}/console/login?lang=fa`);
    await logIn('marketer-mina', 'ورود');
    await page.waitForURL(/\/console\/sequences$/);
    expect(await page.locator('html').getAttribute('dir')).toBe('rtl');
    await page.getByRole('link', { name: 'welcome', exact: true }).waitFor();
    await b.shot('sequences-fa');
    await page.goto(`${base}/console/sequences?lang=en`);
    await page.getByRole('button', { name: 'Read the files again' }).waitFor();
    await b.shot('sequences-en');
    await page.goto(`${base}/console/sequences?lang=fa`);

    await page.getByRole('link', { name: 'welcome', exact: true }).click();
    await page.waitForURL(/\/console\/sequences\/welcome$/);
    await page.locator('.graph svg').waitFor(); // Mermaid drew the graph in the page, from the bundle this server serves
    expect([await cell('2', 'waiting'), await cell('1', 'entered')]).toEqual([0, 0]);

    for (const customer of ['mk-1', 'mk-2']) {
      await post(t.stack, { eventId: `order-${customer}`, type: 'purchase', customerId: customer, customer: { name: 'سارا', email: `${customer}@example.com` }, data: { product: 'کتری' } });
    }
    // Both runs send the welcome email and wait a week at step 2: reload until the page counts them, as a marketer would.
    await expect.poll(async () => (await page.reload(), cell('2', 'waiting')), { timeout: 60_000 }).toBe(2);
    expect(await cell('1', 'entered')).toBe(2);
    expect(await cell('2', 'entered')).toBe(2);
    expect(await cell('3', 'waiting')).toBe(0);
    expect(await page.locator('tr[data-step="2"] td.waiting').innerText()).toBe('۲'); // Persian digits
    await page.locator('.graph svg').waitFor();
    await b.shot('sequence-fa');

    await page.getByRole('link', { name: 'English' }).click();
    await page.getByRole('heading', { name: 'Customers at each step right now' }).waitFor();
    expect(await page.locator('html').getAttribute('dir')).toBe('ltr');
    expect(await page.locator('tr[data-step="2"] td.waiting').innerText()).toBe('2');
    await page.locator('.graph svg').waitFor();
    await b.shot('sequence-en');
  });

  it('a marketer reads the funnel report as a chart, in both languages', async () => {
    const { page, base } = b;
    await page.goto(`${base}/console/reports?name=funnel&column=entered&sequence=welcome&lang=en`);
    await page.locator('svg[aria-label="funnel: entered"]').waitFor();
    await b.shot('reports-en');
    await page.goto(`${base}/console/reports?name=funnel&column=entered&sequence=welcome&lang=fa`);
    await page.locator('svg[aria-label="funnel: entered"]').waitFor();
    expect(await page.locator('html').getAttribute('dir')).toBe('rtl');
    await b.shot('reports-fa');
  });

  it('an admin opens a customer: timeline with Jalali dates, runs with their controls and Temporal UI links, the export', async () => {
    const { page, base } = b;
    await page.getByRole('button', { name: /Log out|خروج/ }).click();
    await logIn('admin-ava', 'ورود');
    await page.goto(`${base}/console/customers/mk-1?lang=fa`);
    await expect.poll(async () => (await page.reload(), page.getByRole('button', { name: 'پایان انتظار و ادامه' }).count()), { timeout: 30_000 }).toBe(1);
    expect(await page.locator('main').innerText()).toMatch(/[۰-۹]{4}\/[۰-۹]{2}\/[۰-۹]{2}/);
    await b.shot('customer-fa');
    const download = page.waitForEvent('download');
    await page.getByRole('link', { name: 'دریافت همه داده‌های مشتری (JSON)' }).click();
    expect((await download).suggestedFilename()).toBe('peygir-customer-mk-1.json');
    await page.goto(`${base}/console/customers/mk-1?lang=en`);
    await page.getByRole('button', { name: 'Cancel this run' }).click();
    await page.getByText('The command was sent to the run.').waitFor();
    await b.shot('customer-en');
  });
});

import { mkdir } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { launchChromium, type LocalBrowser } from './browser.js';
import type { UsedStack } from './useStack.js';

/** Screenshots are kept for people to look at (CI artifacts); the folder is git-ignored. */
export const ARTIFACTS = 'test-artifacts';

export interface ConsoleBrowser {
  readonly page: Page;
  /** The stack's API, listening on a loopback port. */
  readonly base: string;
  /** A full-page screenshot, `test-artifacts/console-<name>.png`. */
  shot(name: string): Promise<Buffer>;
}

/**
 * Registers, in the calling `describe` (after its `useStack`), hooks that put the stack's API on a port and open one
 * page in headless Chromium, keep a screenshot of a failed test, and close the browser at the end.
 */
export function useConsoleBrowser(t: UsedStack): ConsoleBrowser {
  let browser: LocalBrowser | undefined;
  let page: Page | undefined;
  let base = '';
  beforeAll(async () => {
    await mkdir(ARTIFACTS, { recursive: true });
    base = await t.stack.api.listen({ port: 0, host: '127.0.0.1' });
    browser = await launchChromium({ width: 1200, height: 1000 });
    page = await browser.context.newPage();
    page.setDefaultTimeout(30_000);
  });
  afterEach(async ({ task }) => {
    if (task.result?.state === 'fail') await page?.screenshot({ path: `${ARTIFACTS}/console-failed-${task.name.replace(/\W+/g, '-')}.png` });
  });
  afterAll(async () => {
    await browser?.close();
  });
  return {
    get page() {
      if (!page) throw new Error('useConsoleBrowser: the page opens in beforeAll');
      return page;
    },
    get base() {
      return base;
    },
    shot: (name) => (page ? page.screenshot({ path: `${ARTIFACTS}/console-${name}.png`, fullPage: true }) : Promise.reject(new Error('no page yet'))),
  };
}

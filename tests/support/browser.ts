import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../src/cli/chromium.js';

export { CHROMIUM_PATH };

/** Debian's `chromium` package (`.ci/run` installs it); the flags and path are the CLI's (`peygir graph --svg`). */
export const chromiumInstalled = existsSync(CHROMIUM_PATH);

export interface LocalBrowser {
  context: BrowserContext;
  close(): Promise<void>;
}

/**
 * Headless Chromium with a fresh profile in a temp folder, which may only load pages from loopback
 * hosts: any other request is aborted, so a page cannot reach the internet from a test.
 */
export async function launchChromium(viewport = { width: 1400, height: 1000 }): Promise<LocalBrowser> {
  const userDataDir = await mkdtemp(join(tmpdir(), 'peygir-chromium-'));
  // A persistent context is how Playwright takes a `--user-data-dir` of our choosing.
  const context = await chromium.launchPersistentContext(userDataDir, { executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS, viewport });
  await context.route('**/*', (route) => (isLoopback(route.request().url()) ? route.continue() : route.abort('blockedbyclient')));
  return {
    context,
    async close() {
      await context.close();
      await rm(userDataDir, { recursive: true, force: true });
    },
  };
}

function isLoopback(url: string): boolean {
  const { protocol, hostname } = new URL(url);
  if (protocol === 'data:' || protocol === 'blob:' || protocol === 'about:') return true;
  return hostname === '127.0.0.1' || hostname === 'localhost' || hostname === '[::1]';
}

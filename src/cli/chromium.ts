import { existsSync } from 'node:fs';
import { CliError, EXIT } from './errors.js';

/** Debian's `chromium` package; Playwright's own browser downloads are never used. */
export const CHROMIUM_PATH = '/usr/bin/chromium';

/** Flags that keep Chromium headless and quiet: no sandbox (root in CI and containers), no calls home to Google. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** The Chromium the CLI drives: $PEYGIR_CHROMIUM (any Chromium or Chrome binary), else Debian's; a clear error when absent. */
export function chromiumExecutable(purpose: string): string {
  const path = process.env.PEYGIR_CHROMIUM || CHROMIUM_PATH;
  if (existsSync(path)) return path;
  throw new CliError(
    `${purpose} needs Chromium, and there is none at ${path}.\n` +
      'Install it with: apt-get install chromium   (Debian/Ubuntu; as .ci/run does)\n' +
      'or set PEYGIR_CHROMIUM to a Chromium or Chrome binary. Without it, leave out the option to get the Mermaid text.',
    EXIT.unavailable,
  );
}

import { afterAll, beforeAll } from 'vitest';
import { startSmtpServer, type LocalSmtpServer } from './smtpServer.js';
import { startTestStack, type TestStack, type TestStackOptions } from './stack.js';

/** Test stack options without the SMTP URL, which `useStack` fills in from its own SMTP server (configured by `smtp`). */
export type StackOptions = Omit<TestStackOptions, 'smtpUrl'> & { smtp?: Parameters<typeof startSmtpServer>[0] };

/** What `useStack` hands the tests; both are set once its `beforeAll` ran (reading them earlier throws). */
export interface UsedStack {
  smtp: LocalSmtpServer;
  stack: TestStack;
}

/**
 * Registers, in the calling `describe`, a `beforeAll` that starts an SMTP server and a test stack
 * sending to it, and an `afterAll` that closes the stack, then the SMTP server.
 *
 * `options` may be a function, for options that need another server started first (it runs after the
 * SMTP server is up, e.g. `kavenegarUrl: await kavenegar.start()`); `onClose` then stops those servers,
 * after the stack closed and together with the SMTP server.
 */
export function useStack(options: StackOptions | (() => Promise<StackOptions>) = {}, onClose?: () => Promise<unknown>): UsedStack {
  let smtp: LocalSmtpServer | undefined;
  let stack: TestStack | undefined;
  beforeAll(async () => {
    const { smtp: smtpOptions, ...stackOptions } = typeof options === 'function' ? await options() : options;
    smtp = await startSmtpServer(smtpOptions);
    stack = await startTestStack({ ...stackOptions, smtpUrl: smtp.url });
  });
  afterAll(async () => {
    await stack?.close();
    await Promise.all([smtp?.close(), onClose?.()]);
  });
  return {
    get smtp() {
      return smtp ?? notYet('smtp');
    },
    get stack() {
      return stack ?? notYet('stack');
    },
  };
}

function notYet(name: keyof UsedStack): never {
  throw new Error(`useStack: ${name} is set in beforeAll; use it inside a hook or a test`);
}

import { createLogger } from '../../src/logger.js';
import { installTemporalRuntime } from '../../src/temporal/runtime.js';

const listeners = new Set<(line: string) => void>();

/** Hears every line the SDK logs (worker, activities, workflow `log`) until the returned function is called. */
export function listenToSdkLog(listener: (line: string) => void): () => void {
  listeners.add(listener);
  return () => void listeners.delete(listener);
}

// SDK logs in tests go through Peygir's logger like in production (LOG_PII=false): to the listeners,
// and printed only when TEST_LOG_LEVEL says so.
const printed = process.env.TEST_LOG_LEVEL !== undefined;
installTemporalRuntime(
  createLogger(process.env.TEST_LOG_LEVEL ?? 'info', {
    destination: {
      write(line: string) {
        for (const listener of listeners) listener(line);
        if (printed) process.stdout.write(line);
      },
    },
  }),
);

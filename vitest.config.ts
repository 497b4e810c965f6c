import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    setupFiles: ['tests/support/quietRuntime.ts'],
    include: ['tests/**/*.test.ts'],
    globalSetup: ['tests/support/globalSetup.ts'],
    // Each file with a Temporal environment starts its own JVM test server, worker and servers. On
    // 2 cores, files side by side starve each other's workflow tasks and the time-skipping server
    // misbehaves under that load; one file at a time is steady (about 4 minutes in all).
    maxWorkers: 1,
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});

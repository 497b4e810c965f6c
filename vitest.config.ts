import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    setupFiles: ["tests/support/quietRuntime.ts"],
    include: ['tests/**/*.test.ts'],
    globalSetup: ['tests/support/globalSetup.ts'],
    // Each file with a Temporal environment starts its own JVM test server and worker;
    // the machine has 2 cores, so keep file-level parallelism modest.
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});

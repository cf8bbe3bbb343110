import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Tests talk to loopback servers; a hung socket should fail one test, not stall the run.
    testTimeout: 20_000,
    hookTimeout: 20_000,
  },
});

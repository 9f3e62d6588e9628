/**
 * `npm run record:histories`: the test setup (Temporal dev server, database) around the history
 * recorder only. Not mergeConfig with vitest.config.ts: it would add to the include list and run
 * the whole suite.
 */
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/replay/record-histories.ts'],
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 600_000,
    hookTimeout: 180_000,
    pool: 'forks',
  },
});

import { defineConfig } from 'vitest/config';

// Tests that open dedel's output as a person would, in Chromium and LibreOffice
// (installed from Debian's packages by .ci/run). `npm test` does not run them.
export default defineConfig({
  test: {
    include: ['test/external/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    fileParallelism: false,
  },
});

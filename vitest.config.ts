import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/external/**', '**/node_modules/**'],
    testTimeout: 30_000,
    // Two workers on two cores: vitest's default (cores - 1) leaves one idle. Three were
    // slower here. Worker threads, and the files of one worker sharing their modules
    // (isolate: false): src/ and the libraries load once per worker, not once per file (this
    // halved the suite's time when it was measured). Nothing in src/ or test/ keeps state
    // between runs (the caches are WeakMaps keyed by a run's Io), and no test changes
    // process.env or the working folder.
    pool: 'threads',
    maxWorkers: 2,
    isolate: false,
  },
});

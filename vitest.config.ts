import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/external/**', '**/node_modules/**'],
    testTimeout: 30_000,
    // Two workers on two cores: vitest's default (cores - 1) leaves one idle while a file
    // waits on the runs of the bin it spawns. Worker threads, and the files of one worker
    // sharing their modules (isolate: false): loading src/ and the libraries once per worker,
    // not once per file, saves a quarter of the suite's time. Nothing in src/ or test/ keeps
    // state between runs (the caches are WeakMaps keyed by a run's Io), and no test changes
    // process.env or the working folder.
    pool: 'threads',
    maxWorkers: 2,
    isolate: false,
  },
});

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/bin.js';

const read = (file: string) => readFileSync(join(ROOT, file), 'utf8');

describe('the README quick start and CI agree', () => {
  it('gives the two quick-start commands', () => {
    const readme = read('README.md');
    expect(readme).toContain('npm ci && npm start');
    expect(readme).toMatch(/^npm test\b/m);
  });

  it('runs npm ci, then exactly the README test command, then the external tests in CI', () => {
    const steps = read('.ci/run')
      .split('\n')
      .filter((l) => /^npm /.test(l));
    expect(steps).toEqual(['npm ci', 'npm test', 'npm run test:external']);
    // The second script, for tests that need a terminal, Chromium and LibreOffice, is named in the README.
    expect(read('README.md')).toContain('npm run test:external');
  });

  it('starts on the bundled Sutton example', () => {
    const scripts = JSON.parse(read('package.json')).scripts as Record<string, string>;
    expect(scripts.start).toContain('allocate fixtures/sutton/appendix-b.csv --rate 5.10');
    expect(scripts.test).toContain('vitest run');
  });
});

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { INPUT_LIMIT } from '../../src/cli/input-file.js';
import { runInProcess } from '../helpers/run.js';

// README "Files dedel reads and writes": each input is read up to a bound; an endless one
// (/dev/zero) stops with an error instead of filling the memory. The tests lower the bound.
describe('the size bound on every input', () => {
  it('is 256 MB', () => {
    expect(INPUT_LIMIT).toBe(256 * 1024 * 1024);
  });

  it('stops an endless census (/dev/zero) with an error', async () => {
    const run = await runInProcess(['allocate', '/dev/zero', '--rate', '5'], { inputLimit: 4 * 1024 * 1024 });
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      'dedel: error: cannot read /dev/zero: it holds more than 4 MB, more than dedel reads from one file (a census of a million schools is about 72 MB); is it the right file?\n',
    );
  });

  it('refuses a file larger than the bound without reading it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dedel-bound-'));
    writeFileSync(join(dir, 'big.json'), `{"title":"${'x'.repeat(2 * 1024 * 1024)}"}`);
    const run = await runInProcess(['allocate', 'c.csv', '-c', 'big.json', '--rate', '5'], { cwd: dir, inputLimit: 1024 * 1024 });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('cannot read big.json: it holds more than 1 MB');
  });

  it('bounds standard input too', async () => {
    const run = await runInProcess(['allocate', '-', '--rate', '5'], { stdin: new Uint8Array(2 * 1024 * 1024 + 1), inputLimit: 2 * 1024 * 1024 });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('cannot read standard input: it holds more than 2 MB');
  });
});

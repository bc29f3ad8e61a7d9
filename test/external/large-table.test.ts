// A terminal table of a million rows (README, Output): it completes, never a stack overflow.
// Here rather than in `npm test` for its running time (a minute on a busy machine), not for a tool.
import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, ROOT } from '../helpers/bin.js';
import { generateCensus } from '../../bench/generate.js';

describe('a terminal table of a million rows', () => {
  it('is drawn whole, with its Total row, without a stack overflow', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dedel-large-'));
    try {
      const census = join(dir, 'census.csv');
      writeFileSync(census, generateCensus(1_000_000));
      const out = openSync(join(dir, 'table.txt'), 'w');
      const run = spawnSync(process.execPath, [BIN, 'allocate', census, '--rate', '5.10', '--format', 'table', '--quiet'], { cwd: ROOT, stdio: ['ignore', out, 'pipe'], encoding: 'utf8' });
      closeSync(out);
      expect(run.stderr).toBe('');
      expect(run.status).toBe(0);
      const size = statSync(join(dir, 'table.txt')).size;
      expect(size).toBeGreaterThan(50_000_000);
      const fd = openSync(join(dir, 'table.txt'), 'r');
      const tail = Buffer.alloc(4096);
      readSync(fd, tail, 0, 4096, size - 4096);
      closeSync(fd);
      expect(tail.toString('utf8')).toMatch(/│ +│ Total +│ +│ +│ +[\d,]+ │ +[\d,]+ │ +[\d,]+ │ +[\d.]+ │\n└/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 600_000);
});

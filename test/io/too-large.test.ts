import { describe, expect, it } from 'vitest';
import { runInProcess } from '../helpers/run.js';

// Node cannot hold more than about 512 MB of text in one string. A census read whole that
// large once ended in "internal error: Cannot create a string longer than 0x1fffffe8
// characters"; it is now a data error that says what to do.
describe('a census too large to read whole', () => {
  it('is refused with a clear error naming the file, its size and the way round', async () => {
    const head = new TextEncoder().encode('URN,School,Status,Phase,NOR\n1,A,Community,Primary,100\n');
    const bytes = new Uint8Array(0x1fffffe8 + 16).fill(0x0a); // blank lines after one school
    bytes.set(head, 0);
    const run = await runInProcess(['allocate', '-', '--rate', '5', '--format', 'md'], { stdin: bytes, inputLimit: Infinity });
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(
      'dedel: error: <stdin>: the file is too large to read whole (512 MB; Node holds at most about 512 MB of text at once); csv or tsv output of one service at given rates reads a census a piece at a time (dedel allocate CENSUS --rate … --format csv), or split the census\n',
    );
  }, 60000);
});

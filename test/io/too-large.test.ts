import { describe, expect, it } from 'vitest';
import { runInProcess } from '../helpers/run.js';

// Node cannot hold more than about 512 MB of text in one string. A census read whole that
// large once ended in "internal error: Cannot create a string longer than 0x1fffffe8
// characters"; it is now a data error that says what to do. A UTF-8 census is read a piece
// at a time; one in Windows-1252 (a £ as byte A3) is still decoded whole.
describe('a census too large to read whole', () => {
  it('is refused with a clear error naming the file, its size and the way round', async () => {
    const head = Uint8Array.from([...new TextEncoder().encode('URN,School,Status,Phase,NOR\n1,A \u0000,Community,Primary,100\n')].map((b) => (b === 0 ? 0xa3 : b)));
    const bytes = new Uint8Array(0x1fffffe8 + 16).fill(0x0a); // blank lines after one school
    bytes.set(head, 0);
    const run = await runInProcess(['allocate', '-', '--rate', '5', '--format', 'md'], { stdin: bytes, inputLimit: Infinity });
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(
      'dedel: error: <stdin>: the file is too large to read whole (512 MB; Node holds at most about 512 MB of text at once); save it as CSV UTF-8, which dedel reads a piece at a time, or split it\n',
    );
  }, 60000);
});

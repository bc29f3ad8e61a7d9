import { describe, expect, it } from 'vitest';
import { runBin } from '../helpers/bin.js';

describe('Sutton Appendix B 2024/25 at £5.10', () => {
  it('reproduces every published row and warns of the £2', () => {
    const run = runBin(['allocate', 'fixtures/sutton/appendix-b.csv', '--rate', '5.10', '-f', 'csv']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(',Total,,,9968,50839,50839,5.10');
  });
});

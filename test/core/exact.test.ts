import { describe, expect, it } from 'vitest';
import { packed } from '../../src/core/exact.js';

// Period footing holds a table of every charged school × period: its integers are packed
// where they fit in 64 bits (README "Performance"), and kept exact where they do not.

describe('packed integers', () => {
  it('are a typed array where every one fits in 64 bits, and an array of the same values where one does not', () => {
    const small = packed(3, (i) => BigInt(i) * 10n ** 15n);
    expect(small).toBeInstanceOf(BigInt64Array);
    expect(Array.from(small)).toEqual([0n, 10n ** 15n, 2n * 10n ** 15n]);
    const large = packed(3, (i) => (i === 2 ? 2n ** 63n : BigInt(i)));
    expect(Array.isArray(large)).toBe(true);
    expect(Array.from(large)).toEqual([0n, 1n, 2n ** 63n]);
    expect(Array.from(packed(2, (i) => -(2n ** 62n) * BigInt(i)))).toEqual([0n, -(2n ** 62n)]);
  });
});

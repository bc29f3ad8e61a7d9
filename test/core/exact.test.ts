import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { decOf, packed, packedRows, ratio } from '../../src/core/exact.js';
import { ratioText } from '../../src/core/rounding.js';

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

describe('rows and their products, packed', () => {
  it('are what packed makes of each, typed where all fit in 64 bits and arrays where one does not', () => {
    const check = (values: bigint[], weights: bigint[]) => {
      const { rows, products } = packedRows(values.length, (i) => values[i]!, weights.length, () => weights);
      const apartRows = packed(values.length, (i) => values[i]!);
      const apartProducts = packed(values.length * weights.length, (c) => apartRows[Math.floor(c / weights.length)]! * weights[c % weights.length]!);
      expect(rows.constructor).toBe(apartRows.constructor);
      expect(products.constructor).toBe(apartProducts.constructor);
      expect(Array.from(rows)).toEqual(Array.from(apartRows));
      expect(Array.from(products)).toEqual(Array.from(apartProducts));
    };
    check([0n, 5n, 12n], [5n, 7n]);
    check([2n ** 61n, 1n], [5n, 7n]);
    check([2n ** 63n, 1n], [1n]);
    check([-(2n ** 62n), 3n], [1n, 2n]);
    check([], [5n, 7n]);
    check([4n, 9n], []);
  });
});

describe('a ratio as text', () => {
  it('is what the decimal of the ratio writes: 50 significant digits, half away from zero, no trailing zeros', () => {
    const big = fc.bigInt({ min: -(10n ** 70n), max: 10n ** 70n });
    const small = fc.bigInt({ min: -100000n, max: 100000n });
    const den = fc.oneof(fc.bigInt({ min: 1n, max: 10n ** 60n }), fc.bigInt({ min: 1n, max: 1000n }), fc.constantFrom(1n, 2n, 3n, 7n, 8n, 12n, 625n, 2n ** 200n, 3n * 10n ** 49n));
    fc.assert(
      fc.property(fc.oneof(big, small), den, (num, d) => {
        const r = ratio(num, d);
        expect(ratioText(r)).toBe(decOf(r).toFixed());
      }),
      { numRuns: 3000 },
    );
    // Rounding that carries into a new digit, halves, and exact values with long fractions.
    for (const [num, d] of [[2n * 10n ** 50n - 1n, 2n * 10n ** 50n], [1n, 3n], [2n, 3n], [-2n, 3n], [1n, 2n ** 200n], [10n ** 60n + 5n, 10n ** 11n], [999999n, 7n]] as const) {
      const r = ratio(num, d);
      expect(ratioText(r)).toBe(decOf(r).toFixed());
    }
  });
});

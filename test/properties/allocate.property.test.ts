import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allocate } from '../../src/core/allocate.js';
import { Dec, sum } from '../../src/core/decimal.js';
import { roundTo } from '../../src/core/rounding.js';
import type { FootMode, RoundingMode, School, Service } from '../../src/core/types.js';

const MODES: RoundingMode[] = ['half-up', 'half-even', 'down', 'up'];
const UNITS = ['0.01', '1', '10', '100'];

interface Row {
  nor: number; // pupils: whole numbers, turned into Decimals through text
  months: number;
}

const rowArb = fc.record({ nor: fc.integer({ min: 0, max: 3000 }), months: fc.integer({ min: 0, max: 12 }) });
const rowsArb = fc.array(rowArb, { minLength: 1, maxLength: 40 });
/** Small schools and rates: remainders tie often, which is where footing order matters. */
const tieRowsArb = fc.array(fc.record({ nor: fc.integer({ min: 0, max: 60 }), months: fc.integer({ min: 0, max: 12 }) }), { minLength: 1, maxLength: 40 });

function schools(rows: readonly Row[]): School[] {
  return rows.map((r, i) => ({
    id: String(1000 + i),
    name: `School ${i}`,
    status: 'community',
    phase: i % 2 ? 'secondary' : 'primary',
    bases: { nor: new Dec(String(r.nor)) },
    months: new Dec(String(r.months)),
  }));
}

/** Odd rows are secondary, even rows primary: secondary pays `pence` + 37p per pupil, primary `pence`. */
const penceOf = (pence: number, row: number) => (row % 2 ? pence + 37 : pence);

function service(pence: number, unit: string, mode: RoundingMode, foot: FootMode): Service {
  const rate = (p: number) => new Dec(String(p)).div(100);
  return {
    name: 'De-delegation',
    basis: 'nor',
    rate: { primary: rate(penceOf(pence, 0)), secondary: rate(penceOf(pence, 1)) },
    charge: { phases: ['primary', 'secondary'], statuses: 'maintained', allThrough: 'split' },
    rounding: { unit: new Dec(unit), mode, foot },
    source: 'flag',
  };
}

const settingsArb = fc.record({
  pence: fc.integer({ min: 0, max: 5000 }),
  unit: fc.constantFrom(...UNITS),
  mode: fc.constantFrom(...MODES),
});

describe('allocate: properties', () => {
  it('footed columns always add up to the rounded exact total', () => {
    fc.assert(
      fc.property(rowsArb, settingsArb, (rows, s) => {
        const result = allocate(schools(rows), { services: [service(s.pence, s.unit, s.mode, 'largest-remainder')], periods: [] });
        const expected = roundTo(result.services[0]!.exactTotal, new Dec(s.unit), s.mode);
        expect(sum(result.rows.map((r) => r.total)).toFixed()).toBe(expected.toFixed());
        expect(result.total.total.toFixed()).toBe(expected.toFixed());
      }),
    );
  });

  it('no row moves by a whole unit or more from its exact amount, footed or not', () => {
    fc.assert(
      fc.property(rowsArb, settingsArb, fc.constantFrom<FootMode>('none', 'largest-remainder'), (rows, s, foot) => {
        const unit = new Dec(s.unit);
        const result = allocate(schools(rows), { services: [service(s.pence, s.unit, s.mode, foot)], periods: [] });
        for (const row of result.rows) {
          const charge = row.charges[0]!;
          expect(charge.amount.minus(charge.exact).abs().lessThan(unit)).toBe(true);
        }
      }),
    );
  });

  it('shuffling the census changes no school’s charge', () => {
    fc.assert(
      fc.property(
        rowsArb.chain((rows) => fc.tuple(fc.constant(rows), fc.shuffledSubarray(rows.map((_, i) => i), { minLength: rows.length, maxLength: rows.length }))),
        settingsArb,
        ([rows, order], s) => {
          const all = schools(rows);
          const plan = { services: [service(s.pence, s.unit, s.mode, 'largest-remainder')], periods: [] };
          const straight = new Map(allocate(all, plan).rows.map((r) => [r.school.id, r.total.toFixed()]));
          const shuffled = new Map(allocate(order.map((i) => all[i]!), plan).rows.map((r) => [r.school.id, r.total.toFixed()]));
          expect(shuffled).toEqual(straight);
        },
      ),
    );
  });

  it('amounts equal an independent exact-integer computation (half-up to £1, footed and not)', () => {
    fc.assert(
      fc.property(fc.oneof(rowsArb, tieRowsArb), fc.oneof(fc.integer({ min: 0, max: 5000 }), fc.integer({ min: 0, max: 30 })), (rows, pence) => {
        // Exact amount in pounds = nor × pence × months / 1200: keep the numerator as a BigInt.
        const num = rows.map((r, i) => BigInt(r.nor) * BigInt(penceOf(pence, i)) * BigInt(r.months));
        const halfUp = (n: bigint) => (2n * n + 1200n) / 2400n;
        const alone = num.map(halfUp);
        const floors = num.map((n) => n / 1200n);
        const missing = halfUp(num.reduce((a, b) => a + b, 0n)) - floors.reduce((a, b) => a + b, 0n);
        const order = num
          .map((n, i) => ({ i, rem: n % 1200n, n }))
          .sort((a, b) => (a.rem !== b.rem ? (b.rem > a.rem ? 1 : -1) : a.n !== b.n ? (b.n > a.n ? 1 : -1) : a.i - b.i));
        const footed = [...floors];
        for (let k = 0; k < Number(missing); k++) footed[order[k]!.i]! += 1n;

        const plain = allocate(schools(rows), { services: [service(pence, '1', 'half-up', 'none')], periods: [] });
        const lr = allocate(schools(rows), { services: [service(pence, '1', 'half-up', 'largest-remainder')], periods: [] });
        expect(plain.rows.map((r) => r.total.toFixed())).toEqual(alone.map(String));
        expect(lr.rows.map((r) => r.total.toFixed())).toEqual(footed.map(String));
      }),
      { numRuns: 500 },
    );
  });

  it('period parts always add up to each school’s charge', () => {
    fc.assert(
      fc.property(rowsArb, settingsArb, fc.integer({ min: 0, max: 12 }), (rows, s, first) => {
        const periods = [
          { name: 'De-delegated', months: new Dec(String(first)) },
          { name: 'Buy-back', months: new Dec(String(12 - first)) },
        ];
        const result = allocate(schools(rows), { services: [service(s.pence, s.unit, s.mode, 'none')], periods });
        for (const row of result.rows) {
          const charge = row.charges[0]!;
          expect(sum(charge.periods).toFixed()).toBe(charge.amount.toFixed());
        }
        expect(sum(result.services[0]!.periodTotals).toFixed()).toBe(result.total.total.toFixed());
      }),
    );
  });
});

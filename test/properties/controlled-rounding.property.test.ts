import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { footTable, type ControlledRounding, type ControlledTable } from '../../src/core/footing.js';
import { Dec } from '../../src/core/decimal.js';
import { splitAmount } from '../../src/core/split.js';
import { periodTable, type ChargeRow } from '../helpers/period-table.js';

/** Months for 2 to 12 periods adding up to 12, in whole or half months (some periods may be 0). */
const monthsArb = fc.integer({ min: 2, max: 12 }).chain((k) =>
  fc.tuple(fc.array(fc.integer({ min: 0, max: 24 }), { minLength: k - 1, maxLength: k - 1 }), fc.boolean()).map(([cuts, halves]) => {
    const scale = halves ? 2 : 1;
    const points = [0, ...cuts.map((c) => Math.min(c, 12 * scale)).sort((a, b) => a - b), 12 * scale];
    return points.slice(1).map((p, j) => String((p - points[j]!) / scale));
  }),
);
const chargesArb = fc.oneof(
  fc.array(fc.integer({ min: 0, max: 40 }), { minLength: 1, maxLength: 30 }), // small: remainders tie
  fc.array(fc.integer({ min: 0, max: 5_000_000 }), { minLength: 1, maxLength: 30 }),
);
const UNITS = ['0.01', '1', '10', '100'];

function rowsOf(charges: readonly number[]): ChargeRow[] {
  return charges.map((units, i) => ({ id: i % 5 === 4 ? '' : String(1000 + ((i * 37) % 97)), name: `School ${i}`, units: BigInt(units) }));
}
const cell = (r: ControlledRounding, i: number, j: number) => r.units[i * r.columns + j]!;

/** What a rounding must meet, as a list of the broken promises (empty when all hold). */
function problems(table: ControlledTable, r: ControlledRounding): string[] {
  const k = table.columns;
  const out: string[] = [];
  const columns = new Array<bigint>(k).fill(0n);
  table.rows.forEach((_, i) => {
    let sum = 0n;
    for (let j = 0; j < k; j++) {
      const c = cell(r, i, j);
      sum += c;
      columns[j] = columns[j]! + c;
      // Within a unit of the exact value: |c − cells/den| < 1.
      const gap = c * table.den - table.cells[i * k + j]!;
      if (gap <= -table.den || gap >= table.den) out.push(`cell ${i},${j} is a unit or more from exact`);
    }
    if (sum !== table.rowTotals[i]) out.push(`row ${i} adds up to ${sum}, not ${table.rowTotals[i]}`);
  });
  const off = r.shortfalls.map((s) => s.column);
  columns.forEach((sum, j) => {
    if (sum !== r.columnTotals[j]) out.push(`column ${j} adds up to ${sum}, not ${r.columnTotals[j]}`);
    if ((sum === table.columnTargets[j]) === off.includes(j)) out.push(`column ${j}: shortfall reported wrongly`);
  });
  return out;
}

describe('controlled rounding: properties', () => {
  it('rows add up to their charges, columns to their totals, every cell within a unit of exact', () => {
    fc.assert(
      fc.property(chargesArb, monthsArb, fc.constantFrom(...UNITS), (charges, months, unit) => {
        const table = periodTable(rowsOf(charges), months, unit);
        expect(problems(table, footTable(table))).toEqual([]);
      }),
      { numRuns: 150 },
    );
  });

  it('period totals are split’s figures for the service total (always with two periods)', () => {
    fc.assert(
      fc.property(chargesArb, monthsArb, fc.constantFrom(...UNITS), (charges, months, unit) => {
        const table = periodTable(rowsOf(charges), months, unit);
        const r = footTable(table);
        const u = new Dec(unit);
        const total = charges.reduce((a, b) => a + b, 0);
        const periods = months.map((m, j) => ({ name: `P${j}`, months: new Dec(m) }));
        const split = splitAmount(u.times(total), periods, u).map((p) => BigInt(p.div(u).toFixed(0)));
        if (months.length === 2) expect(r.shortfalls).toEqual([]);
        expect(r.columnTotals.filter((t, j) => !r.shortfalls.some((s) => s.column === j) && t !== split[j])).toEqual([]);
      }),
      { numRuns: 150 },
    );
  });

  it('a school alone is split as split splits it, and footing marks only the cells it moved', () => {
    fc.assert(
      fc.property(chargesArb, monthsArb, (charges, months) => {
        const rows = rowsOf(charges);
        const table = periodTable(rows, months);
        const r = footTable(table);
        const periods = months.map((m, j) => ({ name: `P${j}`, months: new Dec(m) }));
        const wrong: string[] = [];
        rows.forEach((row, i) => {
          const own = splitAmount(new Dec(row.units.toString()), periods, new Dec(1));
          months.forEach((_, j) => {
            const c = i * months.length + j;
            const floor = table.cells[c]! / table.den;
            if (floor + BigInt(r.ownUp[c]!) !== BigInt(own[j]!.toFixed(0))) wrong.push(`own ${i},${j}`);
            if (r.units[c] !== floor + BigInt(r.up[c]!)) wrong.push(`up ${i},${j}`);
          });
        });
        expect(wrong).toEqual([]);
      }),
      { numRuns: 100 },
    );
  });

  it('shuffling the schools changes no cell', () => {
    fc.assert(
      fc.property(chargesArb, monthsArb, fc.array(fc.integer(), { minLength: 30, maxLength: 30 }), (charges, months, keys) => {
        const rows = rowsOf(charges).map((r, i) => ({ ...r, name: `${r.name}-${i}` }));
        const shuffled = rows.map((row, i) => ({ row, key: keys[i]! })).sort((a, b) => a.key - b.key).map((x) => x.row);
        const a = footTable(periodTable(rows, months));
        const b = footTable(periodTable(shuffled, months));
        const byName = (r: ControlledRounding, rs: ChargeRow[]) =>
          Object.fromEntries(rs.map((s, i) => [s.name, Array.from(r.units).slice(i * months.length, (i + 1) * months.length)]));
        expect(byName(b, shuffled)).toEqual(byName(a, rows));
      }),
      { numRuns: 100 },
    );
  });
  it('integers past 2^53 round as the same table in small numbers does', () => {
    fc.assert(
      fc.property(chargesArb, monthsArb, (charges, months) => {
        const table = periodTable(rowsOf(charges), months);
        const scale = 2n ** 70n;
        const big = { ...table, cells: table.cells.map((c) => c * scale), den: table.den * scale };
        const small = footTable(table);
        const large = footTable(big);
        expect(Array.from(large.units)).toEqual(Array.from(small.units));
        expect(Array.from(large.rank)).toEqual(Array.from(small.rank));
        expect(Array.from(large.reason)).toEqual(Array.from(small.reason));
      }),
      { numRuns: 60 },
    );
  });
});

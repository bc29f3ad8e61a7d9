import { describe, expect, it } from 'vitest';
import { cellWorking, footTable, type ControlledRounding } from '../../src/core/footing.js';
import { periodTable, type ChargeRow } from '../helpers/period-table.js';

const school = (id: string, units: number, name = `School ${id}`): ChargeRow => ({ id, name, units: BigInt(units) });
const grid = (r: ControlledRounding) => {
  const out: number[][] = [];
  for (let c = 0; c < r.units.length; c++) (out[Math.floor(c / r.columns)] ??= []).push(Number(r.units[c]));
  return out;
};
const columnSums = (r: ControlledRounding) => grid(r).reduce((a, row) => a.map((v, j) => v + row[j]!));

describe('controlled rounding of a period table', () => {
  it('foots the 5/12ths column to split’s figure where each school split alone drifts', () => {
    // Seven schools of £7 each: 5/12ths is £2.9167, so each rounds to 3 alone (21 in all),
    // but 5/12ths of £49 is £20.42: split gives 20 and 29.
    const rows = Array.from({ length: 7 }, (_, i) => school(String(100 + i), 7));
    const table = periodTable(rows, ['5', '7']);
    expect(table.columnTargets).toEqual([20n, 29n]);
    const r = footTable(table);
    expect(columnSums(r)).toEqual([20, 29]);
    for (const row of grid(r)) expect(row[0]! + row[1]!).toBe(7);
    expect(r.shortfalls).toEqual([]);
    // The unit leaves the school with the largest id: equal remainders and amounts go by id.
    expect(grid(r).map((row) => row[0])).toEqual([3, 3, 3, 3, 3, 3, 2]);
    const w = cellWorking(table, r, 6, 0);
    expect(w).toMatchObject({ units: 2n, up: false, ownUp: true, moved: true, reason: 'column-full', ranked: 14 });
    expect(w.remainder).toEqual({ num: 11n, den: 12n });
    expect(cellWorking(table, r, 6, 1)).toMatchObject({ units: 5n, up: true, ownUp: false, moved: true, reason: 'received' });
    expect(cellWorking(table, r, 0, 0)).toMatchObject({ units: 3n, moved: false, reason: 'received', rank: 1 });
  });

  it('with one school gives the school’s own split, as split gives it', () => {
    const table = periodTable([school('1', 149600)], ['5', '7'], '100');
    const r = footTable(table);
    expect(Array.from(r.units)).toEqual(table.columnTargets);
    expect(Array.from(r.up)).toEqual(Array.from(r.ownUp));
  });

  it('breaks a tie between periods towards the larger part, then the earlier period', () => {
    // 6 units over 3,3,6 months: 1.5, 1.5, 3; the unit goes to the earlier of two equal periods.
    const tie = footTable(periodTable([school('1', 6)], ['3', '3', '6']));
    expect(grid(tie)).toEqual([[2, 1, 3]]);
    expect(Array.from(tie.ownUp)).toEqual([1, 0, 0]);
    // 10 units over 1.5, 10.5 months: 1.25 and 8.75; no tie. Over 6,6: 5 and 5.
    expect(grid(footTable(periodTable([school('1', 10)], ['1.5', '10.5'])))).toEqual([[1, 9]]);
  });

  it('never looks at row order: the same schools shuffled get the same cells', () => {
    const rows = [school('7', 5), school('3', 5), school('12', 5), school('', 5, 'Alpha'), school('', 5, 'Beta')];
    const a = footTable(periodTable(rows, ['4', '4', '4']));
    const shuffled = [rows[3]!, rows[0]!, rows[4]!, rows[2]!, rows[1]!];
    const b = footTable(periodTable(shuffled, ['4', '4', '4']));
    const byKey = (r: ControlledRounding, rs: ChargeRow[]) => Object.fromEntries(rs.map((s, i) => [s.id + s.name, grid(r)[i]]));
    expect(byKey(b, shuffled)).toEqual(byKey(a, rows));
  });

  it('reports the columns it cannot meet where no rounding within a unit exists', () => {
    // Charges 3 and 1 over 4,1,4,1,1,1 months: split of 4 is 2,0,2,0,0,0, but the school of 3 is
    // exactly 1 in each four-month period and the school of 1 owes a single unit.
    const table = periodTable([school('1', 3), school('2', 1)], ['4', '1', '4', '1', '1', '1']);
    expect(table.columnTargets).toEqual([2n, 0n, 2n, 0n, 0n, 0n]);
    const r = footTable(table);
    expect(grid(r).map((row) => row.reduce((a, b) => a + b))).toEqual([3, 1]);
    // One unit over in the first one-month period, one short in the second four-month period:
    // the fewest any rounding within a unit can miss by.
    expect(r.shortfalls).toEqual([
      { column: 1, target: 0n, total: 1n },
      { column: 2, target: 2n, total: 1n },
    ]);
    expect(grid(r)).toEqual([
      [1, 1, 1, 0, 0, 0],
      [1, 0, 0, 0, 0, 0],
    ]);
  });

  it('refuses totals that do not fit the cells', () => {
    const table = periodTable([school('1', 7)], ['5', '7']);
    expect(() => footTable({ ...table, rowTotals: [8n] })).toThrow(/add up/);
    expect(() => footTable({ ...table, columnTargets: [3n, 3n] })).toThrow(/add up/);
    // Every row is held to its own total, also one whose cells equal an earlier row's, cells typed or not.
    const two = periodTable([school('1', 7), school('2', 7)], ['5', '7']);
    const cells = Array.from(two.cells);
    for (const as of [(xs: bigint[]) => xs, (xs: bigint[]) => BigInt64Array.from(xs)]) {
      expect(() => footTable({ ...two, cells: as(cells), rowTotals: [7n, 8n], columnTargets: [6n, 9n] })).toThrow(/row 2's cells do not add up/);
      expect(() => footTable({ ...two, cells: as(cells.map((c, i) => (i === 2 ? -c : c))) })).toThrow(/negative cell/);
    }
  });
});

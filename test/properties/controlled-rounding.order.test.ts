import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { footTable, type ControlledTable } from '../../src/core/footing.js';

/**
 * The footing order of a table's cells as footTable documents it (src/core/footing.ts):
 * larger remainder, then larger exact amount, then the row's id (numerically where both are
 * numbers), its name, its figures (larger first), then the earlier column (rows alike in all
 * of these keep their order in the table). Modelled here the
 * straightforward way, one comparison sort over all the cells with a remainder, and checked
 * against footTable's ranks and its rows' own splits on random tables: ties of every kind,
 * ids numeric and not, values past 32 and past 64 bits, rows given as a list or one at a time.
 */
const cmpId = (a: string, b: string) => {
  // A blank id first, then ids of digits (numerically), then the others as text: a total order.
  const rank = (x: string) => (x === '' ? 0 : /^\d+$/.test(x) ? 1 : 2);
  if (rank(a) !== rank(b)) return rank(a) - rank(b);
  if (rank(a) === 1) return BigInt(a) < BigInt(b) ? -1 : BigInt(a) > BigInt(b) ? 1 : 0;
  return a < b ? -1 : a > b ? 1 : 0;
};
const cmpText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const desc = (a: bigint, b: bigint) => (a > b ? -1 : a < b ? 1 : 0);

function modelOrder(table: ControlledTable, ids: string[], names: string[]) {
  const k = table.columns;
  const n = ids.length;
  const cell = (i: number, j: number) => table.cells[i * k + j]!;
  const rowOrder = (x: number, y: number) => {
    const byKeys = cmpId(ids[x]!, ids[y]!) || cmpText(names[x]!, names[y]!);
    if (byKeys !== 0) return byKeys;
    for (let j = 0; j < k; j++) if (cell(x, j) !== cell(y, j)) return desc(cell(x, j), cell(y, j));
    return x - y; // rows alike in every key and figure keep their order in the table
  };
  const cellOrder = (a: number, b: number) =>
    desc(table.cells[a]! % table.den, table.cells[b]! % table.den) || desc(table.cells[a]!, table.cells[b]!) || rowOrder(Math.floor(a / k), Math.floor(b / k)) || (a % k) - (b % k);
  const withRemainder = Array.from({ length: n * k }, (_, c) => c).filter((c) => table.cells[c]! % table.den !== 0n);
  const rank = new Array<number>(n * k).fill(0);
  [...withRemainder].sort(cellOrder).forEach((c, p) => (rank[c] = p + 1));
  const ownUp = new Array<number>(n * k).fill(0);
  for (let i = 0; i < n; i++) {
    let owed = table.rowTotals[i]!;
    for (let j = 0; j < k; j++) owed -= cell(i, j) / table.den;
    const mine = withRemainder.filter((c) => Math.floor(c / k) === i).sort(cellOrder);
    for (let t = 0; t < Number(owed); t++) ownUp[mine[t]!] = 1;
  }
  return { rank, ownUp };
}

/** Ids numeric (short, with leading zeros, past 15 digits) and not; the text ones sort after every number, the empty one before. */
const SHORT_IDS = ['7', '007', '12', '100000', '100001', '4294967296', '999999999999999'];
const ALL_IDS = [...SHORT_IDS, '1234567890123456789', '', 'A1', 'B'];

const tableArb = fc
  .record({
    k: fc.integer({ min: 2, max: 5 }),
    den: fc.constantFrom(2n, 3n, 12n, 24n, 1000n),
    scale: fc.constantFrom(1n, 1n, 2n ** 33n, 2n ** 70n),
    idsFrom: fc.constantFrom(SHORT_IDS, ALL_IDS),
    rows: fc.array(fc.record({ total: fc.integer({ min: 0, max: 12 }), cuts: fc.array(fc.tuple(fc.integer({ min: 0, max: 4 }), fc.integer({ min: -1, max: 1 })), { minLength: 4, maxLength: 4 }), id: fc.nat(), name: fc.constantFrom('A', 'B', 'B', 'C') }), {
      minLength: 1,
      maxLength: 40,
    }),
    oneAtATime: fc.boolean(),
  })
  .map(({ k, den, scale, idsFrom, rows, oneAtATime }) => {
    // Each row's total split into k integer cells over den at cut points on quarters of it, or one off (so values and remainders tie).
    const cells = rows.flatMap((r) => {
      const whole = BigInt(r.total) * den;
      const points = [0n, ...r.cuts.slice(0, k - 1).map(([q, d]) => (BigInt(q) * whole) / 4n + BigInt(d)), whole]
        .map((p) => (p > whole ? whole : p < 0n ? 0n : p))
        .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
      return points.slice(1).map((p, j) => p - points[j]!);
    });
    // Column targets: each column's exact sum rounded down, the units still missing to the largest remainders.
    const sums = Array.from({ length: k }, (_, j) => cells.filter((_, c) => c % k === j).reduce((a, b) => a + b, 0n));
    const targets = sums.map((s) => s / den);
    let missing = rows.reduce((a, r) => a + BigInt(r.total), 0n) - targets.reduce((a, b) => a + b, 0n);
    for (const j of sums.map((_, j) => j).sort((x, y) => desc(sums[x]! % den, sums[y]! % den) || x - y)) if (missing-- > 0n) targets[j]! += 1n;
    const ids = rows.map((r) => idsFrom[r.id % idsFrom.length]!);
    const names = rows.map((r) => r.name);
    const table: ControlledTable = {
      rows: oneAtATime ? { length: rows.length, id: (i) => ids[i]!, name: (i) => names[i]! } : rows.map((_, i) => ({ id: ids[i]!, name: names[i]! })),
      columns: k,
      cells: scale === 2n ** 70n ? cells.map((c) => c * scale) : BigInt64Array.from(cells, (c) => c * scale),
      den: den * scale,
      rowTotals: rows.map((r) => BigInt(r.total)),
      columnTargets: targets,
    };
    return { table, ids, names };
  });

describe('controlled rounding: the footing order', () => {
  it('ranks every cell and splits every row as one comparison sort in the documented order does', () => {
    fc.assert(
      fc.property(tableArb, ({ table, ids, names }) => {
        const r = footTable(table);
        const m = modelOrder(table, ids, names);
        expect(Array.from(r.rank)).toEqual(m.rank);
        expect(Array.from(r.ownUp)).toEqual(m.ownUp);
        expect(r.ranked).toBe(m.rank.filter((p) => p > 0).length);
      }),
      { numRuns: 1500 },
    );
  });
});

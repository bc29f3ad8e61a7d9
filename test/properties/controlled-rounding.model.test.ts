import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { footTable } from '../../src/core/footing.js';
import { periodTable, type ChargeRow } from '../helpers/period-table.js';

/**
 * An independent model of the period footing rule (README, "Arithmetic and rounding"):
 * it lists every rounding of a small table in which each school's parts add up to its
 * charge and every part is its exact value rounded down or up, keeps those whose period
 * columns add up to the targets, and picks the one that gives units to the earliest cells
 * in the footing order. Where none meets the targets it keeps those nearest them (fewest
 * units off in all) and, among those with the column totals dedel reached, picks alike.
 * Exact values are kept as fractions of whole numbers; nothing here is dedel's code.
 */
interface Frac {
  n: bigint;
  d: bigint;
}
const cmpFrac = (a: Frac, b: Frac) => {
  const l = a.n * b.d;
  const r = b.n * a.d;
  return l < r ? -1 : l > r ? 1 : 0;
};
const cmpId = (a: string, b: string) => {
  // A blank id first, then ids of digits (numerically), then the others as text: a total order.
  const rank = (x: string) => (x === '' ? 0 : /^\d+$/.test(x) ? 1 : 2);
  if (rank(a) !== rank(b)) return rank(a) - rank(b);
  if (rank(a) === 1) return BigInt(a) < BigInt(b) ? -1 : BigInt(a) > BigInt(b) ? 1 : 0;
  return a < b ? -1 : a > b ? 1 : 0;
};

interface ModelCell {
  row: number;
  col: number;
  exact: Frac;
  floor: bigint;
  rem: Frac;
}

function model(rows: readonly ChargeRow[], months: readonly string[], targets: readonly bigint[], reached?: readonly bigint[]) {
  // months as tenths of a month: exact = units × tenths / 120.
  const tenths = months.map((m) => BigInt(Math.round(Number(m) * 10)));
  const cells: ModelCell[][] = rows.map((r, i) =>
    tenths.map((t, j) => {
      const exact = { n: r.units * t, d: 120n };
      const floor = exact.n / exact.d;
      return { row: i, col: j, exact, floor, rem: { n: exact.n - floor * exact.d, d: exact.d } };
    }),
  );
  const fractional = cells.flat().filter((c) => c.rem.n !== 0n);
  fractional.sort(
    (a, b) =>
      cmpFrac(b.rem, a.rem) ||
      cmpFrac(b.exact, a.exact) ||
      cmpId(rows[a.row]!.id, rows[b.row]!.id) ||
      (rows[a.row]!.name < rows[b.row]!.name ? -1 : rows[a.row]!.name > rows[b.row]!.name ? 1 : 0) ||
      a.col - b.col,
  );
  const weight = new Map<ModelCell, bigint>(fractional.map((c, p) => [c, 1n << BigInt(fractional.length - 1 - p)]));
  // Every way each row can take the units it lacks among its own remainder cells.
  const choices = cells.map((row, i) => {
    const lack = Number(rows[i]!.units - row.reduce((a, c) => a + c.floor, 0n));
    const candidates = row.filter((c) => c.rem.n !== 0n);
    const out: ModelCell[][] = [];
    const pick = (from: number, chosen: ModelCell[]) => {
      if (chosen.length === lack) return void out.push(chosen);
      for (let s = from; s < candidates.length; s++) pick(s + 1, [...chosen, candidates[s]!]);
    };
    pick(0, []);
    return out;
  });
  // Walk every combination, keeping for each reachable set of column totals the best score.
  const floors = months.map((_, j) => cells.reduce((a, row) => a + row[j]!.floor, 0n));
  const options = choices.map((list) =>
    list.map((ups) => ({ ups, score: ups.reduce((a, c) => a + weight.get(c)!, 0n), cols: months.map((_, j) => ups.filter((c) => c.col === j).length) })),
  );
  const best = new Map<string, { score: bigint; picks: number[] }>();
  const counts = months.map(() => 0);
  const picks: number[] = [];
  const walk = (i: number, score: bigint) => {
    if (i === rows.length) {
      const key = counts.join(',');
      const seen = best.get(key);
      if (!seen || seen.score < score) best.set(key, { score, picks: [...picks] });
      return;
    }
    options[i]!.forEach((o, p) => {
      o.cols.forEach((c, j) => (counts[j]! += c));
      picks.push(p);
      walk(i + 1, score + o.score);
      picks.pop();
      o.cols.forEach((c, j) => (counts[j]! -= c));
    });
  };
  walk(0, 0n);
  const totals = (key: string) => key.split(',').map((c, j) => floors[j]! + BigInt(c));
  const off = (cols: bigint[]) => cols.reduce((a, c, j) => a + (c > targets[j]! ? c - targets[j]! : targets[j]! - c), 0n);
  const least = [...best.keys()].map((key) => off(totals(key))).reduce((a, b) => (b < a ? b : a));
  const goal = least === 0n ? targets : reached!;
  const found = best.get(goal.map((t, j) => String(t - floors[j]!)).join(','));
  const ups = new Set(found ? found.picks.flatMap((p, i) => options[i]![p]!.ups) : []);
  return { least, grid: found ? cells.map((row) => row.map((c) => c.floor + (ups.has(c) ? 1n : 0n))) : null };
}

const tableArb = fc.record({
  charges: fc.array(fc.integer({ min: 0, max: 30 }), { minLength: 1, maxLength: 4 }),
  months: fc.integer({ min: 2, max: 5 }).chain((k) =>
    fc.tuple(fc.array(fc.integer({ min: 0, max: 24 }), { minLength: k - 1, maxLength: k - 1 }), fc.boolean()).map(([cuts, halves]) => {
      const scale = halves ? 2 : 1;
      const points = [0, ...cuts.map((c) => Math.min(c, 12 * scale)).sort((a, b) => a - b), 12 * scale];
      return points.slice(1).map((p, j) => String((p - points[j]!) / scale));
    }),
  ),
  ids: fc.array(fc.constantFrom('7', '12', '007', '', 'A1'), { minLength: 4, maxLength: 4 }),
});

/** Rounds the table with dedel and with the model; they must agree. Returns the units dedel missed by. */
function agree(rows: ChargeRow[], months: string[]): bigint {
  const table = periodTable(rows, months);
  const r = footTable(table);
  const m = model(rows, months, table.columnTargets, r.columnTotals);
  // dedel misses the targets only where no rounding meets them, and by no more than it must.
  const missed = r.columnTotals.reduce((a, c, j) => a + (c > table.columnTargets[j]! ? c - table.columnTargets[j]! : table.columnTargets[j]! - c), 0n);
  expect(missed).toBe(m.least);
  expect(r.shortfalls.length > 0).toBe(missed > 0n);
  const grid = rows.map((_, i) => Array.from(r.units).slice(i * months.length, (i + 1) * months.length));
  expect(grid).toEqual(m.grid);
  return missed;
}

describe('controlled rounding against an exhaustive model', () => {
  it('agrees on every cell of a few thousand small tables', () => {
    fc.assert(
      fc.property(tableArb, ({ charges, months, ids }) => {
        agree(
          charges.map((units, i) => ({ id: ids[i]!, name: `School ${i}`, units: BigInt(units) })),
          months,
        );
      }),
      { numRuns: 2000 },
    );
  });

  it('agrees on tables where no rounding within a unit meets split’s figures', () => {
    const cases: [number[], string[]][] = [
      [[3, 1], ['4', '1', '4', '1', '1', '1']],
      [[6, 4], ['2', '0', '2', '3', '3', '2']],
      [[3, 25], ['1', '1', '1', '1', '4', '4']],
      [[1, 3], ['4', '1', '1', '1', '4', '1']],
    ];
    for (const [charges, months] of cases) {
      const missed = agree(
        charges.map((units, i) => ({ id: String(i + 1), name: `School ${i}`, units: BigInt(units) })),
        months,
      );
      expect(missed).toBeGreaterThan(0n);
    }
  });
});

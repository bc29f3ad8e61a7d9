import type { ControlledTable } from '../../src/core/footing.js';
import { Dec } from '../../src/core/decimal.js';
import { splitAmount } from '../../src/core/split.js';

/** A school's footed charge in units, with the keys that break ties. */
export interface ChargeRow {
  id: string;
  name: string;
  units: bigint;
}

/**
 * The period table of one service: each school's charge times months / 12, with the
 * column targets as `split` gives them for the service's total (README, "split").
 * Months are decimal text with at most two places; `unit` is the rounding unit.
 */
export function periodTable(rows: readonly ChargeRow[], months: readonly string[], unit = '1'): ControlledTable {
  const places = Math.max(...months.map((m) => (m.includes('.') ? m.split('.')[1]!.length : 0)));
  const scale = 10n ** BigInt(places);
  const monthInts = months.map((m) => BigInt(new Dec(m).times(scale.toString()).toFixed(0)));
  const total = rows.reduce((a, r) => a + r.units, 0n);
  const u = new Dec(unit);
  const periods = months.map((m, j) => ({ name: `Period ${j + 1}`, months: new Dec(m) }));
  const targets = splitAmount(u.times(total.toString()), periods, u).map((part) => BigInt(part.div(u).toFixed(0)));
  return {
    rows: rows.map(({ id, name }) => ({ id, name })),
    columns: months.length,
    cells: rows.flatMap((r) => monthInts.map((m) => r.units * m)),
    den: 12n * scale,
    rowTotals: rows.map((r) => r.units),
    columnTargets: targets,
  };
}

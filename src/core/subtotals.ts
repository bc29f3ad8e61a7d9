import { perPupil, type Allocation } from './allocate.js';
import { basisOf } from './charge.js';
import { Dec, sum } from './decimal.js';
import { PHASES, type Phase } from './types.js';

/** One group's subtotal: which rows it covers and their sums, as the Total row gives them for all. */
export interface Subtotal {
  /** The group's phase; null for schools with none (a census without a phase column). */
  phase: Phase | null;
  /** Indices into the allocation's rows, in their order. */
  rows: number[];
  nor: Dec | null;
  /** Sums of the other bases asked for (SEN …); null where a row has none. */
  bases: Map<string, Dec | null>;
  /** Per service, the amount and each period's part (null where no row of the group has one). */
  services: { amount: Dec; periods: Dec[] }[];
  total: Dec;
  /** The printed subtotal ÷ the group's NOR, 2 dp half-up, as on the Total row. */
  perPupil: Dec | null;
}

const rank = (phase: Phase | null) => (phase === null ? PHASES.length : PHASES.indexOf(phase));

/**
 * Subtotals of an allocation's charged rows by phase, in the order of PHASES: the sums of the
 * printed rows, so the subtotals of every group add up to the Total row.
 */
export function subtotalsByPhase(result: Allocation, otherBases: readonly string[] = []): Subtotal[] {
  const groups = new Map<Phase | null, number[]>();
  result.rows.forEach((row, index) => {
    const phase = row.school.phase ?? null;
    const rows = groups.get(phase) ?? [];
    rows.push(index);
    groups.set(phase, rows);
  });
  const zero = new Dec(0);
  return [...groups.entries()]
    .sort(([a], [b]) => rank(a) - rank(b))
    .map(([phase, indices]) => {
      const rows = indices.map((i) => result.rows[i]!);
      // A school's figure as the rows and the Total take it: an all-through school charged by phase has its parts added.
      const norValues = rows.map((r) => basisOf(r.school, 'nor'));
      const nor = norValues.every((n) => n !== null) ? sum(norValues as Dec[]) : null;
      const services = result.services.map((_, s) => ({
        amount: sum(rows.map((r) => r.charges[s]?.amount ?? zero)),
        periods: result.periods.map((_, k) => sum(rows.map((r) => r.charges[s]?.periods[k] ?? zero))),
      }));
      const bases = new Map(
        otherBases.map((b) => {
          const values = rows.map((r) => basisOf(r.school, b));
          return [b, values.every((v) => v !== null) ? sum(values as Dec[]) : null];
        }),
      );
      const total = sum(rows.map((r) => r.total));
      return { phase, rows: indices, nor, bases, services, total, perPupil: perPupil(total, nor) };
    });
}

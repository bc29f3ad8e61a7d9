import type { Allocation, AllocationRow } from './allocate.js';
import { ZERO, type Dec } from './decimal.js';
import { assert } from './errors.js';
import type { School, Service } from './types.js';

/** A service made of parts: the columns of its parts (indexes into the allocation's services) and its total. */
export interface PartGroup {
  service: string;
  /** Indexes of the parts in `Allocation.services`, in config order (they are next to each other). */
  parts: number[];
}

/** The services made of parts, each once, in the order their parts come. */
export function partGroups(services: readonly Pick<Service, 'partOf'>[]): PartGroup[] {
  const groups: PartGroup[] = [];
  services.forEach((service, s) => {
    if (!service.partOf) return;
    const last = groups.at(-1);
    if (last && last.service === service.partOf.service && last.parts.at(-1) === s - 1) last.parts.push(s);
    else groups.push({ service: service.partOf.service, parts: [s] });
  });
  return groups;
}

/**
 * A school's charge for a service made of parts: the sum of its rounded parts, so the
 * service total always foots to its part columns. null where no part charges the school.
 */
export function partTotal(row: Pick<AllocationRow, 'charges'>, group: PartGroup): Dec | null {
  const amounts = group.parts.map((s) => row.charges[s]?.amount).filter((a): a is Dec => a !== undefined);
  return amounts.length ? amounts.reduce((a, b) => a.plus(b), ZERO) : null;
}

/** The Total row's figure for a service made of parts: the sum of its parts' totals, which is the sum of the schools' service totals. */
export function partGroupTotal(allocation: Pick<Allocation, 'services'>, group: PartGroup): Dec {
  return group.parts.reduce((a, s) => a.plus(allocation.services[s]!.total), ZERO);
}

/** One option printed beside the option charged: its amount per school, and the difference from the charged one. */
export interface OptionColumn {
  /** Index of the charged option's service in the main allocation. */
  charged: number;
  /** Index of this option in the alternatives' allocation. */
  option: number;
  name: string;
  /** Per charged school, in the main allocation's row order. */
  amounts: (Dec | null)[];
  /**
   * This option's amount − the charged option's, per school (a school charged by one only counts
   * 0 for the other); null where neither option charges the school (a row for another service),
   * whose cell is empty as its option cells are (README, "Options").
   */
  differences: (Dec | null)[];
  total: Dec;
  /** The option priced on its own (its rounding, exact total and rates), for its footnote. */
  result: Allocation['services'][number];
  /** Σ differences, which is this option's total − the charged option's total. */
  difference: Dec;
}

/**
 * Options side by side: each alternative priced over the same schools as the option charged,
 * and the difference per school. The differences add up to the difference of the totals, since
 * both columns print their rounded rows and every school an option charges is a row of the table.
 */
export function compareOptions(main: Allocation, alternatives: Allocation): OptionColumn[] {
  // Rows are matched on what names a school (id, name, census line), not on the object, which an engine may make afresh per row.
  const key = (school: School) => `${school.id}\u0000${school.name}\u0000${school.line ?? ''}`;
  const rowOf = new Map<string, AllocationRow>(alternatives.rows.map((r) => [key(r.school), r]));
  return alternatives.services.map((result, option) => {
    const of = result.service.optionOf;
    assert(of, `service "${result.service.name}" is not an option`);
    const charged = main.services.findIndex((r) => r.service.optionOf?.service === of.service && r.service.optionOf.index === 0);
    assert(charged >= 0, `no charged option for "${of.service}"`);
    const amounts = main.rows.map((row) => rowOf.get(key(row.school))?.charges[option]?.amount ?? null);
    const differences = main.rows.map((row, r) => {
      const own = row.charges[charged]?.amount ?? null;
      const other = amounts[r] ?? null;
      return own === null && other === null ? null : (other ?? ZERO).minus(own ?? ZERO);
    });
    const difference = differences.reduce<Dec>((a, d) => (d === null ? a : a.plus(d)), ZERO);
    assert(difference.equals(result.total.minus(main.services[charged]!.total)), `the differences of option "${result.service.name}" do not add up to the difference of the totals: a school is charged by one option only`);
    return { charged, option, name: result.service.name, amounts, differences, total: result.total, result, difference };
  });
}

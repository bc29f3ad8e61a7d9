import { basesOf as serviceBases, basisFor, basisOf, decideCharge } from './charge.js';
import { Dec, sum } from './decimal.js';
import type { SchoolSet } from './school-set.js';
import { PHASES, STATUSES, type School, type Service } from './types.js';

/**
 * An all-through school split by phase whose parts do not add up to its whole figure
 * (`NOR primary` + `NOR secondary` ≠ `NOR`): the sum of the parts, or null where they agree.
 */
export function partsDisagree(whole: Dec, primary: Dec, secondary: Dec): Dec | null {
  const parts = primary.plus(secondary);
  return parts.equals(whole) ? null : parts;
}

/** The sum a total row is checked against: the figures of the school rows it covers, each with how many rows have it. */
export function totalOf(values: readonly { value: Dec; count: number }[]): Dec {
  return sum(values.map(({ value, count }) => value.times(count)));
}

/**
 * A total row's figure held against the school rows it covers: null where they agree, else
 * what the rows add up to and the difference (rows − stated). A national row (`atLeast`) covers
 * the whole nation, of which the file holds a part: it disagrees only where the rows are more.
 */
export function totalDisagrees(stated: Dec, covered: readonly { value: Dec; count: number }[], atLeast: boolean): { actual: Dec; difference: Dec } | null {
  const actual = totalOf(covered);
  const agrees = atLeast ? !actual.greaterThan(stated) : actual.equals(stated);
  return agrees ? null : { actual, difference: actual.minus(stated) };
}

/** Whether `nor` (the last school's) is the NOR of every other school of the set: all of them add up to twice it. */
export function isSumOfRest(schools: SchoolSet, nor: Dec): boolean {
  const all: { value: Dec; count: number }[] = [];
  for (let g = 0; g < schools.groupCount; g++) {
    const n = schools.group(g).bases.nor;
    if (n !== undefined) all.push({ value: n, count: schools.membersOf(g) });
  }
  return totalOf(all).equals(nor.times(2));
}

/** Schools of one phase and status, as `check` counts them. */
export interface SummaryGroup {
  phase: School['phase'];
  status: School['status'];
  schools: number;
  /** Charged by at least one service. */
  charged: number;
  /** Charged by none. */
  notCharged: number;
  /** Per basis: the sum over the schools charged on it (by at least one service) that have it. */
  bases: Map<string, Dec>;
  /** Why the schools not charged are not. */
  reasons: Set<string>;
}

/** What `check` reports of a census: schools by phase and status, charged or not and why, and basis totals. */
export interface CensusSummary {
  /** The bases the services charge on, NOR first. */
  bases: string[];
  /** In phase, then status, order. */
  groups: SummaryGroup[];
  total: { schools: number; charged: number; notCharged: number; bases: Map<string, Dec> };
}

const rank = <T>(list: readonly T[], value: T | null) => (value === null ? -1 : list.indexOf(value));

/** The bases the services charge on, NOR first where one does (per school is the count charged): the totals `check` reports. */
export function summaryBases(services: readonly Service[]): string[] {
  const bases = services.flatMap((s) => serviceBases(s)).filter((b) => b !== 'school');
  return [...new Set([...(bases.includes('nor') ? ['nor'] : []), ...bases])];
}

/** Counts and totals of a census's schools under the services (`check`), worked out once per group of equal figures. */
export function censusSummary(schools: SchoolSet, services: readonly Service[]): CensusSummary {
  const bases = summaryBases(services);
  const inGroup = new Array<number>(schools.groupCount).fill(0);
  for (let k = 0; k < schools.size; k++) inGroup[schools.groupOf(k)]!++;
  const groups = new Map<string, SummaryGroup>();
  for (let g = 0; g < schools.groupCount; g++) {
    const count = inGroup[g]!;
    if (count === 0) continue;
    const school = schools.group(g);
    const key = `${school.phase}|${school.status}`;
    const group = groups.get(key) ?? { phase: school.phase, status: school.status, schools: 0, charged: 0, notCharged: 0, bases: new Map<string, Dec>(), reasons: new Set<string>() };
    groups.set(key, group);
    group.schools += count;
    const decisions = services.map((s) => decideCharge(s.charge, school, s.basis));
    if (decisions.some((d) => d.charged)) {
      group.charged += count;
      // Each basis counts the schools a service charges on it: a special school charged per place
      // adds its places, not its NOR, to what is charged (README, "check, explain, compare").
      const chargedOn = new Set(services.flatMap((s, i) => (decisions[i]!.charged ? [basisFor(s.charge, school, s.basis)] : [])));
      for (const b of bases) {
        if (!chargedOn.has(b)) continue;
        // An all-through school charged by phase has its primary and secondary parts added, as allocate's Total adds them.
        const value = basisOf(school, b);
        if (value !== null) group.bases.set(b, (group.bases.get(b) ?? new Dec(0)).plus(value.times(count)));
      }
    } else {
      group.notCharged += count;
      // Groups are numbered as the census first gives them: reasons keep that order.
      for (const d of decisions) if (!d.charged) group.reasons.add(d.reason);
    }
  }
  const ordered = [...groups.values()].sort((a, b) => rank(PHASES, a.phase) - rank(PHASES, b.phase) || rank(STATUSES, a.status) - rank(STATUSES, b.status));
  return {
    bases,
    groups: ordered,
    total: {
      schools: ordered.reduce((n, g) => n + g.schools, 0),
      charged: ordered.reduce((n, g) => n + g.charged, 0),
      notCharged: ordered.reduce((n, g) => n + g.notCharged, 0),
      bases: new Map(bases.map((b) => [b, sum(ordered.map((g) => g.bases.get(b) ?? new Dec(0)))])),
    },
  };
}

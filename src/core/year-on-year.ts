import { Dec, ZERO, sum } from './decimal.js';
import type { Allocation } from './allocate.js';
import { basisFor } from './charge.js';
import { changePercent, idsApart, matchSchools } from './compare.js';
import { idKey, snake } from './names.js';
import { looseNameKey } from './near-matches.js';

/** One phase part of one school's charge for one service. */
export interface YearCharge {
  /** The phase the part is charged on ('' when the census has no phase). */
  phase: string;
  amount: Dec;
  /** Units of the basis, where the source gives the rate table no units of its own (dedel's json output). */
  units?: Dec | null;
}

/** The one column a csv allocation gives: its schools' totals. */
export const ALL_SERVICES = { key: 'total', name: 'All services' } as const;

/** One charged school of one year. */
export interface YearSchool {
  urn: string;
  school: string;
  phase: string | null;
  status: string | null;
  nor: Dec | null;
  /** Per service key: the school's parts (two for an all-through school split by phase); absent where the service does not charge it. */
  charges: ReadonlyMap<string, readonly YearCharge[]>;
  line?: number;
}

/** A school of that year's census that is not charged, with its status: tells a converted school from a closed one. */
export interface YearOther {
  urn: string;
  school: string;
  status: string | null;
  /** The census marks it closed (GIAS). */
  closed: boolean;
}

/** Rate and units of one service on one phase, where the year's source gives them. */
export interface YearRate {
  rate: Dec | null;
  units: Dec | null;
  /** The phase's own basis, where the service has a basis per phase (places for special schools). */
  basis?: string;
}

export interface YearService {
  /** Machine key: the snake_case of the name; services of the two years match on it. */
  key: string;
  name: string;
  basis: string | null;
  /** By phase ('' when the census has no phase). */
  rates: ReadonlyMap<string, YearRate>;
}

/** One year's allocation, from dedel's own output or from a census run through a proposal. */
export interface YearSide {
  label: string;
  services: readonly YearService[];
  schools: readonly YearSchool[];
  /** The census's uncharged schools; null when the source does not list them (an output without --all). */
  others: readonly YearOther[] | null;
}

export interface YearFigures {
  rate: Dec | null;
  units: Dec | null;
  amount: Dec;
}

/** One row of the per-service table: a service on a phase, or (phase null) the service's total. */
export interface ServiceChange {
  key: string;
  service: string;
  /** null on a service's total row. */
  phase: string | null;
  basis: string | null;
  before: YearFigures | null;
  after: YearFigures | null;
  change: Dec;
  changePct: Dec | null;
}

/** What happened to a school between the years, where it is not charged in both. */
export type SchoolNote = 'opened' | 'closed' | 'converted' | 'not-charged' | 'now-charged' | 'new' | 'gone';

export interface AmountChange {
  before: Dec | null;
  after: Dec | null;
  change: Dec;
}

export interface SchoolChange {
  urn: string;
  school: string;
  phase: string | null;
  note: SchoolNote | null;
  norBefore: Dec | null;
  norAfter: Dec | null;
  /** One per service of `YearOnYear.services`. */
  services: AmountChange[];
  before: Dec | null;
  after: Dec | null;
  change: Dec;
  changePct: Dec | null;
}

export interface YearOnYear {
  before: string;
  after: string;
  services: { key: string; name: string }[];
  /**
   * Per service: one row per phase, then (with more than one phase, and more than one service)
   * the service's total row. Empty where the only row would be the Total row's figures alone.
   */
  serviceRows: ServiceChange[];
  schools: SchoolChange[];
  /** Per service, before and after over all schools. */
  serviceTotals: AmountChange[];
  total: AmountChange & { changePct: Dec | null; norBefore: Dec | null; norAfter: Dec | null };
  opened: SchoolChange[];
  closed: SchoolChange[];
  converted: SchoolChange[];
  /**
   * All-through schools charged as one school (phase all-through) in one year and by their
   * primary and secondary parts in the other: an allocation file gives no parts, so the
   * comparison per phase sets one year's whole charge against the other's parts.
   */
  phaseSplit: SchoolChange[];
  /**
   * A year whose table gives no phase at all (last year's published Appendix B, with no phase
   * column): its schools are compared under the other year's phase of the same school, `schools`
   * of them; `without` of them (not in the other year, or an all-through school split there by
   * phase) stay with no phase.
   */
  phasesFrom: { side: 'before' | 'after'; label: string; from: string; schools: number; without: number } | null;
  /** Both years give ids, of different kinds (DfE numbers, URNs): none is in both, and schools were matched on their names. */
  idsApart: boolean;
}

const schoolTotal = (s: YearSchool | undefined): Dec | null => (s ? sum([...s.charges.values()].flatMap((parts) => parts.map((p) => p.amount))) : null);

const serviceAmount = (s: YearSchool | undefined, key: string): Dec | null => {
  const parts = s?.charges.get(key);
  return parts ? sum(parts.map((p) => p.amount)) : null;
};

const change = (before: Dec | null, after: Dec | null): AmountChange => ({ before, after, change: (after ?? ZERO).minus(before ?? ZERO) });


function findOther(others: readonly YearOther[] | null, school: { urn: string; school: string }, apart = false): YearOther | null | undefined {
  if (others === null) return undefined;
  return others.find((o) => (!apart && school.urn !== '' && o.urn !== '' ? idKey(o.urn) === idKey(school.urn) : looseNameKey(o.school) === looseNameKey(school.school))) ?? null;
}

/** Why a school charged in one year only is not charged in the other, as far as the other year's census tells. */
function noteOf(side: 'before' | 'after', other: YearOther | null | undefined): SchoolNote {
  if (other === undefined) return side === 'before' ? 'gone' : 'new';
  if (other === null) return side === 'before' ? 'closed' : 'opened';
  if (other.closed) return side === 'before' ? 'closed' : 'opened';
  if (side === 'before') return other.status === 'academy' ? 'converted' : 'not-charged';
  return 'now-charged';
}

const sortPhases = (phases: Iterable<string>) => {
  const order = ['primary', 'secondary', 'all-through', 'nursery', 'special', 'pru', '16-plus', ''];
  return [...new Set(phases)].sort((a, b) => (order.indexOf(a) < 0 ? 99 : order.indexOf(a)) - (order.indexOf(b) < 0 ? 99 : order.indexOf(b)) || a.localeCompare(b));
};

function phaseAmounts(side: YearSide, key: string): Map<string, Dec> {
  const out = new Map<string, Dec>();
  for (const s of side.schools) for (const part of s.charges.get(key) ?? []) out.set(part.phase, (out.get(part.phase) ?? ZERO).plus(part.amount));
  return out;
}

/** Units by phase summed from the schools' parts, where every part carries them. */
function phaseUnits(side: YearSide, key: string): Map<string, Dec | null> {
  const out = new Map<string, Dec | null>();
  for (const s of side.schools) {
    for (const part of s.charges.get(key) ?? []) {
      const sofar = out.has(part.phase) ? out.get(part.phase)! : ZERO;
      out.set(part.phase, sofar === null || part.units === undefined || part.units === null ? null : sofar.plus(part.units));
    }
  }
  return out;
}

/**
 * A side whose services are one column (a csv gives only each school's total) makes the other
 * side's services one column too, so the two compare like with like.
 */
export function asOneService(side: YearSide): YearSide {
  if (side.services.length === 1 && side.services[0]!.key === ALL_SERVICES.key) return side;
  return {
    ...side,
    services: [{ key: ALL_SERVICES.key, name: ALL_SERVICES.name, basis: null, rates: new Map() }],
    schools: side.schools.map((s) => {
      const parts = [...s.charges.values()].flat();
      const byPhase = new Map<string, Dec>();
      for (const p of parts) byPhase.set(p.phase, (byPhase.get(p.phase) ?? ZERO).plus(p.amount));
      return { ...s, charges: new Map([[ALL_SERVICES.key, [...byPhase].map(([phase, amount]) => ({ phase, amount }))]]) };
    }),
  };
}

/** One school's row in each year, as matched (`undefined` where it is in one year only). */
type Pair = [YearSchool | undefined, YearSchool | undefined];

const noPhase = (side: YearSide) => side.schools.every((s) => [...s.charges.values()].every((parts) => parts.every((p) => p.phase === '')));

/**
 * Where one year gives no phase at all and the other does, that year's schools take the phase
 * of the same school in the other year (one charged on a single phase there), so the comparison
 * per phase sets like against like rather than every school of that year under a blank phase.
 * Returns that year with those schools, and how many took a phase (null where no year lacks them).
 */
function borrowPhases(
  pairs: readonly Pair[],
  before: YearSide,
  after: YearSide,
): { before: YearSide; after: YearSide; pairs: Pair[]; borrowed: { side: 'before' | 'after'; schools: number; without: number } | null } {
  const lacking = noPhase(before) && !noPhase(after) ? 0 : noPhase(after) && !noPhase(before) ? 1 : null;
  if (lacking === null) return { before, after, pairs: [...pairs], borrowed: null };
  const which: 0 | 1 = lacking;
  const taken = new Map<YearSchool, YearSchool>();
  for (const pair of pairs) {
    const mine = pair[which];
    const theirs = pair[which === 0 ? 1 : 0];
    if (!mine || !theirs) continue;
    const phases = new Set([...theirs.charges.values()].flatMap((parts) => parts.map((p) => p.phase)));
    const phase = phases.size === 1 ? [...phases][0]! : '';
    if (phase === '') continue;
    taken.set(mine, { ...mine, phase, charges: new Map([...mine.charges].map(([key, parts]) => [key, parts.map((p) => ({ ...p, phase }))])) });
  }
  if (taken.size === 0) return { before, after, pairs: [...pairs], borrowed: null };
  const side = which === 0 ? before : after;
  const changed = { ...side, schools: side.schools.map((s) => taken.get(s) ?? s) };
  const borrowed = { side: which === 0 ? ('before' as const) : ('after' as const), schools: taken.size, without: side.schools.length - taken.size };
  // The same pairs, with the schools that took a phase.
  const paired = pairs.map(([b, a]): Pair => [b && (taken.get(b) ?? b), a && (taken.get(a) ?? a)]);
  return which === 0 ? { before: changed, after, pairs: paired, borrowed } : { before, after: changed, pairs: paired, borrowed };
}

/**
 * Year on year: the per-service-and-phase table (rate, units and amount each year, the change
 * in £ and %) and the per-school table (NOR, each service and the total each year, the change),
 * with the schools charged in one year only named as opened, closed or converted where the
 * censuses tell. Schools match on URN, else on name. Every change adds up to the change of its
 * total: the phases of a service to the service's, the services and the schools to the grand
 * total's (a school charged in one year only counts as 0 in the other).
 */
export function compareYears(yearBefore: YearSide, yearAfter: YearSide): YearOnYear {
  const oneColumn = [yearBefore, yearAfter].some((side) => side.services.length === 1 && side.services[0]!.key === ALL_SERVICES.key);
  const sides = oneColumn ? [asOneService(yearBefore), asOneService(yearAfter)] : [yearBefore, yearAfter];
  const borrowing = borrowPhases(matchSchools(sides[0]!.schools, sides[1]!.schools), sides[0]!, sides[1]!);
  const { before, after, pairs } = borrowing;
  const services: { key: string; name: string }[] = [];
  for (const s of [...before.services, ...after.services]) if (!services.some((t) => t.key === s.key)) services.push({ key: s.key, name: s.name });

  const serviceRows: ServiceChange[] = [];
  for (const { key, name } of services) {
    const b = before.services.find((s) => s.key === key);
    const a = after.services.find((s) => s.key === key);
    const amountsBefore = phaseAmounts(before, key);
    const amountsAfter = phaseAmounts(after, key);
    const unitsBefore = phaseUnits(before, key);
    const unitsAfter = phaseUnits(after, key);
    const phases = sortPhases([...amountsBefore.keys(), ...amountsAfter.keys(), ...(b?.rates.keys() ?? []), ...(a?.rates.keys() ?? [])]);
    const rows: ServiceChange[] = phases.map((phase) => {
      const figures = (service: YearService | undefined, amounts: Map<string, Dec>, units: Map<string, Dec | null>): YearFigures | null => {
        if (!service) return null;
        const rate = service.rates.get(phase);
        const amount = amounts.get(phase);
        if (!rate && amount === undefined) return null;
        return { rate: rate?.rate ?? null, units: rate?.units ?? units.get(phase) ?? null, amount: amount ?? ZERO };
      };
      const fb = figures(b, amountsBefore, unitsBefore);
      const fa = figures(a, amountsAfter, unitsAfter);
      const c = (fa?.amount ?? ZERO).minus(fb?.amount ?? ZERO);
      const basis = a?.rates.get(phase)?.basis ?? b?.rates.get(phase)?.basis ?? a?.basis ?? b?.basis ?? null;
      return { key, service: name, phase, basis, before: fb, after: fa, change: c, changePct: changePercent(fb?.amount ?? null, c) };
    });
    serviceRows.push(...rows);
    // A service's total row, where it has more than one phase; but the only service's total is
    // the table's Total row, figure for figure, so it is not printed twice (README, "compare --by service").
    if (rows.length > 1 && services.length > 1) {
      const total = (side: 'before' | 'after', present: boolean): YearFigures | null =>
        present ? { rate: null, units: null, amount: sum(rows.map((r) => r[side]?.amount ?? ZERO)) } : null;
      const fb = total('before', b !== undefined);
      const fa = total('after', a !== undefined);
      const c = sum(rows.map((r) => r.change));
      // Phases on different bases (pupils and places) have no one basis to name on their total.
      const basis = rows.every((r) => r.basis === rows[0]!.basis) ? rows[0]!.basis : null;
      serviceRows.push({ key, service: name, phase: null, basis, before: fb, after: fa, change: c, changePct: changePercent(fb?.amount ?? null, c) });
    }
  }

  const apart = idsApart(before.schools, after.schools);
  const phasesOf = (s: YearSchool) => new Set([...s.charges.values()].flatMap((parts) => parts.map((p) => p.phase)));
  const whole = (s: YearSchool) => {
    const phases = phasesOf(s);
    return phases.size === 1 && phases.has('all-through');
  };
  const parted = (s: YearSchool) => phasesOf(s).has('primary') || phasesOf(s).has('secondary');
  const split = new Set(pairs.filter(([b, a]) => b && a && ((whole(b) && parted(a)) || (whole(a) && parted(b)))).map(([b, a]) => `${b!.urn}\u0000${a!.school}`));
  const schools: SchoolChange[] = pairs.map(([b, a]) => {
    const totals = change(schoolTotal(b), schoolTotal(a));
    const note: SchoolNote | null = b && a ? null : b ? noteOf('before', findOther(after.others, b, apart)) : noteOf('after', findOther(before.others, a!, apart));
    return {
      // Where the two years' ids are of different kinds, this year's (the later file's) is shown.
      urn: (apart ? a?.urn || b?.urn : b?.urn || a?.urn) || '',
      school: a?.school ?? b!.school,
      phase: a?.phase ?? b?.phase ?? null,
      note,
      norBefore: b?.nor ?? null,
      norAfter: a?.nor ?? null,
      services: services.map(({ key }) => change(serviceAmount(b, key), serviceAmount(a, key))),
      ...totals,
      changePct: changePercent(totals.before, totals.change),
    };
  });

  const serviceTotals = services.map((_, i) => {
    const t = change(sum(schools.map((s) => s.services[i]!.before ?? ZERO)), sum(schools.map((s) => s.services[i]!.after ?? ZERO)));
    return t;
  });
  const totalBefore = sum(schools.map((s) => s.before ?? ZERO));
  const totalAfter = sum(schools.map((s) => s.after ?? ZERO));
  const norOf = (side: YearSide) => (side.schools.some((s) => s.nor !== null) ? sum(side.schools.map((s) => s.nor ?? ZERO)) : null);
  const total = { ...change(totalBefore, totalAfter), changePct: null as Dec | null, norBefore: norOf(before), norAfter: norOf(after) };
  total.changePct = changePercent(totalBefore, total.change);

  // The changes add up to the change of their totals by construction; a broken invariant is a bug, not bad data.
  const schoolChanges = sum(schools.map((s) => s.change));
  const serviceChanges = sum(serviceRows.filter((r) => r.phase !== null).map((r) => r.change));
  if (!schoolChanges.equals(total.change) || !serviceChanges.equals(total.change)) {
    throw new Error(`year-on-year changes do not add up: schools ${schoolChanges.toFixed()}, services ${serviceChanges.toFixed()}, total ${total.change.toFixed()}`);
  }
  // The only service on one phase, with no rate or units either year (a csv's "All services"):
  // its row is the Total row's figures and nothing more, so the table shows the Total row alone.
  const figuresOnly = (f: YearFigures | null) => f === null || (f.rate === null && f.units === null);
  const sole = services.length === 1 && serviceRows.length === 1 && figuresOnly(serviceRows[0]!.before) && figuresOnly(serviceRows[0]!.after);
  return {
    before: before.label,
    after: after.label,
    services,
    serviceRows: sole ? [] : serviceRows,
    schools,
    serviceTotals,
    total,
    opened: schools.filter((s) => s.note === 'opened'),
    closed: schools.filter((s) => s.note === 'closed'),
    converted: schools.filter((s) => s.note === 'converted'),
    phaseSplit: pairs.flatMap(([b, a], i) => (b && a && split.has(`${b.urn}\u0000${a.school}`) ? [schools[i]!] : [])),
    idsApart: apart,
    phasesFrom: borrowing.borrowed && {
      ...borrowing.borrowed,
      label: borrowing.borrowed.side === 'before' ? before.label : after.label,
      from: borrowing.borrowed.side === 'before' ? after.label : before.label,
    },
  };
}

/** The most decimal places of any amount the year gives (a published table's pence): the places a comparison prints it to. */
export function placesOfSide(side: YearSide): number {
  return Math.max(0, ...side.schools.flatMap((s) => [...s.charges.values()].flat().map((c) => c.amount.decimalPlaces())));
}

/** One year's side from an allocation run in this process: rates and units from its rate table, amounts from its rows. */
export function yearFromAllocation(label: string, allocation: Allocation): YearSide {
  const services: YearService[] = allocation.services.map((r) => {
    const rates = new Map<string, YearRate>();
    for (const rate of r.rates) {
      if (rate.phase === 'all') continue;
      const basis = rate.phase === null ? r.service.basis : basisFor(r.service.charge, { status: null, phase: rate.phase }, r.service.basis);
      rates.set(rate.phase ?? '', { rate: rate.rate, units: rate.units, basis });
    }
    // The option charged is the service's charge: it is compared as the service, so a year with options
    // matches a year without (`Ethnic Minority` against its option `Ethnic Minority: FSM basis`), or with
    // another option chosen, rather than one service closing at -100% and another opening.
    const name = r.service.optionOf?.index === 0 ? r.service.optionOf.service : r.service.name;
    return { key: snake(name), name, basis: r.service.basis, rates };
  });
  const schools: YearSchool[] = allocation.rows.map((row) => {
    const charges = new Map<string, YearCharge[]>();
    row.charges.forEach((charge, i) => {
      if (!charge) return;
      const lines = charge.lines.length > 0 ? charge.lines : [{ phase: row.school.phase, amount: charge.amount }];
      charges.set(services[i]!.key, lines.map((l) => ({ phase: l.phase ?? '', amount: l.amount })));
    });
    return { urn: row.school.id, school: row.school.name, phase: row.school.phase, status: row.school.status, nor: row.school.bases.nor ?? null, charges, line: row.school.line };
  });
  const others: YearOther[] = allocation.uncharged.map(({ school }) => ({ urn: school.id, school: school.name, status: school.status, closed: school.exclude === 'closed' }));
  return { label, services, schools, others };
}

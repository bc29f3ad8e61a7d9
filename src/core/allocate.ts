import { Dec, TWELVE, ZERO, sum } from './decimal.js';
import { DataError } from './errors.js';
import { chargeDecider } from './charge.js';
import { footLargestRemainder, footLargestRemainderDetail, type FootItem, type FootingRun } from './footing.js';
import { roundRatio, roundTo } from './rounding.js';
import { resolveRates, type PhaseRate } from './solve.js';
import { addFractions, overOne, type Fraction } from './fraction.js';
import { splitAmount } from './split.js';
import { footingMessage } from './messages.js';
import { exactSum, fastColumn, fromScaled, perPupilFromTwelfths, perPupilHundredths, prepareParts, pupilText, unitsText, unitsToDec, type FastColumn } from './fast-column.js';
import type { Diagnostic, Period, Phase, School, Service } from './types.js';

/** Everything `allocate` needs besides the schools. */
export interface Plan {
  services: readonly Service[];
  /** Period split columns (`--months 5,7`); empty for none. */
  periods: readonly Period[];
}

/** A school's share of one service on one phase part. */
export interface ChargeLine {
  phase: Phase | null;
  field: string;
  units: Dec;
  rate: Dec;
  exact: Dec;
  /** The part's share of the school's rounded amount. */
  amount: Dec;
}

/** One school's charge for one service. */
export interface ServiceCharge {
  exact: Dec;
  /** 12 × exact: exactly basis × rate × months for a given rate. */
  twelfths: Dec;
  /** The exact amount as a fraction, for arithmetic that must not lose a digit. */
  fraction: Fraction;
  amount: Dec;
  /** The amount the row would have had if rounded on its own. */
  rounded: Dec;
  /** Footing moved the row away from its own rounding. */
  adjusted: boolean;
  /** Footing gave the row one of the missing units. */
  received: boolean;
  lines: ChargeLine[];
  /** Parts per period, adding up to `amount`; empty without periods. */
  periods: Dec[];
  /** With footing: where the row stood in each footed column (one per phase with per-phase targets). */
  footing?: FootingPlace[];
}

/** A row's place in a footed column, for `explain`. */
export interface FootingPlace {
  /** The phase footed on its own (per-phase targets); undefined for the whole column. */
  phase?: Phase | null;
  /** Exact amount footed (the row's, or its part in that phase). */
  exact: Dec;
  remainder: Dec;
  /** 1-based place in the footing order. */
  rank: number;
  received: boolean;
  run: FootingRun;
}

export interface AllocationRow {
  school: School;
  /** One per service, null where that service does not charge the school. */
  charges: (ServiceCharge | null)[];
  total: Dec;
  exact: Dec;
  /** Exact amount ÷ NOR to 2 dp half-up; null without NOR. */
  perPupil: Dec | null;
  /** `total.toFixed(places)`, made from integers without a decimal, where the row was worked in them. */
  totalText?(places: number): string;
  /** `perPupil?.toFixed(2) ?? null`, likewise. */
  perPupilText?(): string | null;
}

export interface ServiceResult {
  service: Service;
  rates: PhaseRate[];
  exactTotal: Dec;
  /** Sum of the rounded rows: what the table prints. */
  total: Dec;
  /** The rounded exact total (or the target) the column should come to. */
  expected: Dec;
  /** Sums of each period column. */
  periodTotals: Dec[];
}

export interface Allocation {
  services: ServiceResult[];
  periods: readonly Period[];
  rows: AllocationRow[];
  uncharged: { school: School; reason: string }[];
  total: {
    perService: Dec[];
    total: Dec;
    exact: Dec;
    nor: Dec | null;
    perPupil: Dec | null;
    /** Sums of the other bases over the charged rows, where already worked out (a census read a piece at a time keeps no rows). */
    bases?: ReadonlyMap<string, Dec | null>;
  };
  diagnostics: Diagnostic[];
}

/**
 * The charged rows of an allocation over a census read a piece at a time: read again, in
 * order, as they are written, with each amount and per-pupil figure as machine text.
 */
export interface StreamedRows {
  /** Charged rows. */
  count: number;
  /** The basis shown in a column of its own (not NOR, not a per-school charge), or null. */
  basis: string | null;
  /** Starts (or starts again) at the first charged row. */
  start(): void;
  /** The next charged school, with its amount and per-pupil figure as machine text. */
  next(): { school: School; amount: string; perPupil: string | null };
}

interface Part {
  row: number;
  phase: Phase | null;
  field: string;
  /** Basis × months: exact; ÷ 12 comes last, so 1,512 × £50.25 × 7/12 is exactly £44,320.50. */
  unitMonths: Dec;
}

/** Periods of a charge in a plan without periods: one empty list for every row (never changed). */
const NO_PERIODS: Dec[] = [];

/** Products already worked out, by basis and months object (a census's repeated figures are one object). */
const products = new WeakMap<Dec, WeakMap<Dec, Dec>>();

/** Basis (or 1 for a per-school charge) × months charged. */
function unitMonthsOf(school: School, field: string): Dec {
  if (field === 'school' || field.startsWith('school_')) return school.months;
  const value = school.bases[field];
  if (value === undefined) {
    throw new DataError(`school "${school.name}" has no value for ${field}`, { line: school.line });
  }
  let byMonths = products.get(value);
  if (!byMonths) products.set(value, (byMonths = new WeakMap()));
  let product = byMonths.get(school.months);
  if (!product) byMonths.set(school.months, (product = value.times(school.months)));
  return product;
}

/** A row's exact amount as one fraction: most rows have one part. */
function fractionOfRow(lines: readonly Fraction[]): Fraction {
  return lines.length === 1 ? lines[0]! : addFractions(lines);
}

/**
 * Rounds a column on its own, or foots it by largest remainder to its expected total. Items
 * carry exact fractions; footed columns share one denominator (12, or a solved target's).
 */
function roundColumn(
  items: (Omit<FootItem, 'exact'> & Fraction)[],
  service: Service,
  expected: Dec,
): { amount: Dec; received: boolean; place?: FootingPlace }[] {
  const { unit, mode, foot } = service.rounding;
  if (foot === 'none') return items.map((item) => ({ amount: roundRatio(item.num, item.den, unit, mode), received: false }));
  const { nums, den } = overOne(items);
  const { footed, places, run } = footLargestRemainderDetail(
    items.map((item, k) => ({ exact: nums[k]!, id: item.id, name: item.name })),
    unit,
    expected,
    den,
  );
  return footed.map((f, k) => ({ ...f, place: { exact: items[k]!.num.div(items[k]!.den), ...places[k]!, received: f.received, run } }));
}

/**
 * Footing each phase to its own target can give an all-through school split by phase a unit
 * in both phases (or in neither), moving it by a whole unit or more. Such a school trades
 * that unit with the next one-phase school in the footing order of the same phase, so every
 * phase still comes to its target and no school moves by a whole unit. Where a
 * phase has no one-phase school to trade with, the phase totals win.
 */
function keepSplitSchoolsWithinAUnit(
  byRow: ReadonlyMap<number, (Fraction & { amount: Dec; phase: Phase | null })[]>,
  placeOf: Map<Fraction & { amount: Dec; phase: Phase | null }, FootingPlace>,
  unit: Dec,
): void {
  const single = [...byRow.values()].filter((l) => l.length === 1).map((l) => l[0]!);
  for (const rowLines of byRow.values()) {
    if (rowLines.length < 2) continue;
    const { nums, den } = overOne(rowLines);
    // moved = amount − exact, compared with the unit exactly: (Σ amount × den − Σ num) ÷ den.
    const moved = sum(rowLines.map((l) => l.amount)).times(den).minus(sum(nums));
    const limit = unit.times(den);
    const tooHigh = !moved.lessThan(limit);
    const tooLow = !moved.negated().lessThan(limit);
    if (!tooHigh && !tooLow) continue;
    const mine = rowLines
      .filter((l) => placeOf.get(l)!.received === tooHigh)
      // Give back the unit of smallest remainder, or take one for the largest.
      .sort((a, b) => (tooHigh ? 1 : -1) * (placeOf.get(b)!.rank - placeOf.get(a)!.rank))[0];
    if (!mine) continue;
    const other = single
      .filter((l) => l.phase === mine.phase && placeOf.get(l)!.received !== tooHigh)
      // The next in the footing order gains a unit; the last to have gained one gives it up.
      .sort((a, b) => (tooHigh ? 1 : -1) * (placeOf.get(a)!.rank - placeOf.get(b)!.rank))[0];
    if (!other) continue;
    const step = tooHigh ? unit.negated() : unit;
    mine.amount = mine.amount.plus(step);
    other.amount = other.amount.minus(step);
    placeOf.set(mine, { ...placeOf.get(mine)!, received: !tooHigh });
    placeOf.set(other, { ...placeOf.get(other)!, received: tooHigh });
  }
}

/**
 * Allocates every service over the schools: exact amount = basis × rate(phase) × months / 12,
 * rounded per the service's rule, footed when asked. Pure: no I/O.
 */
export function allocate(schools: readonly School[], plan: Plan, options: AllocateOptions = {}): Allocation {
  const fastAllowed = options.path !== 'decimal';
  const diagnostics: Diagnostic[] = [];
  // Per school: charged by any service; why not (kept only for schools a service passes over);
  // its charges (made only for charged schools).
  const chargedBy = new Uint8Array(schools.length);
  // One reason is kept as it is (most schools are passed over by one service): no list per school.
  const reasons: (string | string[] | undefined)[] = new Array(schools.length);
  const reasonOf = (row: number): string => {
    const why = reasons[row];
    if (why === undefined) return '';
    return typeof why === 'string' ? why : [...new Set(why)].join('; ');
  };
  const charges: ((ServiceCharge | null)[] | undefined)[] = new Array(schools.length);
  const width = plan.services.length;
  const noCharges = (): (ServiceCharge | null)[] => {
    const list: (ServiceCharge | null)[] = [];
    for (let s = 0; s < width; s++) list.push(null);
    return list;
  };
  const chargesOf = (row: number) => (charges[row] ??= noCharges());
  const results: ServiceResult[] = [];
  /** The one service's integer column, when its charges are left to be made per row on demand. */
  let only = null as FastColumn | null;

  plan.services.forEach((service, s) => {
    const parts: Part[] = [];
    const decide = chargeDecider(service.charge, service.basis);
    schools.forEach((school, row) => {
      const decision = decide(school);
      if (!decision.charged) {
        const why = reasons[row];
        if (why === undefined) reasons[row] = decision.reason;
        else if (typeof why === 'string') reasons[row] = [why, decision.reason];
        else why.push(decision.reason);
        return;
      }
      chargedBy[row] = 1;
      for (const p of decision.parts) parts.push({ row, phase: p.phase, field: p.field, unitMonths: unitMonthsOf(school, p.field) });
    });

    // In integers, the parts' sums per phase are worked out once; resolveRates needs only those.
    const prepared = fastAllowed ? prepareParts(parts) : null;
    const { rates, rateOf, fractionOf, footTo } = resolveRates(service, prepared ? prepared.byPhase : parts);
    const { unit, mode } = service.rounding;
    const foot = service.rounding.foot !== 'none';
    // The rounded exact total a column of given rates comes to.
    const expectedOf = (totalTwelfths: Dec) => roundRatio(totalTwelfths, TWELVE, unit, mode);
    // A target solved without rateUnit is an exact fraction, not a finite rate: the decimal
    // path below works it as one. Given (or published) rates go through integers.
    const fast = prepared && footTo === null ? fastColumn({ schools, parts, prepared, rateOf, unit, mode, foot, expected: expectedOf }) : null;
    if (fast) {
      const { column, expected } = fast;
      const exactTotal = fast.totalTwelfths.div(TWELVE);
      let totalUnits = 0n;
      let chargedRows = 0;
      for (let row = 0; row < schools.length; row++) chargedRows += chargedBy[row]!;
      if (width === 1 && plan.periods.length === 0 && chargedRows === column.rows.length) {
        // The common plan (one service, no periods): a row's charge is made only when asked
        // for (JSON, explain); rows are made from the column below, nothing per row here.
        for (const units of column.charged) totalUnits += units;
        only = column;
      } else column.rows.forEach((row, k) => {
        const units = column.charged[k]!;
        totalUnits += units;
        const amount = unitsToDec(column, units);
        const periods = plan.periods.length ? splitAmount(amount, plan.periods, unit) : NO_PERIODS;
        chargesOf(row)[s] = new FastCharge(column, k, amount, column.received[k]!, column.alone[k] !== units, periods);
      });
      const total = unitsToDec(column, totalUnits);
      for (const r of rates) {
        r.amount = r.phase === 'all' ? total : phaseAmount(column, r.phase);
        if (r.target !== undefined) r.difference = r.amount.minus(r.target);
      }
      const periodTotals = plan.periods.map((_, k) => sum(column.rows.map((row) => charges[row]![s]!.periods[k] ?? ZERO)));
      results.push({ service, rates, exactTotal, total, expected, periodTotals });
      if (!foot && !total.equals(expected)) {
        diagnostics.push({ level: 'warning', code: 'footing', message: footingMessage(service.name, total, exactTotal, expected, unit) });
      }
      return;
    }
    const lines = parts.map((part) => {
      const rate = rateOf(part.phase);
      // basis × rate × months ÷ 12 as an exact fraction (a solved target's own fraction where
      // there is one); every rounding divides once, at the end.
      const { factor, denominator: den } = fractionOf(part.phase);
      const num = part.unitMonths.times(factor);
      const twelfths = den.equals(TWELVE) ? num : num.times(TWELVE).div(den);
      return { ...part, units: part.unitMonths.div(TWELVE), rate, num, den, twelfths, exact: num.div(den), amount: ZERO };
    });
    const byRow = new Map<number, typeof lines>();
    for (const line of lines) {
      const list = byRow.get(line.row) ?? [];
      list.push(line);
      byRow.set(line.row, list);
    }
    const totalTwelfths = sum(lines.map((l) => l.twelfths));
    // A target solved without rateUnit is recovered exactly in real arithmetic; the sum of
    // rows divided at 50 digits may miss it by 1e-45, which would print as £149,600.0000000000.
    const exactTotal = footTo === null ? totalTwelfths.div(TWELVE) : footTo.kind === 'total' ? footTo.target : sum(footTo.targets.values());

    const amounts = new Map<number, { amount: Dec; received: boolean; footing?: FootingPlace[] }>();
    let expected: Dec;
    if (footTo?.kind === 'phases' && service.rounding.foot !== 'none') {
      // Per-phase targets: each phase is footed to its own target, part by part.
      expected = ZERO;
      const placeOf = new Map<(typeof lines)[number], FootingPlace>();
      for (const [phase, target] of footTo.targets) {
        const inPhase = lines.filter((l) => l.phase === phase);
        const total = roundTo(target, unit, mode);
        expected = expected.plus(total);
        const common = overOne(inPhase);
        const { footed, places, run } = footLargestRemainderDetail(
          inPhase.map((l, k) => ({ exact: common.nums[k]!, id: schools[l.row]!.id, name: schools[l.row]!.name })),
          unit,
          total,
          common.den,
        );
        inPhase.forEach((l, k) => {
          l.amount = footed[k]!.amount;
          placeOf.set(l, { phase, exact: l.exact, ...places[k]!, received: footed[k]!.received, run });
        });
      }
      keepSplitSchoolsWithinAUnit(byRow, placeOf, unit);
      for (const [row, rowLines] of byRow) {
        const footing = rowLines.map((l) => placeOf.get(l)!);
        amounts.set(row, { amount: sum(rowLines.map((l) => l.amount)), received: footing.some((f) => f.received), footing });
      }
    } else {
      const rowsCharged = [...byRow.keys()];
      const items = rowsCharged.map((row) => ({
        ...fractionOfRow(byRow.get(row)!),
        id: schools[row]!.id,
        name: schools[row]!.name,
      }));
      // One solved target: the column comes to the target itself, not to a sum that
      // division at 50 digits may leave a hair short of it.
      expected = footTo === null ? expectedOf(totalTwelfths) : roundTo(exactTotal, unit, mode);
      const rounded = roundColumn(items, service, expected);
      rowsCharged.forEach((row, k) => {
        const { amount, received, place } = rounded[k]!;
        amounts.set(row, { amount, received, ...(place ? { footing: [place] } : {}) });
        const rowLines = byRow.get(row)!;
        // Share the school's amount between its phase parts (all-through schools).
        if (rowLines.length === 1) rowLines[0]!.amount = rounded[k]!.amount;
        else {
          const common = overOne(rowLines);
          const shares = footLargestRemainder(
            rowLines.map((_, i) => ({ exact: common.nums[i]!, id: String(i), name: '' })),
            unit,
            rounded[k]!.amount,
            common.den,
          );
          rowLines.forEach((l, i) => (l.amount = shares[i]!.amount));
        }
      });
    }

    for (const [row, { amount, received, footing }] of amounts) {
      const rowLines = byRow.get(row)!;
      const fraction = fractionOfRow(rowLines);
      const exact = fraction.num.div(fraction.den);
      const alone = roundRatio(fraction.num, fraction.den, unit, mode);
      chargesOf(row)[s] = {
        exact,
        fraction,
        twelfths: fraction.den.equals(TWELVE) ? fraction.num : fraction.num.times(TWELVE).div(fraction.den),
        amount,
        rounded: alone,
        adjusted: !alone.equals(amount),
        received,
        lines: rowLines.map(({ phase, field, units, rate, exact: e, amount: a }) => ({ phase, field, units, rate, exact: e, amount: a })),
        periods: plan.periods.length ? splitAmount(amount, plan.periods, unit) : [],
        ...(footing ? { footing } : {}),
      };
    }

    const total = sum([...amounts.values()].map((a) => a.amount));
    for (const r of rates) {
      r.amount = r.phase === 'all' ? total : sum(lines.filter((l) => l.phase === r.phase).map((l) => l.amount));
      if (r.target !== undefined) r.difference = r.amount.minus(r.target);
    }
    const periodTotals = plan.periods.map((_, k) => sum([...amounts.keys()].map((row) => charges[row]![s]!.periods[k] ?? ZERO)));
    results.push({ service, rates, exactTotal, total, expected, periodTotals });
    if (service.rounding.foot === 'none' && !total.equals(expected)) {
      diagnostics.push({ level: 'warning', code: 'footing', message: footingMessage(service.name, total, exactTotal, expected, unit) });
    }
  });

  const rows: AllocationRow[] = [];
  const uncharged: Allocation['uncharged'] = [];
  if (only) {
    // Charged rows are the column's rows, in school order; the rest are not charged.
    const column = only;
    let k = 0;
    for (let row = 0; row < schools.length; row++) {
      const school = schools[row]!;
      if (chargedBy[row] === 0) {
        uncharged.push({ school, reason: reasonOf(row) });
        continue;
      }
      rows.push(new FastRow(school, column, k));
      k++;
    }
  } else schools.forEach((school, row) => {
    if (chargedBy[row] === 0) {
      uncharged.push({ school, reason: reasonOf(row) });
      return;
    }
    const rowCharges = chargesOf(row);
    const nor = school.bases.nor;
    const only = rowCharges.length === 1 ? rowCharges[0] : undefined;
    if (only instanceof FastCharge) {
      // One service worked out in integers: its amount is the row's total; per pupil from the integers.
      const pupil = perPupilFromTwelfths(only.column.twelfths[only.k]!, only.column.scale, nor);
      rows.push(new Row(school, rowCharges, only.amount, pupil !== undefined ? pupil : perPupil(only.twelfths, nor?.times(TWELVE))));
      return;
    }
    const total = sum(rowCharges.map((c) => c?.amount ?? ZERO));
    const exact = addFractions(rowCharges.flatMap((c) => (c ? [c.fraction] : [])));
    rows.push(new Row(school, rowCharges, total, perPupil(exact.num, nor?.times(exact.den)), exact));
  });

  const perService = results.map((r) => r.total);
  const grand = sum(perService);
  const norValues = rows.map((r) => r.school.bases.nor);
  const nor = norValues.every((n) => n !== undefined) ? (fastAllowed ? exactSum(norValues as Dec[]) : sum(norValues as Dec[])) : null;
  return {
    services: results,
    periods: plan.periods,
    rows,
    uncharged,
    total: { perService, total: grand, exact: sum(results.map((r) => r.exactTotal)), nor, perPupil: perPupil(grand, nor ?? undefined) },
    diagnostics,
  };
}

export interface AllocateOptions {
  /**
   * `decimal` works every column in decimal.js; by default columns are worked in exact
   * integers where their figures allow (the same results: a property test compares them).
   */
  path?: 'fast' | 'decimal';
}

/** A charged row; its exact amount is worked out when asked for (JSON and explain). */
class Row implements AllocationRow {
  private exactValue: Dec | undefined;
  constructor(
    readonly school: School,
    readonly charges: (ServiceCharge | null)[],
    readonly total: Dec,
    readonly perPupil: Dec | null,
    private readonly fraction?: Fraction,
  ) {}
  get exact(): Dec {
    const f = this.fraction ?? addFractions(this.charges.flatMap((c) => (c ? [c.fraction] : [])));
    return (this.exactValue ??= f.num.div(f.den));
  }
}

/**
 * A row of a one-service integer column: its figures are made when asked for (csv takes
 * them as text from the integers), its charge when asked for (JSON and explain).
 */
class FastRow implements AllocationRow {
  private chargesValue: (ServiceCharge | null)[] | undefined;
  constructor(
    readonly school: School,
    private readonly column: FastColumn,
    private readonly k: number,
  ) {}
  get total(): Dec {
    return unitsToDec(this.column, this.column.charged[this.k]!);
  }
  get perPupil(): Dec | null {
    const { column, k } = this;
    const nor = this.school.bases.nor;
    const pupil = perPupilFromTwelfths(column.twelfths[k]!, column.scale, nor);
    return pupil !== undefined ? pupil : perPupil(fromScaled(column.twelfths[k]!, column.scale), nor?.times(TWELVE));
  }
  totalText(places: number): string {
    return unitsText(this.column, this.column.charged[this.k]!, places);
  }
  perPupilText(): string | null {
    return perPupilTextOf(this.column.twelfths[this.k]!, this.column.scale, this.school.bases.nor);
  }
  get charges(): (ServiceCharge | null)[] {
    const { column, k } = this;
    return (this.chargesValue ??= [new FastCharge(column, k, this.total, column.received[k]!, column.alone[k] !== column.charged[k], NO_PERIODS)]);
  }
  get exact(): Dec {
    return this.charges[0]!.exact;
  }
}

/** A charge from an integer column: amounts made at once, the working (exact, lines, footing) when asked for. */
class FastCharge implements ServiceCharge {
  private twelfthsValue: Dec | undefined;
  private exactValue: Dec | undefined;
  private linesValue: ChargeLine[] | undefined;
  private footingValue: FootingPlace[] | undefined;
  constructor(
    readonly column: FastColumn,
    readonly k: number,
    readonly amount: Dec,
    readonly received: boolean,
    readonly adjusted: boolean,
    readonly periods: Dec[],
  ) {}
  get twelfths(): Dec {
    return (this.twelfthsValue ??= fromScaled(this.column.twelfths[this.k]!, this.column.scale));
  }
  get exact(): Dec {
    return (this.exactValue ??= this.twelfths.div(TWELVE));
  }
  get fraction(): Fraction {
    return { num: this.twelfths, den: TWELVE };
  }
  get rounded(): Dec {
    return unitsToDec(this.column, this.column.alone[this.k]!);
  }
  get lines(): ChargeLine[] {
    const c = this.column;
    if (this.linesValue) return this.linesValue;
    const lines: ChargeLine[] = [];
    for (let i = c.lineStart[this.k]!; i < c.lineStart[this.k + 1]!; i++) {
      const part = c.parts[i]!;
      const units = c.lineUnits[i];
      lines.push({
        phase: part.phase,
        field: part.field,
        units: part.unitMonths.div(TWELVE),
        rate: c.lineRates[i]!,
        exact: fromScaled(c.lineTwelfths[i]!, c.scale).div(TWELVE),
        amount: units !== null && units !== undefined ? unitsToDec(c, units) : c.lineShares[i]!,
      });
    }
    return (this.linesValue = lines);
  }
  get footing(): FootingPlace[] | undefined {
    const f = this.column.footing;
    if (!f) return undefined;
    return (this.footingValue ??= [
      {
        exact: this.exact,
        remainder: fromScaled(f.remainders[this.k]!, this.column.scale).div(TWELVE),
        rank: f.ranks()[this.k]!,
        received: this.received,
        run: f.run(),
      },
    ]);
  }
}

/** The rounded charges of one phase in an integer column. */
function phaseAmount(column: FastColumn, phase: Phase | null | 'all'): Dec {
  let units = 0n;
  let shared = ZERO;
  column.parts.forEach((part, i) => {
    if (part.phase !== phase) return;
    const u = column.lineUnits[i];
    if (u !== null && u !== undefined) units += u;
    else shared = shared.plus(column.lineShares[i]!);
  });
  return shared.isZero() ? unitsToDec(column, units) : unitsToDec(column, units).plus(shared);
}

/**
 * Exact twelfths (12 × amount, over 10^scale) ÷ NOR to 2 dp half-up, as `perPupil(…)?.toFixed(2)`
 * writes it: from integers, and through decimals only beyond their exact range.
 */
export function perPupilTextOf(twelfths: bigint, scale: number, nor: Dec | undefined): string | null {
  const q = perPupilHundredths(twelfths, scale, nor);
  if (q === null) return null;
  return q !== undefined ? pupilText(q) : (perPupil(fromScaled(twelfths, scale), nor?.times(TWELVE))?.toFixed(2) ?? null);
}

/** Amount ÷ NOR to 2 dp, half-up; null where there is no NOR or it is 0. (Rows pass twelfths ÷ 12 × NOR.) */
export function perPupil(amount: Dec, nor: Dec | null | undefined): Dec | null {
  if (!nor || nor.isZero()) return null;
  return amount.div(nor).toDecimalPlaces(2, Dec.ROUND_HALF_UP);
}


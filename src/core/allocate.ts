import { Dec, ZERO, type Dec as DecType } from './decimal.js';
import { DataError } from './errors.js';
import { basesOf, basisOf, chargeDecider, isPerSchool, type ChargeDecision } from './charge.js';
import { ratioText, roundQuotient, roundRatioTo } from './rounding.js';
import { resolveRates, type PhaseRate, type ResolvedRates } from './solve.js';
import { add, decOf, fromScaled, intAt, lcm, packedRows, pow10, ratio, scaledText, toScaled, type Ratio } from './exact.js';
import { SchoolSet } from './school-set.js';
import { CELL_REASONS, compareIds, footGroups, footParts, footTable, footingOrder, type CellReason, type FootEntry, type FootGroup, type ControlledRounding, type ControlledTable } from './footing.js';
import { footingMessage, joinWords, money, words } from './messages.js';
import type { Diagnostic, Period, Phase, School, Service } from './types.js';
import { Memo, within, type Level } from './memo.js';

/**
 * The allocation: one engine for every plan. A school's exact amount for a service is
 * basis × months × the service's factor for its phase (rate ÷ 12, or a solved target's own
 * fraction), an exact ratio of integers; it is rounded once, by rounding.ts, and footed by
 * footing.ts. Schools with the same figures are one group (SchoolSet), worked out once.
 */

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

/** A row as the footing ranked it, in pounds. */
export interface RankedItem {
  exact: Dec;
  id: string;
  name: string;
  remainder: Dec;
}

/** How one column was footed, for `explain`: who received the missing units and where the cut-off fell. */
export interface FootingRun {
  unit: Dec;
  /** The total the column was footed to. */
  total: Dec;
  /** The sum of every row rounded down. */
  floorTotal: Dec;
  /** Units missing after rounding every row down: the number of rows that receive one. */
  missing: number;
  rows: number;
  /** The last row that received a unit (the cut-off), and the first that did not; null where none. */
  lastIn: RankedItem | null;
  firstOut: RankedItem | null;
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
  /**
   * Where the footing order's unit (or its lack) was traded to keep an all-through school within
   * a unit of its exact amount (per-phase targets): the school it was traded with, and whether
   * this row is the all-through school. Its `received` is after the trade.
   */
  traded?: { with: RankedItem; split: boolean };
}

/** A period part's place in the footing of its service's period table (README, "Arithmetic and rounding"). */
export interface PeriodPlace {
  /** The part's remainder past its rounded-down value, in pounds. */
  remainder: Dec;
  /** 1-based place among the table's parts with a remainder; 0 for a part with none. */
  rank: number;
  /** Parts with a remainder in the table. */
  ranked: number;
  /** The part was rounded up. */
  received: boolean;
  /** The school's own split (split alone) rounds it up. */
  ownReceived: boolean;
  reason: CellReason;
}

/** One school's charge for one service. */
export interface ServiceCharge {
  exact: Dec;
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
  /** Each period part's exact value, `amount × months / 12`; empty without periods. */
  periodExact: Dec[];
  /** Per period part: footing the period columns moved it away from the school's own split. */
  periodMoved: boolean[];
  /** With periods footed: each part's place in its service's period table, for `explain`. */
  periodFooting?: PeriodPlace[];
  /** With footing: where the row stood in each footed column (one per phase with per-phase targets). */
  footing?: FootingPlace[];
}

export interface AllocationRow {
  /** The school (made when first read: a table written row by row needs only what follows). */
  readonly school: School;
  /** The school's id and name. */
  readonly id: string;
  readonly name: string;
  /** The figures of the school's group (status, phase, months, bases), every member's; its id, name and line are another member's. */
  readonly figures: School;
  /** One per service, null where that service does not charge the school. */
  charges: (ServiceCharge | null)[];
  total: Dec;
  exact: Dec;
  /** Exact amount ÷ NOR to 2 dp half-up; null without NOR. */
  perPupil: Dec | null;
  /** `total.toFixed(places)`, from integers. */
  totalText(places: number): string;
  /** `perPupil?.toFixed(2) ?? null`, from integers. */
  perPupilText(): string | null;
  /** `charges[s]?.amount.toFixed(places) ?? null`, from integers: no charge object is made. */
  amountText(s: number, places: number): string | null;
  /** `charges[s]?.periods[p].toFixed(places) ?? null`, from integers, likewise. */
  periodText(s: number, p: number, places: number): string | null;
  /** `charges[s]?.exact.toFixed() ?? null`, from integers, one text per group. */
  exactText(s: number): string | null;
  /** `charges[s]?.adjusted === true`, with no charge object made. */
  adjustedIn(s: number): boolean;
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
  /** The service total shared between the periods (as `split` splits it where every school is charged the whole year): what each period column foots to (with footing), or should (without). */
  periodTargets: Dec[];
  /** Whether the period columns were footed both ways. */
  periodsFooted: boolean;
  /** A rate solved from a target without `rateUnit`, exactly, per phase: pounds per unit of basis × months (the buy-back schedule prices at it). */
  exactRates?: ReadonlyMap<Phase | null, Ratio>;
  /** A rate solved from a target: the target (every phase's, added) and what the rows recover against it (total − target). */
  target?: Dec;
  difference?: Dec;
}

export interface Allocation {
  services: ServiceResult[];
  periods: readonly Period[];
  /** Whether a school of the census is charged part of the year: its charge is then split by its own months in each period, not by the periods' months ÷ 12. */
  partYear: boolean;
  /** Charged rows, in census order (made when read: `rowAt` makes one at a time). */
  readonly rows: AllocationRow[];
  rowCount: number;
  rowAt(index: number): AllocationRow;
  /** Schools not charged, with the reason, in census order (made when first read). */
  readonly uncharged: { school: School; reason: string }[];
  /** How many schools are not charged. */
  unchargedCount: number;
  /** The index-th school not charged: its id, name and its group's figures, with the reason (no school object is made: a large table written row by row). */
  unchargedAt(index: number): { id: string; name: string; figures: School; reason: string };
  total: {
    perService: Dec[];
    total: Dec;
    exact: Dec;
    nor: Dec | null;
    perPupil: Dec | null;
    /** Sums over the charged rows of each basis other than NOR (all-through schools' parts added); null where a row has none. */
    bases: ReadonlyMap<string, Dec | null>;
  };
  diagnostics: Diagnostic[];
}

/** One phase part of a group's charge: its basis × months as an integer over 10^places. */
interface Part {
  phase: Phase | null;
  field: string;
  unitMonths: bigint;
}

/** A footing run over a column (or one phase of it): rows received a unit or not. */
interface Run {
  phase: Phase | null | undefined;
  /** Part index per group in this run (-1: not in it; whole-column runs use the row, index 0 of `parts` or all). */
  partOf: Int32Array;
  /** Per school: 1 where it received a unit. */
  received: Uint8Array;
  expected: bigint;
  floorUnits: bigint;
  missing: number;
  rows: number;
  ranks?: Int32Array;
  order?: number[];
  /** Units traded to keep an all-through school within a unit (per-phase targets): school → the school it traded with. */
  traded?: Map<number, number>;
}

/**
 * A school's basis × months, or months alone for a per-school charge, as an exact scaled
 * integer: one object per pair of figures (groups differing only in status share it).
 */
function unitMonthsOf(school: School, field: string, seen: Map<Dec, Map<Dec, Scaled>>): Scaled {
  if (isPerSchool(field)) return toScaled(school.months);
  const value = school.bases[field];
  if (value === undefined) throw new DataError(`school "${school.name}" has no value for ${field}`, { line: school.line });
  let byMonths = seen.get(value);
  if (byMonths === undefined) seen.set(value, (byMonths = new Map()));
  let found = byMonths.get(school.months);
  if (found === undefined) {
    // Integers multiplied, not decimals: each figure was taken apart once (toScaled remembers it).
    const months = toScaled(school.months);
    const basis = toScaled(value);
    byMonths.set(school.months, (found = { int: basis.int * months.int, places: basis.places + months.places }));
  }
  return found;
}

/** One service over the groups of a school set: every figure as integers over the column's denominator. */
class Column {
  readonly decisions: ChargeDecision[];
  readonly parts: (Part[] | null)[];
  /** Per group: exact amount in units of the rounding unit, as numerator over `den` (parts and row). */
  readonly partNums: bigint[][] = [];
  readonly nums: bigint[] = [];
  readonly den: bigint;
  /** Pounds over `poundsDen` share the numerators: exact pounds = num ÷ poundsDen. */
  readonly poundsDen: bigint;
  readonly alone: bigint[] = [];
  /** Per group: the exact amount rounded down, in units. */
  readonly whole: bigint[] = [];
  readonly resolved: ResolvedRates;
  readonly unit: Scaled;
  readonly runs: Run[] = [];
  /** Schools (rows) that per-phase footing left a whole unit or more from their exact amount: no trade was possible. */
  readonly movedByAUnit: number[] = [];
  readonly places: number;
  readonly rowsIn: number[];

  constructor(
    readonly service: Service,
    readonly set: SchoolSet,
  ) {
    const decide = chargeDecider(service.charge, service.basis);
    const groups = set.groupCount;
    this.decisions = [];
    // Groups that differ only in what does not change the charge (a status charged alike) have
    // equal parts: each distinct list of parts is made and worked out once, and shared.
    type RawPart = { phase: Phase | null; field: string; value: Scaled };
    const raw: (RawPart[] | null)[] = [];
    const unitMonths = new Map<Dec, Map<Dec, Scaled>>();
    // Decisions alike (one per status, phase and exclusion) charge alike where their parts do.
    const lists: Level = new Map();
    const partsKey = new Map<ChargeDecision, string>();
    const scaled: Scaled[] = [];
    let places = 0;
    for (let g = 0; g < groups; g++) {
      const school = set.group(g);
      const decision = decide(school);
      this.decisions.push(decision);
      if (!decision.charged) {
        raw.push(null);
        continue;
      }
      const count = decision.parts.length;
      for (let i = 0; i < count; i++) scaled[i] = unitMonthsOf(school, decision.parts[i]!.field, unitMonths);
      // The list for this decision and these figures: found through one map per part's figure.
      let key = partsKey.get(decision);
      if (key === undefined) partsKey.set(decision, (key = JSON.stringify(decision.parts.map((p) => [p.phase, p.field]))));
      let level = within(lists, key);
      for (let i = 0; i < count - 1; i++) level = within(level, scaled[i]!);
      let list = level.get(scaled[count - 1]!) as RawPart[] | undefined;
      if (list === undefined) {
        list = decision.parts.map((p, i) => ({ phase: p.phase, field: p.field, value: scaled[i]! }));
        for (const p of list) places = Math.max(places, p.value.places);
        level.set(scaled[count - 1]!, list);
      }
      raw.push(list);
    }
    this.places = places;
    this.rowsIn = new Array<number>(groups);
    for (let g = 0; g < groups; g++) this.rowsIn[g] = set.membersOf(g);
    const partsOf = new Map<RawPart[], Part[]>();
    this.parts = raw.map((list) => {
      if (list === null) return null;
      let parts = partsOf.get(list);
      if (parts === undefined) partsOf.set(list, (parts = list.map((p) => ({ phase: p.phase, field: p.field, unitMonths: p.value.int * pow10(places - p.value.places) }))));
      return parts;
    });
    // Sums of basis × months per phase, in the order phases first appear: what the rates are solved from.
    const sums = new Map<Phase | null, bigint>();
    this.parts.forEach((list, g) => {
      for (const p of list ?? []) sums.set(p.phase, (sums.get(p.phase) ?? 0n) + p.unitMonths * BigInt(this.rowsIn[g]!));
    });
    const scale = pow10(places);
    this.resolved = resolveRates(service, new Map([...sums].map(([phase, total]) => [phase, ratio(total, scale)])));
    // One denominator for the column: the factors' denominators' lcm, × 10^places.
    const phases = [...sums.keys()];
    const factors = new Map(phases.map((phase) => [phase, this.resolved.factorOf(phase)]));
    const common = lcm([...factors.values()].map((f) => f.den));
    this.unit = toScaled(service.rounding.unit);
    // exact units = unitMonths × factor ÷ 10^places ÷ unit = unitMonths × F × 10^u ÷ (common × 10^places × unitInt).
    this.poundsDen = common * scale;
    this.den = this.poundsDen * this.unit.int;
    const multiplier = new Map(phases.map((phase) => [phase, (factors.get(phase)!.num * common) / factors.get(phase)!.den]));
    const u = pow10(this.unit.places);
    const { mode } = service.rounding;
    const worked = new Map<Part[], { partNums: bigint[]; num: bigint; alone: bigint; whole: bigint }>();
    const none: bigint[] = [];
    for (const list of this.parts) {
      if (!list) {
        this.partNums.push(none);
        this.nums.push(0n);
        this.alone.push(0n);
        this.whole.push(0n);
        continue;
      }
      let found = worked.get(list);
      if (found === undefined) {
        const nums = list.map((p) => p.unitMonths * multiplier.get(p.phase)!);
        const num = nums.reduce((a, b) => a + b, 0n) * u;
        found = { partNums: nums.map((n) => n * u), num, alone: roundQuotient(num, this.den, mode), whole: num / this.den };
        worked.set(list, found);
      }
      this.partNums.push(found.partNums);
      this.nums.push(found.num);
      this.alone.push(found.alone);
      this.whole.push(found.whole);
    }
  }

  charged(g: number): boolean {
    return this.parts[g] !== null;
  }

  /** A group's exact pounds (or one part's): one ratio per amount (groups charged alike share it). */
  private pounds = new Memo<bigint, Ratio>();
  exactPounds(num: bigint): Ratio {
    return this.pounds.get(num) ?? this.pounds.keep(num, ratio(num, this.poundsDen * pow10(this.unit.places)));
  }

  /** Units × unit as text with `places` decimals. */
  private texts = new Map<number, Memo<bigint, string>>();
  amountText(units: bigint, places: number): string {
    let byUnits = this.texts.get(places);
    if (!byUnits) this.texts.set(places, (byUnits = new Memo()));
    const text = byUnits.get(units);
    if (text !== undefined) return text;
    const int = units * this.unit.int;
    return byUnits.keep(units, places >= this.unit.places ? scaledText(int * pow10(places - this.unit.places), places) : fromScaled(int, this.unit.places).toFixed(places));
  }

  /** Whether a row's units are its group's, or one more where footing the whole column gave it one. */
  get byGroup(): boolean {
    return this.runs.length === 0 || (this.runs.length === 1 && this.runs[0]!.phase === undefined);
  }

  /** Whether footing gave school k one of the missing units (a column footed whole). */
  up(k: number): number {
    return this.runs.length === 1 && this.runs[0]!.received[k] === 1 ? 1 : 0;
  }

  /**
   * School k's amount as text with `places` decimals: one text per group and whether footing
   * gave the row a unit, kept in an array (no integer made or looked up per row).
   */
  private rowTexts = new Map<number, (string | undefined)[]>();
  rowText(k: number, g: number, places: number): string {
    if (!this.byGroup) return this.amountText(this.units(k, g), places);
    let texts = this.rowTexts.get(places);
    if (texts === undefined) this.rowTexts.set(places, (texts = new Array<string | undefined>(2 * this.set.groupCount)));
    return (texts[2 * g + this.up(k)] ??= this.amountText(this.units(k, g), places));
  }

  private amounts = new Memo<bigint, Dec>();
  amount(units: bigint): Dec {
    return this.amounts.get(units) ?? this.amounts.keep(units, fromScaled(units * this.unit.int, this.unit.places));
  }

  /** Footing: the whole column to one total, or each phase to its own target. */
  foot(expectedTotal: Dec): void {
    const set = this.set;
    const footTo = this.resolved.footTo;
    const runOver = (phase: Phase | null | undefined, expected: bigint): void => {
      const groups = set.groupCount;
      const partOf = new Int32Array(groups).fill(-1);
      const entries: FootGroup[] = [];
      const entryOf = new Int32Array(groups).fill(-1);
      let floorUnits = 0n;
      let rows = 0;
      for (let g = 0; g < groups; g++) {
        const list = this.parts[g];
        if (!list) continue;
        let num: bigint;
        if (phase === undefined) {
          partOf[g] = list.length === 1 ? 0 : list.length;
          num = this.nums[g]!;
        } else {
          const at = list.findIndex((p) => p.phase === phase);
          if (at < 0) continue;
          partOf[g] = at;
          num = this.partNums[g]![at]!;
        }
        const q = num / this.den;
        entryOf[g] = entries.push({ remainder: num - q * this.den, exact: num, rows: this.rowsIn[g]! }) - 1;
        floorUnits += q * BigInt(this.rowsIn[g]!);
        rows += this.rowsIn[g]!;
      }
      const missingUnits = expected - floorUnits;
      if (missingUnits < 0n || missingUnits > BigInt(rows)) {
        const exact = decOf(this.exactPounds(entries.reduce((a, e, i) => a + e.exact * BigInt(entries[i]!.rows), 0n)));
        throw new DataError(`cannot foot ${rows} amounts to ${fromScaled(expected * this.unit.int, this.unit.places).toFixed()}: the exact amounts add up to ${exact.toFixed()}`);
      }
      const missing = Number.parseInt(missingUnits.toString(), 10); // a count of rows, not money
      const footed = footGroups(entries, missing, (onEdge) => {
        const out: { row: number; entry: FootEntry }[] = [];
        for (let k = 0; k < set.size; k++) {
          const e = entryOf[set.groupOf(k)]!;
          if (e >= 0 && onEdge[e] === 1) out.push({ row: k, entry: { remainder: entries[e]!.remainder, exact: entries[e]!.exact, id: set.id(k), name: set.name(k) } });
        }
        return out;
      });
      const received = new Uint8Array(set.size);
      for (let k = 0; k < set.size; k++) {
        const e = entryOf[set.groupOf(k)]!;
        if (e >= 0 && footed.every[e] === 1) received[k] = 1;
      }
      for (const k of footed.edge) received[k] = 1;
      this.runs.push({ phase, partOf, received, expected, floorUnits, missing, rows });
    };
    if (footTo?.kind === 'phases') {
      // Each phase to its own target, rounded.
      for (const [phase, target] of footTo.targets) runOver(phase, this.roundedUnits(target));
      this.keepSplitSchoolsWithinAUnit();
    } else runOver(undefined, this.unitsOf(expectedTotal));
  }

  /** An amount that is a multiple of the unit, in units. */
  unitsOf(amount: Dec): bigint {
    const places = Math.max(toScaled(amount).places, this.unit.places);
    return intAt(amount, places) / intAt(this.service.rounding.unit, places);
  }

  /** A phase target rounded to the unit, in units. */
  roundedUnits(amount: Dec): bigint {
    const places = Math.max(toScaled(amount).places, this.unit.places);
    return roundQuotient(intAt(amount, places), intAt(this.service.rounding.unit, places), this.service.rounding.mode);
  }

  /** The rows of a run in the footing order (made when asked: for explain and for trading units). */
  order(run: Run): number[] {
    if (run.order) return run.order;
    const set = this.set;
    const rows: { row: number; entry: FootEntry }[] = [];
    for (let k = 0; k < set.size; k++) {
      const g = set.groupOf(k);
      const at = run.partOf[g]!;
      if (at < 0) continue;
      const num = this.numIn(run, g);
      const q = num / this.den;
      rows.push({ row: k, entry: { remainder: num - q * this.den, exact: num, id: set.id(k), name: set.name(k) } });
    }
    rows.sort((a, b) => footingOrder(a.entry, b.entry));
    run.order = rows.map((r) => r.row);
    run.ranks = new Int32Array(set.size).fill(-1);
    run.order.forEach((k, i) => (run.ranks![k] = i));
    return run.order;
  }

  /** A group's exact amount in a run: the row's, or its part in the run's phase. */
  numIn(run: Run, g: number): bigint {
    return run.phase === undefined ? this.nums[g]! : this.partNums[g]![run.partOf[g]!]!;
  }

  /**
   * Footing each phase to its own target can give an all-through school split by phase a unit
   * in both phases (or in neither), moving it by a whole unit or more. Such a school trades
   * that unit with the next one-phase school in the footing order of the same phase (one with a
   * remainder: a whole number of units cannot take one), so every
   * phase still comes to its target and no school moves by a whole unit. Where a phase has no
   * one-phase school to trade with, the school trades in its other phase; where neither has, the
   * phase totals win.
   */
  private keepSplitSchoolsWithinAUnit(): void {
    const set = this.set;
    const runOf = new Map(this.runs.map((r) => [r.phase, r]));
    // The schools to trade for, found first: a trade changes only the school and a one-phase
    // school, never whether another split school is a unit out.
    const out: { k: number; moved: bigint }[] = [];
    for (let k = 0; k < set.size; k++) {
      const g = set.groupOf(k);
      const list = this.parts[g];
      if (!list || list.length < 2) continue;
      let amount = 0n;
      for (let i = 0; i < list.length; i++) {
        const run = runOf.get(list[i]!.phase);
        amount += (this.partNums[g]![i]! / this.den + BigInt(run?.received[k] ?? 0)) * this.den;
      }
      const moved = amount - this.nums[g]!;
      if (moved >= this.den || -moved >= this.den) out.push({ k, moved });
    }
    // Two schools may want the one school that can trade: the furthest out first, then the
    // smaller id, then the name, as footing breaks ties; never census order, so shuffling the
    // census changes no school's charge (README "Arithmetic and rounding").
    const abs = (v: bigint) => (v < 0n ? -v : v);
    out.sort((a, b) => {
      const byMove = abs(b.moved) - abs(a.moved);
      if (byMove !== 0n) return byMove > 0n ? 1 : -1;
      const byId = compareIds(set.id(a.k), set.id(b.k));
      if (byId !== 0) return byId;
      const [x, y] = [set.name(a.k), set.name(b.k)];
      return x < y ? -1 : x > y ? 1 : 0;
    });
    for (const { k, moved } of out) {
      const list = this.parts[set.groupOf(k)]!;
      const tooHigh = moved > 0n;
      // The phase where its unit (or its lack of one) is least sure first; where that phase has
      // no one-phase school to trade with (all had their unit), the other phase.
      const mine = list
        .map((p) => runOf.get(p.phase)!)
        .filter((run) => run && (run.received[k] === 1) === tooHigh)
        .map((run) => ({ run, rank: this.rankOf(run, k) }))
        .sort((a, b) => (tooHigh ? 1 : -1) * (b.rank - a.rank));
      let traded = false;
      for (const { run } of mine) {
        let other = -1;
        let best = 0;
        for (const j of this.order(run)) {
          const parts = this.parts[set.groupOf(j)];
          if (!parts || parts.length !== 1 || (run.received[j] === 1) === tooHigh) continue;
          // A school whose amount is a whole number of units cannot take one: that would move it
          // by a whole unit, the move the trade is there to undo.
          if (tooHigh && this.numIn(run, set.groupOf(j)) % this.den === 0n) continue;
          const rank = run.ranks![j]!;
          if (other < 0 || (tooHigh ? rank < best : rank > best)) {
            other = j;
            best = rank;
          }
        }
        if (other < 0) continue;
        run.received[k] = tooHigh ? 0 : 1;
        run.received[other] = tooHigh ? 1 : 0;
        run.traded ??= new Map();
        run.traded.set(k, other).set(other, k);
        traded = true;
        break;
      }
      if (!traded) this.movedByAUnit.push(k);
    }
  }

  rankOf(run: Run, k: number): number {
    this.order(run);
    return run.ranks![k]!;
  }

  /** Units charged to school k (in group g). */
  units(k: number, g: number): bigint {
    if (this.runs.length === 0) return this.alone[g]!;
    if (this.runs[0]!.phase === undefined) {
      const q = this.whole[g]!;
      return this.runs[0]!.received[k] === 1 ? q + 1n : q;
    }
    let units = 0n;
    const list = this.parts[g]!;
    for (let i = 0; i < list.length; i++) units += this.partUnits(k, g, i);
    return units;
  }

  /** Units of one phase part of school k's charge. */
  partUnits(k: number, g: number, i: number): bigint {
    const list = this.parts[g]!;
    if (this.runs.length && this.runs[0]!.phase !== undefined) {
      const run = this.runs.find((r) => r.phase === list[i]!.phase);
      return this.partNums[g]![i]! / this.den + BigInt(run?.received[k] ?? 0);
    }
    const units = this.units(k, g);
    if (list.length === 1) return units;
    return this.shares(g, units)[i]!;
  }

  private shareCache = new Map<string, bigint[]>();
  /** A row's units shared between its phase parts by largest remainder of their exact amounts. */
  shares(g: number, units: bigint): bigint[] {
    const key = `${g}|${units}`;
    let found = this.shareCache.get(key);
    if (!found) this.shareCache.set(key, (found = footParts(units, this.partNums[g]!, this.den)));
    return found;
  }

  received(k: number): boolean {
    return this.runs.some((r) => r.received[k] === 1);
  }
}

type Scaled = { int: bigint; places: number };

/** Where `k` is in the ascending `rows`, or -1. */
function placeIn(rows: Int32Array, k: number): number {
  let lo = 0;
  let hi = rows.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const v = rows[mid]!;
    if (v === k) return mid;
    if (v < k) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

/**
 * Allocates every service over the schools: exact amount = basis × rate(phase) × months / 12,
 * rounded per the service's rule, footed when asked. Pure: no I/O.
 */
export function allocate(schools: readonly School[] | SchoolSet, plan: Plan): Allocation {
  const set = schools instanceof SchoolSet ? schools : SchoolSet.of(schools);
  const diagnostics: Diagnostic[] = [];
  const columns: Column[] = [];
  const results: ServiceResult[] = [];
  const expectedUnitsOf: bigint[] = [];
  for (const service of plan.services) {
    const column = new Column(service, set);
    columns.push(column);
    const { mode, foot } = service.rounding;
    const footTo = column.resolved.footTo;
    // The total a column comes to: the rounded exact total, or a solved target rounded.
    let totalNum = 0n;
    for (let g = 0; g < set.groupCount; g++) if (column.charged(g)) totalNum += column.nums[g]! * BigInt(column.rowsIn[g]!);
    // A solved target's exact total is the target itself (the rows' exact amounts add up to it).
    const exactTotal = footTo?.kind === 'total' ? footTo.target : decOf(column.exactPounds(totalNum));
    let expectedUnits: bigint;
    if (footTo === null) expectedUnits = roundQuotient(totalNum, column.den, mode);
    else if (footTo.kind === 'phases' && foot !== 'none') expectedUnits = [...footTo.targets.values()].reduce((a, t) => a + column.roundedUnits(t), 0n);
    else expectedUnits = column.roundedUnits(exactTotal);
    const expected = column.amount(expectedUnits);
    if (foot !== 'none') column.foot(expected);
    const solvedExactly = service.target !== undefined && !service.rateUnit;
    const exactRates = solvedExactly ? new Map(column.resolved.rates.flatMap((r) => (r.phase === 'all' ? [] : [[r.phase, column.resolved.factorOf(r.phase)] as const]))) : undefined;
    results.push({ service, rates: column.resolved.rates, exactTotal, total: ZERO, expected, periodTotals: [], periodTargets: [], periodsFooted: false, ...(exactRates ? { exactRates } : {}) });
    expectedUnitsOf.push(expectedUnits);
  }

  // Per school: charged by any service; the reasons of the rest, per group.
  const charged = new Uint8Array(set.groupCount);
  for (let g = 0; g < set.groupCount; g++) {
    for (const column of columns) if (column.charged(g)) charged[g] = 1;
  }

  // One pass over the charged rows: totals per service, per phase and per period.
  const split = periodSplit(plan.periods, set);
  const splitCache = columns.map(() => new Map<readonly bigint[], Map<bigint, bigint[]>>());
  /** A charge of `units` on a school of group g split into its periods, footed to add up to it. */
  const periodsOf = (s: number, units: bigint, g: number): bigint[] => {
    if (plan.periods.length === 0) return [];
    const weights = split.weightsOf(g);
    let byUnits = splitCache[s]!.get(weights);
    if (!byUnits) splitCache[s]!.set(weights, (byUnits = new Map()));
    let found = byUnits.get(units);
    if (!found) byUnits.set(units, (found = footParts(units, weights.map((w) => units * w), split.den)));
    return found;
  };
  const serviceUnits = columns.map(() => 0n);
  const phaseUnits = columns.map(() => new Map<Phase | null, bigint>());
  const periodUnits = columns.map(() => plan.periods.map(() => 0n));
  // Per service: charged units by the months they are split over (schools charged part of the year are split otherwise).
  const unitsByWeights = columns.map(() => new Map<readonly bigint[], bigint>());
  const addSplit = (s: number, g: number, units: bigint): void => {
    if (plan.periods.length === 0) return;
    const weights = split.weightsOf(g);
    unitsByWeights[s]!.set(weights, (unitsByWeights[s]!.get(weights) ?? 0n) + units);
  };
  let rowCount = 0;
  const chargedRows: number[] = [];
  // Rows of one part in a column rounded on its own or footed whole take their group's units,
  // or one more where footing gave them one: counted per group, added up once per group.
  const simple = columns.map((c) => c.runs.length === 0 || (c.runs.length === 1 && c.runs[0]!.phase === undefined));
  const rowsOf = columns.map(() => new Float64Array(set.groupCount));
  const receivedOf = columns.map(() => new Float64Array(set.groupCount));
  for (let k = 0; k < set.size; k++) {
    const g = set.groupOf(k);
    if (charged[g] === 0) continue;
    rowCount++;
    chargedRows.push(k);
    // A loop, not a closure called per row and service.
    for (let s = 0; s < columns.length; s++) {
      const column = columns[s]!;
      const list = column.parts[g];
      if (!list) continue;
      if (simple[s] && list.length === 1) {
        rowsOf[s]![g]!++;
        receivedOf[s]![g]! += column.up(k);
        continue;
      }
      const units = column.units(k, g);
      serviceUnits[s]! += units;
      const byPhase = phaseUnits[s]!;
      if (list.length === 1) byPhase.set(list[0]!.phase, (byPhase.get(list[0]!.phase) ?? 0n) + units);
      else list.forEach((p, i) => byPhase.set(p.phase, (byPhase.get(p.phase) ?? 0n) + column.partUnits(k, g, i)));
      addSplit(s, g, units);
      if (plan.periods.length) periodsOf(s, units, g).forEach((u, i) => (periodUnits[s]![i]! += u));
    }
  }
  columns.forEach((column, s) => {
    if (!simple[s]) return;
    const byPhase = phaseUnits[s]!;
    for (let g = 0; g < set.groupCount; g++) {
      const rows = rowsOf[s]![g]!;
      if (rows === 0) continue;
      const received = receivedOf[s]![g]!;
      const q = column.runs.length === 0 ? column.alone[g]! : column.whole[g]!;
      const units = q * BigInt(rows) + BigInt(received);
      serviceUnits[s]! += units;
      const phase = column.parts[g]![0]!.phase;
      byPhase.set(phase, (byPhase.get(phase) ?? 0n) + units);
      addSplit(s, g, units);
      if (plan.periods.length) {
        periodsOf(s, q, g).forEach((u, i) => (periodUnits[s]![i]! += u * BigInt(rows - received)));
        if (received > 0) periodsOf(s, q + 1n, g).forEach((u, i) => (periodUnits[s]![i]! += u * BigInt(received)));
      }
    }
  });
  // Periods foot both ways (README, "Arithmetic and rounding"): with footing, each service's
  // table of schools × periods is rounded so every school's parts add up to its charge and
  // every period column to the service total split as `split` splits it.
  const footedPeriods = columns.map((column, s) => {
    if (plan.periods.length === 0) return null;
    const result = results[s]!;
    const footed = column.service.rounding.foot !== 'none';
    // Each period's share of the total: its exact parts of every charged school's charge.
    const shares = plan.periods.map(() => 0n);
    for (const [weights, units] of unitsByWeights[s]!) weights.forEach((w, p) => (shares[p]! += units * w));
    const targets = split.share(footed ? serviceUnits[s]! : expectedUnitsOf[s]!, shares);
    result.periodTargets = targets.map((u) => column.amount(u));
    result.periodsFooted = footed;
    if (!footed) return null;
    // The charged rows of this service, in census order (ascending), so a row's place is found by halving.
    let m = 0;
    for (const k of chargedRows) if (column.parts[set.groupOf(k)]) m++;
    const rows = new Int32Array(m);
    m = 0;
    for (const k of chargedRows) if (column.parts[set.groupOf(k)]) rows[m++] = k;
    // Each row's units, and its cells: units × its weight for each period (periodSplit).
    const { rows: units, products: cells } = packedRows(rows.length, (i) => column.units(rows[i]!, set.groupOf(rows[i]!)), plan.periods.length, (i) => split.weightsOf(set.groupOf(rows[i]!)));
    const table: ControlledTable = {
      // Ids and names asked for only where the order of ties needs them.
      rows: { length: rows.length, id: (i) => set.id(rows[i]!), name: (i) => set.name(rows[i]!) },
      columns: plan.periods.length,
      cells,
      den: split.den,
      rowTotals: units,
      columnTargets: targets,
    };
    const rounding = footTable(table);
    periodUnits[s] = rounding.columnTotals;
    return { table, rounding, rows };
  });
  columns.forEach((column, s) => {
    const result = results[s]!;
    result.total = column.amount(serviceUnits[s]!);
    result.periodTotals = periodUnits[s]!.map((u) => column.amount(u));
    for (const r of result.rates) {
      r.amount = r.phase === 'all' ? result.total : column.amount(phaseUnits[s]!.get(r.phase) ?? 0n);
      if (r.target !== undefined) r.difference = r.amount.minus(r.target);
    }
    const targets = result.rates.flatMap((r) => (r.target === undefined ? [] : [r.target]));
    if (targets.length) {
      result.target = targets.reduce((a, t) => a.plus(t));
      result.difference = result.total.minus(result.target);
    }
    // A solved rate that rateUnit rounds to nothing recovers nothing of its target, with only the footnote's difference to say so.
    const zeroed = result.rates.filter((r) => r.phase !== 'all' && r.rate !== null && r.rate.isZero() && r.exactRate !== undefined && !r.exactRate.isZero());
    if (zeroed.length && column.service.rateUnit) {
      const phases = zeroed.map((r) => r.phase ?? 'every phase').join(' and ');
      const half = column.service.rateUnit.div(2).toFixed();
      diagnostics.push({ level: 'warning', code: 'rate-unit', message: words`${column.service.name}: the rate solved from the target for ${phases} is under ${half}, half the rateUnit ${column.service.rateUnit.toFixed()}, so it rounds to 0 and those schools pay nothing towards the target; give a smaller rateUnit (0.01)` });
    }
    // An all-through school charged per school is charged one whole unit (its `all-through`
    // rate) whatever the phases charged: where the service charges one of its phases only (the
    // other decided not to de-delegate, or left out), that is a choice, and said, with how to make another.
    const rule = column.service.charge;
    const perPhase = (value: unknown) => typeof value === 'object' && value !== null && !(value instanceof Dec);
    const ownRate = [column.service.rate, column.service.target].some((value) => perPhase(value) && (value as Partial<Record<Phase, Dec>>)['all-through'] !== undefined);
    const halfDecided = !ownRate && rule.allThrough !== 'primary' && rule.allThrough !== 'secondary' && rule.phases.includes('primary') !== rule.phases.includes('secondary');
    if (halfDecided) {
      const whole = chargedRows.filter((k) => column.parts[set.groupOf(k)]?.some((part) => part.phase === 'all-through' && isPerSchool(part.field)));
      if (whole.length) {
        const only = rule.phases.includes('primary') ? 'primary' : 'secondary';
        const other = only === 'primary' ? 'secondary' : 'primary';
        const decision = rule.decisions?.find((d) => d.phase === other)?.decision;
        const why = decision === 'pending' ? `the ${other} decision is pending` : decision === 'do not de-delegate' ? `${other} decided not to de-delegate` : `the service does not charge ${other}`;
        const named = whole.map((k) => `${set.name(k)}${set.id(k) ? ` (${set.id(k)})` : ''}`).join('; ');
        diagnostics.push({
          level: 'warning',
          code: 'all-through-per-school',
          message: `${column.service.name}: ${whole.length === 1 ? 'all-through school' : 'all-through schools'} ${named} ${whole.length === 1 ? 'is' : 'are'} charged the whole per-school amount though only ${only} is charged (${why}); to charge ${whole.length === 1 ? 'it' : 'them'} otherwise, give all-through schools their own rate ("all-through" in the service's per-phase rate) or deem them one phase (--all-through primary or secondary)`,
        });
      }
    }
    // Where no school could trade (see keepSplitSchoolsWithinAUnit), the phases keep their
    // targets and the all-through school is a whole unit or more from its exact amount: said, not silent.
    for (const k of column.movedByAUnit) {
      const g = set.groupOf(k);
      const charged = column.amount(column.units(k, g));
      const exact = decOf(column.exactPounds(column.nums[g]!));
      diagnostics.push({
        level: 'warning',
        code: 'footing',
        message: words`${column.service.name}: ${set.name(k)}${set.id(k) ? ` (${set.id(k)})` : ''} is charged ${money(charged, column.unit.places)}, ${money(charged.minus(exact).abs())} from its exact ${money(exact)}, a rounding unit (${money(column.service.rounding.unit)}) or more: footing each phase to its own target gave its primary and secondary parts a unit each (or neither), and no school charged in one phase only could take or give that unit`,
      });
    }
    if (column.service.rounding.foot === 'none' && !result.total.equals(result.expected)) {
      diagnostics.push({ level: 'warning', code: 'footing', message: footingMessage(column.service.name, result.total, result.exactTotal, result.expected, column.service.rounding.unit) });
    }
    // Sums of money, printed as the table prints them (£11,445), not as bare figures.
    const dp = column.unit.places;
    const off = plan.periods.flatMap((p, i) =>
      result.periodTotals[i]!.equals(result.periodTargets[i] ?? result.periodTotals[i]!) ? [] : [words`${p.name} comes to ${money(result.periodTotals[i]!, dp)}, ${split.wholeYears ? 'split gives' : 'its share of the total is'} ${money(result.periodTargets[i]!, dp)}`],
    );
    if (off.length) {
      const why = result.periodsFooted
        ? 'no rounding within a unit of every part meets split’s period totals; each school’s parts still add up to its charge'
        : 'each school is split on its own (footing would foot the periods both ways)';
      diagnostics.push({ level: 'warning', code: 'period-footing', message: words`${column.service.name}: ${joinWords(off, '; ')}: ${why}` });
    }
  });

  // Money of all services at one scale, for row totals.
  const moneyPlaces = Math.max(0, ...columns.map((c) => c.unit.places));
  // Per group, worked out when first asked for: arrays by group number, not maps.
  const groupExact = new Array<Ratio | undefined>(set.groupCount);
  // Several services: groups charged the same by each (one ratio object per amount) share one
  // sum, found through one map per service, so the per-pupil working below is shared too.
  const sums: Level = new Map();
  const exactOf = (g: number): Ratio => {
    let found = groupExact[g];
    if (!found && columns.length === 1) {
      // One service: its ratio object, shared by the groups charged alike.
      found = columns[0]!.charged(g) ? columns[0]!.exactPounds(columns[0]!.nums[g]!) : { num: 0n, den: 1n };
      groupExact[g] = found;
    } else if (!found) {
      let level = sums;
      for (let s = 0; s < columns.length - 1; s++) level = within(level, columns[s]!.charged(g) ? columns[s]!.exactPounds(columns[s]!.nums[g]!) : null);
      const last = columns[columns.length - 1];
      const key = last?.charged(g) ? last.exactPounds(last.nums[g]!) : null;
      found = level.get(key) as Ratio | undefined;
      if (found === undefined) {
        let sum: Ratio | undefined;
        for (const column of columns) {
          if (!column.charged(g)) continue;
          const pounds = column.exactPounds(column.nums[g]!);
          sum = sum === undefined ? pounds : add(sum, pounds);
        }
        found = sum ?? { num: 0n, den: 1n };
        level.set(key, found);
      }
      groupExact[g] = found;
    }
    return found;
  };
  const pupilCache = new Array<bigint | null | undefined>(set.groupCount);
  // Groups with one exact amount (one ratio object) and one NOR object share the working.
  const pupilWorked = new Map<Ratio, Map<Dec | undefined, bigint | null>>();
  const hundredthsOf = (g: number): bigint | null => {
    let found = pupilCache[g];
    if (found === undefined) {
      const exact = exactOf(g);
      const nor = basisOf(set.group(g), 'nor') ?? undefined;
      let byNor = pupilWorked.get(exact);
      if (byNor === undefined) pupilWorked.set(exact, (byNor = new Map()));
      found = byNor.get(nor);
      if (found === undefined) byNor.set(nor, (found = perPupilHundredths(exact, nor)));
      pupilCache[g] = found;
    }
    return found;
  };

  const pupilTexts = new Array<string | null | undefined>(set.groupCount);
  // Figures repeat: one decimal per per-pupil figure (per group) and per row total, so a
  // writer that remembers how it wrote a figure meets the same object again.
  const pupilDecs = new Array<Dec | null | undefined>(set.groupCount);
  const totals = new Memo<bigint, Dec>();
  const totalOf = (int: bigint): Dec => totals.get(int) ?? totals.keep(int, fromScaled(int, moneyPlaces));
  const single = columns.length === 1 ? columns[0]! : null;
  const perPupilOfGroup = (g: number): Dec | null => {
    let found = pupilDecs[g];
    if (found === undefined) {
      const h = hundredthsOf(g);
      pupilDecs[g] = found = h === null ? null : fromScaled(h, 2);
    }
    return found;
  };
  const perPupilTextOf = (g: number): string | null => {
    let text = pupilTexts[g];
    if (text === undefined) {
      const h = hundredthsOf(g);
      pupilTexts[g] = text = h === null ? null : scaledText(h, 2);
    }
    return text;
  };
  /** A charged row: what a table needs of it is worked out when read, on the prototype (a large table makes one per row). */
  class Row implements AllocationRow {
    private chargesValue: (ServiceCharge | null)[] | undefined;
    private unitsBy: (bigint | null)[] | undefined;
    private unitsOneValue: bigint | undefined;
    private schoolValue: School | undefined;
    constructor(
      private readonly k: number,
      private readonly g: number,
      private readonly keep: boolean,
    ) {
    }
    /** With one service, the row's units (worked out when first asked for: text comes without them). */
    private get unitsOne(): bigint {
      return (this.unitsOneValue ??= single ? single.units(this.k, this.g) : 0n);
    }
    get school(): School {
      return (this.schoolValue ??= this.keep ? set.school(this.k) : set.view(this.k));
    }
    get id(): string {
      return set.id(this.k);
    }
    get name(): string {
      return set.name(this.k);
    }
    get figures(): School {
      return set.group(this.g);
    }
    private units(): (bigint | null)[] {
      let units = this.unitsBy;
      if (units === undefined) {
        // A loop, not a closure per row.
        units = this.unitsBy = new Array<bigint | null>(columns.length);
        if (single) units[0] = this.unitsOne;
        else for (let s = 0; s < columns.length; s++) units[s] = columns[s]!.charged(this.g) ? columns[s]!.units(this.k, this.g) : null;
      }
      return units;
    }
    private totalInt(): bigint {
      const units = this.units();
      let total = 0n;
      for (let s = 0; s < units.length; s++) if (units[s] !== null) total += units[s]! * moneyScale[s]!;
      return total;
    }
    get charges(): (ServiceCharge | null)[] {
      const units = this.units();
      return (this.chargesValue ??= columns.map((column, s) => (units[s] === null ? null : charge(column, s, this.k, this.g, units[s]!))));
    }
    get total(): Dec {
      return single ? single.amount(this.unitsOne) : totalOf(this.totalInt());
    }
    get exact(): Dec {
      return decOf(exactOf(this.g));
    }
    get perPupil(): Dec | null {
      return perPupilOfGroup(this.g);
    }
    totalText(places: number): string {
      if (single) return single.rowText(this.k, this.g, places);
      return byGroup ? groupTotalText(this.k, this.g, places) : totalTextOf(this.totalInt(), places);
    }
    perPupilText(): string | null {
      return perPupilTextOf(this.g);
    }
    amountText(s: number, places: number): string | null {
      const column = columns[s]!;
      return column.charged(this.g) ? column.rowText(this.k, this.g, places) : null;
    }
    periodText(s: number, p: number, places: number): string | null {
      const units = single ? this.unitsOne : this.units()[s]!;
      return units === null ? null : columns[s]!.amountText(periodUnitsOf(s, this.k, units, p), places);
    }
    exactText(s: number): string | null {
      const column = columns[s]!;
      if (!column.charged(this.g)) return null;
      const texts = (exactTexts[s] ??= new Array<string | undefined>(set.groupCount));
      return (texts[this.g] ??= ratioText(column.exactPounds(column.nums[this.g]!)));
    }
    adjustedIn(s: number): boolean {
      const units = single ? this.unitsOne : this.units()[s]!;
      return units !== null && columns[s]!.alone[this.g]! !== units;
    }
  }
  // Money of each service at the common scale, and row totals as text (one per total and places).
  const moneyScale = columns.map((column) => column.unit.int * pow10(moneyPlaces - column.unit.places));
  const totalTexts = new Map<number, Memo<bigint, string>>();
  const totalTextOf = (int: bigint, places: number): string => {
    let byInt = totalTexts.get(places);
    if (!byInt) totalTexts.set(places, (byInt = new Memo()));
    return byInt.get(int) ?? byInt.keep(int, places >= moneyPlaces ? scaledText(int * pow10(places - moneyPlaces), places) : fromScaled(int, moneyPlaces).toFixed(places));
  };
  // Row totals of several services footed whole or not at all: one text per group and which
  // services gave the row a unit, found by a number (no total worked out per row).
  const byGroup = columns.length <= 16 && columns.every((column) => column.byGroup);
  const groupTotals = new Map<number, Map<number, string>>();
  const groupTotalText = (k: number, g: number, places: number): string => {
    let key = g;
    for (let s = 0; s < columns.length; s++) key = key * 2 + columns[s]!.up(k);
    let texts = groupTotals.get(places);
    if (texts === undefined) groupTotals.set(places, (texts = new Map()));
    let text = texts.get(key);
    if (text === undefined) texts.set(key, (text = totalTextOf(rowTotalInt(k, g), places)));
    return text;
  };
  const rowTotalInt = (k: number, g: number): bigint => {
    let total = 0n;
    for (let s = 0; s < columns.length; s++) if (columns[s]!.charged(g)) total += columns[s]!.units(k, g) * moneyScale[s]!;
    return total;
  };
  /** Units of period p of a charge of `units` on school k: the footed table's where the periods were footed, else the school's own split (as periodParts). */
  const periodUnitsOf = (s: number, k: number, units: bigint, p: number): bigint => {
    const footed = footedPeriods[s];
    const i = footed ? footedPlace(s, footed.rows, k) : -1;
    return !footed || i < 0 ? periodsOf(s, units, set.groupOf(k))[p]! : footed.rounding.units[i * plan.periods.length + p]!;
  };
  // A table is written in census order: a row's place in a footed table is the last one's, or the next.
  const cursors = new Int32Array(columns.length);
  const footedPlace = (s: number, rows: Int32Array, k: number): number => {
    const at = cursors[s]!;
    if (rows[at] === k) return at;
    if (rows[at + 1] === k) return (cursors[s] = at + 1);
    const i = placeIn(rows, k);
    if (i >= 0) cursors[s] = i;
    return i;
  };
  // A group's exact amount per service as text, made when first asked for.
  const exactTexts: (string | undefined)[][] = [];
  const rowAt = (index: number, keep = false): AllocationRow => {
    const k = chargedRows[index]!;
    return new Row(k, set.groupOf(k), keep);
  };

  /** One service's charge on a row: its amount at once; what only JSON and explain read (exact amounts, lines, footing places) when read. */
  class Charge implements ServiceCharge {
    readonly amount: Dec;
    private periodsValue: ReturnType<typeof periodParts> | undefined;
    private footingValue: FootingPlace[] | undefined;
    constructor(
      private readonly column: Column,
      private readonly s: number,
      private readonly k: number,
      private readonly g: number,
      private readonly units: bigint,
    ) {
      this.amount = column.amount(units);
    }
    get exact(): Dec {
      return exactOfGroup(this.column, this.s, this.g);
    }
    get rounded(): Dec {
      return this.column.amount(this.column.alone[this.g]!);
    }
    get adjusted(): boolean {
      return this.column.alone[this.g]! !== this.units;
    }
    get received(): boolean {
      return this.column.received(this.k);
    }
    get lines(): ChargeLine[] {
      const { column, g, k } = this;
      return column.parts[g]!.map((p, i) => ({
        phase: p.phase,
        field: p.field,
        units: decOf(ratio(p.unitMonths, 12n * pow10(column.places))),
        rate: column.resolved.rateOf(p.phase),
        exact: decOf(column.exactPounds(column.partNums[g]![i]!)),
        amount: column.amount(column.partUnits(k, g, i)),
      }));
    }
    private parts(): ReturnType<typeof periodParts> {
      return (this.periodsValue ??= periodParts(this.column, this.s, this.k, this.units));
    }
    get periods(): Dec[] {
      return plan.periods.length ? this.parts().periods : [];
    }
    get periodExact(): Dec[] {
      return plan.periods.length ? this.parts().periodExact : [];
    }
    get periodMoved(): boolean[] {
      return plan.periods.length ? this.parts().periodMoved : [];
    }
    get periodFooting(): PeriodPlace[] | undefined {
      return plan.periods.length ? this.parts().periodFooting : undefined;
    }
    get footing(): FootingPlace[] | undefined {
      return this.column.runs.length ? (this.footingValue ??= footingPlaces(this.column, this.k, this.g)) : undefined;
    }
  }
  const charge = (column: Column, s: number, k: number, g: number, units: bigint): ServiceCharge => new Charge(column, s, k, g, units);
  // A group's exact amount per service: one decimal for all its rows.
  const exacts = columns.map(() => new Map<number, Dec>());
  const exactOfGroup = (column: Column, s: number, g: number): Dec => {
    let found = exacts[s]!.get(g);
    if (found === undefined) exacts[s]!.set(g, (found = decOf(column.exactPounds(column.nums[g]!))));
    return found;
  };

  /** A charge's period parts: the footed table's where the periods were footed, else the school's own split. */
  const periodParts = (column: Column, s: number, k: number, units: bigint): Pick<ServiceCharge, 'periods' | 'periodExact' | 'periodMoved' | 'periodFooting'> => {
    const scale = column.unit.int;
    const weights = split.weightsOf(set.groupOf(k));
    const exactOf = (i: number) => decOf(ratio(units * weights[i]! * scale, split.den * pow10(column.unit.places)));
    const exacts = () => plan.periods.map((_, p) => exactOf(p));
    const footed = footedPeriods[s];
    const i = footed ? placeIn(footed.rows, k) : -1;
    if (!footed || i < 0) {
      const own = periodsOf(s, units, set.groupOf(k));
      return {
        periods: own.map((u) => column.amount(u)),
        get periodExact() {
          return exacts();
        },
        periodMoved: own.map(() => false),
      };
    }
    const { rounding, table } = footed;
    const P = plan.periods.length;
    const cells = Array.from({ length: P }, (_, p) => i * P + p);
    return {
      periods: cells.map((c) => column.amount(rounding.units[c]!)),
      get periodExact() {
        return exacts();
      },
      periodMoved: cells.map((c) => rounding.up[c] !== rounding.ownUp[c]),
      get periodFooting() {
        return cells.map((c) => periodPlace(table, rounding, c, column));
      },
    };
  };

  const footingPlaces = (column: Column, k: number, g: number): FootingPlace[] =>
    column.runs
      .filter((run) => run.partOf[g]! >= 0)
      .map((run) => {
        const num = column.numIn(run, g);
        const rank = column.rankOf(run, k);
        const order = column.order(run);
        const ranked = (at: number): RankedItem | null => {
          const j = order[at];
          if (j === undefined) return null;
          const n = column.numIn(run, set.groupOf(j));
          return { exact: decOf(column.exactPounds(n)), id: set.id(j), name: set.name(j), remainder: decOf(column.exactPounds(n % column.den)) };
        };
        const place: FootingPlace = {
          exact: decOf(column.exactPounds(num)),
          remainder: decOf(column.exactPounds(num % column.den)),
          rank: rank + 1,
          received: run.received[k] === 1,
          run: {
            unit: column.service.rounding.unit,
            total: column.amount(run.expected),
            floorTotal: column.amount(run.floorUnits),
            missing: run.missing,
            rows: run.rows,
            lastIn: run.missing > 0 ? ranked(run.missing - 1) : null,
            firstOut: ranked(run.missing),
          },
        };
        const other = run.traded?.get(k);
        if (other !== undefined) place.traded = { with: ranked(column.rankOf(run, other))!, split: (column.parts[g]?.length ?? 0) > 1 };
        return run.phase === undefined ? place : { phase: run.phase, ...place };
      });

  // The schools not charged, with why: made when asked for (`--all`, `explain`), not on every run.
  const reasons = new Map<number, string>();
  const reasonOf = (g: number): string => {
    let reason = reasons.get(g);
    if (reason === undefined) {
      const why = columns.map((c) => c.decisions[g]!).flatMap((d) => (d.charged ? [] : [d.reason]));
      reasons.set(g, (reason = [...new Set(why)].join('; ')));
    }
    return reason;
  };
  const unchargedCount = set.size - rowCount;
  let unchargedKs: Uint32Array | undefined;
  const unchargedK = (index: number): number => {
    if (!unchargedKs) {
      unchargedKs = new Uint32Array(unchargedCount);
      let i = 0;
      for (let k = 0; k < set.size; k++) if (charged[set.groupOf(k)] === 0) unchargedKs[i++] = k;
    }
    return unchargedKs[index]!;
  };
  let unchargedList: Allocation['uncharged'] | undefined;
  const unchargedRows = (): Allocation['uncharged'] =>
    (unchargedList ??= Array.from({ length: unchargedCount }, (_, i) => {
      const k = unchargedK(i);
      return { school: set.school(k), reason: reasonOf(set.groupOf(k)) };
    }));

  // Totals over the charged rows.
  const perService = results.map((r) => r.total);
  let grandInt = 0n;
  columns.forEach((column, s) => (grandInt += serviceUnits[s]! * column.unit.int * pow10(moneyPlaces - column.unit.places)));
  const grand = columns.length === 1 ? results[0]!.total : fromScaled(grandInt, moneyPlaces);
  const nor = sumOver(set, charged, (school) => basisOf(school, 'nor'));
  const exact = results.reduce((a, r) => a.plus(r.exactTotal), ZERO);
  const bases = new Map<string, Dec | null>();
  for (const basis of plan.services.flatMap((service) => basesOf(service))) {
    if (basis === 'nor' || isPerSchool(basis) || bases.has(basis)) continue;
    bases.set(basis, sumOver(set, charged, (school) => basisOf(school, basis)));
  }
  let rowList: AllocationRow[] | undefined;
  return {
    services: results,
    periods: plan.periods,
    partYear: !split.wholeYears,
    get rows() {
      return (rowList ??= chargedRows.map((_, i) => rowAt(i, true)));
    },
    rowCount,
    rowAt,
    get uncharged() {
      return unchargedRows();
    },
    unchargedCount,
    unchargedAt: (index) => {
      const k = unchargedK(index);
      const g = set.groupOf(k);
      return { id: set.id(k), name: set.name(k), figures: set.group(g), reason: reasonOf(g) };
    },
    total: {
      perService,
      total: grand,
      exact,
      nor,
      perPupil: nor === null ? null : perPupilOf(ratioOfDec(grand), nor),
      bases,
    },
    diagnostics,
  };
}

function ratioOfDec(value: DecType): Ratio {
  const s = toScaled(value);
  return ratio(s.int, pow10(s.places));
}

/** The sum over charged schools of a figure; null where any of them has none. */
function sumOver(set: SchoolSet, charged: Uint8Array, figure: (school: School) => Dec | null): Dec | null {
  // Rows per figure (one decimal object per figure read), then each figure multiplied once.
  const rowsOf = new Map<Dec, number>();
  for (let g = 0; g < set.groupCount; g++) {
    const members = set.membersOf(g);
    if (charged[g] !== 1 || members === 0) continue;
    const v = figure(set.group(g));
    if (v === null) return null;
    rowsOf.set(v, (rowsOf.get(v) ?? 0) + members);
  }
  let places = 0;
  for (const v of rowsOf.keys()) places = Math.max(places, toScaled(v).places);
  let total = 0n;
  for (const [v, rows] of rowsOf) total += intAt(v, places) * BigInt(rows);
  return fromScaled(total, places);
}

/** The per-pupil rule: an exact amount ÷ NOR, to 2 dp half-up, in hundredths; null without NOR (or with 0). */
export function perPupilHundredths(exact: Ratio, nor: Dec | undefined): bigint | null {
  if (!nor || nor.isZero()) return null;
  const n = toScaled(nor);
  return roundRatioTo(exact.num * pow10(n.places), exact.den * n.int, 2, 'half-up');
}

/** Amount ÷ NOR to 2 dp half-up; null where there is no NOR or it is 0. */
export function perPupilOf(amount: Ratio, nor: Dec | null | undefined): Dec | null {
  const h = perPupilHundredths(amount, nor ?? undefined);
  return h === null ? null : fromScaled(h, 2);
}

/** Amount ÷ NOR to 2 dp half-up; null where there is no NOR or it is 0. */
export function perPupil(amount: Dec, nor: Dec | null | undefined): Dec | null {
  return perPupilOf(ratioOfDec(amount), nor);
}

function periodPlace(table: ControlledTable, rounding: ControlledRounding, c: number, column: { unit: { int: bigint; places: number } }): PeriodPlace {
  const remainder = table.cells[c]! % table.den;
  return {
    remainder: decOf(ratio(remainder * column.unit.int, table.den * pow10(column.unit.places))),
    rank: rounding.rank[c]!,
    ranked: rounding.ranked,
    received: rounding.up[c] === 1,
    ownReceived: rounding.ownUp[c] === 1,
    reason: CELL_REASONS[rounding.reason[c]!]!,
  };
}

/** How each school's charge splits into the plan's periods (`--months`). */
interface PeriodSplit {
  /** The denominator of every weight. */
  den: bigint;
  /** A school of group g's weights, one per period, adding up to `den`: one array per months charged. */
  weightsOf(g: number): readonly bigint[];
  /** Whether every school is charged the whole year (or none of it): the periods then share a total as `split` splits it. */
  wholeYears: boolean;
  /** A total of `units` shared between the periods in proportion to `shares` (their exact parts of it), footed to add up to it. */
  share(units: bigint, shares: readonly bigint[]): bigint[];
}

/** What footing did to a charge: its amount less its own rounding (+1 unit where it was given one, −1 where one was taken, else 0). */
export function adjustmentOf(charge: ServiceCharge): Dec {
  return charge.amount.minus(charge.rounded);
}

/**
 * The months of each period a school charged for `months` of the year is charged in. Periods
 * run in turn from April (`5,7`: April to August, then September to March), and a school
 * charged for m months is charged for the first m, from April, as `convert` charges a school
 * for the months before it converts (README "Arithmetic and rounding"): 9 months over `5,7`
 * are 5 and 4. A school charged the whole year (or none of it) has each period's months.
 */
export function periodMonthsOf(periods: readonly Period[], months: Dec): Dec[] {
  if (months.lessThanOrEqualTo(0) || months.greaterThanOrEqualTo(12)) return periods.map((p) => p.months);
  let start = ZERO;
  return periods.map((p) => {
    const end = start.plus(p.months);
    const within = Dec.min(end, months).minus(start);
    start = end;
    return within.greaterThan(0) ? within : ZERO;
  });
}

/**
 * A school's charge is split by the months of each period it is charged in (`periodMonthsOf`)
 * ÷ its months: a school charged April to December splits 5 : 4 over `5,7`, not 5 : 7. Every
 * weight is an integer over one denominator, so one table of schools × periods foots them.
 */
function periodSplit(periods: readonly Period[], set: SchoolSet): PeriodSplit {
  if (periods.length === 0) return { den: 1n, weightsOf: () => [], wholeYears: true, share: () => [] };
  const monthsOfGroup = Array.from({ length: set.groupCount }, (_, g) => set.group(g).months);
  const withinOf = new Map<string, { months: Dec; within: Dec[] }>();
  for (const months of monthsOfGroup) {
    const key = months.toString();
    if (!withinOf.has(key)) withinOf.set(key, { months, within: periodMonthsOf(periods, months) });
  }
  const kinds = [...withinOf.values()];
  const places = Math.max(0, ...periods.map((p) => toScaled(p.months).places), ...kinds.map((k) => toScaled(k.months).places));
  const at = (m: Dec): bigint => {
    const scaled = toScaled(m);
    return scaled.int * pow10(places - scaled.places);
  };
  const year = 12n * pow10(places);
  // Months charged, on the one scale: a whole year where it is none or more (its charge is then nothing, or its own).
  const chargedOf = (months: Dec): bigint => {
    const m = at(months);
    return m <= 0n || m >= year ? year : m;
  };
  const den = lcm(new Set([year, ...kinds.map((k) => chargedOf(k.months))]));
  const weights = new Map(kinds.map((k) => [k.months.toString(), k.within.map((w) => at(w) * (den / chargedOf(k.months)))]));
  const ofGroup = monthsOfGroup.map((m) => weights.get(m.toString())!);
  const wholeYear = periods.map((p) => at(p.months) * (den / year));
  return {
    den,
    weightsOf: (g) => ofGroup[g]!,
    wholeYears: kinds.every((k) => chargedOf(k.months) === year),
    share(units, shares) {
      const all = shares.reduce((a, b) => a + b, 0n);
      return all === 0n ? footParts(units, wholeYear.map((w) => units * w), den) : footParts(units, shares.map((x) => x * units), all);
    },
  };
}

import type { Dec } from './decimal.js';
import { exactParts, footingOrder, fromScaled, roundUnits, scaled, unitsText, unitsToDec, type UnitsOf } from './fast-column.js';
import { own } from './names.js';
import { perPupilTextOf } from './allocate.js';
import type { Phase, RoundingMode } from './types.js';

/**
 * One service's column over a census read a row at a time, held compactly. A census repeats
 * its figures: charged rows fall into a few thousand groups of one basis × months figure and
 * one phase, which have one exact amount each. Groups hold the integers (BigInt, over
 * 10^scale); a row holds only its group's number and its id, in typed arrays, so a million
 * rows take a few megabytes and no row does arithmetic of its own. It works exactly as
 * `fastColumn` does (the same integers, the same rounding and footing order); anything that
 * one would hand to the decimal path (a figure out of range, a total that cannot be footed)
 * makes it give up (`null`), and the caller works the census the usual way instead.
 */

/** Twelfths below 10^45: as `fastColumn`'s limit. */
const LIMIT = 10n ** 45n;

/** Rows of one basis × months figure and one phase. */
interface Group {
  /** basis × months as an integer over 10^places. */
  int: bigint;
  places: number;
  phase: number;
  rows: number;
}

/** The charged rows of a column, gathered one at a time in file order. */
export class CompactColumn {
  private groups: Group[] = [];
  /** Per charged row: its group. */
  private groupAt = new Uint32Array(1024);
  private numberIds = new Uint32Array(1024);
  /** Ids that are not plain whole numbers, and names of rows without an id (the footing order reads them). */
  private otherIds = new Map<number, string>();
  private names = new Map<number, string>();
  /** Phases in the order they first appear. */
  readonly phases: (Phase | null)[] = [];
  count = 0;
  /** Groups by basis, months and phase object (a census's figures are one object each). */
  private groupOf = new Map<Dec, Map<Dec, (number | undefined)[]>>();

  /**
   * Adds a charged row of one part; `idNumber` is `idNumber(id)`, worked out once by the
   * caller. False where the compact form cannot hold it (a negative figure, an id with
   * leading zeros), for the caller to give up.
   */
  add(phase: Phase | null, basis: Dec, months: Dec, id: string, name: string, idNumber: number): boolean {
    let p = this.phases.indexOf(phase);
    if (p < 0) p = this.phases.push(phase) - 1;
    let byMonths = this.groupOf.get(basis);
    if (!byMonths) this.groupOf.set(basis, (byMonths = new Map()));
    let byPhase = byMonths.get(months);
    if (!byPhase) byMonths.set(months, (byPhase = []));
    let g = byPhase[p];
    if (g === undefined) {
      // basis × months in integers: no decimal multiplication.
      const b = exactParts(basis);
      const m = exactParts(months);
      if (b === null || m === null) return false;
      g = byPhase[p] = this.groups.push({ int: b.int * m.int, places: b.places + m.places, phase: p, rows: 0 }) - 1;
    }
    const k = this.count;
    if (k === this.groupAt.length) this.grow();
    // Ids that are plain whole numbers are held as numbers; the rest as text, in maps.
    if (idNumber !== 0) this.numberIds[k] = idNumber;
    else {
      // Leading zeros make "0123" and "123" tie on the number; the footing order then reads names.
      if (/^0\d/.test(id)) return false;
      if (id !== '') this.otherIds.set(k, own(id));
      else this.names.set(k, own(name));
    }
    this.groupAt[k] = g;
    this.groups[g]!.rows++;
    this.count++;
    return true;
  }

  /** Twice the room for rows. */
  private grow(): void {
    const size = this.groupAt.length * 2;
    const groupAt = new Uint32Array(size);
    groupAt.set(this.groupAt);
    this.groupAt = groupAt;
    const numberIds = new Uint32Array(size);
    numberIds.set(this.numberIds);
    this.numberIds = numberIds;
  }

  /** The places every group is brought to: the most any has. */
  private places(): number {
    let places = 0;
    for (const g of this.groups) if (g.places > places) places = g.places;
    return places;
  }

  /** Per phase, in order of appearance: the sum of its basis × months (for `resolveRates`). */
  byPhase(): { phase: Phase | null; unitMonths: Dec }[] {
    const places = this.places();
    const sums = this.phases.map(() => 0n);
    for (const g of this.groups) sums[g.phase]! += g.int * 10n ** BigInt(places - g.places) * BigInt(g.rows);
    return this.phases.map((phase, p) => ({ phase, unitMonths: fromScaled(sums[p]!, places) }));
  }

  /**
   * Works the column out: twelfths, rounding and (with `foot`) the footing to the expected
   * total, exactly as `fastColumn` does; null where that would hand over to the decimal path.
   */
  finish(input: { rateOf: (phase: Phase | null) => Dec; unit: Dec; mode: RoundingMode; foot: boolean; expected: (totalTwelfths: Dec) => Dec }): CompactResult | null {
    const { rateOf, unit, mode, foot } = input;
    if (unit.isNegative() || unit.isZero()) return null;
    const a = this.places();
    const rates = this.phases.map((phase) => rateOf(phase));
    const b = Math.max(0, ...rates.map((r) => r.decimalPlaces()));
    const scale = Math.max(a + b, unit.decimalPlaces());
    const rateInts: bigint[] = [];
    for (const rate of rates) {
      const r = scaled(rate, scale - a);
      if (r === null) return null;
      rateInts.push(r);
    }
    const unitInt = scaled(unit, scale);
    if (unitInt === null) return null;
    const step = 12n * unitInt;
    const n = this.groups.length;
    const twelfths: bigint[] = new Array(n);
    const whole: bigint[] = new Array(n);
    const remainders: bigint[] = new Array(n);
    let total = 0n;
    let floorUnits = 0n;
    this.groups.forEach((g, i) => {
      const t = g.int * 10n ** BigInt(a - g.places) * rateInts[g.phase]!;
      const q = t / step;
      twelfths[i] = t;
      whole[i] = q;
      remainders[i] = t - q * step;
      const rows = BigInt(g.rows);
      total += t * rows;
      floorUnits += q * rows;
    });
    if (total >= LIMIT) return null;
    const totalTwelfths = fromScaled(total, scale);
    const expected = input.expected(totalTwelfths);
    // Units of a group's rows: rounded on their own, or (footing) the whole units, plus one
    // for every row of a group above the edge and for the rows on the edge that come first.
    const units = foot ? whole : whole.map((q, i) => roundUnits(q, remainders[i]!, step, mode));
    const everyRow = new Uint8Array(n);
    let received: Uint8Array | null = null;
    if (foot) {
      const goal = expected.div(unit);
      if (!goal.isInteger() || goal.isNegative()) return null;
      const missing = BigInt(goal.toFixed(0)) - floorUnits;
      if (missing < 0n || missing > BigInt(this.count)) return null;
      received = this.footRows(twelfths, remainders, Number.parseInt(missing.toString(), 10), everyRow); // a count of rows, not money
    }
    const phaseUnits = this.phases.map(() => 0n);
    let totalUnits = 0n;
    this.groups.forEach((g, i) => {
      const u = (units[i]! + BigInt(everyRow[i]!)) * BigInt(g.rows);
      phaseUnits[g.phase]! += u;
      totalUnits += u;
    });
    if (received) {
      for (let k = 0; k < this.count; k++) {
        if (received[k] === 0) continue;
        phaseUnits[this.groups[this.groupAt[k]!]!.phase]! += 1n;
        totalUnits += 1n;
      }
    }
    return new CompactResult(
      { scale, unitInt, amounts: new Map(), textFactors: new Map() },
      this.groupAt.subarray(0, this.count),
      twelfths,
      units.map((u, i) => u + BigInt(everyRow[i]!)),
      received,
      totalTwelfths,
      totalUnits,
      expected,
      new Map(this.phases.map((phase, p) => [phase, phaseUnits[p]!])),
    );
  }

  /**
   * Gives one unit each to the `count` rows first in the footing order: every row of a group
   * whose remainder is above the edge (marked in `everyRow`), and the first of the rows on the
   * edge, put in order (returned, per row).
   */
  private footRows(twelfths: readonly bigint[], remainders: readonly bigint[], count: number, everyRow: Uint8Array): Uint8Array | null {
    if (count === 0) return null;
    const byRemainder = this.groups.map((_, i) => i).sort((x, y) => (remainders[x]! < remainders[y]! ? 1 : remainders[x]! > remainders[y]! ? -1 : 0));
    // Walk down the remainders until the missing units run out inside one remainder.
    let left = count;
    let at = 0;
    while (at < byRemainder.length) {
      const edge = remainders[byRemainder[at]!]!;
      let rows = 0;
      let end = at;
      while (end < byRemainder.length && remainders[byRemainder[end]!] === edge) rows += this.groups[byRemainder[end++]!]!.rows;
      if (rows > left) break;
      for (let i = at; i < end; i++) everyRow[byRemainder[i]!] = 1;
      left -= rows;
      at = end;
      if (left === 0) return null;
    }
    // The rows on the edge, in the footing order (their remainders tie: amount, id, name).
    const edge = remainders[byRemainder[at]!]!;
    const onEdge = new Uint8Array(this.groups.length);
    for (let i = at; i < byRemainder.length && remainders[byRemainder[i]!] === edge; i++) onEdge[byRemainder[i]!] = 1;
    const rows: number[] = [];
    for (let k = 0; k < this.count; k++) if (onEdge[this.groupAt[k]!] === 1) rows.push(k);
    const after = footingOrder(
      rows.map((k) => remainders[this.groupAt[k]!]!),
      rows.map((k) => twelfths[this.groupAt[k]!]!),
      (i) => this.idOf(rows[i]!),
      (i) => this.names.get(rows[i]!) ?? '',
    );
    const order = rows.map((_, i) => i).sort(after);
    const received = new Uint8Array(this.count);
    for (let i = 0; i < left; i++) received[rows[order[i]!]!] = 1;
    return received;
  }

  private idOf(k: number): string {
    const n = this.numberIds[k]!;
    return n !== 0 ? String(n) : (this.otherIds.get(k) ?? '');
  }
}

/** A finished column: each charged row's amount and per-pupil figure, as text, from its group. */
export class CompactResult {
  /** Texts made so far: per group, the amount without and with a footing unit. */
  private texts: (string | undefined)[][] = [];
  private textPlaces = -1;
  /** Per group, the last NOR its per-pupil figure was worked out for, and the text. */
  private pupils: ({ nor: Dec | undefined; text: string | null } | undefined)[] = [];

  constructor(
    private readonly money: UnitsOf,
    private readonly groupAt: Uint32Array,
    private readonly twelfths: readonly bigint[],
    /** Per group: units charged to each of its rows (before any footing unit given row by row). */
    private readonly units: readonly bigint[],
    private readonly received: Uint8Array | null,
    readonly totalTwelfths: Dec,
    readonly totalUnits: bigint,
    readonly expected: Dec,
    /** Units charged per phase. */
    readonly phaseUnits: Map<Phase | null, bigint>,
  ) {}

  /** Charged rows. */
  get rows(): number {
    return this.groupAt.length;
  }

  /** Units × unit as a decimal. */
  amount(units: bigint): Dec {
    return unitsToDec(this.money, units);
  }

  /** Row k's amount as text with `places` decimals, as `toFixed(places)` writes it. */
  amountText(k: number, places: number): string {
    if (places !== this.textPlaces) {
      this.textPlaces = places;
      this.texts = [];
    }
    const g = this.groupAt[k]!;
    const extra = this.received === null ? 0 : this.received[k]!;
    const texts = (this.texts[g] ??= []);
    return (texts[extra] ??= unitsText(this.money, this.units[g]! + BigInt(extra), places));
  }

  /** Row k's exact amount ÷ NOR to 2 dp half-up, as text; null without a NOR (or with 0). */
  perPupilText(k: number, nor: Dec | undefined): string | null {
    const g = this.groupAt[k]!;
    const last = this.pupils[g];
    if (last !== undefined && last.nor === nor) return last.text;
    const text = perPupilTextOf(this.twelfths[g]!, this.money.scale, nor);
    this.pupils[g] = { nor, text };
    return text;
  }
}

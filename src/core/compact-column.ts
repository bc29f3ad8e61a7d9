import type { Dec } from './decimal.js';
import { footingOrder, fromScaled, roundUnits, scaled, type UnitsOf } from './fast-column.js';
import { own } from './names.js';
import type { Phase, RoundingMode } from './types.js';

/**
 * One service's column over a census read a row at a time, held compactly: per charged row
 * only integers in typed arrays (basis × months, then twelfths, over 10^scale; its phase; its
 * id where it is a plain number), so a million rows take a few megabytes. It works exactly as
 * `fastColumn` does (the same integers, the same rounding and footing order); anything that
 * one would hand to the decimal path (a figure out of range, a total that cannot be footed)
 * makes it give up (`null`), and the caller works the census the usual way instead.
 */

/** Twelfths below 10^45: as `fastColumn`'s limit. */
const LIMIT = 10n ** 45n;
const INT64_MAX = (1n << 63n) - 1n;
/** Ids written as a whole number from 1 to 4,294,967,295 without leading zeros: held as numbers. */
const NUMBER_ID = /^[1-9]\d{0,9}$/;
const UINT32_MAX = 4294967295;


/** The charged rows of a column, gathered one at a time in file order. */
export class CompactColumn {
  /** Per charged row: basis × months over 10^places. */
  private values = new BigInt64Array(1024);
  private phaseAt = new Uint8Array(1024);
  private numberIds = new Uint32Array(1024);
  /** Ids that are not plain whole numbers, and names of rows without an id (the footing order reads them). */
  private otherIds = new Map<number, string>();
  private names = new Map<number, string>();
  /** Phases in the order they first appear. */
  readonly phases: (Phase | null)[] = [];
  private places = 0;
  count = 0;
  /** basis × months as an integer, by basis and months object (a census's figures repeat). */
  private products = new Map<Dec, Map<Dec, { value: bigint; places: number } | null>>();

  /**
   * Adds a charged row of one part; false where the compact form cannot hold it (a negative
   * or too large figure, an id with leading zeros), for the caller to give up.
   */
  add(phase: Phase | null, basis: Dec, months: Dec, id: string, name: string): boolean {
    let byMonths = this.products.get(basis);
    if (!byMonths) this.products.set(basis, (byMonths = new Map()));
    let product = byMonths.get(months);
    if (product === undefined) {
      const um = basis.times(months);
      const dp = um.decimalPlaces();
      const value = scaled(um, dp);
      byMonths.set(months, (product = value === null ? null : { value, places: dp }));
    }
    if (product === null) return false;
    if (product.places > this.places && !this.rescale(product.places)) return false;
    const value = this.places === product.places ? product.value : product.value * 10n ** BigInt(this.places - product.places);
    if (value > INT64_MAX) return false;
    const k = this.count;
    if (k === this.values.length) this.grow();
    let p = this.phases.indexOf(phase);
    if (p < 0) p = this.phases.push(phase) - 1;
    this.values[k] = value;
    this.phaseAt[k] = p;
    if (NUMBER_ID.test(id) && (id.length < 10 || Number.parseInt(id, 10) <= UINT32_MAX)) this.numberIds[k] = Number.parseInt(id, 10); // an id, not money
    else {
      // Leading zeros make "0123" and "123" tie on the number; the footing order then reads names.
      if (/^0\d/.test(id)) return false;
      if (id !== '') this.otherIds.set(k, own(id));
      else this.names.set(k, own(name));
    }
    this.count++;
    return true;
  }

  /** Twice the room for rows. */
  private grow(): void {
    const size = this.values.length * 2;
    const values = new BigInt64Array(size);
    values.set(this.values);
    this.values = values;
    const phaseAt = new Uint8Array(size);
    phaseAt.set(this.phaseAt);
    this.phaseAt = phaseAt;
    const numberIds = new Uint32Array(size);
    numberIds.set(this.numberIds);
    this.numberIds = numberIds;
  }

  /** Every value so far to more places; false where one would no longer fit. */
  private rescale(places: number): boolean {
    const factor = 10n ** BigInt(places - this.places);
    for (let k = 0; k < this.count; k++) {
      const v = this.values[k]! * factor;
      if (v > INT64_MAX) return false;
      this.values[k] = v;
    }
    this.places = places;
    return true;
  }

  /** Per phase, in order of appearance: the sum of its basis × months (for `resolveRates`). */
  byPhase(): { phase: Phase | null; unitMonths: Dec }[] {
    const sums = this.phases.map(() => 0n);
    for (let k = 0; k < this.count; k++) sums[this.phaseAt[k]!]! += this.values[k]!;
    return this.phases.map((phase, p) => ({ phase, unitMonths: fromScaled(sums[p]!, this.places) }));
  }

  /**
   * Works the column out: twelfths, rounding and (with `foot`) the footing to the expected
   * total, exactly as `fastColumn` does; null where that would hand over to the decimal path.
   * The column is spent: its values become the twelfths.
   */
  finish(input: { rateOf: (phase: Phase | null) => Dec; unit: Dec; mode: RoundingMode; foot: boolean; expected: (totalTwelfths: Dec) => Dec }): CompactResult | null {
    const { rateOf, unit, mode, foot } = input;
    if (unit.isNegative() || unit.isZero()) return null;
    const a = this.places;
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
    const m = this.count;
    const twelfths = this.values.subarray(0, m);
    let total = 0n;
    let floorUnits = 0n;
    for (let k = 0; k < m; k++) {
      const t = twelfths[k]! * rateInts[this.phaseAt[k]!]!;
      if (t > INT64_MAX) return null;
      twelfths[k] = t;
      total += t;
      floorUnits += t / step;
    }
    if (total >= LIMIT) return null;
    const totalTwelfths = fromScaled(total, scale);
    const expected = input.expected(totalTwelfths);
    const received = new Uint8Array(m);
    if (foot) {
      const units = expected.div(unit);
      if (!units.isInteger() || units.isNegative()) return null;
      const missing = BigInt(units.toFixed(0)) - floorUnits;
      if (missing < 0n || missing > BigInt(m)) return null;
      const count = Number.parseInt(missing.toString(), 10); // a count of rows, not money
      if (count > 0) this.footRows(twelfths, step, count, received);
    }
    // Units charged per phase: the rates table's amounts.
    const phaseUnits = this.phases.map(() => 0n);
    let totalUnits = 0n;
    for (let k = 0; k < m; k++) {
      const t = twelfths[k]!;
      let u = t / step;
      const rem = t - u * step;
      u = foot ? u + BigInt(received[k]!) : roundUnits(u, rem, step, mode);
      phaseUnits[this.phaseAt[k]!]! += u;
      totalUnits += u;
    }
    return {
      rows: m,
      scale,
      unitInt,
      amounts: new Map(),
      textFactors: new Map(),
      twelfths,
      step,
      received: foot ? received : null,
      mode,
      totalTwelfths,
      totalUnits,
      expected,
      phaseUnits: new Map(this.phases.map((phase, p) => [phase, phaseUnits[p]!])),
    };
  }

  /** Gives one unit each to the `count` rows first in the footing order. */
  private footRows(twelfths: BigInt64Array, step: bigint, count: number, received: Uint8Array): void {
    const m = twelfths.length;
    const remainders = new BigInt64Array(m);
    for (let k = 0; k < m; k++) remainders[k] = twelfths[k]! % step;
    // The count-th largest remainder: rows above it receive a unit, rows on it are put in order.
    const sorted = remainders.slice().sort();
    const edge = sorted[m - count]!;
    let above = 0;
    for (let i = m - 1; i >= 0 && sorted[i]! > edge; i--) above++;
    const onEdge: number[] = [];
    for (let k = 0; k < m; k++) {
      const r = remainders[k]!;
      if (r > edge) received[k] = 1;
      else if (r === edge) onEdge.push(k);
    }
    const after = footingOrder(remainders, twelfths, (k) => this.idOf(k), (k) => this.names.get(k) ?? '');
    if (onEdge.length > count - above) onEdge.sort(after);
    for (let i = 0; i < count - above; i++) received[onEdge[i]!] = 1;
  }

  private idOf(k: number): string {
    const n = this.numberIds[k]!;
    return n !== 0 ? String(n) : (this.otherIds.get(k) ?? '');
  }
}

/** A finished compact column: per charged row its twelfths and whether footing gave it a unit. */
export interface CompactResult extends UnitsOf {
  rows: number;
  twelfths: BigInt64Array;
  /** 12 × unit over 10^scale. */
  step: bigint;
  /** With footing: 1 where the row received one of the missing units. */
  received: Uint8Array | null;
  mode: RoundingMode;
  totalTwelfths: Dec;
  totalUnits: bigint;
  expected: Dec;
  /** Units charged per phase. */
  phaseUnits: Map<Phase | null, bigint>;
}

/** Units charged to row k of a finished column. */
export function unitsOf(column: CompactResult, k: number): bigint {
  const t = column.twelfths[k]!;
  const q = t / column.step;
  if (column.received) return q + BigInt(column.received[k]!);
  return roundUnits(q, t - q * column.step, column.step, column.mode);
}

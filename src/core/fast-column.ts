import { Dec, TWELVE, ZERO } from './decimal.js';
import { footLargestRemainder, type FootingRun, type RankedItem } from './footing.js';
import type { Phase, RoundingMode, School } from './types.js';

/**
 * The exact fast path of one allocation column, in scaled integers (BigInt): basis × months
 * is held as an integer over 10^a, a rate as an integer over 10^(S − a), so twelfths
 * (basis × rate × months) are exact integers over 10^S; rounding, footing and the footing
 * order work on integer quotients and remainders. decimal.js objects are made only for what
 * is printed (amounts, per-pupil figures) and, lazily, for what `explain` and JSON show.
 *
 * It gives exactly what the decimal.js path gives, which holds while every figure stays far
 * inside decimal.js's 50 significant digits (so that path rounds nothing either): the caller
 * falls back to that path whenever `fastColumn` returns null, and on anything unusual
 * (a negative figure, a total that cannot be footed) so that its errors stay the same.
 */

const powers: bigint[] = [];
const power = (n: number): bigint => (powers[n] ??= 10n ** BigInt(n));

/** Twelfths below 10^45 keep every decimal.js quotient of the other path exact enough (50 digits). */
const LIMIT = 10n ** 45n;
const PLAIN_ID = /^\d+$/;

/** `value` as an integer over 10^scale; null when negative or when it has more places. */
export function scaled(value: Dec, scale: number): bigint | null {
  const parts = exactParts(value);
  if (parts === null || parts.places > scale) return null;
  return parts.places === scale ? parts.int : parts.int * power(scale - parts.places);
}

/** Figures already taken apart, by decimal object (a census's figures repeat, one object each). */
const partsOf = new WeakMap<Dec, { int: bigint; places: number } | null>();

/** A non-negative decimal as an integer over 10^places, with the fewest places; null when negative. */
export function exactParts(value: Dec): { int: bigint; places: number } | null {
  let parts = partsOf.get(value);
  if (parts === undefined) {
    if (value.isNegative()) parts = null;
    else {
      const places = value.decimalPlaces();
      const text = value.toFixed(places);
      parts = { int: BigInt(places === 0 ? text : text.slice(0, -places - 1) + text.slice(-places)), places };
    }
    partsOf.set(value, parts);
  }
  return parts;
}

/** n / 10^scale as a decimal, through text (no arithmetic). */
export function fromScaled(n: bigint, scale: number): Dec {
  if (scale === 0) return new Dec(n.toString());
  const negative = n < 0n;
  const digits = (negative ? -n : n).toString().padStart(scale + 1, '0');
  return new Dec(`${negative ? '-' : ''}${digits.slice(0, -scale)}.${digits.slice(-scale)}`);
}

/** Rounds q + rem/step (q ≥ 0, 0 ≤ rem < step) to a whole number by `mode`. */
export function roundUnits(q: bigint, rem: bigint, step: bigint, mode: RoundingMode): bigint {
  if (rem === 0n) return q;
  switch (mode) {
    case 'down':
      return q;
    case 'up':
      return q + 1n;
    case 'half-up':
      return 2n * rem >= step ? q + 1n : q;
    case 'half-even': {
      const twice = 2n * rem;
      if (twice !== step) return twice > step ? q + 1n : q;
      return q % 2n === 0n ? q : q + 1n;
    }
  }
}

/** A charged part (a school's phase share) as `allocate` gathers it. */
export interface FastPart {
  row: number;
  phase: Phase | null;
  field: string;
  unitMonths: Dec;
}

/** A column worked out in integers: per charged row its twelfths, rounding and footing. */
export interface FastColumn {
  /** Scale of the twelfths: value = integer / 10^scale. */
  scale: number;
  /** The charged rows (indexes into the schools), in school order. */
  rows: number[];
  /** Per charged row: the first of its lines, and one past the last. */
  lineStart: number[];
  /** Per line: twelfths, rate and part. */
  lineTwelfths: bigint[];
  lineRates: Dec[];
  parts: readonly FastPart[];
  /** Per charged row: twelfths; units rounded on its own; units charged. */
  twelfths: bigint[];
  alone: bigint[];
  charged: bigint[];
  received: boolean[];
  /** Per line (rows of one line only; null where the row's parts were shared in decimals): units charged. */
  lineUnits: (bigint | null)[];
  /** Amounts of rows with several parts, per line, shared in decimals. */
  lineShares: (Dec | null)[];
  totalTwelfths: bigint;
  unit: Dec;
  /** The unit as an integer over 10^scale. */
  unitInt: bigint;
  /** Amounts made so far, by units. */
  amounts: Map<bigint, Dec>;
  /** For amounts written as text, by places: the unit over 10^places (see `unitsText`). */
  textFactors: Map<number, bigint | null>;
  /** With footing: each row's remainder (twelfths over whole units) and 1-based rank, and the run. */
  footing: { remainders: bigint[]; ranks: () => Int32Array; run: () => FootingRun } | null;
}

/** What turning whole units of a column into amounts needs: its scale, its unit, and caches. */
export type UnitsOf = Pick<FastColumn, 'scale' | 'unitInt' | 'amounts' | 'textFactors'>;

/** The parts' basis × months as integers over 10^places, and their sums per phase (for `resolveRates`). */
export interface PreparedParts {
  places: number;
  ints: bigint[];
  /** One part per phase, in the order phases first appear, carrying the phase's exact sum. */
  byPhase: { phase: Phase | null; unitMonths: Dec }[];
}

/**
 * Basis × months of every part as scaled integers, with their exact sums per phase; null
 * where a figure is negative. Bases read from one text are one object: the cache is by object.
 */
export function prepareParts(parts: readonly FastPart[]): PreparedParts | null {
  // Places of each distinct figure (most repeat), not of every part.
  const seen = new Set<Dec>();
  let places = 0;
  for (const p of parts) {
    if (seen.has(p.unitMonths)) continue;
    seen.add(p.unitMonths);
    const dp = p.unitMonths.decimalPlaces();
    if (dp > places) places = dp;
  }
  const cache = new Map<Dec, bigint>();
  const ints = new Array<bigint>(parts.length);
  const sums = new Map<Phase | null, bigint>();
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i]!;
    let u = cache.get(p.unitMonths);
    if (u === undefined) {
      const s = scaled(p.unitMonths, places);
      if (s === null) return null;
      u = s;
      cache.set(p.unitMonths, u);
    }
    ints[i] = u;
    sums.set(p.phase, (sums.get(p.phase) ?? 0n) + u);
  }
  return { places, ints, byPhase: [...sums].map(([phase, total]) => ({ phase, unitMonths: fromScaled(total, places) })) };
}

export interface FastColumnInput {
  schools: readonly School[];
  parts: readonly FastPart[];
  prepared: PreparedParts;
  rateOf: (phase: Phase | null) => Dec;
  unit: Dec;
  mode: RoundingMode;
  foot: boolean;
  /** The footed total (a multiple of unit), worked out from the exact total by the caller. */
  expected: (totalTwelfths: Dec) => Dec;
}

/**
 * Works a column out in integers, or returns null where the decimal.js path must (figures
 * beyond the exact range, negative figures, a total the rows cannot be footed to).
 */
export function fastColumn(input: FastColumnInput): { column: FastColumn; expected: Dec; totalTwelfths: Dec } | null {
  const { schools, parts, rateOf, unit, mode, foot, prepared } = input;
  if (unit.isNegative() || unit.isZero()) return null;
  const a = prepared.places;
  // Rates in the order the parts ask for them, so the first missing rate is the same error.
  const rates = new Map<Phase | null, Dec>();
  let b = 0;
  for (const p of parts) {
    if (rates.has(p.phase)) continue;
    const rate = rateOf(p.phase);
    rates.set(p.phase, rate);
    if (rate.decimalPlaces() > b) b = rate.decimalPlaces();
  }
  const scale = Math.max(a + b, unit.decimalPlaces());
  const rateInts = new Map<Phase | null, bigint>();
  for (const [phase, rate] of rates) {
    const r = scaled(rate, scale - a);
    if (r === null) return null;
    rateInts.set(phase, r);
  }
  const unitInt = scaled(unit, scale);
  if (unitInt === null) return null;
  const step = 12n * unitInt;

  const n = parts.length;
  const lineTwelfths = new Array<bigint>(n);
  const lineRates = new Array<Dec>(n);
  const rows: number[] = [];
  const lineStart: number[] = [];
  const twelfths: bigint[] = [];
  let total = 0n;
  for (let i = 0; i < n; i++) {
    const p = parts[i]!;
    const t = prepared.ints[i]! * rateInts.get(p.phase)!;
    lineTwelfths[i] = t;
    lineRates[i] = rates.get(p.phase)!;
    total += t;
    if (rows.length === 0 || rows[rows.length - 1] !== p.row) {
      rows.push(p.row);
      lineStart.push(i);
      twelfths.push(t);
    } else twelfths[twelfths.length - 1]! += t;
  }
  if (total >= LIMIT) return null;
  lineStart.push(n);

  const m = rows.length;
  const whole = new Array<bigint>(m);
  const remainders = new Array<bigint>(m);
  const alone = new Array<bigint>(m);
  let floorUnits = 0n;
  for (let k = 0; k < m; k++) {
    const t = twelfths[k]!;
    const q = t / step;
    const rem = t - q * step;
    whole[k] = q;
    remainders[k] = rem;
    alone[k] = roundUnits(q, rem, step, mode);
    floorUnits += q;
  }
  const totalDec = fromScaled(total, scale);
  const expected = input.expected(totalDec);

  let charged: bigint[];
  const received = new Array<boolean>(m).fill(false);
  let footing: FastColumn['footing'] = null;
  if (!foot) charged = alone;
  else {
    const units = expected.div(unit);
    if (!units.isInteger() || units.isNegative()) return null;
    const missing = BigInt(units.toFixed(0)) - floorUnits;
    if (missing < 0n || missing > BigInt(m)) return null;
    const after = footingOrder(remainders, twelfths, (k) => schools[rows[k]!]!.id, (k) => schools[rows[k]!]!.name);
    const count = Number.parseInt(missing.toString(), 10); // a count of rows, not money
    charged = whole.slice();
    // Who receives a unit needs no full sort: rows grouped by remainder, largest first, and
    // only the group where the missing units run out is put in footing order. The full
    // order (every row's rank, for explain) is worked out when asked for.
    const groups = new Map<bigint, number[]>();
    for (let k = 0; k < m; k++) {
      const group = groups.get(remainders[k]!);
      if (group) group.push(k);
      else groups.set(remainders[k]!, [k]);
    }
    const keys = [...groups.keys()].sort((x, y) => (x < y ? 1 : x > y ? -1 : 0));
    let left = count;
    for (const key of keys) {
      if (left === 0) break;
      let group = groups.get(key)!;
      if (group.length > left) group = group.sort(after).slice(0, left);
      for (const at of group) {
        received[at] = true;
        charged[at] = whole[at]! + 1n;
      }
      left -= group.length;
    }
    let sorted: number[] | undefined;
    const order = (): number[] => (sorted ??= Array.from({ length: m }, (_, k) => k).sort(after));
    let rankList: Int32Array | undefined;
    const ranks = (): Int32Array => {
      if (!rankList) {
        rankList = new Int32Array(m);
        order().forEach((at, k) => (rankList![at] = k + 1));
      }
      return rankList;
    };
    const ranked = (k: number): RankedItem | null => {
      const at = order()[k];
      if (at === undefined) return null;
      return {
        exact: fromScaled(twelfths[at]!, scale).div(TWELVE),
        id: schools[rows[at]!]!.id,
        name: schools[rows[at]!]!.name,
        remainder: fromScaled(remainders[at]!, scale).div(TWELVE),
      };
    };
    let run: FootingRun | undefined;
    footing = {
      remainders,
      ranks,
      run: () =>
        (run ??= {
          unit,
          total: expected,
          floorTotal: fromScaled(floorUnits * unitInt, scale),
          missing: count,
          rows: m,
          lastIn: count > 0 ? ranked(count - 1) : null,
          firstOut: ranked(count),
        }),
    };
  }

  // Rows with several parts (all-through schools) share their amount between the parts.
  const lineUnits = new Array<bigint | null>(n).fill(null);
  const lineShares = new Array<Dec | null>(n).fill(null);
  for (let k = 0; k < m; k++) {
    const from = lineStart[k]!;
    const to = lineStart[k + 1]!;
    if (to - from === 1) {
      lineUnits[from] = charged[k]!;
      continue;
    }
    const items = [];
    for (let i = from; i < to; i++) items.push({ exact: fromScaled(lineTwelfths[i]!, scale), id: String(i - from), name: '' });
    const shares = footLargestRemainder(items, unit, fromScaled(charged[k]! * unitInt, scale), TWELVE);
    shares.forEach((share, i) => (lineShares[from + i] = share.amount));
  }

  return {
    column: { scale, rows, lineStart, lineTwelfths, lineRates, parts, twelfths, alone, charged, received, lineUnits, lineShares, totalTwelfths: total, unit, unitInt, amounts: new Map(), textFactors: new Map(), footing },
    expected,
    totalTwelfths: totalDec,
  };
}

/**
 * The footing order of footLargestRemainderDetail over rows held as integers: larger
 * remainder, larger exact amount, smaller id (numerically where both are whole numbers),
 * then name. Ids are looked at only where remainders and amounts tie: each row's numeric
 * form is worked out the first time it ties (most rows never do).
 */
export function footingOrder(
  remainders: ArrayLike<bigint>,
  twelfths: ArrayLike<bigint>,
  idOf: (k: number) => string,
  nameOf: (k: number) => string,
): (x: number, y: number) => number {
  const digitsOf = new Map<number, string | null>();
  const digitsAt = (k: number): string | null => {
    let d = digitsOf.get(k);
    if (d === undefined) {
      const id = idOf(k);
      digitsOf.set(k, (d = PLAIN_ID.test(id) ? id.replace(/^0+/, '') : null));
    }
    return d;
  };
  return (x, y) => {
    const rx = remainders[x]!;
    const ry = remainders[y]!;
    if (rx !== ry) return rx < ry ? 1 : -1;
    const tx = twelfths[x]!;
    const ty = twelfths[y]!;
    if (tx !== ty) return tx < ty ? 1 : -1;
    const dx = digitsAt(x);
    const dy = digitsAt(y);
    if (dx !== null && dy !== null) {
      if (dx.length !== dy.length) return dx.length - dy.length;
      if (dx !== dy) return dx < dy ? -1 : 1;
    } else {
      const ix = idOf(x);
      const iy = idOf(y);
      if (ix !== iy) return ix < iy ? -1 : 1;
    }
    const nx = nameOf(x);
    const ny = nameOf(y);
    return nx < ny ? -1 : nx > ny ? 1 : 0;
  };
}

/** Units × unit as a decimal; one object per amount (amounts repeat, and decimals are immutable). */
export function unitsToDec(column: UnitsOf, units: bigint): Dec {
  let found = column.amounts.get(units);
  if (found === undefined) {
    found = fromScaled(units * column.unitInt, column.scale);
    column.amounts.set(units, found);
  }
  return found;
}

/** The sum of decimals (pupil numbers: most repeat, one object per figure), in integers; as `sum` gives it. */
export function exactSum(values: readonly Dec[]): Dec {
  // How often each figure occurs; then each distinct figure is looked at once.
  const counts = new Map<Dec, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return exactSumOf(counts) ?? values.reduce((a, b) => a.plus(b), ZERO);
}

/**
 * The sum of figures given with how often each occurs, in integers; null where `sum` would
 * not give it exactly (a negative figure, never read from a census; past 50 digits, where
 * decimal.js rounds): the caller adds the figures in decimals then.
 */
export function exactSumOf(counts: ReadonlyMap<Dec, number>): Dec | null {
  let places = 0;
  for (const v of counts.keys()) {
    if (v.isNegative()) return null;
    const dp = v.decimalPlaces();
    if (dp > places) places = dp;
  }
  let total = 0n;
  for (const [v, count] of counts) total += scaled(v, places)! * BigInt(count);
  if (total >= LIMIT) return null;
  return fromScaled(total, places);
}
const pupilFigures = new Map<bigint, Dec>();

/** A non-negative n / 10^places as plain text with exactly `places` decimals, as `toFixed(places)` writes it. */
export function scaledText(n: bigint, places: number): string {
  if (places === 0) return n.toString();
  const digits = n.toString().padStart(places + 1, '0');
  return `${digits.slice(0, -places)}.${digits.slice(-places)}`;
}

const pupilTexts = new Map<bigint, string>();

/** Hundredths as text to 2 places; per-pupil figures repeat (most schools pay the rate): each is written once. */
export function pupilText(q: bigint): string {
  let text = pupilTexts.get(q);
  if (text === undefined) {
    text = scaledText(q, 2);
    if (pupilTexts.size < 100000) pupilTexts.set(q, text);
  }
  return text;
}

/** Units × unit as text with `places` decimals, from integers; no decimal object made. */
export function unitsText(column: UnitsOf, units: bigint, places: number): string {
  let factor = column.textFactors.get(places);
  if (factor === undefined) column.textFactors.set(places, (factor = textFactor(column, places)));
  // Fewer places than the unit has: the decimal's own rounding decides (never for a unit's places).
  if (factor === null) return unitsToDec(column, units).toFixed(places);
  return scaledText(factor === 1n ? units : units * factor, places);
}

/** The unit as an integer over 10^places (1 for a unit of 1 written whole); null where it has more places. */
function textFactor(column: UnitsOf, places: number): bigint | null {
  if (places >= column.scale) return column.unitInt * power(places - column.scale);
  const drop = power(column.scale - places);
  return column.unitInt % drop === 0n ? column.unitInt / drop : null;
}

/** Amount ÷ NOR to 2 dp half-up from exact twelfths (12 × amount), as `perPupil` gives it; undefined where out of the exact range. */
export function perPupilFromTwelfths(twelfths: bigint, scale: number, nor: Dec | undefined): Dec | null | undefined {
  const q = perPupilHundredths(twelfths, scale, nor);
  if (q === null || q === undefined) return q;
  // Per-pupil figures repeat (most schools pay the rate): one decimal object per figure.
  let found = pupilFigures.get(q);
  if (found === undefined) {
    found = fromScaled(q, 2);
    if (pupilFigures.size < 100000) pupilFigures.set(q, found);
  }
  return found;
}

/** `perPupilFromTwelfths` in hundredths of a pound. */
export function perPupilHundredths(twelfths: bigint, scale: number, nor: Dec | undefined): bigint | null | undefined {
  if (!nor) return null;
  let d = divisors.get(nor);
  if (d === undefined || d.scale !== scale) divisors.set(nor, (d = pupilDivisor(nor, scale)));
  if (d.zero) return null;
  if (d.den === null) return undefined;
  // twelfths / 10^scale ÷ (12 × NOR), in hundredths, half-up.
  const num = twelfths * d.factor;
  if (num >= NUM_LIMIT) return undefined;
  return (2n * num + d.den) / d.twiceDen;
}

/** What dividing by one NOR figure takes, worked out once per figure (figures repeat: one object each). */
interface PupilDivisor {
  scale: number;
  zero: boolean;
  /** 10^(the NOR's places) × 100. */
  factor: bigint;
  /** 12 × NOR × 10^(its places) × 10^scale; null for a negative NOR (the decimal path's). */
  den: bigint | null;
  twiceDen: bigint;
}
const divisors = new WeakMap<Dec, PupilDivisor>();
const NUM_LIMIT = LIMIT * 100n;

function pupilDivisor(nor: Dec, scale: number): PupilDivisor {
  const places = nor.decimalPlaces();
  const norInt = scaled(nor, places);
  const den = norInt === null ? null : 12n * norInt * power(scale);
  return { scale, zero: nor.isZero(), factor: power(places) * 100n, den, twiceDen: den === null ? 0n : 2n * den };
}

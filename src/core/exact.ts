import { Dec } from './decimal.js';

/**
 * Exact numbers as integers (BigInt). A figure read from a file is a `Scaled` integer over a
 * power of ten; every rate, share and amount is a `Ratio` of two integers. Nothing here
 * rounds (rounding.ts does) or foots (footing.ts does).
 */

/** An exact decimal: int / 10^places. */
export interface Scaled {
  int: bigint;
  places: number;
}

/** An exact fraction num / den, den > 0. */
export interface Ratio {
  num: bigint;
  den: bigint;
}

const powers: bigint[] = [];
/** 10^n as an integer. */
export function pow10(n: number): bigint {
  return (powers[n] ??= 10n ** BigInt(n));
}

/** Figures already taken apart, by decimal object (a census repeats its figures: one object each). */
const scaledOf = new WeakMap<Dec, Scaled>();

/** A decimal as an integer over 10^places, with the fewest places. */
export function toScaled(value: Dec): Scaled {
  let found = scaledOf.get(value);
  if (found === undefined) {
    const places = Math.max(0, value.decimalPlaces());
    const text = value.toFixed(places);
    const digits = places === 0 ? text : text.slice(0, -places - 1) + text.slice(-places);
    found = { int: BigInt(digits), places };
    scaledOf.set(value, found);
  }
  return found;
}

/** The integer of a decimal over 10^places (places at least its own). */
export function intAt(value: Dec, places: number): bigint {
  const s = toScaled(value);
  return s.places === places ? s.int : s.int * pow10(places - s.places);
}

/** int / 10^places as a decimal, through text (no arithmetic). */
export function fromScaled(int: bigint, places: number): Dec {
  return new Dec(scaledText(int, places));
}

/** int / 10^places as plain text with exactly `places` decimals, as `toFixed(places)` writes it. */
export function scaledText(int: bigint, places: number): string {
  if (places <= 0) return int.toString();
  const negative = int < 0n;
  const digits = (negative ? -int : int).toString().padStart(places + 1, '0');
  return `${negative ? '-' : ''}${digits.slice(0, -places)}.${digits.slice(-places)}`;
}

/** Greatest common divisor of two integers (non-negative result). */
export function gcd(a: bigint, b: bigint): bigint {
  let x = a < 0n ? -a : a;
  let y = b < 0n ? -b : b;
  // No array swapped per step: run before V8 optimises it, a destructuring swap makes an array each time.
  while (y !== 0n) {
    const r = x % y;
    x = y;
    y = r;
  }
  return x;
}

/** A ratio in lowest terms, with a positive denominator. */
export function ratio(num: bigint, den: bigint): Ratio {
  if (den === 0n) throw new Error('dedel internal error: a ratio over 0');
  const sign = den < 0n ? -1n : 1n;
  const g = gcd(num, den) || 1n;
  return { num: (sign * num) / g, den: (sign * den) / g };
}

/** A decimal as a ratio. */
export function ratioOf(value: Dec): Ratio {
  const s = toScaled(value);
  return ratio(s.int, pow10(s.places));
}

export function mul(a: Ratio, b: Ratio): Ratio {
  return ratio(a.num * b.num, a.den * b.den);
}

export function div(a: Ratio, b: Ratio): Ratio {
  return ratio(a.num * b.den, a.den * b.num);
}

export function add(a: Ratio, b: Ratio): Ratio {
  return a.den === b.den ? ratio(a.num + b.num, a.den) : ratio(a.num * b.den + b.num * a.den, a.den * b.den);
}

/** Least common multiple of positive integers. */
export function lcm(values: Iterable<bigint>): bigint {
  let out = 1n;
  for (const v of values) out = (out / gcd(out, v)) * v;
  return out;
}

/**
 * A ratio as a decimal for printing: exact where it is a finite decimal, else correctly
 * rounded to the program's 50 significant digits (the value a person reads as "exact").
 */
export function decOf(value: Ratio): Dec {
  if (value.den === 1n) return new Dec(value.num.toString());
  return new Dec(value.num.toString()).div(new Dec(value.den.toString()));
}

const INT64_MAX = (1n << 63n) - 2n;

/**
 * `n` integers made by `at`, held in a typed array where every one (and one more) fits in 64
 * bits, so a million of them are not a million BigInt objects; in an array otherwise.
 */
export function packed(n: number, at: (i: number) => bigint): ArrayLike<bigint> {
  const typed = new BigInt64Array(n);
  for (let i = 0; i < n; i++) {
    const v = at(i);
    if (v > INT64_MAX || v < -INT64_MAX) return Array.from({ length: n }, (_, j) => at(j));
    typed[i] = v;
  }
  return typed;
}

/**
 * `n` rows' integers (`at`) and, row by row, each times each of its `k` weights (`weightsOf`),
 * packed as `packed` packs them, in one pass: each row's integer is worked out and read once.
 */
export function packedRows(n: number, at: (i: number) => bigint, k: number, weightsOf: (i: number) => readonly bigint[]): { rows: ArrayLike<bigint>; products: ArrayLike<bigint> } {
  const rows = new BigInt64Array(n);
  const products = new BigInt64Array(n * k);
  for (let i = 0; i < n; i++) {
    const v = at(i);
    if (v > INT64_MAX || v < -INT64_MAX) return packedApart(n, at, k, weightsOf);
    rows[i] = v;
    const weights = weightsOf(i);
    for (let j = 0; j < k; j++) {
      const product = v * weights[j]!;
      if (product > INT64_MAX || product < -INT64_MAX) return packedApart(n, at, k, weightsOf);
      products[i * k + j] = product;
    }
  }
  return { rows, products };
}

/** `packedRows` where one does not fit in 64 bits: each packed on its own. */
function packedApart(n: number, at: (i: number) => bigint, k: number, weightsOf: (i: number) => readonly bigint[]): { rows: ArrayLike<bigint>; products: ArrayLike<bigint> } {
  const rows = packed(n, at);
  return { rows, products: packed(n * k, (c) => rows[Math.floor(c / k)]! * weightsOf(Math.floor(c / k))[c % k]!) };
}

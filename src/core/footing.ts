import { Dec, ONE, ZERO, sum } from './decimal.js';
import { DataError, assert } from './errors.js';

/** One amount to be footed, with the stable keys that break ties. */
export interface FootItem {
  exact: Dec;
  /** School id (URN …) or '' ; compared numerically when both are numbers. */
  id: string;
  name: string;
}

export interface Footed {
  amount: Dec;
  /** True where this row received one of the missing units. */
  received: boolean;
}

/**
 * Compares two rows for who receives a missing unit first: larger remainder, then
 * larger exact amount, then smaller id (numeric where both are numbers), then name.
 * Never row order, so shuffling the census changes no school's charge.
 */
export function footingOrder(a: FootItem & { remainder: Dec }, b: FootItem & { remainder: Dec }): number {
  const byRemainder = b.remainder.comparedTo(a.remainder);
  if (byRemainder !== 0) return byRemainder;
  const byExact = b.exact.comparedTo(a.exact);
  if (byExact !== 0) return byExact;
  const byId = compareIds(a.id, b.id);
  if (byId !== 0) return byId;
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

const NUMERIC = /^\d+$/;

/** Orders ids numerically where both are whole numbers, else as text. */
export function compareIds(a: string, b: string): number {
  if (NUMERIC.test(a) && NUMERIC.test(b)) {
    const byLength = a.replace(/^0+/, '').length - b.replace(/^0+/, '').length;
    if (byLength !== 0) return byLength;
    const x = a.replace(/^0+/, '');
    const y = b.replace(/^0+/, '');
    return x < y ? -1 : x > y ? 1 : 0;
  }
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A row as the footing ranked it: its remainder over the rounded-down amount. */
export interface RankedItem extends FootItem {
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

export interface FootedDetail {
  footed: Footed[];
  /** Per item: its remainder and its 1-based place in the footing order. */
  places: { remainder: Dec; rank: number }[];
  run: FootingRun;
}

const textOrder = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Largest remainder (Hamilton): rounds every amount down to `unit`, then gives the
 * missing units to the largest remainders, so that the amounts add up to `total`
 * (a multiple of `unit`). No amount moves by a whole unit or more from its exact value.
 *
 * Amounts are `item.exact / denominator`: allocate passes basis × rate × months with
 * denominator 12, so remainders are compared exactly, never as 50-digit approximations
 * of a twelfth (which would break a true tie on the number of integer digits).
 */
export function footLargestRemainder(items: readonly FootItem[], unit: Dec, total: Dec, denominator: Dec = ONE): Footed[] {
  return footLargestRemainderDetail(items, unit, total, denominator).footed;
}

/**
 * `footLargestRemainder` with the working kept: each row's remainder and rank, and the
 * cut-off. Remainders and amounts in the working are in pounds (divided by `denominator`).
 */
export function footLargestRemainderDetail(items: readonly FootItem[], unit: Dec, total: Dec, denominator: Dec = ONE): FootedDetail {
  const step = unit.times(denominator);
  const whole = items.map((item) => item.exact.div(step).floor());
  const floorTotal = sum(whole).times(unit);
  const run: FootingRun = { unit, total, floorTotal, missing: 0, rows: items.length, lastIn: null, firstOut: null };
  if (items.length === 0) return { footed: [], places: [], run };
  const missing = total.div(unit).minus(sum(whole));
  if (!missing.isInteger() || missing.isNegative() || missing.greaterThan(items.length)) {
    throw new DataError(
      `cannot foot ${items.length} amounts to ${total.toFixed()}: the exact amounts add up to ${sum(items.map((i) => i.exact)).div(denominator).toFixed()}`,
    );
  }
  // footingOrder's order, on keys worked out once: remainders and exact amounts as exact
  // integers (scaled by 10^places, which every amount has at most), ids as compareIds reads them.
  const decimals = items.reduce((most, item) => Math.max(most, item.exact.decimalPlaces()), step.decimalPlaces());
  const scale = new Dec(10).pow(decimals);
  const key = (value: Dec) => BigInt(value.times(scale).toFixed(0));
  const order = items.map((item, index) => {
    const remainder = item.exact.minus((whole[index] ?? ZERO).times(step));
    const numeric = NUMERIC.test(item.id);
    return {
      index,
      ...item,
      remainder,
      remainderKey: key(remainder),
      exactKey: key(item.exact),
      numeric,
      digits: numeric ? item.id.replace(/^0+/, '') : item.id,
    };
  });
  order.sort((a, b) => {
    if (a.remainderKey !== b.remainderKey) return a.remainderKey < b.remainderKey ? 1 : -1;
    if (a.exactKey !== b.exactKey) return a.exactKey < b.exactKey ? 1 : -1;
    const byId = a.numeric && b.numeric ? a.digits.length - b.digits.length || textOrder(a.digits, b.digits) : textOrder(a.id, b.id);
    if (byId !== 0) return byId;
    return textOrder(a.name, b.name);
  });
  const received = new Array<boolean>(items.length).fill(false);
  const n = missing.toNumber(); // a count of units, bounded by items.length
  for (let k = 0; k < n; k++) {
    const row = order[k];
    assert(row, 'footing ran out of rows');
    received[row.index] = true;
  }
  const places = new Array<{ remainder: Dec; rank: number }>(items.length);
  order.forEach((row, k) => (places[row.index] = { remainder: row.remainder.div(denominator), rank: k + 1 }));
  const ranked = (k: number): RankedItem | null => {
    const row = order[k];
    return row ? { exact: row.exact.div(denominator), id: row.id, name: row.name, remainder: row.remainder.div(denominator) } : null;
  };
  run.missing = n;
  run.lastIn = n > 0 ? ranked(n - 1) : null;
  run.firstOut = ranked(n);
  return {
    footed: whole.map((w, index) => ({ amount: (received[index] ? w.plus(1) : w).times(unit), received: received[index] === true })),
    places,
    run,
  };
}


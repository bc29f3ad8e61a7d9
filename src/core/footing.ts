import { Dec, ZERO, sum } from './decimal.js';
import { DataError, assert } from './errors.js';
import { floorTo, roundTo } from './rounding.js';
import type { RoundingMode } from './types.js';

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

const textOrder = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Largest remainder (Hamilton): rounds every amount down to `unit`, then gives the
 * missing units to the largest remainders, so that the amounts add up to `total`
 * (a multiple of `unit`). No amount moves by a whole unit or more from its exact value.
 */
export function footLargestRemainder(items: readonly FootItem[], unit: Dec, total: Dec): Footed[] {
  if (items.length === 0) return [];
  const floors = items.map((item) => floorTo(item.exact, unit));
  const missing = total.minus(sum(floors)).div(unit);
  if (!missing.isInteger() || missing.isNegative() || missing.greaterThan(items.length)) {
    throw new DataError(
      `cannot foot ${items.length} amounts to ${total.toFixed()}: the exact amounts add up to ${sum(items.map((i) => i.exact)).toFixed()}`,
    );
  }
  // footingOrder's order, on keys worked out once: remainders and exact amounts as exact
  // integers (scaled by 10^places, which every amount has at most), ids as compareIds reads them.
  const places = items.reduce((most, item) => Math.max(most, item.exact.decimalPlaces()), unit.decimalPlaces());
  const scale = new Dec(10).pow(places);
  const key = (value: Dec) => BigInt(value.times(scale).toFixed(0));
  const order = items.map((item, index) => {
    const numeric = NUMERIC.test(item.id);
    return {
      index,
      item,
      remainder: key(item.exact.minus(floors[index] ?? ZERO)),
      exact: key(item.exact),
      numeric,
      digits: numeric ? item.id.replace(/^0+/, '') : item.id,
    };
  });
  order.sort((a, b) => {
    if (a.remainder !== b.remainder) return a.remainder < b.remainder ? 1 : -1;
    if (a.exact !== b.exact) return a.exact < b.exact ? 1 : -1;
    const byId = a.numeric && b.numeric ? a.digits.length - b.digits.length || textOrder(a.digits, b.digits) : textOrder(a.item.id, b.item.id);
    if (byId !== 0) return byId;
    return textOrder(a.item.name, b.item.name);
  });
  const received = new Array<boolean>(items.length).fill(false);
  const n = missing.toNumber(); // a count of units, bounded by items.length
  for (let k = 0; k < n; k++) {
    const row = order[k];
    assert(row, 'footing ran out of rows');
    received[row.index] = true;
  }
  return floors.map((floor, index) => ({ amount: received[index] ? floor.plus(unit) : floor, received: received[index] === true }));
}

/** The rounded exact total that a footed column adds up to. */
export function footTotal(items: readonly FootItem[], unit: Dec, mode: RoundingMode): Dec {
  return roundTo(sum(items.map((i) => i.exact)), unit, mode);
}

export { Dec };

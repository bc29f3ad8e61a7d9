import { Decimal } from 'decimal.js';

/**
 * The one Decimal constructor of the program. 50 significant digits: decimal.js's
 * default of 20 silently rounds `times` and `plus` as well as division.
 */
export const Dec = Decimal.clone({ precision: 50, rounding: Decimal.ROUND_HALF_UP, toExpNeg: -100, toExpPos: 100 });
export type Dec = Decimal;

export const ZERO = new Dec(0);
export const ONE = new Dec(1);
export const TWELVE = new Dec(12);

/** Sum of decimals, exactly. */
export function sum(values: Iterable<Dec>): Dec {
  let total = ZERO;
  for (const v of values) total = total.plus(v);
  return total;
}

/** A percentage as the fraction it is (12.1 → 0.121), exactly: how a spreadsheet holds a percent. */
export function fractionOf(percent: Dec): Dec {
  return percent.div(100);
}

/** Thousands or millions as the figure they stand for (1.2 millions → 1200000), exactly. */
export function unitsOf(value: Dec, per: 1000 | 1000000): Dec {
  return value.times(per);
}

/** Pence as pounds (510 → 5.1), exactly. */
export function poundsOf(pence: Dec): Dec {
  return pence.div(100);
}

/** Number of decimal places a unit such as 0.01, 1 or 100 implies for printing. */
export function placesOf(unit: Dec): number {
  return Math.max(0, unit.decimalPlaces());
}

import { Dec } from './decimal.js';

/**
 * Whether a spreadsheet's `ROUND(of / per, places)`, worked in binary floating point, gives
 * `value`: true where `value` is the exact quotient rounded half-up and that quotient lies
 * clear of a rounding tie (more than a billionth of a unit away), so the binary division's
 * error (about 1e-16 of the quotient) cannot tip it. Where this is false, a workbook writes
 * the figure itself rather than a formula.
 */
export function roundedRatioHolds(of: Dec, per: Dec, places: number, value: Dec): boolean {
  if (per.isZero() || of.isNegative() || per.isNegative()) return false;
  const scaled = of.div(per).times(new Dec(10).pow(places));
  if (!scaled.toDecimalPlaces(0, Dec.ROUND_HALF_UP).div(new Dec(10).pow(places)).equals(value)) return false;
  // Beyond 15 significant digits a binary double cannot hold the quotient closely enough.
  if (scaled.abs().gte('1e12')) return false;
  const fraction = scaled.minus(scaled.floor());
  return fraction.minus('0.5').abs().gt('1e-9');
}

/** Whether the figures (blanks counting as nothing) add up to `total` exactly: then a sheet may SUM them. */
export function addsUp(values: Iterable<Dec | null>, total: Dec): boolean {
  let sum = new Dec(0);
  for (const v of values) if (v !== null) sum = sum.plus(v);
  return sum.equals(total);
}

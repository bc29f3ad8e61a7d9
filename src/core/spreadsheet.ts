import { Dec } from './decimal.js';

export { roundedRatioHolds } from './rounding.js';

/** Whether the figures (blanks counting as nothing) add up to `total` exactly: then a sheet may SUM them. */
export function addsUp(values: Iterable<Dec | null>, total: Dec): boolean {
  let sum = new Dec(0);
  for (const v of values) if (v !== null) sum = sum.plus(v);
  return sum.equals(total);
}

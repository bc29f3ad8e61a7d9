import type { Dec } from './decimal.js';
import { sum } from './decimal.js';

/**
 * An all-through school split by phase whose parts do not add up to its whole figure
 * (`NOR primary` + `NOR secondary` ≠ `NOR`): the sum of the parts, or null where they agree.
 */
export function partsDisagree(whole: Dec, primary: Dec, secondary: Dec): Dec | null {
  const parts = primary.plus(secondary);
  return parts.equals(whole) ? null : parts;
}

/** The sum a total row is checked against: the figures of the school rows it covers, each with how many rows have it. */
export function totalOf(values: readonly { value: Dec; count: number }[]): Dec {
  return sum(values.map(({ value, count }) => value.times(count)));
}

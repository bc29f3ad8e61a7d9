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

/** The sum a total row is checked against: the school rows it covers. */
export function totalOf(values: readonly Dec[]): Dec {
  return sum(values);
}

import type { Dec } from './decimal.js';
import { placesOf } from './decimal.js';
import { pounds } from './format.js';

/** The warning when rows rounded on their own do not add up to the rounded exact total. */
export function footingMessage(service: string, printed: Dec, exact: Dec, expected: Dec, unit: Dec): string {
  const dp = placesOf(unit);
  return (
    `${service}: the rounded rows add up to ${pounds(printed, dp)} but the exact total is ${pounds(exact)}` +
    ` (${pounds(expected, dp)} rounded); the Total row shows ${pounds(printed, dp)}. Use --foot to make the rows add up to ${pounds(expected, dp)}.`
  );
}

import type { Dec } from './decimal.js';
import { placesOf } from './decimal.js';
import { pounds } from './format.js';

/**
 * The warning when rows rounded on their own do not add up to the rounded exact total. `shown`
 * says where the table prints that sum: `allocate`'s Total row, or `rates`' amount column
 * (which has no Total row).
 */
export function footingMessage(service: string, printed: Dec, exact: Dec, expected: Dec, unit: Dec, shown: 'total-row' | 'amount' = 'total-row'): string {
  const dp = placesOf(unit);
  const where = shown === 'amount' ? `the amount column shows ${pounds(printed, dp)} for ${service}` : `the Total row shows ${pounds(printed, dp)}`;
  return (
    `${service}: the rounded rows add up to ${pounds(printed, dp)} but the exact total is ${pounds(exact)}` +
    ` (${pounds(expected, dp)} rounded); ${where}. Use --foot to make the rows add up to ${pounds(expected, dp)}.`
  );
}

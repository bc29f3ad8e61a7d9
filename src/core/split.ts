import { Dec, TWELVE, ZERO, sum } from './decimal.js';
import { DataError } from './errors.js';
import { footLargestRemainder } from './footing.js';
import type { Period } from './types.js';

/** Checks that period months are each 0–12 and make up the year. */
export function checkPeriods(periods: readonly Period[]): void {
  for (const p of periods) {
    if (p.months.isNegative() || p.months.greaterThan(TWELVE)) {
      throw new DataError(`period "${p.name}" has ${p.months.toFixed()} months; each period must be 0 to 12 months`);
    }
  }
  const total = sum(periods.map((p) => p.months));
  if (periods.length > 0 && !total.equals(TWELVE)) {
    throw new DataError(`the periods add up to ${total.toFixed()} months, not 12: ${periods.map((p) => `${p.name} ${p.months.toFixed()}`).join(', ')}`);
  }
}

/**
 * Splits an amount (already rounded to `unit`) into periods by months / 12, each part
 * rounded to `unit` and footed by largest remainder so the parts add up to the amount.
 * Ties go to the larger part, then to the earlier period.
 */
export function splitAmount(amount: Dec, periods: readonly Period[], unit: Dec): Dec[] {
  if (periods.length === 0) return [];
  const items = periods.map((p, index) => ({ exact: amount.times(p.months), id: String(index), name: p.name }));
  return footLargestRemainder(items, unit, amount, TWELVE).map((f) => f.amount);
}

export { ZERO };

import { Dec, TWELVE, ZERO, sum } from './decimal.js';
import { DataError } from './errors.js';
import { counted } from './messages.js';
import { footParts } from './footing.js';
import { fromScaled, intAt, pow10, toScaled } from './exact.js';
import { roundTo } from './rounding.js';
import type { Period, RoundingMode } from './types.js';

/** Checks that period months are each 0–12 and make up the year, and that labels differ. */
export function checkPeriods(periods: readonly Period[]): void {
  for (const p of periods) {
    if (p.months.isNegative() || p.months.greaterThan(TWELVE)) {
      throw new DataError(`period "${p.name}" has ${p.months.toFixed()} months; each period must be 0 to 12 months`);
    }
  }
  const seen = new Set<string>();
  for (const p of periods) {
    // Each period becomes a column; two of one name would be two columns of one header.
    const key = p.name.trim().toLowerCase();
    if (seen.has(key)) throw new DataError(`period "${p.name}" is named twice; give each period its own label`);
    seen.add(key);
  }
  const total = sum(periods.map((p) => p.months));
  if (periods.length > 0 && !total.equals(TWELVE)) {
    throw new DataError(`the periods add up to ${counted(total.toFixed(), 'month')}, not 12: ${periods.map((p) => `${p.name} ${p.months.toFixed()}`).join(', ')}`);
  }
}

/**
 * Splits an amount (already rounded to `unit`) into periods by months / 12, each part
 * rounded to `unit` and footed by largest remainder so the parts add up to the amount.
 * Ties go to the larger part, then to the earlier period.
 */
export function splitAmount(amount: Dec, periods: readonly Period[], unit: Dec): Dec[] {
  if (periods.length === 0) return [];
  const u = toScaled(unit);
  const places = Math.max(u.places, toScaled(amount).places);
  const units = intAt(amount, places) / intAt(unit, places);
  const monthsPlaces = Math.max(0, ...periods.map((p) => toScaled(p.months).places));
  const parts = footParts(units, periods.map((p) => units * intAt(p.months, monthsPlaces)), 12n * pow10(monthsPlaces));
  return parts.map((p) => fromScaled(p * u.int, u.places));
}


/** One amount split into periods. */
export interface SplitLine {
  name: string;
  /** The amount as given. */
  exact: Dec;
  /** The amount rounded to the unit: what the parts add up to. */
  amount: Dec;
  parts: Dec[];
}

export interface SplitResult {
  periods: readonly Period[];
  lines: SplitLine[];
  /** Sum of each period column. */
  totals: Dec[];
  total: Dec;
  /** The lines are an allocation's period columns added up, and a school is charged part of the year (split by its own months). */
  partYear?: boolean;
}

/**
 * Splits each amount into periods: the amount is rounded to `unit` first, then
 * divided by months / 12 and footed so its parts add up to it (Wirral: £149,600 at 5/12
 * and 7/12 to £100 is £62,300 + £87,300).
 */
export function splitAmounts(
  amounts: readonly { name: string; amount: Dec }[],
  periods: readonly Period[],
  rounding: { unit: Dec; mode: RoundingMode },
): SplitResult {
  if (periods.length === 0) throw new DataError('a split needs at least one period, such as --months 5,7');
  checkPeriods(periods);
  const lines = amounts.map(({ name, amount }) => {
    if (amount.isNegative()) throw new DataError(`"${name}" has a negative amount, ${amount.toFixed()}; amounts to split must be 0 or more`);
    const rounded = roundTo(amount, rounding.unit, rounding.mode);
    return { name, exact: amount, amount: rounded, parts: splitAmount(rounded, periods, rounding.unit) };
  });
  const totals = periods.map((_, k) => sum(lines.map((l) => l.parts[k] ?? ZERO)));
  return { periods, lines, totals, total: sum(lines.map((l) => l.amount)) };
}

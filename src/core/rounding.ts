import { Decimal } from 'decimal.js';
import { Dec } from './decimal.js';
import type { RoundingMode } from './types.js';

const MODE: Record<RoundingMode, Decimal.Rounding> = {
  'half-up': Decimal.ROUND_HALF_UP,
  'half-even': Decimal.ROUND_HALF_EVEN,
  down: Decimal.ROUND_DOWN,
  up: Decimal.ROUND_UP,
};

/** Rounds `value` to a multiple of `unit` (0.01, 1, 100 …) by `mode`. Half-up is away from zero on a tie. */
export function roundTo(value: Dec, unit: Dec, mode: RoundingMode): Dec {
  return value.div(unit).toDecimalPlaces(0, MODE[mode]).times(unit);
}

/** Rounds `numerator / denominator` to a multiple of `unit` with one division, so an exact tie stays a tie. */
export function roundRatio(numerator: Dec, denominator: Dec, unit: Dec, mode: RoundingMode): Dec {
  return numerator.div(denominator.times(unit)).toDecimalPlaces(0, MODE[mode]).times(unit);
}

/** Describes a rounding rule for footnotes: "half-up to £1". */
export function describeRounding(unit: Dec, mode: RoundingMode): string {
  return `${mode} to £${unit.toFixed(Math.max(0, unit.decimalPlaces()))}`;
}


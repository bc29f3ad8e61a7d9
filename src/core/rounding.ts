import { Dec } from './decimal.js';
import { fromScaled, intAt, pow10, toScaled, type Ratio } from './exact.js';
import type { RoundingMode } from './types.js';

/**
 * The one place dedel rounds. Every rounding divides exact integers once, at the end, so an
 * exact tie stays a tie: `roundQuotient(num, den, mode)` is num ÷ den rounded to a whole number.
 */

/** num ÷ den rounded to a whole number by `mode`; half-up is away from zero on a tie, down and up are toward and away from zero. */
export function roundQuotient(num: bigint, den: bigint, mode: RoundingMode): bigint {
  if (den < 0n) return roundQuotient(-num, -den, mode);
  const negative = num < 0n;
  const n = negative ? -num : num;
  const q = n / den;
  const rem = n - q * den;
  const away = rem === 0n ? false : mode === 'down' ? false : mode === 'up' ? true : 2n * rem > den ? true : 2n * rem < den ? false : mode === 'half-up' || q % 2n === 1n;
  const whole = away ? q + 1n : q;
  return negative ? -whole : whole;
}

/** Rounds `value` to a multiple of `unit` (0.01, 1, 100 …) by `mode`. */
export function roundTo(value: Dec, unit: Dec, mode: RoundingMode): Dec {
  const places = Math.max(toScaled(value).places, toScaled(unit).places);
  const units = roundQuotient(intAt(value, places), intAt(unit, places), mode);
  return fromScaled(units * intAt(unit, places), places);
}

/** Rounds an exact ratio to a multiple of `unit` by `mode` (a solved rate published to the penny). */
export function roundRatio(value: Ratio, unit: Dec, mode: RoundingMode): Dec {
  const u = toScaled(unit);
  return fromScaled(roundQuotient(value.num * pow10(u.places), value.den * u.int, mode) * u.int, u.places);
}

/** Rounds `value` to `places` decimals by `mode` (a published rate to the penny, a percentage to 1 dp). */
export function roundPlaces(value: Dec, places: number, mode: RoundingMode): Dec {
  const s = toScaled(value);
  if (s.places <= places) return value;
  return fromScaled(roundQuotient(s.int, pow10(s.places - places), mode), places);
}

/** num ÷ den to `places` decimals by `mode`, as an integer over 10^places. */
export function roundRatioTo(num: bigint, den: bigint, places: number, mode: RoundingMode): bigint {
  return roundQuotient(num * pow10(places), den, mode);
}

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
  if (!roundTo(scaled, new Dec(1), 'half-up').div(new Dec(10).pow(places)).equals(value)) return false;
  // Beyond 15 significant digits a binary double cannot hold the quotient closely enough.
  if (scaled.abs().gte('1e12')) return false;
  const fraction = scaled.minus(roundTo(scaled, new Dec(1), 'down'));
  return fraction.minus('0.5').abs().gt('1e-9');
}

/** Significant digits of a decimal (the Dec class's precision), for `ratioText`. */
const PRECISION = 50;

/**
 * `decOf(value).toFixed()` worked in integers, with no decimal made: the ratio to PRECISION
 * significant digits, half away from zero, trailing zeros dropped (exact where it has no more).
 */
export function ratioText(value: Ratio): string {
  if (value.den === 1n) return value.num.toString();
  const negative = value.num < 0n;
  const a = negative ? -value.num : value.num;
  const b = value.den;
  if (a === 0n) return '0';
  // The first significant digit's place: 10^e <= a / b < 10^(e + 1).
  let e = a.toString().length - b.toString().length;
  if (e >= 0 ? a < b * pow10(e) : a * pow10(-e) < b) e--;
  // PRECISION digits: a / b × 10^shift rounded, half away from zero.
  const shift = PRECISION - 1 - e;
  const n = shift >= 0 ? a * pow10(shift) : a;
  const d = shift >= 0 ? b : b * pow10(-shift);
  let digits = roundQuotient(n, d, 'half-up').toString();
  let places = shift;
  // Trailing zeros of the fraction dropped.
  let end = digits.length;
  while (places > 0 && digits.charCodeAt(end - 1) === 48) {
    end--;
    places--;
  }
  digits = digits.slice(0, end);
  let text: string;
  if (places <= 0) text = digits + '0'.repeat(-places);
  else if (digits.length > places) text = `${digits.slice(0, digits.length - places)}.${digits.slice(digits.length - places)}`;
  else text = `0.${'0'.repeat(places - digits.length)}${digits}`;
  return negative ? `-${text}` : text;
}

import { Dec } from '../core/decimal.js';
import type { RoundingMode } from '../core/types.js';

/**
 * A plain decimal's text ("1330044171.50", "-0.5") with its whole part grouped in thousands:
 * "1,330,044,171.50". Exact for any length, as `Intl.NumberFormat('en-GB')` groups a decimal
 * string (the tests hold the two equal); not made with it, because making the first one in a
 * run loads ICU's number data, about 25 ms of CPU, more than all of a small table's output.
 */
export function groupDigits(text: string): string {
  const sign = text.startsWith('-') ? 1 : 0;
  const point = text.indexOf('.');
  const end = point < 0 ? text.length : point;
  if (end - sign <= 3) return text;
  let out = text.slice(0, sign);
  for (let i = sign; i < end; i++) {
    if (i > sign && (end - i) % 3 === 0) out += ',';
    out += text[i];
  }
  return out + text.slice(end);
}

/**
 * Text of a decimal to `places` decimals (half-up), thousands grouped with commas:
 * 50836.8 → "50,836.80". Used by human formats and messages; machine formats print `toFixed`.
 */
export function grouped(value: Dec, places: number): string {
  return groupDigits(value.toFixed(places));
}

/**
 * Money for people: "£50,836.80"; whole pounds print without pence; every decimal it has up to
 * ten, and where it has more (an exact total over 7/12ths of a year, £16,912.758333…) its first
 * ten, cut (not rounded: 2/3 is £0.6666666666…, never the larger £0.6666666667…) and without
 * the zeros that end them (£7,091.71496761…, not £7,091.7149676100…), then "…", so a figure
 * cut short never passes for the exact one it stands for.
 */
export function pounds(value: Dec, places?: number): string {
  const dp = places ?? (value.isInteger() ? 0 : 2);
  const shown = Math.max(dp, Math.min(value.decimalPlaces(), 10));
  if (value.decimalPlaces() <= shown) return `${value.isNegative() ? '-' : ''}£${grouped(value.abs(), shown)}`;
  const cut = value.abs().toDecimalPlaces(shown, Dec.ROUND_DOWN);
  return `${value.isNegative() ? '-' : ''}£${grouped(cut, Math.max(dp, cut.decimalPlaces()))}\u2026`;
}

/** Places past which a count is pro-rata (NOR × 5/12 has no end): shown to these, not to 50 digits. */
export const COUNT_PLACES = 4;

/** A count exactly where it has at most COUNT_PLACES decimals (NOR, SEN); a pro-rata count cut to them. */
export function countShown(count: Dec): Dec {
  return count.decimalPlaces() > COUNT_PLACES ? count.toDecimalPlaces(COUNT_PLACES) : count;
}

/**
 * The places a sum of money given (a target, or its difference) prints to: none for whole
 * pounds, else its pence, two places at least (£1,000.50, not £1,000.5), more where it has them.
 */
export function pencePlaces(value: Dec): number {
  return value.isInteger() ? 0 : Math.max(2, value.decimalPlaces());
}

/** A rounding rule for footnotes: "half-up to £1", "half-up to £1,000" (grouped, as every sum of money is). */
export function describeRounding(unit: Dec, mode: RoundingMode): string {
  return `${mode} to £${grouped(unit, Math.max(0, unit.decimalPlaces()))}`;
}

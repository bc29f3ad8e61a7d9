import type { Dec } from './decimal.js';

/**
 * Text of a decimal to `places` decimals (half-up), thousands grouped with commas:
 * 50836.8 → "50,836.80". Used by human formats and messages; machine formats use `plain`.
 */
export function grouped(value: Dec, places: number): string {
  const text = value.toFixed(places);
  const negative = text.startsWith('-');
  const [whole = '', fraction] = (negative ? text.slice(1) : text).split('.');
  const withCommas = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${negative ? '-' : ''}${withCommas}${fraction !== undefined ? `.${fraction}` : ''}`;
}

/** Money for people: "£50,836.80"; whole pounds print without pence. */
export function pounds(value: Dec, places?: number): string {
  const dp = places ?? (value.isInteger() ? 0 : 2);
  const text = grouped(value.abs(), Math.max(dp, Math.min(value.decimalPlaces(), 10)));
  return `${value.isNegative() ? '-' : ''}£${text}`;
}

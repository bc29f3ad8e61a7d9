import { Dec, ZERO } from './decimal.js';
import { roundPlaces } from './rounding.js';

/** One bar of a horizontal bar chart: its label, its value, and its length in whole pixels (negative to the left). */
export interface Bar {
  label: string;
  value: Dec;
  length: number;
}

export interface BarChart {
  title: string;
  bars: Bar[];
  /** The length the largest value (by size) is drawn at. */
  span: number;
  /** Some bars are negative: the zero line sits in the middle rather than at the left. */
  negative: boolean;
}

/**
 * A horizontal bar chart of exact values: each bar's length is value ÷ the largest size ×
 * `span`, rounded half-up to a whole pixel, worked exactly (a pixel count is the only number
 * that leaves here).
 */
export function barChart(title: string, values: readonly { label: string; value: Dec }[], span: number): BarChart {
  const largest = values.reduce((m, v) => Dec.max(m, v.value.abs()), ZERO);
  const bars = values.map(({ label, value }) => ({
    label,
    value,
    length: largest.isZero() ? 0 : roundPlaces(value.times(span).div(largest), 0, 'half-up').toNumber(),
  }));
  return { title, bars, span, negative: values.some((v) => v.value.isNegative()) };
}

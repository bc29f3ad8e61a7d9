import { shownText } from './cells.js';
import { grouped } from './format.js';
import type { BarChart } from '../core/chart.js';
import { CHART, chartSize } from './paper-model.js';

const escape = (text: string) => shownText(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export const POSITIVE = '#2f6db5';
export const NEGATIVE = '#c0504d';

/** A school's name as the chart prints it: long names are cut. */
export function barLabel(label: string): string {
  return label.length > 46 ? `${label.slice(0, 45)}…` : label;
}

/** Money as the chart labels it: +£1,408 or −£660. */
export function barValueText(value: BarChart['bars'][number]['value'], places: number): string {
  return `${value.isNegative() ? '−' : value.isZero() ? '' : '+'}£${grouped(value.abs(), places)}`;
}

/**
 * What the chart shows, in words, for those who cannot see it: its title and every bar's label
 * (whole, not cut) and value, as the chart labels them. The SVG's description, and the Word
 * image's alt text.
 */
export function chartDescription(chart: BarChart, places = 0): string {
  const bars = chart.bars.map((bar) => `${bar.label} ${barValueText(bar.value, places)}`).join('; ');
  return `Bar chart: ${chart.title}. ${chart.bars.length === 1 ? '1 bar' : `${chart.bars.length} bars`}: ${bars}.`;
}

/**
 * The chart as SVG: one labelled horizontal bar per row, a zero line, each bar's value beside it.
 * A screen reader reads it as one image (`role="img"`), named by its title, described by its
 * figures (`<desc>`); a fall is drawn to the left of the zero line with a minus sign, so its red
 * is never the only sign of it.
 */
export function chartSvg(chart: BarChart, places = 0): string {
  const { width, height, zeroX } = chartSize(chart);
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${escape(chart.title)}" font-family="Arial, Helvetica, sans-serif" font-size="11">`,
    `<desc>${escape(chartDescription(chart, places))}</desc>`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    `<text x="4" y="16" font-size="12" font-weight="bold">${escape(chart.title)}</text>`,
  ];
  chart.bars.forEach((bar, i) => {
    const y = CHART.top + i * CHART.row;
    const barY = y + (CHART.row - CHART.barHeight) / 2;
    const x = bar.length < 0 ? zeroX + bar.length : zeroX;
    out.push(`<text x="${CHART.labelWidth - 6}" y="${y + 13}" text-anchor="end">${escape(barLabel(bar.label))}</text>`);
    if (bar.length !== 0) out.push(`<rect x="${x}" y="${barY}" width="${Math.abs(bar.length)}" height="${CHART.barHeight}" fill="${bar.length < 0 ? NEGATIVE : POSITIVE}"/>`);
    const textX = bar.length < 0 ? x - 4 : zeroX + bar.length + 4;
    out.push(`<text x="${textX}" y="${y + 13}"${bar.length < 0 ? ' text-anchor="end"' : ''}>${escape(barValueText(bar.value, places))}</text>`);
  });
  out.push(`<line x1="${zeroX}" y1="${CHART.top - 2}" x2="${zeroX}" y2="${height - CHART.bottom + 2}" stroke="#000000" stroke-width="1"/>`);
  out.push('</svg>');
  return out.join('\n');
}

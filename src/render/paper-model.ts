import type { BarChart } from '../core/chart.js';
import type { TableDoc } from './model.js';

/** One part of the paper: a heading, paragraphs, and a table or a chart. */
export interface PaperSection {
  /** Short name: the sheet name in a workbook, the anchor in HTML. */
  id: string;
  heading: string;
  paragraphs: string[];
  table?: TableDoc;
  chart?: BarChart;
}

/** The whole appendix, every figure already computed: renderers lay it out as HTML, Word or Excel. */
export interface PaperDoc {
  title: string;
  /** Lines under the title (the year, the census). */
  subtitle: string[];
  sections: PaperSection[];
  /** The document's date where one was asked for (YYYY-MM-DD); otherwise none, so the same inputs give the same bytes. */
  date?: string;
}

/** Chart geometry shared by the SVG and the PNG, in pixels. */
export const CHART = { labelWidth: 320, valueWidth: 80, row: 18, top: 28, bottom: 10, barHeight: 12 } as const;

export function chartSize(chart: BarChart): { width: number; height: number; zeroX: number } {
  const barArea = chart.negative ? chart.span * 2 : chart.span;
  const width = CHART.labelWidth + CHART.valueWidth * (chart.negative ? 2 : 1) + barArea + 10;
  const height = CHART.top + chart.bars.length * CHART.row + CHART.bottom;
  const zeroX = CHART.labelWidth + (chart.negative ? CHART.valueWidth + chart.span : 0);
  return { width, height, zeroX };
}

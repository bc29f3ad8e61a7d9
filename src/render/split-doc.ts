import { placesOf, type Dec } from '../core/decimal.js';
import { describeRounding, grouped, pounds } from './format.js';
import type { SplitResult } from '../core/split.js';
import type { RoundingMode } from '../core/types.js';
import { forWorkbook, rowSum } from './formulas.js';
import type { Cell, Column, DocDiagnostics, TableDoc } from './model.js';
import { snake } from '../core/names.js';

export interface SplitDocOptions extends DocDiagnostics {
  title?: string;
  unit: Dec;
  mode: RoundingMode;
}

/** Machine header of each period: the snake_case of its label, `period_N` where that is empty. */
export function periodKeys(result: Pick<SplitResult, 'periods'>): string[] {
  return result.periods.map((p, i) => snake(p.name) || `period_${i + 1}`);
}

/** The period split table (Wirral style): one row per amount, a column per period, Total last. */
export function splitDoc(result: SplitResult, options: SplitDocOptions): TableDoc {
  const places = placesOf(options.unit);
  const keys = periodKeys(result);
  const columns: Column[] = [
    { key: 'name', label: 'Name', kind: 'text' },
    ...result.periods.map((p, i): Column => ({ key: keys[i]!, label: `${p.name} (${p.months.toFixed()}/12) £`, kind: 'money', places })),
    { key: 'total', label: 'Total £', kind: 'money', places },
  ];
  const rows: Cell[][] = result.lines.map((line) => [line.name, ...line.parts, line.amount]);
  const total: Cell[] = ['Total', ...result.totals, result.total];
  const fractions = result.periods.map((p) => `${p.months.toFixed()}/12`).join(' and ');
  const notes = [
    result.partYear
      ? `Each amount adds up Appendix B's period columns: each school's charge split ${fractions}, or, where a school is charged part of the year (from April), by its months in each period. Each part is rounded to £${grouped(options.unit, places)} by largest remainder both ways: every school's parts add up to its charge, and every period column to this table's figure for it (the amount shared in proportion to the columns' exact sums), so a part may be rounded away from its nearest £${grouped(options.unit, places)}, though never by a whole £${grouped(options.unit, places)}.`
      : `Each amount rounded ${describeRounding(options.unit, options.mode)}, then split ${fractions}, each part to £${grouped(options.unit, places)} by largest remainder so the parts add up to the amount.`,
  ];
  for (const line of result.lines) {
    if (!line.exact.equals(line.amount)) notes.push(`${line.name}: ${pounds(line.exact)} rounded to £${grouped(line.amount, places)}.`);
  }
  const doc: TableDoc = {
    title: options.title,
    columns,
    rows,
    total,
    notes,
    diagnostics: [...(options.diagnostics ?? [])],
    meta: {
      rounding: { unit: options.unit.toFixed(), mode: options.mode, foot: 'largest-remainder' },
      periods: result.periods.map((p, i) => ({ key: keys[i], name: p.name, months: p.months.toFixed() })),
    },
    rowExtras: result.lines.map((line) => ({ exact: line.exact.toFixed() })),
  };
  return forWorkbook(doc, 'Split', (cells) => ({ total: rowSum(doc, cells, 'total', keys) }));
}

import { Dec } from '../core/decimal.js';
import { addsUp, roundedRatioHolds } from '../core/spreadsheet.js';
import { isNumeric } from './cells.js';
import type { Cell, Formula, Formulas, TableDoc } from './model.js';

const PLAIN_NUMBER = /^-?\d+(?:\.\d+)?$/;

/** A figure of a cell (a decimal, or a plain number as machine text), or null. */
export function figureOf(cell: Cell | undefined): Dec | null {
  if (cell === null || cell === undefined || cell === '') return null;
  if (typeof cell !== 'string') return cell;
  return PLAIN_NUMBER.test(cell) ? new Dec(cell) : null;
}

/**
 * The Total row's formulas: `SUM` of the rows above for each amount and count column whose
 * rows add up exactly to the Total (the core checks), except columns in `skip` (a per-pupil
 * figure or a percent is not a sum).
 */
export function totalSums(doc: TableDoc, skip: readonly string[] = []): Record<string, Formula> {
  const out: Record<string, Formula> = {};
  if (!doc.total) return out;
  // With subtotal rows, the Total is the sum of the subtotals (each the sum of its rows), where the school rows add up to it too.
  const subtotals = doc.subtotalRows?.length ? new Set(doc.subtotalRows) : undefined;
  doc.columns.forEach((column, i) => {
    if (!isNumeric(column) || column.kind === 'percent' || column.kind === 'rate' || skip.includes(column.key)) return;
    const total = figureOf(doc.total![i]);
    if (total === null) return;
    if (!subtotals) {
      if (addsUp(doc.rows.map((row) => figureOf(row[i])), total)) out[column.key] = { op: 'sum-above' };
      return;
    }
    const parts = [...subtotals].map((r) => figureOf(doc.rows[r]![i]));
    const schools = doc.rows.filter((_, r) => !subtotals.has(r)).map((row) => figureOf(row[i]));
    if (parts.every((p) => p !== null) && addsUp(parts, total) && addsUp(schools, total)) out[column.key] = { op: 'sum-rows', rows: [...subtotals].map((r): [number, number] => [r, r]) };
  });
  return out;
}

/**
 * A subtotal row's formulas: each amount and count the `SUM` of its group's rows (those since the
 * previous subtotal), where they add up to it exactly; not the columns in `skip`.
 */
export function subtotalSums(doc: TableDoc, index: number, skip: readonly string[] = []): Record<string, Formula> {
  const out: Record<string, Formula> = {};
  const earlier = (doc.subtotalRows ?? []).filter((r) => r < index);
  const first = earlier.length ? earlier[earlier.length - 1]! + 1 : 0;
  if (first > index - 1) return out;
  const cells = doc.rows[index]!;
  doc.columns.forEach((column, i) => {
    if (!isNumeric(column) || column.kind === 'percent' || column.kind === 'rate' || skip.includes(column.key)) return;
    const value = figureOf(cells[i]);
    if (value !== null && addsUp(doc.rows.slice(first, index).map((row) => figureOf(row[i])), value)) out[column.key] = { op: 'sum-rows', rows: [[first, index - 1]] };
  });
  return out;
}

/**
 * A row's cell `key` as the sum of cells `of` (or `of[0]` less the rest, with `rest`), declared
 * only where the row's own figures agree exactly.
 */
export function rowSum(doc: TableDoc, cells: readonly Cell[], key: string, of: readonly string[]): Formula | undefined {
  const at = (k: string) => doc.columns.findIndex((c) => c.key === k);
  const value = figureOf(cells[at(key)]);
  const parts = of.map((k) => figureOf(cells[at(k)]));
  if (value === null || parts.some((p) => p === null)) return undefined;
  return addsUp(parts, value) ? { op: 'sum', of } : undefined;
}

/** A row's cell `key` as `of` less `minus`, declared only where the row's figures agree exactly. */
export function rowRest(doc: TableDoc, cells: readonly Cell[], key: string, of: string, minus: readonly string[]): Formula | undefined {
  const at = (k: string) => doc.columns.findIndex((c) => c.key === k);
  const value = figureOf(cells[at(key)]);
  const whole = figureOf(cells[at(of)]);
  const parts = minus.map((k) => figureOf(cells[at(k)]));
  if (value === null || whole === null || parts.some((p) => p === null)) return undefined;
  return addsUp([value, ...parts], whole) ? { op: 'rest', of, minus } : undefined;
}

/** A cell `key` as ROUND(of ÷ per, places), where a sheet's binary arithmetic gives exactly its figure. */
export function ratio(doc: TableDoc, cells: readonly Cell[], key: string, of: string, per: string, places: number): Formula | undefined {
  const at = (k: string) => doc.columns.findIndex((c) => c.key === k);
  const [value, a, b] = [key, of, per].map((k) => figureOf(cells[at(k)]));
  if (!value || !a || !b) return undefined;
  return roundedRatioHolds(a, b, places, value) ? { op: 'ratio', of, per, places } : undefined;
}

/**
 * Names a table's sheet and declares its formulas for a workbook: the Total row's sums (unless
 * `sums` is false: a table whose rows include their own subtotals); `row` adds formulas per row
 * from the row's cells.
 */
export function forWorkbook(doc: TableDoc, sheet: string, row?: (cells: readonly Cell[]) => Record<string, Formula | undefined>, sums = true): TableDoc {
  doc.sheet = sheet;
  doc.formulas = (): Formulas => ({
    total: sums ? totalSums(doc) : {},
    ...(row
      ? {
          row: (index) => {
            const out: Record<string, Formula> = {};
            for (const [key, formula] of Object.entries(row(doc.rows[index]!))) if (formula) out[key] = formula;
            return out;
          },
        }
      : {}),
  });
  return doc;
}

import { stringify } from 'csv-stringify/sync';
import type { Cell, Column, Renderer, TableDoc } from './model.js';
import { isNumeric, machineCell } from './cells.js';

const FORMULA = /^[=+\-@\t\r]/;

/** Neutralises text a spreadsheet would run as a formula; numbers are never altered. */
export function neutralise(text: string): string {
  return FORMULA.test(text) ? `'${text}` : text;
}

function records(doc: TableDoc): string[][] {
  const line = (row: Cell[]) =>
    row.map((cell, i) => {
      const column = doc.columns[i] as Column;
      const text = machineCell(cell, column);
      return isNumeric(column) ? text : neutralise(text);
    });
  return [doc.columns.map((c) => c.key), ...doc.rows.map(line), ...(doc.total ? [line(doc.total)] : [])];
}

/** RFC 4180 CSV with snake_case headers and plain numbers. */
export const renderCsv: Renderer = (doc, options) =>
  (options.bom ? '\uFEFF' : '') + stringify(records(doc), { record_delimiter: options.bom ? 'windows' : 'unix' });

/** Tab-separated values; cells with tabs, quotes or line breaks are quoted. */
export const renderTsv: Renderer = (doc) => stringify(records(doc), { delimiter: '\t' });

import { stringify } from 'csv-stringify/sync';
import type { Cell, Column, Renderer, TableDoc } from './model.js';
import { isNumeric, machineCell } from './cells.js';

const FORMULA = /^[=+\-@\t\r]/;
const PLAIN_NUMBER = /^-?\d+(?:\.\d+)?$/;

/** Neutralises text a spreadsheet would run as a formula (OWASP's CSV injection list) with a leading `'`. */
export function neutralise(text: string): string {
  return FORMULA.test(text) ? `'${text}` : text;
}

/**
 * Machine text of a cell, safe to open in a spreadsheet: numbers (decimals, and plain-number
 * text in a numeric column, negative ones too) are never altered; any other text is neutralised.
 */
function safeCell(cell: Cell, column: Column): string {
  const text = machineCell(cell, column);
  if (cell === null || typeof cell !== 'string') return text;
  return isNumeric(column) && PLAIN_NUMBER.test(text) ? text : neutralise(text);
}

function records(doc: TableDoc): string[][] {
  const line = (row: Cell[]) =>
    row.map((cell, i) => safeCell(cell, doc.columns[i] as Column));
  return [doc.columns.map((c) => c.key), ...doc.rows.map(line), ...(doc.total ? [line(doc.total)] : [])];
}

/** RFC 4180 CSV with snake_case headers and plain numbers. */
export const renderCsv: Renderer = (doc, options) =>
  (options.bom ? '\uFEFF' : '') + stringify(records(doc), { record_delimiter: options.bom ? 'windows' : 'unix', quoted_match: /\r/ });

/** Tab-separated values; cells with tabs, quotes or line breaks are quoted. */
export const renderTsv: Renderer = (doc) => stringify(records(doc), { delimiter: '\t', quoted_match: /\r/ });

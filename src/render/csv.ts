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

/**
 * One field as csv-stringify writes it with `quoted_match: /\r/`: quoted where it holds the
 * delimiter, a quote or a carriage return, and a line feed unless the records end in CRLF
 * (csv-stringify then quotes only the record delimiter itself); quotes doubled; empty text
 * unquoted. A property test checks this writer against csv-stringify on random text.
 */
export function csvField(text: string, delimiter: string, quoteLf = true): string {
  if (text.includes('"')) return `"${text.replaceAll('"', '""')}"`;
  if (text.includes(delimiter) || text.includes('\r') || (quoteLf && text.includes('\n'))) return `"${text}"`;
  return text;
}

/** The records joined, each ended by the record delimiter (csv-stringify's `eof`). */
function write(doc: TableDoc, delimiter: string, eol: string): string {
  const quoteLf = eol === '\n';
  const columns = doc.columns;
  const parts: string[] = [];
  const line = (fields: readonly string[]) => {
    let text = '';
    for (let i = 0; i < fields.length; i++) text += (i === 0 ? '' : delimiter) + csvField(fields[i]!, delimiter, quoteLf);
    parts.push(text + eol);
  };
  line(columns.map((c) => c.key));
  const row = (cells: readonly Cell[]) => {
    let text = '';
    for (let i = 0; i < cells.length; i++) text += (i === 0 ? '' : delimiter) + csvField(safeCell(cells[i]!, columns[i]!), delimiter, quoteLf);
    parts.push(text + eol);
  };
  for (const cells of doc.rows) row(cells);
  if (doc.total) row(doc.total);
  return parts.join('');
}

/** RFC 4180 CSV with snake_case headers and plain numbers. */
export const renderCsv: Renderer = (doc, options) => (options.bom ? '\uFEFF' : '') + write(doc, ',', options.bom ? '\r\n' : '\n');

/** Tab-separated values; cells with tabs, quotes or line breaks are quoted. */
export const renderTsv: Renderer = (doc) => write(doc, '\t', '\n');

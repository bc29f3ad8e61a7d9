import type { Dec } from '../core/decimal.js';
import { Memo } from '../core/memo.js';
import type { Cell, Column, Renderer, TableDoc } from './model.js';
import { isNumeric, machineCell } from './cells.js';

// Text that already starts with ' before such a character gets one more ', so a reader (compare)
// takes one ' off exactly where one was added: `'=x` stays `'=x` through csv and back.
const FORMULA = /^'*[=+\-@\t\r]/;
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

const QUOTE = 34;
const CR = 13;
const LF = 10;

/**
 * `csvField(neutralise(text), …)` in one pass over the text: what csv writes for text in a
 * text column (names, ids, statuses), most of which needs neither quotes nor a formula mark.
 */
function textField(text: string, delimiterCode: number, quoteLf: boolean, plain: RegExp): string {
  const first = text.charCodeAt(0);
  // =, +, -, @, tab, CR: neutralised with a leading ' (FORMULA).
  if (first === 61 || first === 43 || first === 45 || first === 64 || first === 9 || first === CR || first === 39) return csvField(neutralise(text), String.fromCharCode(delimiterCode), quoteLf);
  // Most text has no quote, delimiter or line break: one test of the pattern, not a look at each letter.
  if (plain.test(text)) return text;
  let quote = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) return `"${text.replaceAll('"', '""')}"`;
    if (c === delimiterCode || c === CR || (c === LF && quoteLf)) quote = true;
  }
  return quote ? `"${text}"` : text;
}

/**
 * Text is handed on in pieces of about this many characters, so no output is held whole; small
 * enough that a piece is an ordinary young string (not a large object kept until a full collection).
 */
const CHUNK = 1 << 14;

/** The records, each ended by the record delimiter (csv-stringify's `eof`), in pieces of about CHUNK characters. */
function* write(doc: TableDoc, delimiter: string, eol: string): Generator<string> {
  const quoteLf = eol === '\n';
  const columns = doc.columns;
  // The records of a piece, each joined once, and the piece joined once when it is handed on
  // (adding each field, delimiter and record in turn made a string per step, every one alive
  // until the piece was written).
  // A header is text too: one given with --header (or a config's output.headers) may start with = like a name.
  const lines: string[] = [columns.map((c) => csvField(neutralise(c.key), delimiter, quoteLf)).join(delimiter)];
  let size = lines[0]!.length + eol.length;
  // Figures repeat and are shared objects (one per amount), or the same text (one per amount,
  // a status, a phase): each is written out once per column. Only names and ids are written
  // out each time they come.
  const written = columns.map(() => new Memo<Cell, string>());
  const numeric = columns.map(isNumeric);
  const remember = columns.map((c) => c.kind !== 'text');
  const delimiterCode = delimiter.charCodeAt(0);
  // Text with none of these needs neither quotes nor doubled quotes (see textField).
  const plain = new RegExp(`^[^"\\r${quoteLf ? '\\n' : ''}${delimiter === '\t' ? '\\t' : delimiter}]*$`);
  const fresh = (cell: string | Dec, i: number): string => {
    if (typeof cell === 'string') {
      // A plain number in a numeric column is written as it is (no quote, no formula mark).
      if (numeric[i] && PLAIN_NUMBER.test(cell)) return cell;
      return textField(cell, delimiterCode, quoteLf, plain);
    }
    return csvField(safeCell(cell, columns[i]!), delimiter, quoteLf);
  };
  const field = (cell: Cell, i: number): string => {
    if (cell === null) return '';
    if (!remember[i]) return fresh(cell, i);
    const seen = written[i]!;
    return seen.get(cell) ?? seen.keep(cell, fresh(cell, i));
  };
  const fields: string[] = [];
  const record = (cells: readonly Cell[]) => {
    fields.length = cells.length;
    for (let i = 0; i < cells.length; i++) fields[i] = field(cells[i]!, i);
    const line = fields.join(delimiter);
    lines.push(line);
    size += line.length + eol.length;
  };
  const piece = (): string => {
    const text = lines.join(eol) + eol;
    lines.length = 0;
    size = 0;
    return text;
  };
  const source = doc.rowCells;
  const count = source ? source.count : doc.rows.length;
  // Rows from `rowCells` are filled one at a time into one array; none is kept.
  const cells = new Array<Cell>(columns.length);
  for (let r = 0; r < count; r++) {
    record(source ? source.fill(r, cells) : doc.rows[r]!);
    if (size >= CHUNK) yield piece();
  }
  if (doc.total) record(doc.total);
  if (lines.length) yield piece();
}

/** CSV or TSV (each with a BOM and CRLF for Excel when asked), in pieces to write one after another. */
export function* csvChunks(doc: TableDoc, options: { bom: boolean }, format: 'csv' | 'tsv'): Generator<string> {
  if (options.bom) yield '\uFEFF';
  yield* write(doc, format === 'tsv' ? '\t' : ',', options.bom ? '\r\n' : '\n');
}

/** RFC 4180 CSV with snake_case headers and plain numbers. */
export const renderCsv: Renderer = (doc, options) => [...csvChunks(doc, options, 'csv')].join('');

/** Tab-separated values; cells with tabs, quotes or line breaks are quoted. */
export const renderTsv: Renderer = (doc, options) => [...csvChunks(doc, options, 'tsv')].join('');

import { parse, CsvError } from 'csv-parse/sync';
import { DataError } from '../core/errors.js';
import type { Diagnostic } from '../core/types.js';
import { decode, type Encoding } from './decode.js';
import { mapHeaders } from './headers.js';

/** One data line of the census, cells as text. */
export interface CensusRow {
  /** The line the record starts on (1 is the header). */
  line: number;
  cells: readonly string[];
}

/** A census read from CSV: headers mapped to fields, rows still as text. */
export interface Census {
  file: string;
  headers: readonly string[];
  /** The header's line: 1 unless blank lines come first. */
  headerLine?: number;
  /** Field key (`urn`, `name`, `nor`, `sen` …) → column index. */
  fields: ReadonlyMap<string, number>;
  rows: readonly CensusRow[];
  /** A `Total` row with no id: the file's own control totals. */
  controlTotal: CensusRow | null;
  diagnostics: Diagnostic[];
}

export interface CensusOptions {
  /** Explicit field → header mappings (`--column`, `census.columns`). */
  columns?: Readonly<Record<string, string>>;
  encoding?: Encoding;
}

const TOTAL_NAMES = new Set(['total', 'totals', 'grand total']);

const CSV_PROBLEMS: Record<string, string> = {
  CSV_QUOTE_NOT_CLOSED: 'a quoted cell is never closed (a " with no matching ")',
  CSV_INVALID_CLOSING_QUOTE: 'text follows a closing quote; a quote inside a quoted cell is written ""',
  CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE: 'text follows a closing quote; a quote inside a quoted cell is written ""',
  INVALID_OPENING_QUOTE: 'a quote in the middle of a cell; quote the whole cell and write the quote as ""',
  CSV_MAX_RECORD_SIZE: 'a record is too large',
};

/** The header cells, for naming the column of a CSV syntax error (best effort). */
function headerCells(text: string): string[] {
  try {
    const [first] = parse(text, { to_line: 1, bom: true, relax_quotes: true, relax_column_count: true }) as string[][];
    return first ?? [];
  } catch {
    return [];
  }
}

/** Where the quoted cell that never closes begins: csv-parse reports only the end of the file. */
function unclosedQuote(text: string): { line: number; value: string } | undefined {
  let line = 1;
  let open: { line: number; at: number } | undefined;
  let cellStart = true;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (open) {
      if (c === '"') {
        if (text[i + 1] === '"') i++;
        else open = undefined;
      } else if (c === '\n') line++;
      continue;
    }
    if (c === '"' && cellStart) open = { line, at: i };
    if (c === '\n') line++;
    cellStart = c === ',' || c === '\n' || c === '\r' || (cellStart && (c === ' ' || c === '\uFEFF'));
  }
  if (!open) return undefined;
  const end = text.indexOf('\n', open.at);
  return { line: open.line, value: clip(text.slice(open.at, end < 0 ? undefined : end).replace(/\r$/, '')) };
}

/** A csv-parse error as a DataError naming the line, the column and the text read so far. */
function syntaxError(error: CsvError, text: string, file: string): DataError {
  const detail = error as CsvError & { lines?: number; index?: number; field?: string };
  const problem = CSV_PROBLEMS[error.code] ?? error.message;
  const index = typeof detail.index === 'number' ? detail.index : undefined;
  const column = index === undefined ? undefined : (headerCells(text)[index]?.trim() || index + 1);
  if (error.code === 'CSV_QUOTE_NOT_CLOSED') {
    const open = unclosedQuote(text);
    if (open) return new DataError(`not valid CSV: ${problem}`, { file, line: open.line, column, value: open.value });
  }
  const value = typeof detail.field === 'string' ? clip(detail.field) : undefined;
  return new DataError(`not valid CSV: ${problem}`, { file, line: detail.lines, column, value });
}

/** A cell or row quoted in a message, cut short. */
function clip(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function isBlank(cell: string): boolean {
  return cell.trim() === '';
}

/** How many CRLFs a record's quoted cells hold: csv-parse counts each as two lines. */
function crlfInside(record: readonly string[]): number {
  let n = 0;
  for (const cell of record) if (cell.includes('\r\n')) n += cell.split('\r\n').length - 1;
  return n;
}

/** Reads a census CSV (RFC 4180, UTF-8 or Windows-1252, CRLF or LF) into text rows. */
export function readCensus(bytes: Uint8Array, file: string, options: CensusOptions = {}): Census {
  const { text, diagnostics } = decode(bytes, file, options.encoding);
  let records: { record: string[]; info: { lines: number; empty_lines: number } }[];
  try {
    records = parse(text, { info: true, skip_empty_lines: true, bom: true, relax_column_count: true }) as unknown as typeof records;
  } catch (error) {
    if (error instanceof CsvError) throw syntaxError(error, text, file);
    throw error;
  }
  const first = records[0];
  if (!first) throw new DataError('the file is empty: expected a header row and at least one school', { file });
  if (first.record.every(isBlank)) throw new DataError('the header row is blank: expected column names such as URN, School, Phase, Status, NOR', { file, line: 1 + first.info.empty_lines, value: clip(first.record.join(',')) });
  const headers = first.record.map((h) => h.trim());
  const headerLine = 1 + first.info.empty_lines;
  const fields = mapHeaders(headers, options.columns ?? {}, file, headerLine);

  const rows: CensusRow[] = [];
  let controlTotal: CensusRow | null = null;
  let previousEnd = first.info.lines - crlfInside(first.record);
  let previousEmpty = first.info.empty_lines;
  let drift = first.info.lines - previousEnd;
  const nameAt = fields.get('name');
  const idAt = fields.get('urn');
  const width = headers.length;
  for (let r = 1; r < records.length; r++) {
    const { record, info } = records[r] as (typeof records)[number];
    const line = previousEnd + 1 + (info.empty_lines - previousEmpty);
    // A record that spans lines may hold CRLFs inside quotes, which csv-parse counts twice.
    if (info.lines - drift > line) drift += crlfInside(record);
    previousEnd = info.lines - drift;
    previousEmpty = info.empty_lines;
    if (record.every(isBlank)) continue; // a blank row from a spreadsheet
    if (record.length !== width) {
      // Trailing empty cells (a spreadsheet's unused columns) are harmless; missing or extra text is not.
      if (record.length < width || !record.slice(width).every(isBlank)) {
        const extra = record.findIndex((cell, i) => i >= width && !isBlank(cell));
        const where = record.length < width ? { column: headers[record.length] || record.length + 1, value: clip(record.join(',')) } : { column: extra + 1, value: clip(record[extra] ?? '') };
        throw new DataError(`this row has ${record.length} cells but the header has ${width}; check for a missing or extra comma`, { file, line, ...where });
      }
    }
    const row = { line, cells: record };
    const name = nameAt === undefined ? '' : (record[nameAt] ?? '').trim().toLowerCase();
    const id = idAt === undefined ? '' : (record[idAt] ?? '').trim();
    if (TOTAL_NAMES.has(name) && id === '') {
      controlTotal = row;
      continue;
    }
    rows.push(row);
  }
  if (rows.length === 0) {
    throw new DataError(
      controlTotal ? 'the file has a header and a Total row but no schools' : 'the file has a header row but no schools',
      { file, line: headerLine },
    );
  }
  return { file, headers, headerLine, fields, rows, controlTotal, diagnostics };
}

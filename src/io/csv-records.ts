import { createRequire } from 'node:module';
import { DataError, quote } from '../core/errors.js';
import { counted } from '../core/messages.js';

// csv-parse is loaded only for the files the fast path leaves to it, not on every start.
const load = createRequire(import.meta.url);

/** One CSV record with the line it starts on (1 is the first line of the file). */
export interface CsvRecord {
  line: number;
  cells: string[];
}

const QUOTE = 34;
const COMMA = 44;
const LF = 10;
const CR = 13;

/**
 * Reads RFC 4180 CSV text into records, skipping empty lines and a leading BOM. Regular files
 * (every record as wide as the first, quotes only around whole fields, one line-ending style)
 * take a fast path; anything else goes through csv-parse, so its errors and edge cases
 * (ragged rows, stray quotes, lone CRs) are handled and reported in one place.
 */
export function readRecords(text: string, file: string, delimiter: ',' | '\t' = ','): CsvRecord[] {
  return (delimiter === ',' ? fastRecords(text) : null) ?? csvParseRecords(text, file, delimiter);
}

function isBlank(cell: string): boolean {
  // Most cells start with a printable ASCII character: no need to trim them to know.
  const first = cell.charCodeAt(0);
  if (first > 32 && first < 127) return false;
  return cell.trim() === '';
}

/** A record of nothing but empty cells (a spreadsheet's blank row). */
export function isBlankRecord(record: { cells: readonly string[] }): boolean {
  return record.cells.every(isBlank);
}

/**
 * The one width rule of every CSV dedel reads, for one file: a record has the header's cells.
 * Extra empty cells at the end are harmless where every row has them (a spreadsheet pads each
 * line to its used columns); a row wider than the rows before it is an error, since a comma
 * typed into a number (`2,50` for `250`) shifts the row's cells right and leaves an empty cell
 * past the header. A missing cell, or extra text (`Consultancy,£20,000` unquoted), is an error,
 * never a cell silently dropped.
 */
export function widthRule(headers: readonly string[], file: string): (record: { line: number; cells: readonly string[] }) => DataError | null {
  const width = headers.length;
  // A header padded with empty cells (a sheet whose used range runs past the table) names no
  // column past its last name: text there is extra text, as past the header. A number with an
  // unquoted thousands comma (`1,179`) put its `179` there, and its `1` was read as the figure.
  let named = width;
  while (named > 0 && isBlank(headers[named - 1]!)) named--;
  const past = (cells: readonly string[]) => {
    for (let i = named; i < width && i < cells.length; i++) if (!isBlank(cells[i]!)) return i;
    return -1;
  };
  // A blank header between names (a spacer column between groups of figures) may hold anything,
  // but not the `179` of an unquoted `1,179` beside it.
  const spacers = headers.flatMap((h, i) => (i > 0 && i < named && isBlank(h) ? [i] : []));
  const splitNumber = (cells: readonly string[], at: number) => at > 0 && /^\s*\u00a3?\d{1,3}\s*$/.test(cells[at - 1] ?? '') && /^\d{3}(?:\.\d+)?\s*$/.test(cells[at] ?? '');
  const splitMessage = (cells: readonly string[], at: number) => `is "${cells[at - 1]!.trim()},${cells[at]!.trim()}" one number? a number with a thousands comma must be quoted ("1,179"), as spreadsheets write it`;
  let first: { line: number; width: number } | undefined;
  return (record) => {
    const cells = record.cells;
    first ??= { line: record.line, width: cells.length };
    for (const at of spacers) {
      if (splitNumber(cells, at)) {
        return new DataError(`a figure in a column with no header, beside ${quote(headers[at - 1]!)}; ${splitMessage(cells, at)}`, { file, line: record.line, column: at + 1, value: cells[at] ?? '' });
      }
    }
    if (named < width) {
      const at = past(cells);
      if (at >= 0) {
        const split = splitNumber(cells, at) ? `; ${splitMessage(cells, at)}` : '';
        return new DataError(`text in a column with no header, past the header's last name (${quote(headers[named - 1] ?? '')})${split}; check for a missing or extra comma, or give the column a header`, { file, line: record.line, column: at + 1, value: cells[at] ?? '' });
      }
    }
    if (cells.length === width && first.width === width) return null;
    if (cells.length < width) {
      return new DataError(`this row has ${counted(cells.length, 'cell')} but the header has ${width}; check for a missing or extra comma`, { file, line: record.line, column: headers[cells.length] || cells.length + 1, value: cells.join(',') });
    }
    const extra = cells.findIndex((cell, i) => i >= width && !isBlank(cell));
    if (extra >= 0) {
      return new DataError(`this row has ${counted(cells.length, 'cell')} but the header has ${width}; check for a missing or extra comma`, { file, line: record.line, column: extra + 1, value: cells[extra] ?? '' });
    }
    if (cells.length === first.width) return null;
    return new DataError(`this row has ${counted(cells.length, 'cell')} but line ${first.line} has ${first.width} and the header ${width}; check both for a missing or extra comma (a comma typed into a number shifts a row's cells)`, {
      file,
      line: record.line,
      value: cells.join(','),
    });
  };
}

/**
 * Whether a file's first piece of text is tab-separated, not comma-separated. Where one of its
 * first lines (`lines` of them: a header below titles) is a header by `isHeader` once split at
 * its tabs, or at its commas, that says which: a title above it (`Appendix B, De-delegation`)
 * and names and figures below it (`St Mary's, Ely`, `1,234,567`) may have more commas than the
 * file has tabs. Otherwise: it has more tabs than commas (a census's commas are in names and
 * numbers, `1,179`, fewer than its columns), or its first line with either has more tabs.
 */
export function isTabbed(text: string, isHeader?: (cells: readonly string[]) => boolean, lines = 11): boolean {
  const n = Math.min(text.length, 1 << 16);
  if (isHeader) {
    let start = text.charCodeAt(0) === 0xfeff ? 1 : 0;
    for (let seen = 0; seen < lines && start < n; ) {
      let end = text.indexOf('\n', start);
      if (end < 0 || end > n) end = n;
      const line = text.slice(start, end).replace(/\r$/, '');
      start = end + 1;
      if (line.trim() === '') continue;
      seen++;
      const byTab = line.includes('\t') ? line.split('\t').map(unquote) : undefined;
      const byComma = line.includes(',') ? line.split(',').map(unquote) : undefined;
      const tabbed = byTab !== undefined && isHeader(byTab);
      const commas = byComma !== undefined && isHeader(byComma);
      // Both (`School Name\t,URN,NOR`, a tab typed into a header cell): the one with more cells.
      if (tabbed || commas) return tabbed && (!commas || byTab.length > byComma!.length);
    }
  }
  let tabs = 0;
  let commas = 0;
  let lineTabs = 0;
  let lineCommas = 0;
  let firstLine: boolean | undefined;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 9) {
      tabs++;
      lineTabs++;
    } else if (c === 44) {
      commas++;
      lineCommas++;
    } else if (c === 10 || c === 13) {
      if (firstLine === undefined && lineTabs + lineCommas > 0) firstLine = lineTabs > lineCommas;
      lineTabs = 0;
      lineCommas = 0;
    }
  }
  return tabs > commas || firstLine === true;
}

/** A header cell without the quotes around it (`"URN"`), to tell what it names. */
function unquote(cell: string): string {
  const t = cell.trim();
  return t.length >= 2 && t.startsWith('"') && t.endsWith('"') ? t.slice(1, -1) : t;
}

/** A CSV (or TSV) table read strictly: its header, and its rows each checked against it; blank rows skipped. */
export interface CsvTable {
  header: CsvRecord | undefined;
  headers: string[];
  rows: CsvRecord[];
  /** The records above the header (titles), where `headerAt` found it below them. */
  titles?: CsvRecord[];
}

/**
 * Reads a table under the census's rules and messages: the reading of cost plans and of
 * dedel's own outputs. `headerAt`: which record is the header (the first where not given).
 */
export function readTable(text: string, file: string, delimiter: ',' | '\t' = ',', headerAt?: (records: readonly CsvRecord[]) => number): CsvTable {
  const records = readRecords(text, file, delimiter);
  const at = headerAt ? headerAt(records) : 0;
  const header = records[at];
  const headers = (header?.cells ?? []).map((h) => h.trim());
  const rows: CsvRecord[] = [];
  const widthError = widthRule(headers, file);
  for (let r = at + 1; r < records.length; r++) {
    const record = records[r]!;
    if (isBlankRecord(record)) continue;
    const error = widthError(record);
    if (error) throw error;
    rows.push(record);
  }
  return { header, headers, rows, ...(at > 0 ? { titles: records.slice(0, at).filter((r) => !isBlankRecord(r)) } : {}) };
}

/** The fast path: null wherever the file is not plainly regular, for csv-parse to judge. */
export function fastRecords(text: string): CsvRecord[] | null {
  const records: CsvRecord[] = [];
  const reader = new RecordReader();
  const at = reader.read(text, text.charCodeAt(0) === 0xfeff ? 1 : 0, true, (record) => records.push(record));
  return at < 0 ? null : records;
}

/**
 * The fast path's reader, for text that comes in pieces (a large file decoded a piece at a
 * time): it keeps the line count, the record width and the line-ending style from piece to
 * piece, so the pieces read as the whole text would.
 */
export class RecordReader {
  /** The line the next record starts on. */
  line = 1;
  private width = -1;
  private crlf: boolean | undefined;

  /**
   * Reads the records of `text` from `from`, handing each to `take`. Returns where an
   * unfinished record begins (text.length when none) for the caller to read again with the
   * next piece in front; -1 where the text is not plainly regular. With `last`, the text is
   * the end of the file: a record may end without a line ending, and none is left unfinished.
   */
  read(text: string, from: number, last: boolean, take: (record: CsvRecord) => void): number {
    const n = text.length;
    let i = from;
    let nextQuote = text.indexOf('"', i);
    let nextCr = text.indexOf('\r', i);
    while (i < n) {
      let lineEnd = text.indexOf('\n', i);
      if (lineEnd < 0) {
        if (!last) return i;
        lineEnd = n;
      }
      const hasCr = lineEnd < n && lineEnd > i && text.charCodeAt(lineEnd - 1) === CR;
      const contentEnd = hasCr ? lineEnd - 1 : lineEnd;
      if (nextQuote >= 0 && nextQuote < i) nextQuote = text.indexOf('"', i);
      const plain = nextQuote < 0 || nextQuote >= contentEnd;
      if (plain) {
        // No quotes before the line's end: its line ending is the record's.
        if (lineEnd < n) {
          if (this.crlf === undefined) this.crlf = hasCr;
          else if (this.crlf !== hasCr) return -1;
        }
        if (nextCr >= 0 && nextCr < i) nextCr = text.indexOf('\r', i);
        if (nextCr >= 0 && nextCr < contentEnd) return -1; // a lone CR
      }
      if (contentEnd === i) {
        // An empty line: skipped, as csv-parse's skip_empty_lines does.
        i = lineEnd + 1;
        this.line++;
        continue;
      }
      let cells: string[];
      const start = this.line;
      if (plain) {
        cells = text.slice(i, contentEnd).split(',');
        i = lineEnd + 1;
        this.line++;
      } else {
        const read = quotedLine(text, i);
        // A quote still open, or a record without its line ending, may end in the next piece.
        if (!last && (read === OPEN || (read !== null && read.crlf === undefined))) return i;
        if (read === null || read === OPEN) return -1;
        cells = read.cells;
        this.line += read.lines;
        i = read.end;
        nextQuote = text.indexOf('"', i);
        if (read.crlf !== undefined) {
          if (this.crlf === undefined) this.crlf = read.crlf;
          else if (this.crlf !== read.crlf) return -1;
        }
      }
      if (this.width < 0) this.width = cells.length;
      else if (cells.length !== this.width) return -1;
      take({ line: start, cells });
    }
    return n;
  }
}

/** A quoted cell still open where the text ends. */
const OPEN = 'open';

/** Reads one record that has quoted fields, field by field; null where it is irregular, OPEN where the text ends inside quotes. */
function quotedLine(text: string, from: number): { cells: string[]; end: number; lines: number; crlf: boolean | undefined } | null | typeof OPEN {
  const n = text.length;
  const cells: string[] = [];
  let i = from;
  let lines = 1;
  for (;;) {
    let value: string;
    if (text.charCodeAt(i) === QUOTE) {
      value = '';
      let piece = i + 1;
      for (;;) {
        const q = text.indexOf('"', piece);
        if (q < 0) return OPEN; // quote not closed
        const inside = text.slice(piece, q);
        if (inside.includes('\r')) return null;
        for (let k = inside.indexOf('\n'); k >= 0; k = inside.indexOf('\n', k + 1)) lines++;
        if (text.charCodeAt(q + 1) === QUOTE) {
          value += `${inside}"`;
          piece = q + 2;
          continue;
        }
        value += inside;
        i = q + 1;
        break;
      }
    } else {
      let j = i;
      for (; j < n; j++) {
        const c = text.charCodeAt(j);
        if (c === COMMA || c === LF || c === CR) break;
        if (c === QUOTE) return null; // a quote inside an unquoted field
      }
      value = text.slice(i, j);
      i = j;
    }
    cells.push(value);
    const c = text.charCodeAt(i);
    if (c === COMMA) {
      i++;
      continue;
    }
    if (i >= n) return { cells, end: n, lines, crlf: undefined };
    if (c === LF) return { cells, end: i + 1, lines, crlf: false };
    if (c === CR && text.charCodeAt(i + 1) === LF) return { cells, end: i + 2, lines, crlf: true };
    return null; // text after a closing quote, or a lone CR
  }
}

type CsvParse = typeof import('csv-parse/sync');
type CsvError = import('csv-parse/sync').CsvError;

const CSV_PROBLEMS: Record<string, string> = {
  CSV_QUOTE_NOT_CLOSED: 'a quoted cell is never closed (a " with no matching ")',
  CSV_INVALID_CLOSING_QUOTE: 'text follows a closing quote; a quote inside a quoted cell is written ""',
  CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE: 'text follows a closing quote; a quote inside a quoted cell is written ""',
  INVALID_OPENING_QUOTE: 'a quote in the middle of a cell; quote the whole cell and write the quote as ""',
  CSV_MAX_RECORD_SIZE: 'a record is too large',
};

/** The header cells, for naming the column of a CSV syntax error (best effort). */
function headerCells(text: string, parse: CsvParse['parse'], delimiter: string): string[] {
  try {
    const [first] = parse(text, { to_line: 1, bom: true, relax_quotes: true, relax_column_count: true, delimiter }) as string[][];
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
  return { line: open.line, value: text.slice(open.at, end < 0 ? undefined : end).replace(/\r$/, '') };
}

/** A csv-parse error as a DataError naming the line, the column and the text read so far. */
function syntaxError(error: CsvError, text: string, file: string, parse: CsvParse['parse'], delimiter: string): DataError {
  const detail = error as CsvError & { lines?: number; index?: number; field?: string };
  // Any other csv-parse error is said in dedel's words, not the library's.
  const problem = CSV_PROBLEMS[error.code] ?? 'the text cannot be read as CSV here';
  const index = typeof detail.index === 'number' ? detail.index : undefined;
  const column = index === undefined ? undefined : (headerCells(text, parse, delimiter)[index]?.trim() || index + 1);
  if (error.code === 'CSV_QUOTE_NOT_CLOSED') {
    const open = unclosedQuote(text);
    if (open) return new DataError(`not valid CSV: ${problem}`, { file, line: open.line, column, value: open.value });
  }
  const value = typeof detail.field === 'string' ? detail.field : undefined;
  return new DataError(`not valid CSV: ${problem}`, { file, line: detail.lines, column, value });
}



/** How many CRLFs a record's quoted cells hold: csv-parse counts each as two lines. */
function crlfInside(record: readonly string[]): number {
  let n = 0;
  for (const cell of record) if (cell.includes('\r\n')) n += cell.split('\r\n').length - 1;
  return n;
}

/**
 * csv-parse, for files the fast path declines: its records (ragged ones included, for the
 * caller to judge), each with the line it starts on, or its error located for people.
 */
export function csvParseRecords(text: string, file: string, delimiter: ',' | '\t' = ','): CsvRecord[] {
  const csv = load('csv-parse/sync') as CsvParse;
  let records: { record: string[]; info: { lines: number; empty_lines: number } }[];
  try {
    // Each line may end in CRLF or LF (a CRLF header above LF rows, as some tools write): the
    // line ending is not guessed from the first line alone.
    records = csv.parse(text, { info: true, skip_empty_lines: true, bom: true, relax_column_count: true, delimiter, record_delimiter: ['\r\n', '\n', '\r'] }) as unknown as typeof records;
  } catch (error) {
    if (error instanceof csv.CsvError) throw syntaxError(error, text, file, csv.parse, delimiter);
    throw error;
  }
  const out: CsvRecord[] = [];
  const first = records[0];
  if (!first) return out;
  out.push({ line: 1 + first.info.empty_lines, cells: first.record });
  let previousEnd = first.info.lines - crlfInside(first.record);
  let previousEmpty = first.info.empty_lines;
  let drift = first.info.lines - previousEnd;
  for (let r = 1; r < records.length; r++) {
    const { record, info } = records[r]!;
    const line = previousEnd + 1 + (info.empty_lines - previousEmpty);
    // A record that spans lines may hold CRLFs inside quotes, which csv-parse counts twice.
    if (info.lines - drift > line) drift += crlfInside(record);
    previousEnd = info.lines - drift;
    previousEmpty = info.empty_lines;
    out.push({ line, cells: record });
  }
  return out;
}

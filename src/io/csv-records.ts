import { DataError, quote } from '../core/errors.js';
import { counted } from '../core/messages.js';

/** One CSV record with the line it starts on (1 is the first line of the file). */
export interface CsvRecord {
  line: number;
  cells: string[];
}

const QUOTE = 34;
const LF = 10;
const CR = 13;

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

/**
 * CSV (or TSV) text read whole into records, by the one record reader (RecordReader): a leading
 * byte-order mark dropped, empty lines skipped, records of any width (the caller judges them).
 */
export function readRecords(text: string, file: string, delimiter: ',' | '\t' = ','): CsvRecord[] {
  const records: CsvRecord[] = [];
  new RecordReader(file, delimiter).read(text, text.charCodeAt(0) === 0xfeff ? 1 : 0, true, (record) => records.push(record));
  return records;
}

/** The ways CSV text cannot be read, in dedel's words. */
const PROBLEMS = {
  open: 'a quoted cell is never closed (a " with no matching ")',
  closing: 'text follows a closing quote; a quote inside a quoted cell is written ""',
  opening: 'a quote in the middle of a cell; quote the whole cell and write the quote as ""',
  formula: 'a cell written as an Excel formula (="…"), as some systems export text to keep its leading zeros; open the file in Excel and save it as CSV (Excel saves what the formula shows), or take out the = and the quotes',
} as const;

/**
 * The one reader of CSV and TSV text (RFC 4180, as Excel, LibreOffice and GIAS write it), for
 * text whole or in pieces (a large file decoded a piece at a time): it keeps the line count
 * from piece to piece, so the pieces read as the whole text would. A record ends at CRLF, LF or
 * a CR alone (Excel for Mac), each one line, and may mix them; a quoted cell may hold the
 * delimiter, doubled quotes and line breaks; empty lines are skipped; records may differ in
 * width (the census's width rule judges them). Text that is not CSV (a quote never closed, text
 * after a closing quote, a quote inside an unquoted cell) is a DataError naming the line, the
 * column (by the first record's cells) and the text. csv-parse, an independent reader, is held
 * to agree with it on any text (test/io/csv-records.test.ts).
 */
export class RecordReader {
  /** The line the next record starts on. */
  line = 1;
  /** The first record's cells, to name the column of a syntax error. */
  private header: readonly string[] | undefined;
  private readonly delimiter: number;

  constructor(
    private readonly file: string,
    delimiter: ',' | '\t' = ',',
  ) {
    this.delimiter = delimiter.charCodeAt(0);
  }

  /**
   * Reads the records of `text` from `from`, handing each to `take`. Returns where an
   * unfinished record begins (text.length when none), for the caller to read again with the
   * next piece after it. With `last`, the text is the end of the file: a record may end without
   * a line ending, and none is left unfinished.
   */
  read(text: string, from: number, last: boolean, take: (record: CsvRecord) => void): number {
    const n = text.length;
    const separator = String.fromCharCode(this.delimiter);
    let i = from;
    let nextQuote = text.indexOf('"', i);
    let nextCr = text.indexOf('\r', i);
    while (i < n) {
      let lf = text.indexOf('\n', i);
      if (lf < 0) lf = n;
      if (nextCr >= 0 && nextCr < i) nextCr = text.indexOf('\r', i);
      if (nextQuote >= 0 && nextQuote < i) nextQuote = text.indexOf('"', i);
      // The line's end: its LF, or a CR before it (CRLF, or a CR alone).
      const cr = nextCr >= 0 && nextCr < lf;
      const end = cr ? nextCr : lf;
      if (nextQuote < 0 || nextQuote >= end) {
        // No quote before the line's end: the line is the record. Where the text ends first, or
        // ends on a CR whose LF may begin the next piece, the record may go on there.
        if (!last && (end === n || (cr && nextCr === n - 1))) return i;
        const next = cr && nextCr + 1 === lf ? lf + 1 : end + 1;
        if (end > i) this.take(take, this.line, text.slice(i, end).split(separator));
        // (An empty line is skipped.)
        i = next;
        this.line++;
        continue;
      }
      const read = this.quoted(text, i, last);
      if (read === null) return i;
      this.take(take, this.line, read.cells);
      this.line += read.lines;
      i = read.end;
    }
    return n;
  }

  private take(take: (record: CsvRecord) => void, line: number, cells: string[]): void {
    this.header ??= cells;
    take({ line, cells });
  }

  /**
   * One record with a quote in it, cell by cell from `from`: its cells, where the next record
   * begins and how many lines it took; null where it may go on past the end of the text.
   */
  private quoted(text: string, from: number, last: boolean): { cells: string[]; end: number; lines: number } | null {
    const n = text.length;
    const delimiter = this.delimiter;
    const cells: string[] = [];
    let i = from;
    // Line breaks inside quoted cells so far.
    let inside = 0;
    for (;;) {
      let value: string;
      if (text.charCodeAt(i) === QUOTE) {
        const opened = { at: i, line: this.line + inside };
        value = '';
        let piece = i + 1;
        for (;;) {
          const q = text.indexOf('"', piece);
          if (q < 0 || (q === n - 1 && !last)) {
            // The closing quote, or the second of a doubled one, may be in the next piece.
            if (!last) return null;
            const lineEnd = text.slice(opened.at).search(/\r|\n/);
            throw this.error('open', opened.line, cells.length, text.slice(opened.at, lineEnd < 0 ? n : opened.at + lineEnd));
          }
          const part = text.slice(piece, q);
          inside += lineBreaks(part);
          if (text.charCodeAt(q + 1) === QUOTE) {
            value += `${part}"`;
            piece = q + 2;
            continue;
          }
          value += part;
          i = q + 1;
          break;
        }
        const c = text.charCodeAt(i);
        if (i < n && c !== delimiter && c !== LF && c !== CR) throw this.error('closing', this.line + inside, cells.length);
      } else {
        let j = i;
        for (; j < n; j++) {
          const c = text.charCodeAt(j);
          if (c === delimiter || c === LF || c === CR) break;
          if (c === QUOTE) {
            // `="100001"`: Excel's formula for text, as some systems export an id to keep its zeros.
            if (j === i + 1 && text.charCodeAt(i) === 61) throw this.error('formula', this.line + inside, cells.length, cellText(text, i, delimiter));
            throw this.error('opening', this.line + inside, cells.length, text.slice(i, j));
          }
        }
        value = text.slice(i, j);
        i = j;
      }
      cells.push(value);
      const c = text.charCodeAt(i);
      if (c === delimiter) {
        i++;
        continue;
      }
      if (i >= n) return last ? { cells, end: n, lines: inside + 1 } : null;
      if (c === LF) return { cells, end: i + 1, lines: inside + 1 };
      // A CR: with its LF, or alone (a line ending too); at the end of the text its LF may come next.
      if (i + 1 >= n && !last) return null;
      return { cells, end: text.charCodeAt(i + 1) === LF ? i + 2 : i + 1, lines: inside + 1 };
    }
  }

  /** A syntax error at a line, in the `index`th cell of its record. */
  private error(problem: keyof typeof PROBLEMS, line: number, index: number, value?: string): DataError {
    const column = this.header?.[index]?.trim() || index + 1;
    return new DataError(`not valid CSV: ${PROBLEMS[problem]}`, { file: this.file, line, column, ...(value !== undefined ? { value } : {}) });
  }
}

/** A cell's text from `from` to its delimiter or the end of its line, for a message. */
function cellText(text: string, from: number, delimiter: number): string {
  let j = from;
  while (j < text.length) {
    const c = text.charCodeAt(j);
    if (c === delimiter || c === LF || c === CR) break;
    j++;
  }
  return text.slice(from, j);
}

/** How many lines a quoted cell's text breaks: each CRLF, LF or CR alone. */
function lineBreaks(text: string): number {
  let count = 0;
  for (let k = 0; k < text.length; k++) {
    const c = text.charCodeAt(k);
    if (c === LF || (c === CR && text.charCodeAt(k + 1) !== LF)) count++;
  }
  return count;
}

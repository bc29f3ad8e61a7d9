import { createRequire } from 'node:module';
import { DataError } from '../core/errors.js';

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
 * (ragged rows, stray quotes, lone CRs) are exactly what they always were.
 */
export function readRecords(text: string, file: string): CsvRecord[] {
  return fastRecords(text) ?? csvParseRecords(text, file);
}

/** The fast path: null wherever the file is not plainly regular, for csv-parse to judge. */
export function fastRecords(text: string): CsvRecord[] | null {
  const n = text.length;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  let width = -1;
  let crlf: boolean | undefined;
  let nextQuote = text.indexOf('"', i);
  let nextCr = text.indexOf('\r', i);
  const records: CsvRecord[] = [];
  while (i < n) {
    let lineEnd = text.indexOf('\n', i);
    if (lineEnd < 0) lineEnd = n;
    const hasCr = lineEnd < n && lineEnd > i && text.charCodeAt(lineEnd - 1) === CR;
    const contentEnd = hasCr ? lineEnd - 1 : lineEnd;
    if (nextQuote >= 0 && nextQuote < i) nextQuote = text.indexOf('"', i);
    const plain = nextQuote < 0 || nextQuote >= contentEnd;
    if (plain) {
      // No quotes before the line's end: its line ending is the record's.
      if (lineEnd < n) {
        if (crlf === undefined) crlf = hasCr;
        else if (crlf !== hasCr) return null;
      }
      if (nextCr >= 0 && nextCr < i) nextCr = text.indexOf('\r', i);
      if (nextCr >= 0 && nextCr < contentEnd) return null; // a lone CR
    }
    if (contentEnd === i) {
      // An empty line: skipped, as csv-parse's skip_empty_lines does.
      i = lineEnd + 1;
      line++;
      continue;
    }
    let cells: string[];
    const start = line;
    if (plain) {
      cells = text.slice(i, contentEnd).split(',');
      i = lineEnd + 1;
      line++;
    } else {
      const read = quotedLine(text, i);
      if (!read) return null;
      cells = read.cells;
      line += read.lines;
      i = read.end;
      nextQuote = text.indexOf('"', i);
      if (read.crlf !== undefined) {
        if (crlf === undefined) crlf = read.crlf;
        else if (crlf !== read.crlf) return null;
      }
    }
    if (width < 0) width = cells.length;
    else if (cells.length !== width) return null;
    records.push({ line: start, cells });
  }
  return records;
}

/** Reads one record that has quoted fields, field by field; null where it is irregular. */
function quotedLine(text: string, from: number): { cells: string[]; end: number; lines: number; crlf: boolean | undefined } | null {
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
        if (q < 0) return null; // quote not closed
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

/** csv-parse, for files the fast path declines: its records and line numbers, or its error. */
export function csvParseRecords(text: string, file: string): CsvRecord[] {
  const { parse, CsvError } = load('csv-parse/sync') as typeof import('csv-parse/sync');
  let records: { record: string[]; info: { lines: number; empty_lines: number } }[];
  try {
    records = parse(text, { info: true, skip_empty_lines: true, bom: true }) as unknown as typeof records;
  } catch (error) {
    if (error instanceof CsvError) {
      const detail = error.code === 'CSV_RECORD_INCONSISTENT_FIELDS_LENGTH' ? 'this row has a different number of cells from the header' : error.message;
      throw new DataError(detail, { file, line: (error as { lines?: number }).lines });
    }
    throw error;
  }
  const out: CsvRecord[] = [];
  let previousEnd = 0;
  let previousEmpty = 0;
  for (const { record, info } of records) {
    out.push({ line: previousEnd + 1 + (info.empty_lines - previousEmpty), cells: record });
    previousEnd = info.lines;
    previousEmpty = info.empty_lines;
  }
  return out;
}

import { CsvError, parse } from 'csv-parse/sync';

/**
 * csv-parse, an independent CSV reader, as the oracle of dedel's one record reader
 * (src/io/csv-records.ts): the records it reads, each with the line it starts on, under the
 * options that mean what dedel means (a BOM dropped, empty lines skipped, records of any
 * width, CRLF, LF or a CR alone ending a record); or the syntax error it finds, as dedel
 * words it, with its line, the index of its cell and its text.
 */
export type OracleResult = { records: { line: number; cells: string[] }[] } | { error: { problem: string; line: number; index: number; value: string | undefined } };

/** dedel's words for csv-parse's errors. */
const PROBLEMS: Record<string, string> = {
  CSV_QUOTE_NOT_CLOSED: 'a quoted cell is never closed (a " with no matching ")',
  CSV_INVALID_CLOSING_QUOTE: 'text follows a closing quote; a quote inside a quoted cell is written ""',
  INVALID_OPENING_QUOTE: 'a quote in the middle of a cell; quote the whole cell and write the quote as ""',
};

/** dedel's words for a cell written `="…"`. */
export const EXCEL_FORMULA = 'a cell written as an Excel formula (="…"), as some systems export text to keep its leading zeros; open the file in Excel and save it as CSV (Excel saves what the formula shows), or take out the = and the quotes';

/** How many CRLFs a record's quoted cells hold: csv-parse counts each as two lines. */
function crlfInside(record: readonly string[]): number {
  let n = 0;
  for (const cell of record) if (cell.includes('\r\n')) n += cell.split('\r\n').length - 1;
  return n;
}

export function csvParseOracle(text: string, delimiter: ',' | '\t' = ','): OracleResult {
  let records: { record: string[]; info: { lines: number; empty_lines: number } }[];
  try {
    records = parse(text, { info: true, skip_empty_lines: true, bom: true, relax_column_count: true, delimiter, record_delimiter: ['\r\n', '\n', '\r'] }) as unknown as typeof records;
  } catch (error) {
    if (!(error instanceof CsvError)) throw error;
    const detail = error as CsvError & { lines: number; index: number; field?: string };
    const problem = PROBLEMS[error.code] ?? error.code;
    // csv-parse says where the file ends for a quote never closed; dedel where the quote opened.
    if (error.code === 'CSV_QUOTE_NOT_CLOSED') {
      const open = unclosedQuote(text, delimiter);
      return { error: { problem, line: open.line, index: detail.index, value: open.value } };
    }
    // A cell `="…"` (Excel's formula for text) is said as what it is (its text, shown whole, is left to the caller to compare).
    if (error.code === 'INVALID_OPENING_QUOTE' && detail.field === '=') return { error: { problem: EXCEL_FORMULA, line: detail.lines, index: detail.index, value: undefined } };
    return { error: { problem, line: detail.lines, index: detail.index, value: typeof detail.field === 'string' ? detail.field : undefined } };
  }
  const out: { line: number; cells: string[] }[] = [];
  const first = records[0];
  if (!first) return { records: out };
  out.push({ line: 1 + first.info.empty_lines, cells: first.record });
  let previousEnd = first.info.lines - crlfInside(first.record);
  let previousEmpty = first.info.empty_lines;
  let drift = first.info.lines - previousEnd;
  for (let r = 1; r < records.length; r++) {
    const { record, info } = records[r]!;
    const line = previousEnd + 1 + (info.empty_lines - previousEmpty);
    if (info.lines - drift > line) drift += crlfInside(record);
    previousEnd = info.lines - drift;
    previousEmpty = info.empty_lines;
    out.push({ line, cells: record });
  }
  return { records: out };
}

/** Where the quoted cell that never closes begins (its line, each CRLF, LF or CR alone one), and its text to the end of that line. */
function unclosedQuote(text: string, delimiter: string): { line: number; value: string } {
  let line = 1;
  let open: { line: number; at: number } | undefined;
  let cellStart = true;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    const lineBreak = c === '\n' || (c === '\r' && text[i + 1] !== '\n');
    if (open) {
      if (c === '"') {
        if (text[i + 1] === '"') i++;
        else open = undefined;
      } else if (lineBreak) line++;
      continue;
    }
    if (c === '"' && cellStart) open = { line, at: i };
    if (lineBreak) line++;
    cellStart = c === delimiter || c === '\n' || c === '\r' || (cellStart && c === '\uFEFF');
  }
  if (!open) throw new Error('csv-parse found a quote never closed where there is none');
  const end = text.slice(open.at).search(/\r|\n/);
  return { line: open.line, value: text.slice(open.at, end < 0 ? undefined : open.at + end) };
}

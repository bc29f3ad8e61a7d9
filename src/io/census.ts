import { DataError } from '../core/errors.js';
import type { Diagnostic } from '../core/types.js';
import { readRecords } from './csv-records.js';
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

/** Reads a census CSV (RFC 4180, UTF-8 or Windows-1252, CRLF or LF) into text rows. */
export function readCensus(bytes: Uint8Array, file: string, options: CensusOptions = {}): Census {
  const { text, diagnostics } = decode(bytes, file, options.encoding);
  const records = readRecords(text, file);
  const first = records[0];
  if (!first) throw new DataError('the file is empty: expected a header row and at least one school', { file });
  const headers = first.cells.map((h) => h.trim());
  const fields = mapHeaders(headers, options.columns ?? {}, file);

  const rows: CensusRow[] = [];
  let controlTotal: CensusRow | null = null;
  const nameAt = fields.get('name');
  const idAt = fields.get('urn');
  for (let r = 1; r < records.length; r++) {
    const { line, cells: record } = records[r]!;
    if (record.every((cell) => cell.trim() === '')) continue; // a blank row from a spreadsheet
    const row: CensusRow = records[r]!;
    const name = nameAt === undefined ? '' : (record[nameAt] ?? '').trim().toLowerCase();
    const id = idAt === undefined ? '' : (record[idAt] ?? '').trim();
    if (TOTAL_NAMES.has(name) && id === '') {
      controlTotal = row;
      continue;
    }
    rows.push(row);
  }
  return { file, headers, fields, rows, controlTotal, diagnostics };
}

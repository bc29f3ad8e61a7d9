import { parse, CsvError } from 'csv-parse/sync';
import { Dec, placesOf, sum } from '../core/decimal.js';
import { DataError } from '../core/errors.js';
import type { CompareInput } from '../core/compare.js';
import type { Diagnostic } from '../core/types.js';
import { isAllocationHeader } from './allocation-year.js';
import { isTabbed } from './csv-records.js';

/** The per-school totals of one of dedel's own `allocate` outputs (CSV, TSV or JSON). */
export interface AllocationOutput {
  file: string;
  rows: CompareInput[];
  /** The file's own Total row, when it has one. */
  statedTotal: Dec | null;
  /** The most decimal places any amount was written with (0 for whole pounds). */
  places: number;
  diagnostics: Diagnostic[];
}

const AMOUNT = /^-?\d+(?:\.\d+)?$/;
// csv output neutralises text a spreadsheet would run as a formula with a leading '.
const NEUTRALISED = /^'[=+\-@\t\r]/;

function amount(text: string, where: { file: string; line?: number; path?: string; column?: string }): Dec {
  const t = text.trim();
  if (!AMOUNT.test(t)) throw new DataError('expected a plain amount such as 2147 or 1351.50, as dedel writes it', { ...where, value: text });
  return new Dec(t);
}

function schoolName(text: string): string {
  return NEUTRALISED.test(text) ? text.slice(1) : text;
}

function finish(file: string, rows: CompareInput[], statedTotal: Dec | null, texts: string[]): AllocationOutput {
  const places = Math.max(0, ...texts.map((t) => placesOf(new Dec(t.trim()))));
  const diagnostics: Diagnostic[] = [];
  const total = sum(rows.map((r) => r.total));
  if (statedTotal !== null && !statedTotal.equals(total)) {
    diagnostics.push({
      level: 'warning',
      code: 'control-total',
      message: `${file}: its Total row gives ${statedTotal.toFixed()} but its schools add up to ${total.toFixed()}; compare uses the schools`,
    });
  }
  return { file, rows, statedTotal, places, diagnostics };
}

function readCsv(text: string, file: string): AllocationOutput {
  // Tab or comma as the census reader tells them (by the header, then by counting).
  const delimiter = isTabbed(text, isAllocationHeader) ? '\t' : ',';
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, { info: true, skip_empty_lines: true, bom: true, delimiter, relax_column_count: true }) as unknown as typeof records;
  } catch (error) {
    if (error instanceof CsvError) throw new DataError(error.message, { file, line: (error as CsvError & { lines?: number }).lines });
    throw error;
  }
  const headers = (records[0]?.record ?? []).map((h) => h.trim());
  const at = (key: string) => headers.indexOf(key);
  const urnAt = at('urn');
  const schoolAt = at('school');
  const totalAt = at('total');
  if (schoolAt < 0 || totalAt < 0) {
    throw new DataError(
      `not an allocation written by dedel: expected the columns school and total (from dedel allocate --format csv or json); found ${headers.map((h) => `"${h}"`).join(', ') || 'nothing'}`,
      { file, line: 1 },
    );
  }
  const rows: CompareInput[] = [];
  const texts: string[] = [];
  let statedTotal: Dec | null = null;
  for (const { record, info } of records.slice(1)) {
    const line = info.lines;
    const urn = urnAt >= 0 ? (record[urnAt] ?? '').trim() : '';
    const school = schoolName((record[schoolAt] ?? '').trim());
    const totalText = (record[totalAt] ?? '').trim();
    if (school === 'Total' && urn === '') {
      if (totalText !== '') statedTotal = amount(totalText, { file, line, column: 'total' });
      continue;
    }
    if (totalText === '') continue; // a school listed by --all but not charged
    rows.push({ urn, school, total: amount(totalText, { file, line, column: 'total' }), line });
    texts.push(totalText);
  }
  return finish(file, rows, statedTotal, texts);
}

function readJson(text: string, file: string): AllocationOutput {
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new DataError(`not valid JSON: ${(error as Error).message}`, { file });
  }
  const body = json as { rows?: unknown; total?: { total?: unknown } };
  if (typeof json !== 'object' || json === null || !Array.isArray(body.rows)) {
    throw new DataError('not an allocation written by dedel: expected an object with "rows" (from dedel allocate --format json)', { file });
  }
  const textOf = (value: unknown, path: string): string | null => {
    if (value === null || value === undefined) return null;
    if (typeof value === 'string') return value;
    if (typeof value === 'number') return String(value);
    throw new DataError('expected an amount as a string', { file, path, value: JSON.stringify(value) });
  };
  const rows: CompareInput[] = [];
  const texts: string[] = [];
  body.rows.forEach((raw: unknown, i: number) => {
    const path = `rows[${i}]`;
    if (typeof raw !== 'object' || raw === null) throw new DataError('expected a row object', { file, path });
    const r = raw as Record<string, unknown>;
    if (typeof r.school !== 'string') throw new DataError('expected "school" as text', { file, path: `${path}.school` });
    const totalText = textOf(r.total, `${path}.total`);
    if (totalText === null || totalText === '') return; // not charged (--all)
    rows.push({ urn: typeof r.urn === 'string' ? r.urn.trim() : '', school: r.school.trim(), total: amount(totalText, { file, path: `${path}.total` }) });
    texts.push(totalText);
  });
  const statedText = textOf(body.total?.total, 'total.total');
  const statedTotal = statedText === null ? null : amount(statedText, { file, path: 'total.total' });
  return finish(file, rows, statedTotal, texts);
}

/** Reads an allocation that `dedel allocate` wrote as CSV, TSV or JSON; the Total row is kept aside. */
export function readAllocationOutput(bytes: Uint8Array, file: string): AllocationOutput {
  const text = new TextDecoder().decode(bytes);
  return text.replace(/^\uFEFF/, '').trimStart().startsWith('{') ? readJson(text, file) : readCsv(text, file);
}

import { Dec, ZERO, sum } from '../core/decimal.js';
import { DataError, UsageError, visible } from '../core/errors.js';
import { money, words } from '../core/messages.js';
import { MAINTAINED, type Diagnostic } from '../core/types.js';
import { ALL_SERVICES, type YearCharge, type YearSchool, type YearSide } from '../core/year-on-year.js';
import { readCensus, type CensusHeader, type CensusRow, type TotalRow } from './census.js';
import type { Encoding } from './decode.js';
import { fieldKey, headerList, KNOWN_FIELDS } from './headers.js';
import { headingOf } from './header-row.js';
import { normalisePhase, readEstablishment } from './normalise.js';
import { excelErrorHint, isExcelError, isLoneDash, readNumber } from './numbers.js';
import { hiddenColumnsWarning, inSheetTerms, isZip, readSheet, roundedWarning, rowPlace } from './xlsx.js';

/**
 * A table of charges that dedel did not write, as one year of a comparison: last year's
 * published Appendix B (`School Name,Status,NOR October 22,23/24 £,Per Pupil £`, a Total row,
 * titles above and notes below, `£2,147` in its cells), as CSV, tab-separated text or .xlsx.
 * It is read as a census is (census.ts: the same header names, titles, headings, Total rows
 * and notes), and each school's charge is one column of it: the amount (README "check,
 * explain, compare").
 */
export interface ChargeTableOptions {
  /** Field → header (`--column total="23/24 £"`, `--column name="Establishment"`). */
  columns?: Readonly<Record<string, string>>;
  encoding?: Encoding;
  /** The flag that names this file's amount column, for the message where it cannot be told (`--column`, `--before-column`). */
  flag?: string;
  /** A workbook's sheet to read (`--sheet`, `--before-sheet`: `sheetFlag`); the first not hidden where not given. */
  sheet?: string;
  sheetFlag?: string;
  /**
   * Where the columns are named in a config file rather than by a flag (`path`: the object
   * holding `columns`, a paper's `paper.lastYear`): messages name that key, and a field it cannot name, or an amount
   * column it must choose, is an error in the file (exit 1), not a flag to give again (exit 2).
   */
  config?: { file: string; path: string };
}

/** How a message asks for the amount column `header` to be named: by the flag, or by the config's key. */
function namingOf(options: ChargeTableOptions): { field: (field: string) => string; total: (header: string) => string; census: string; usage: boolean } {
  const { config } = options;
  if (config) return { field: (field) => `${config.path}.columns.${field}`, total: (header) => `"columns": {"total": "${header}"} in ${config.path}`, census: `give it as ${config.path}.census`, usage: false };
  const flag = options.flag ?? '--column';
  return { field: (field) => `${flag} ${field}`, total: (header) => `${flag} total="${header}"`, census: 'compare it through a proposal with -c', usage: true };
}

/** The fields a table of charges is read by: a school's id, name, phase, status and NOR, and the amount (`total`). */
export const TABLE_FIELDS = ['urn', 'name', 'phase', 'status', 'nor', 'total'] as const;

const POUND = /\u00a3/;
// A money word as a word of the header: `Total`, `Total £`, `Amount`, `Charge 2023-24`, `De-delegation charge`.
const MONEY_WORD = /(?:^|[^a-z])(?:totals?|amounts?|charges?|charged|costs?)(?:[^a-z]|$)/i;
// A financial year: `23/24`, `2023-24`, `2023/2024`, `FY 2023-24`.
const YEAR = /(?:^|\D)(?:20)?\d{2}\s*[/-]\s*(?:20)?\d{2}(?:\D|$)/;
// Never the amount: a rate (`Per Pupil £`, `£ per place`, `Rate`), a share (`%`), a unit value.
const PER = /(?:^|[^a-z])(?:per|rate|rates|unit)(?:[^a-z]|$)|%|percent/i;
const TOTAL = /(?:^|[^a-z])totals?(?:[^a-z]|$)/i;
// Figures in thousands or millions of pounds: `£000`, `£'000`, `£k`, `(000s)`, `£m`, `thousands`.
const THOUSANDS = /\u00a3\s*['\u2019]?0{3}(?!\d)|\u00a3\s*[km](?![a-z])|\(\s*0{3}s?\s*\)|(?:^|[^a-z])(?:thousands?|millions?)(?:[^a-z]|$)/i;

/** Whether a header heads a column of money: £ in it, a money word, or a financial year; never a rate or share. */
export function isMoneyHeader(header: string): boolean {
  if (PER.test(header)) return false;
  return POUND.test(header) || MONEY_WORD.test(header) || YEAR.test(header);
}

/**
 * Whether a header names charges already made: money headed with a financial year (`23/24 £`)
 * or as a charge (`De-delegation charge £`), as a published table of charges heads its amounts
 * and a census's own columns do not.
 */
export function isChargeHeader(header: string): boolean {
  return isMoneyHeader(header) && (YEAR.test(header) || /charg|delegat/i.test(header));
}

/**
 * The warning for a census with a column of charges already made (`23/24 £`): read as a census,
 * it is charged again through a proposal, and those amounts are not what is compared. `how`:
 * how to compare them instead. Null for a census with no such column.
 */
export function chargesAsCensus(census: CensusHeader, file: string, read: string, how: string): Diagnostic | null {
  const charged = census.headers.find(isChargeHeader);
  if (charged === undefined) return null;
  return {
    level: 'warning',
    code: 'charges-as-census',
    message: `${file}: column "${visible(charged)}" holds charges already made (a published table of charges?); ${read} the file is read as a census and charged again through the proposal, so those amounts are not what is compared: to compare them, ${how}`,
  };
}

/** Whether a cell is blank (a NOR not given). */
const blank = (text: string) => text.trim() === '';

/**
 * The column of amounts: the one named (`--column total=…`), else the only column headed as
 * money that is not a school's id, name, phase, status or NOR, else the one of those headed
 * `Total`. More than one, none headed Total (a table per service), is refused (exit 2) with the
 * candidates and the flag that chooses; none at all is an error naming the headers.
 */
function amountColumn(headers: readonly string[], fields: ReadonlyMap<string, number>, named: boolean, file: string, naming: ReturnType<typeof namingOf>): number {
  if (named) return fields.get('total')!;
  const taken = new Set(KNOWN_FIELDS.flatMap((f) => (fields.get(f) === undefined ? [] : [fields.get(f)!])));
  const candidates = headers.flatMap((h, i) => (!taken.has(i) && h.trim() !== '' && isMoneyHeader(h) ? [i] : []));
  if (candidates.length === 1) return candidates[0]!;
  const totals = candidates.filter((i) => TOTAL.test(headers[i]!));
  if (totals.length === 1) return totals[0]!;
  if (candidates.length === 0) {
    throw new DataError(
      `no column of amounts charged (headed with \u00a3, Total, Amount, Charge or a year such as 23/24); the headers are: ${headerList(headers)}; name the column with ${naming.total('HEADER')} (or, for a census, ${naming.census})`,
      { file },
    );
  }
  const listed = (totals.length > 1 ? totals : candidates).map((i) => `"${visible(headers[i]!)}"`).join(', ');
  const why = totals.length > 1 ? 'more than one is headed Total' : 'none is headed Total';
  const choose = `more than one column could be the amount charged (${listed}), and ${why}; choose one with ${naming.total('HEADER')}, such as ${naming.total(visible(headers[(totals.length > 1 ? totals : candidates)[0]!]!))}`;
  if (naming.usage) throw new UsageError(`${file}: ${choose}`);
  throw new DataError(choose, { file });
}

function phaseWord(text: string): string | null {
  if (text === '') return null;
  const phase = normalisePhase(text);
  return phase === undefined || phase === 'not applicable' ? text : phase;
}
function statusWord(text: string): string | null {
  if (text === '') return null;
  return readEstablishment(text)?.status ?? text;
}

/** One year from a table of charges dedel did not write (see ChargeTableOptions). */
export function readChargeTable(bytes: Uint8Array, file: string, label: string, diagnostics: Diagnostic[], options: ChargeTableOptions = {}): YearSide {
  const columns = options.columns ?? {};
  return inSheetTerms(bytes, file, undefined, () => readTableOnce(bytes, file, label, diagnostics, columns, options), columns);
}

function readTableOnce(bytes: Uint8Array, file: string, label: string, diagnostics: Diagnostic[], columns: Readonly<Record<string, string>>, options: ChargeTableOptions): YearSide {
  const naming = namingOf(options);
  for (const field of Object.keys(columns)) {
    if (!(TABLE_FIELDS as readonly string[]).includes(fieldKey(field))) {
      const problem = `a table of charges not written by dedel is read by ${TABLE_FIELDS.join(', ')} (total: the amount charged)`;
      if (naming.usage) throw new UsageError(`${naming.field(field)}: ${problem}`);
      throw new DataError(`unknown field "${visible(field)}": ${problem}`, { file: options.config!.file, path: naming.field(field) });
    }
  }
  const census = readCensus(bytes, file, { columns, ...(options.encoding ? { encoding: options.encoding } : {}), ...(options.sheet !== undefined ? { sheet: options.sheet } : {}), ...(options.sheetFlag ? { sheetFlag: options.sheetFlag } : {}) });
  const { headers, fields } = census;
  const place = census.sheet === undefined ? file : `${file}: sheet "${census.sheet}"`;
  const at = (line: number) => rowPlace({ file, ...(census.sheet !== undefined ? { sheet: census.sheet } : {}) }, line);
  if (fields.get('urn') === undefined && fields.get('name') === undefined) {
    throw new DataError(
      `not an allocation written by dedel: expected the columns school and total (from dedel allocate --format csv or json), or a table of charges with a school column (URN, LAESTAB or School Name) and a column of amounts; found ${headerList(headers)}`,
      { file, line: census.headerLine ?? 1 },
    );
  }
  const amountAt = amountColumn(headers, fields, Object.keys(columns).some((f) => fieldKey(f) === 'total'), file, naming);
  const amountHeader = headers[amountAt] ?? '';
  // A column of thousands (`£000`, `£k`, `(000s)`) or millions read as pounds compared 2.1 with 2,147: refused.
  if (THOUSANDS.test(amountHeader)) {
    throw new DataError(`the amount column "${visible(amountHeader)}" is in thousands (or millions) of pounds, which dedel would read as pounds (2.1 as \u00a32.10, not \u00a32,100): give the table with its figures in pounds`, { file, line: census.headerLine ?? 1, column: amountHeader });
  }
  const norAt = fields.get('nor');
  const cell = (row: CensusRow, key: string) => {
    const i = fields.get(key);
    return i === undefined ? '' : (row.cells[i] ?? '').trim();
  };
  const figure = (row: CensusRow, index: number, what: string): Dec | null => {
    const text = row.cells[index] ?? '';
    const read = readNumber(text);
    if (read.ok) return read.value;
    if (read.problem === 'blank') return null;
    // A lone dash is how Excel's Accounting format shows 0 (`£ -`): in a table of charges, an
    // amount of 0, as the workbook's cell holds it and dedel reads it there.
    // A dash for a NOR (a school with none given) is no NOR: the table's NOR is only compared.
    if (isLoneDash(text)) return index === amountAt ? ZERO : null;
    const hint = isExcelError(text) ? `; ${excelErrorHint(text)}` : '';
    throw new DataError(`${what} ${read.problem === 'negative' ? 'is negative' : read.problem === 'suppressed' ? 'is a mark for a figure not published' : 'is not a number'}${hint}: expected an amount of 0 or more, such as 2,147, \u00a32,147 or 1351.50`, {
      file,
      line: row.line,
      column: headers[index] ?? '',
      value: text,
    });
  };
  // A table with no phase column, laid out in blocks under headings (`Primary`, then its
  // schools and `Primary total`): each school is in its heading's phase, as a reader takes it.
  const headings = fields.get('phase') === undefined ? (census.headings ?? []).map((row) => ({ line: row.line, phase: headingOf(row) ?? null })) : [];
  const byHeading = headings.some((h) => h.phase !== null);
  const headingPhase = (line: number): string | null => {
    let phase: string | null = null;
    for (const h of headings) if (h.line < line) phase = h.phase;
    return phase;
  };
  // Its headings are read, as the schools' phases: no warning that they are not. A workbook
  // dedel wrote has its title above the header and its rounding notes below the Total row, as
  // dedel wrote them: not warned of as text left unread.
  const ownBook = isZip(bytes) && readSheet(bytes, file, options.sheet).creator === 'dedel';
  const passed = new Set([...(byHeading ? ['heading-rows'] : []), ...(ownBook ? ['title-rows', 'note-rows'] : [])]);
  diagnostics.push(...census.diagnostics.filter((d) => !passed.has(d.code)));
  // A workbook's amount or NOR column that hides or rounds what it holds: said, as a census's figures are.
  if (census.view) {
    const read = [amountAt, ...(norAt === undefined ? [] : [norAt])];
    for (const index of read) {
      const cells = census.view.rounded.filter((c) => c.column === index);
      if (cells.length) diagnostics.push(roundedWarning(place, headers[index] ?? '', cells));
    }
    const hidden = census.view.hiddenColumns.filter((c) => read.includes(c));
    if (hidden.length) diagnostics.push(hiddenColumnsWarning(place, hidden.map((index) => ({ index, header: headers[index] ?? '', field: index === amountAt ? 'total' : 'nor' }))));
  }
  const schools: (YearSchool & { amount: Dec; line: number })[] = [];
  const others: { urn: string; school: string; status: string | null; closed: boolean }[] = [];
  for (const row of census.rows) {
    const amount = figure(row, amountAt, `the amount ("${visible(amountHeader)}")`);
    const urn = cell(row, 'urn');
    const school = cell(row, 'name');
    const status = statusWord(cell(row, 'status'));
    // A school listed with no amount is not charged, as a row of dedel's `--all` is.
    if (amount === null) {
      others.push({ urn, school, status, closed: false });
      continue;
    }
    const phase = byHeading ? headingPhase(row.line) : phaseWord(cell(row, 'phase'));
    const charges = new Map<string, YearCharge[]>([[ALL_SERVICES.key, [{ phase: phase ?? '', amount }]]]);
    const nor = norAt === undefined || blank(row.cells[norAt] ?? '') ? null : figure(row, norAt, 'NOR');
    schools.push({ urn, school, phase, status, nor, charges, line: row.line, amount });
  }
  // A last row with no id whose amount is exactly the schools above it (`Sum`, `All schools`):
  // their total under a name dedel does not know as one, which read as a school doubled the year.
  const last = schools.at(-1);
  if (last !== undefined && last.urn === '' && schools.length >= 4 && !last.amount.isZero() && sum(schools.slice(0, -1).map((s) => s.amount)).equals(last.amount)) {
    const nameAt = fields.get('name');
    throw new DataError(`its amount, ${last.amount.toFixed()}, is exactly the school rows above it: if it is their total, call it "Total" (it is then checked, never compared); if it is a school, give it an id`, {
      file,
      line: last.line,
      column: nameAt === undefined ? 'name' : (headers[nameAt] ?? 'name'),
      value: last.school,
    });
  }
  checkTotals(census.totals ?? [], schools, amountAt, norAt, at, diagnostics);
  return {
    label,
    services: [{ key: ALL_SERVICES.key, name: ALL_SERVICES.name, basis: null, rates: new Map() }],
    schools: schools.map(({ amount: _, ...school }) => school),
    others: others.length > 0 ? others : null,
  };
}

/**
 * The table's Total row (and phase, status and other subtotals) against the schools it lists: a
 * published table whose Total does not add up (a school's figure typed over, a Total rounded or
 * carried from a draft) is said, and the schools are compared, each as the table gives it.
 */
function checkTotals(
  totals: readonly TotalRow[],
  schools: readonly { line: number; amount: Dec; nor: Dec | null; phase: string | null; status: string | null }[],
  amountAt: number,
  norAt: number | undefined,
  at: (line: number) => string,
  diagnostics: Diagnostic[],
): void {
  let since = 0;
  for (const total of totals) {
    const { kind } = total.kind;
    const line = total.row.line;
    const covered = schools.filter((s) => {
      if (s.line > line) return false;
      if (kind === 'phase') return s.phase === (total.kind as { phase: string }).phase;
      if (kind === 'status') {
        const want = total.kind as { status: string; phase?: string };
        const status = want.status === 'maintained' ? (MAINTAINED as readonly (string | null)[]).includes(s.status) : s.status === want.status;
        return status && (want.phase === undefined || s.phase === want.phase);
      }
      if (kind === 'subtotal') return s.line > since;
      return true;
    });
    since = line;
    // A national row holds more than the authority's schools: not checked.
    if (kind === 'national') continue;
    const stated = readNumber(total.row.cells[amountAt] ?? '');
    const label = total.label || 'Total';
    if (stated.ok) {
      const added = sum(covered.map((s) => s.amount));
      if (!added.equals(stated.value)) {
        const whose = kind === 'grand' ? 'the schools' : 'the schools it covers';
        diagnostics.push({
          level: 'warning',
          code: 'control-total',
          message: words`${at(line)}: the ${kind === 'grand' ? 'Total row' : `row "${label}"`} gives ${money(stated.value)} but ${whose} add up to ${money(added)}; the schools are compared, each as the table gives it (a published table's Total may have been typed or rounded on its own)`,
        });
      }
    }
    const nor = norAt === undefined ? null : readNumber(total.row.cells[norAt] ?? '');
    if (nor?.ok) {
      const added = sum(covered.flatMap((s) => (s.nor === null ? [] : [s.nor])));
      if (!added.equals(nor.value)) {
        diagnostics.push({
          level: 'warning',
          code: 'control-total',
          message: `${at(line)}: the ${kind === 'grand' ? 'Total row' : `row "${visible(label)}"`} gives NOR ${nor.value.toFixed()} but the schools${kind === 'grand' ? '' : ' it covers'} add up to ${added.toFixed()}`,
        });
      }
    }
  }
}

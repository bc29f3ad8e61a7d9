import { Dec } from '../core/decimal.js';
import { DataError, quote } from '../core/errors.js';
import { isTabbed, readTable } from './csv-records.js';
import { compact, normalisePhase, readEstablishment } from './normalise.js';
import { decode } from './decode.js';
import { readChargeTable, type ChargeTableOptions } from './charge-table.js';
import { isZip } from './xlsx.js';
import { snake } from '../core/names.js';
import { money, words } from '../core/messages.js';
import { sum } from '../core/decimal.js';
import { PHASES, STATUSES, type Diagnostic } from '../core/types.js';
import { ALL_SERVICES, type YearCharge, type YearOther, type YearRate, type YearSchool, type YearService, type YearSide } from '../core/year-on-year.js';

const AMOUNT = /^-?\d+(?:\.\d+)?$/;
// csv output neutralises text a spreadsheet would run as a formula with a leading ', and text
// that already starts with ' before such a character gets one more (render/csv.ts): so one '
// comes off exactly where one was added, and a name that really starts with ' is kept.
const NEUTRALISED = /^'+[=+\-@\t\r]/;

type Where = { file: string; line?: number; path?: string; column?: string };

/**
 * A phase or status as dedel's words: dedel writes `primary` and `academy`, but a file edited by
 * hand, or made from last year's paper, may say `Primary` or `Academy converter`. Kept as written,
 * they made a phase of their own (primary −100 %, Primary new) and a converted school unseen.
 */
function phaseWord(text: string): string | null {
  if (text === '') return null;
  if ((PHASES as readonly string[]).includes(text)) return text;
  const phase = normalisePhase(text);
  return phase === undefined || phase === 'not applicable' ? text : phase;
}
function statusWord(text: string): string | null {
  if (text === '') return null;
  if ((STATUSES as readonly string[]).includes(text)) return text;
  return readEstablishment(text)?.status ?? text;
}

/**
 * A subtotal row of `allocate --subtotals phase` (or the config's `output.subtotals`): no urn,
 * and a school cell such as `Primary subtotal`. It adds up schools already read, so it is never
 * a school: read as one, it doubled the year's Total.
 */
const isSubtotal = (urn: string, school: string) => compact(urn) === '' && /subtotal$/.test(compact(school));

/**
 * The file's own Total and subtotals against the schools it lists: an allocation edited by hand
 * (a school's total changed in Excel, the Total row left as it was) no longer adds up, and the
 * comparison, which adds up the schools, would differ from the Total printed in the file unseen.
 */
function checkTotals(
  schools: readonly { phase: string | null; total: Dec }[],
  subtotals: readonly { place: string; label: string; phase: string | null; value: Dec }[],
  stated: { place: string; value: Dec } | null,
  diagnostics: Diagnostic[],
): void {
  const totalOf = (s: { total: Dec }) => s.total;
  for (const sub of subtotals) {
    const covered = sum(schools.filter((s) => (s.phase ?? '') === (sub.phase ?? '')).map(totalOf));
    if (!covered.equals(sub.value)) {
      diagnostics.push({
        level: 'warning',
        code: 'control-total',
        message: words`${sub.place}: the subtotal "${sub.label}" gives ${money(sub.value)} but the schools of its phase add up to ${money(covered)}; the schools are compared, and a subtotal is never counted (was the file edited?)`,
      });
    }
  }
  if (stated === null) return;
  const all = sum(schools.map(totalOf));
  if (!all.equals(stated.value)) {
    diagnostics.push({
      level: 'warning',
      code: 'control-total',
      message: words`${stated.place}: the Total row gives ${money(stated.value)} but the schools add up to ${money(all)}; the schools are compared (was the file edited?)`,
    });
  }
}

function amount(text: string, where: Where): Dec {
  const t = text.trim();
  if (!AMOUNT.test(t)) throw new DataError('expected a plain number such as 2147 or 1351.50, as dedel writes it', { ...where, value: text });
  return new Dec(t);
}

const optionalAmount = (text: string | null | undefined, where: Where): Dec | null => (text === null || text === undefined || text.trim() === '' ? null : amount(text, where));
const text = (value: string | undefined) => {
  const t = (value ?? '').trim();
  return NEUTRALISED.test(t) ? t.slice(1) : t;
};

/** Whether a record is the header of dedel's csv or tsv allocate output: it has the columns school and total. */
export function isAllocationHeader(cells: readonly string[]): boolean {
  const names = cells.map((c) => c.trim());
  return names.includes('school') && names.includes('total');
}

/**
 * One year of a year-on-year comparison from dedel's csv (or tsv) allocate output. A csv does
 * not say which of its columns are services and which are bases, so it gives one amount per
 * school (its `total`), on the school's phase; NOR comes from its `nor` column. Rows listed by
 * `--all` (no total) name the schools not charged, with their status.
 */
function readCsv(source: string, file: string, label: string, diagnostics: Diagnostic[]): YearSide {
  // The census's reader and rules: tab-separated where the header (`school` … `total`) is so
  // split, whatever commas its names (`Ash, Ely Primary`), a header renamed with --header or
  // a line end of CR alone put before the first tab; and a row with extra text (`2,Beech,1,260`
  // unquoted) is an error, never an amount read from its first cells.
  const { headers, rows } = readTable(source, file, isTabbed(source, isAllocationHeader) ? '\t' : ',');
  const at = (key: string) => headers.indexOf(key);
  if (at('school') < 0 || at('total') < 0) {
    throw new DataError(
      `not an allocation written by dedel: expected the columns school and total (from dedel allocate --format csv or json); found ${headers.map(quote).join(', ') || 'nothing'}`,
      { file, line: 1 },
    );
  }
  const cell = (record: string[], key: string) => (at(key) >= 0 ? text(record[at(key)]) : '');
  const schools: YearSchool[] = [];
  const others: YearOther[] = [];
  let listsOthers = at('not_charged') >= 0;
  const subtotals: { place: string; label: string; phase: string | null; value: Dec }[] = [];
  let stated: { place: string; value: Dec } | null = null;
  const totals: { phase: string | null; total: Dec }[] = [];
  for (const { line, cells: record } of rows) {
    const urn = cell(record, 'urn');
    const school = cell(record, 'school');
    // The Total row (no urn), however its cells were spaced or marked on the way: never a school.
    if (compact(urn) === '' && compact(school) === 'total') {
      const value = optionalAmount(cell(record, 'total'), { file, line, column: 'total' });
      if (value !== null) stated = { place: `${file}:${line}`, value };
      continue;
    }
    if (isSubtotal(urn, school)) {
      const value = optionalAmount(cell(record, 'total'), { file, line, column: 'total' });
      if (value !== null) subtotals.push({ place: `${file}:${line}`, label: school, phase: phaseWord(cell(record, 'phase')), value });
      continue;
    }
    const total = optionalAmount(cell(record, 'total'), { file, line, column: 'total' });
    const status = statusWord(cell(record, 'status'));
    if (total === null) {
      listsOthers = true;
      others.push({ urn, school, status, closed: /^closed$/i.test(cell(record, 'not_charged')) });
      continue;
    }
    const phase = phaseWord(cell(record, 'phase'));
    totals.push({ phase, total });
    const charges = new Map<string, YearCharge[]>([[ALL_SERVICES.key, [{ phase: phase ?? '', amount: total }]]]);
    schools.push({ urn, school, phase, status, nor: optionalAmount(cell(record, 'nor'), { file, line, column: 'nor' }), charges, line });
  }
  checkTotals(totals, subtotals, stated, diagnostics);
  return { label, services: [{ key: ALL_SERVICES.key, name: ALL_SERVICES.name, basis: null, rates: new Map() }], schools, others: listsOthers ? others : null };
}

/**
 * One year from dedel's json allocate output: its `services` name each service's column, basis
 * and rates, so amounts come per service, each with the school's units of its basis (as
 * printed: not pro-rata by months).
 */
function readJson(source: string, file: string, label: string, diagnostics: Diagnostic[]): YearSide {
  let json: unknown;
  try {
    json = JSON.parse(source.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new DataError(`not valid JSON: ${(error as Error).message}`, { file });
  }
  const body = json as { rows?: unknown; services?: unknown; uncharged?: unknown };
  if (typeof json !== 'object' || json === null || !Array.isArray(body.rows)) {
    throw new DataError('not an allocation written by dedel: expected an object with "rows" (from dedel allocate --format json)', { file });
  }
  const str = (value: unknown, path: string): string | null => {
    if (value === null || value === undefined) return null;
    if (typeof value === 'string') return value;
    if (typeof value === 'number') return String(value);
    throw new DataError('expected a number as a string', { file, path, value: JSON.stringify(value) });
  };
  const declared = Array.isArray(body.services) ? (body.services as Record<string, unknown>[]) : [];
  const columns = declared.map((s, i) => {
    if (typeof s?.column !== 'string' || typeof s.name !== 'string') throw new DataError('expected a service with "name" and "column"', { file, path: `services[${i}]` });
    return { column: s.column, name: s.name, basis: typeof s.basis === 'string' ? s.basis : null, rates: Array.isArray(s.rates) ? (s.rates as Record<string, unknown>[]) : [] };
  });
  // Every row of dedel's allocation has `total` (null on a row --all lists as not charged), as
  // its csv has the column. A row without it is not allocate's (convert's rows, or an allocation
  // written with --columns or --header leaving it out): read as not charged, every school of
  // the year counted as 0 and the other year's all "opened", under a warning alone.
  const rowsAt = body.rows as unknown[];
  rowsAt.forEach((raw, i) => {
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw) || 'total' in raw) return;
    const keys = Object.keys(raw);
    throw new DataError(
      `not an allocation written by dedel: expected each row to have "total" (from dedel allocate --format json, with no --columns or --header that leaves it out); found ${keys.map(quote).join(', ') || 'nothing'}`,
      { file, path: `rows[${i}]` },
    );
  });
  // A service named in `services` whose column the rows lack (an allocation written with
  // --columns or --header: the services stay listed) gave every school 0 for it. Such a file
  // is read as its csv is: each school's total, as one service.
  const charged = rowsAt.filter((raw): raw is Record<string, unknown> => typeof raw === 'object' && raw !== null && (raw as Record<string, unknown>).total !== null && (raw as Record<string, unknown>).subtotal !== true);
  const single = columns.length === 0 || columns.some((c) => charged.some((r) => !(c.column in r)));
  const schools: YearSchool[] = [];
  const others: YearOther[] = [];
  let listsOthers = Array.isArray(body.uncharged);
  const subtotals: { place: string; label: string; phase: string | null; value: Dec }[] = [];
  const totals: { phase: string | null; total: Dec }[] = [];
  body.rows.forEach((raw: unknown, i: number) => {
    const path = `rows[${i}]`;
    if (typeof raw !== 'object' || raw === null) throw new DataError('expected a row object', { file, path });
    const r = raw as Record<string, unknown>;
    if (typeof r.school !== 'string') throw new DataError('expected "school" as text', { file, path: `${path}.school` });
    const urn = typeof r.urn === 'string' ? r.urn.trim() : '';
    const status = typeof r.status === 'string' ? statusWord(r.status.trim()) : null;
    const total = optionalAmount(str(r.total, `${path}.total`), { file, path: `${path}.total` });
    // A phase's subtotal (`"subtotal": true`) adds up schools already listed: never a school.
    if (r.subtotal === true || isSubtotal(urn, r.school)) {
      if (total !== null) subtotals.push({ place: `${file}: at ${path}`, label: r.school.trim(), phase: typeof r.phase === 'string' ? phaseWord(r.phase.trim()) : null, value: total });
      return;
    }
    if (total === null) {
      listsOthers = true;
      others.push({ urn, school: r.school.trim(), status, closed: r.not_charged === 'closed' });
      return;
    }
    const phase = typeof r.phase === 'string' ? phaseWord(r.phase.trim()) : null;
    totals.push({ phase, total });
    const charges = new Map<string, YearCharge[]>();
    if (single) charges.set(ALL_SERVICES.key, [{ phase: phase ?? '', amount: total }]);
    if (!single) columns.forEach((c) => {
      const value = optionalAmount(str(r[c.column], `${path}.${c.column}`), { file, path: `${path}.${c.column}` });
      if (value === null) return;
      const units = c.basis === 'school' ? new Dec(1) : c.basis ? optionalAmount(str(r[c.basis], `${path}.${c.basis}`), { file, path: `${path}.${c.basis}` }) : null;
      charges.set(snake(c.name), [{ phase: phase ?? '', amount: value, units }]);
    });
    schools.push({ urn, school: r.school.trim(), phase, status, nor: optionalAmount(str(r.nor, `${path}.nor`), { file, path: `${path}.nor` }), charges });
  });
  if (Array.isArray(body.uncharged)) {
    for (const u of body.uncharged as Record<string, unknown>[]) {
      const urn = typeof u?.urn === 'string' ? u.urn : '';
      const school = typeof u?.school === 'string' ? u.school : '';
      if (others.some((o) => o.urn === urn && o.school === school)) continue;
      const reason = typeof u?.reason === 'string' ? u.reason : '';
      others.push({ urn, school, status: /^academy:/.test(reason) ? 'academy' : null, closed: reason === 'closed' });
    }
  }
  const totalRow = body as { total?: { total?: unknown } };
  const statedText = typeof totalRow.total === 'object' && totalRow.total !== null ? str(totalRow.total.total, 'total.total') : null;
  const stated = statedText === null ? null : { place: `${file}: at total.total`, value: amount(statedText, { file, path: 'total.total' }) };
  checkTotals(totals, subtotals, stated, diagnostics);
  const services: YearService[] = single
    ? [{ key: ALL_SERVICES.key, name: ALL_SERVICES.name, basis: null, rates: new Map() }]
    : columns.map((c, k) => {
        const rates = new Map<string, YearRate>();
        c.rates.forEach((r, j) => {
          const phase = typeof r.phase === 'string' ? r.phase : '';
          if (phase === 'all') return;
          rates.set(phase, { rate: optionalAmount(str(r.rate, `services[${k}].rates[${j}].rate`), { file, path: `services[${k}].rates[${j}].rate` }), units: null });
        });
        return { key: snake(c.name), name: c.name, basis: c.basis, rates };
      });
  return { label, services, schools, others: listsOthers ? others : null };
}

/** The text of an input that is not a workbook, with an error where it is empty. */
function sourceOf(bytes: Uint8Array, file: string, diagnostics: Diagnostic[]): string {
  const { text: source, diagnostics: decoding } = decode(bytes, file);
  diagnostics.push(...decoding);
  // Nothing at all: in a pipeline (`dedel allocate … -f csv | dedel compare - b.csv`) the command
  // before failed, and "found nothing" under "not an allocation" did not say so.
  if (source.replace(/^\uFEFF/, '').trim() === '') {
    const piped = file === '<stdin>' ? ' (did the command writing to it fail?)' : '';
    throw new DataError(`the file is empty${piped}: expected an allocation written by dedel allocate --format csv, tsv or json`, { file });
  }
  return source.replace(/^\uFEFF/, '');
}

/**
 * One year of a comparison from an output of `dedel allocate` (csv, tsv or json). Warnings (a
 * Total row or subtotal that no longer adds up to the schools listed) go into `diagnostics`.
 */
export function readAllocationYear(bytes: Uint8Array, file: string, label: string, diagnostics: Diagnostic[] = []): YearSide {
  const source = sourceOf(bytes, file, diagnostics);
  return source.trimStart().startsWith('{') ? readJson(source, file, label, diagnostics) : readCsv(source, file, label, diagnostics);
}

/** Whether a csv's (or tsv's) first line is the header of dedel's allocate output: `school` and `total` among its names. */
function ownHeader(source: string): boolean {
  const delimiter = isTabbed(source, isAllocationHeader) ? '\t' : ',';
  const first = source.split(/\r\n|\r|\n/).find((line) => line.trim() !== '') ?? '';
  return isAllocationHeader(first.split(delimiter).map((cell) => cell.trim().replace(/^"(.*)"$/, '$1')));
}

/**
 * One year of `dedel compare`: an output of `dedel allocate`, read as `readAllocationYear`
 * reads it, or a table of charges dedel did not write (last year's published Appendix B, as
 * CSV, tab-separated text or .xlsx: charge-table.ts). `own` says which it was, `workbook`
 * whether it was a workbook: the table's `sheet` is read from a workbook only.
 */
export function readComparedYear(bytes: Uint8Array, file: string, label: string, diagnostics: Diagnostic[], table: ChargeTableOptions = {}): { side: YearSide; own: boolean; workbook: boolean } {
  if (isZip(bytes)) return { side: readChargeTable(bytes, file, label, diagnostics, table), own: false, workbook: true };
  const { sheet: _sheet, ...text } = table;
  const notes: Diagnostic[] = [];
  const source = sourceOf(bytes, file, notes);
  if (source.trimStart().startsWith('{')) {
    diagnostics.push(...notes);
    return { side: readJson(source, file, label, diagnostics), own: true, workbook: false };
  }
  if (ownHeader(source)) {
    diagnostics.push(...notes);
    return { side: readCsv(source, file, label, diagnostics), own: true, workbook: false };
  }
  // The census reader decodes the bytes again, and says how it read them.
  return { side: readChargeTable(bytes, file, label, diagnostics, text), own: false, workbook: false };
}

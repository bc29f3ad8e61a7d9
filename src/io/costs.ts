import { dirname, isAbsolute, join } from 'node:path';
import { hiddenColumnsWarning, hiddenRowsWarning, inSheetTerms, isZip, readSheet, roundedWarning, rowPlace, staleFormulasWarning, type RoundedCell } from './xlsx.js';
import { countedNotTakenOff, isLess, priceCosts, targetLinesOf, type CostInput, type CostLine, type CostPlan } from '../core/costs.js';
import { Dec, fractionOf, sum } from '../core/decimal.js';
import { DataError, quote } from '../core/errors.js';
import { listed, money, words } from '../core/messages.js';
import type { Diagnostic } from '../core/types.js';
import type { ConfigInput, ServiceInput } from './config-schema.js';
import { isTabbed, readTable, type CsvTable } from './csv-records.js';
import { TITLE_ROWS, filled, headerIndex, headingsWarning, notesWarning, semicolonError, semicolonHeader, titlesWarning } from './header-row.js';
import type { ResolvedServiceInput } from './plan.js';
import { decode, type Encoding } from './decode.js';
import { jsonNotTable } from './sniff.js';
import { compact } from './normalise.js';
import { MAX_DIGITS, digitsOf, pointGrouped, pointGroupedMoney, readNumber } from './numbers.js';

type CostField = 'item' | 'description' | 'quantity' | 'unit_cost' | 'times' | 'total';

/** A record of the plan with the line (a sheet's row) it starts on. */
type Row = { line: number; cells: string[] };

/** Header aliases of a cost plan, compared after `compact` (case, spaces, punctuation and £ ignored). */
const COST_ALIASES: Record<CostField, readonly string[]> = {
  // Papers head the item column with what it buys: Sefton's is "Financial support".
  item: ['item', 'items', 'name', 'line', 'financial support', 'activity', 'expenditure', 'cost heading', 'budget heading', 'heading', 'cost item', 'element', 'cost element', 'budget line'],
  // The working as the paper words it ("66 visits @ £250 per visit"): kept, never priced.
  description: ['description', 'costings', 'costing', 'details', 'calculation', 'notes'],
  quantity: ['quantity', 'qty', 'number', 'count'],
  unit_cost: ['unit cost', 'unit_cost', 'cost each', 'unit price', 'price', 'cost'],
  times: ['times', 'multiplier', 'frequency', 'occurrences'],
  total: ['total', 'amount', 'total cost', 'line total', 'costs', 'budget', 'total budget', 'annual cost', 'total amount', 'value'],
};

/** Words for a unit cost that a plan with no quantity column uses for each line's whole cost (`Item, Cost £`). */
const LINE_COST = new Set(['cost', 'price']);

const FIELD_OF = new Map<string, CostField>();
for (const [field, aliases] of Object.entries(COST_ALIASES) as [CostField, readonly string[]][]) {
  for (const alias of aliases) FIELD_OF.set(compact(alias), field);
}

/** The columns of a plan's figures, priced. */
const FIGURES: ReadonlySet<CostField> = new Set(['quantity', 'unit_cost', 'times', 'total']);

/** The field a cost plan's header names, if any; a header of `£` alone is the lines' total. */
function fieldOf(header: string): CostField | undefined {
  const c = compact(header.replace(/\u00a3/g, ''));
  return c === '' && header.includes('\u00a3') ? 'total' : FIELD_OF.get(c);
}

const TOTAL_NAMES = new Set(['total', 'totals', 'grand total']);

/** `Subtotal`, `Sub-total`, `Staffing sub total`: a block's own total. */
const SUBTOTAL = /\bsub[\s-]?totals?\b/i;
/** `Total staffing`, `Staffing total`, `Total:`: a total of some lines, never a cost (unless it has a unit cost). */
const TOTAL_WORD = /\btotals?\b/i;

/**
 * A subtotal line of a cost plan (`Subtotal`, `Staffing total`): checked against the lines it
 * covers, those since the previous subtotal (`from`, `to`: their indexes among the inputs),
 * never counted. `whole`: a total not called a subtotal (`Total staffing`), which may be the
 * total of every line above it instead.
 */
export interface Subtotal {
  item: string;
  value: Dec;
  line: number;
  from: number;
  to: number;
  /** The line of the previous subtotal, where there is one. */
  after?: number;
  whole: boolean;
}

export interface CostPlanRead {
  inputs: CostInput[];
  /** A `Total` line in the file, checked against the lines (a warning when it differs). */
  statedTotal: { value: Dec; line: number } | null;
  /** Subtotal lines (`Subtotal`, `Staffing total`), each checked against the lines it covers. */
  subtotals?: Subtotal[];
  /** A workbook's sheet the plan is read from: its lines are that sheet's rows. */
  sheet?: string;
  diagnostics: Diagnostic[];
}

/**
 * How a cost plan's file is read, as a census's is (README "costs"): a workbook's sheet
 * (`--sheet`, or a config's `costs.sheet`; the first not hidden where not given) and a text
 * file's encoding (`--encoding`, `costs.encoding`; detected where not given).
 */
export interface PlanReading {
  sheet?: string;
  encoding?: Encoding;
}

/**
 * Reads a cost plan CSV: columns `item`, `quantity`, `unit_cost`, `times` (default 1) or
 * `total`. Numbers are read exactly (`£20,000`); a negative or unreadable one is an error
 * naming file, line, column and value. Blank lines are skipped; a line whose item is `Total`
 * is the file's own total, not a cost.
 */
export function readCostPlan(bytes: Uint8Array, file: string, how: PlanReading = {}): CostPlanRead {
  const { header: first, headers, rows, sheet, diagnostics } = planRecords(bytes, file, how);
  if (!first) throw new DataError('the file is empty: expected a header row (item,quantity,unit_cost,times,total) and at least one line', { file });
  // A header `item;quantity;unit_cost` is a European-locale CSV: said as the census reader says it.
  if (sheet === undefined && !headers.some((h) => fieldOf(h) === 'item') && semicolonHeader(first, (r) => r.cells.some((h) => fieldOf(h) !== undefined))) throw semicolonError(first, file);
  const columns = new Map<CostField, number>();
  headers.forEach((header, i) => {
    const field = fieldOf(header);
    if (!field) return;
    const before = columns.get(field);
    if (before !== undefined) {
      throw new DataError(`the columns ${quote(headers[before] ?? '')} and ${quote(header)} could both be ${field}; rename one`, { file, line: first.line });
    }
    columns.set(field, i);
  });
  const found = headers.map(quote).join(', ');
  // A plan headed only "Description" names its items there.
  if (!columns.has('item') && columns.has('description')) {
    columns.set('item', columns.get('description')!);
    columns.delete('description');
  }
  if (!columns.has('item')) throw new DataError(`no item column; found ${found}; expected item,quantity,unit_cost,times,total`, { file, line: first.line });
  // `Cost` with no quantity and no total beside it is each line's cost, not a price per unit.
  const cost = columns.get('unit_cost');
  if (cost !== undefined && !columns.has('quantity') && !columns.has('total') && LINE_COST.has(compact((headers[cost] ?? '').replace(/\u00a3/g, '')))) {
    columns.set('total', cost);
    columns.delete('unit_cost');
  }
  if (!columns.has('total') && !(columns.has('quantity') && columns.has('unit_cost'))) {
    throw new DataError(`no quantity and unit_cost columns, and no total column; found ${found}`, { file, line: first.line });
  }
  const headerOf: CostInput['headers'] = {};
  for (const field of ['quantity', 'unit_cost', 'times', 'total'] as const) {
    const at = columns.get(field);
    if (at !== undefined) headerOf[field] = headers[at];
  }

  const inputs: CostInput[] = [];
  let statedTotal: CostPlanRead['statedTotal'] = null;
  // Headings over blocks of lines (`Staffing`, alone on its row, no figure) are not costs, as a
  // census's headings are not schools: held until a line with figures follows them, so a last
  // line whose figure was forgotten (followed by the Total, or nothing) is still an error.
  const headings: Row[] = [];
  const heldHeadings: Row[] = [];
  const subtotals: Subtotal[] = [];
  let since = 0;
  let after: number | undefined;
  // Lines below the Total line with no figure (`Source: forum paper, 12 January`) are notes, as
  // below a census's Total row; a line with a figure after them makes them lines after all.
  const notes: Row[] = [];
  const figures = (['quantity', 'unit_cost', 'times', 'total'] as const).flatMap((field) => columns.get(field) ?? []);
  // Rows held as headings that no line with figures follows: the first is a line with its figure missing.
  const headingsFinished = (): void => {
    const lone = heldHeadings[0];
    if (lone === undefined) return;
    const item = lone.cells.find((c) => c.trim() !== '')!.trim();
    throw new DataError(`"${item}" has neither quantity × unit cost nor a total; give one`, { file, line: lone.line });
  };
  const read = (row: Row): void => {
    const { line, cells: record } = row;
    const cell = (field: CostField) => {
      const at = columns.get(field);
      return at === undefined ? '' : (record[at] ?? '').trim();
    };
    const number = (field: Exclude<CostField, 'item' | 'description'>): Dec | null => {
      const value = cell(field);
      // A quantity written as a percentage (`50%`, half a post, as a workbook's 0.5 shown 0%
      // reads) is that fraction of it: the plan's own sum, quantity times unit cost, takes it so.
      const share = field === 'quantity' || field === 'times' ? /^(\d+(?:\.\d+)?)\s*%$/.exec(value) : null;
      const reading = share ? ({ ok: true, value: fractionOf(new Dec(share[1]!)) } as const) : readNumber(value);
      if (reading.ok && digitsOf(reading.value) > MAX_DIGITS) {
        throw new DataError(`${digitsOf(reading.value)} digits are more than dedel keeps exact (at most ${MAX_DIGITS}, counting integer digits and decimal places); round it to fewer digits`, {
          file,
          line,
          column: headerOf[field] ?? field,
          value,
        });
      }
      // A sum of money to three places (`20.000`): £20,000 as a European region writes it, or £20.
      if (reading.ok && (field === 'unit_cost' || field === 'total') && pointGrouped(value)) {
        throw new DataError(pointGroupedMoney(value), { file, line, column: headerOf[field] ?? field, value });
      }
      if (reading.ok) return reading.value;
      if (reading.problem === 'blank') return null;
      // A credit typed as -500 or (500): dedel takes a line off by its item, `less: credit note` with 500.
      // The amount without its minus sign or accounting brackets (`-£5,000`, `(£5,000)`).
      const size = value.trim().replace(/^[-\u2212]\s*|^\((.*)\)$/, '$1').trim();
      const signed = field === 'total' && size !== value.trim() && readNumber(size).ok;
      const credit = !signed
        ? ''
        : isLess(cell('item'))
          ? `; a "less:" line is taken off already: give the amount taken off as 0 or more (${size})`
          : `; to take an amount off, give it as 0 or more on a line whose item starts "less:" (less: ${cell('item') || 'credit'})`;
      throw new DataError(`${reading.problem === 'negative' ? 'a negative amount' : 'not a number'}; expected a number of 0 or more${credit}`, {
        file,
        line,
        column: headerOf[field] ?? field,
        value,
      });
    };
    const item = cell('item');
    if (TOTAL_NAMES.has(item.toLowerCase())) {
      headingsFinished();
      const value = number('total');
      if (value !== null) statedTotal = { value, line };
      return;
    }
    // A subtotal has no unit cost: `Total Communication training` priced 2 × £250 is a cost.
    const sub = SUBTOTAL.test(item);
    if (!isLess(item) && (sub || (TOTAL_WORD.test(item) && cell('unit_cost') === ''))) {
      headingsFinished();
      const value = number('total');
      if (value !== null) subtotals.push({ item, value, line, from: since, to: inputs.length, ...(after !== undefined ? { after } : {}), whole: !sub });
      since = inputs.length;
      after = line;
      return;
    }
    // A heading: one cell with text and no figure (never `less:`, a line taken off with its figure
    // missing). Below the Total line such a row is a note, or (a line with figures after it) a line.
    if (statedTotal === null && filled(row) === 1 && figures.every((at) => (record[at] ?? '').trim() === '') && !isLess(item)) {
      heldHeadings.push(row);
      return;
    }
    headings.push(...heldHeadings.splice(0));
    inputs.push({
      item,
      ...(columns.has('description') ? { description: cell('description') } : {}),
      quantity: number('quantity'),
      unitCost: number('unit_cost'),
      times: number('times'),
      total: number('total'),
      where: { file, line },
      headers: headerOf,
    });
  };
  for (const row of rows) {
    if (statedTotal !== null && figures.every((at) => (row.cells[at] ?? '').trim() === '')) {
      notes.push(row);
      continue;
    }
    for (const held of notes.splice(0)) read(held);
    read(row);
  }
  headingsFinished();
  const place = sheet === undefined ? file : `${file}: sheet "${sheet}"`;
  if (headings.length) diagnostics.push(headingsWarning(place, headings, sheet === undefined ? 'line' : 'row', 'cost line'));
  if (notes.length) diagnostics.push(notesWarning(place, notes, sheet === undefined ? 'line' : 'row'));
  if (inputs.length === 0) throw new DataError('no cost lines: expected at least one line after the header', { file });
  return { inputs, statedTotal, ...(subtotals.length ? { subtotals } : {}), ...(sheet !== undefined ? { sheet } : {}), diagnostics };
}

/**
 * A cost plan's records with the line each starts on: from CSV (or tab-separated text, told
 * as the census reader tells it), or from the sheet of an .xlsx workbook the census reader
 * would read (its row numbers as lines, its hidden rows said in a warning as a census's are).
 * The header may be below titles, as a census's may (header-row.ts), said in a warning.
 */
function planRecords(bytes: Uint8Array, file: string, how: PlanReading): CsvTable & { sheet?: string; diagnostics: Diagnostic[] } {
  if (isZip(bytes)) {
    const book = readSheet(bytes, file, how.sheet);
    const at = headerIndex(book.records, isPlanHeader);
    const [header, ...rest] = book.records.slice(at);
    const rows = rest.filter((r) => !r.cells.every((cell) => cell.trim() === ''));
    const place = `${file}: sheet "${book.sheet}"`;
    const diagnostics: Diagnostic[] = [];
    if (header && at > 0) diagnostics.push(titlesWarning(place, header.line, book.records.slice(0, at), 'row'));
    const hidden = book.hidden.filter((line) => line > (header?.line ?? 1));
    if (hidden.length) diagnostics.push(hiddenRowsWarning(place, hidden, book.filtered));
    if (book.stale) diagnostics.push(staleFormulasWarning(place, book.stale));
    // A figure its number format shows rounded (a unit cost of 39,999.60 under `£#,##0` shows £40,000): priced as held, and said.
    const figures = new Set((header?.cells ?? []).flatMap((h, i) => (FIGURES.has(fieldOf(h.trim()) ?? 'item') ? [i] : [])));
    const rounded = new Map<number, RoundedCell[]>();
    for (const cell of book.rounded ?? []) {
      if (cell.line <= (header?.line ?? 1) || !figures.has(cell.column)) continue;
      const cells = rounded.get(cell.column);
      if (cells) cells.push(cell);
      else rounded.set(cell.column, [cell]);
    }
    for (const [column, cells] of [...rounded].sort((a, b) => a[0] - b[0])) diagnostics.push(roundedWarning(place, header?.cells[column]?.trim() ?? '', cells));
    // A column read (the item, its description, its figures) that the sheet hides: the officer sees the one beside it.
    const read = (book.hiddenColumns ?? []).flatMap((index) => {
      const field = fieldOf(header?.cells[index]?.trim() ?? '');
      return field === undefined ? [] : [{ index, header: header?.cells[index]?.trim() ?? '', field }];
    });
    if (read.length) diagnostics.push(hiddenColumnsWarning(place, read, true));
    return { header, headers: (header?.cells ?? []).map((h) => h.trim()), rows, sheet: book.sheet, diagnostics };
  }
  // A sheet named for a text file is refused, as a census's is: the plan read would not be the one meant.
  if (how.sheet !== undefined) throw new DataError(`--sheet ${how.sheet}: the file is not an .xlsx workbook; --sheet is for workbooks`, { file });
  const { text, diagnostics } = decode(bytes, file, how.encoding);
  const json = jsonNotTable(text, file, 'a cost plan');
  if (json) throw json;
  // The census's reader and rules: a line with extra text (`Consultancy,£20,000` unquoted)
  // is an error, never a total read from its first cells.
  const table = readTable(text, file, isTabbed(text, (cells) => isPlanHeader({ cells }), TITLE_ROWS + 1) ? '\t' : ',', (records) => headerIndex(records, isPlanHeader));
  if (table.header && table.titles?.length) diagnostics.push(titlesWarning(file, table.header.line, table.titles));
  return { ...table, diagnostics };
}

/** Whether a record could be a cost plan's header, below titles: a cell names its item column (`Item`, `Financial support`, `Description`). */
function isPlanHeader(record: { cells: readonly string[] }): boolean {
  return record.cells.some((cell) => {
    const field = fieldOf(cell);
    return field === 'item' || field === 'description';
  });
}

/** Reads and prices a cost plan; warns when the file's own Total line differs from the lines. */
export function costPlanFrom(bytes: Uint8Array, file: string, how: PlanReading = {}): { plan: CostPlan; diagnostics: Diagnostic[] } {
  // A workbook's errors name its sheet and cell rather than a line and column.
  const { read, plan } = inSheetTerms(
    bytes,
    file,
    how.sheet,
    () => {
      const read = readCostPlan(bytes, file, how);
      return { read, plan: priceCosts(read.inputs, read.sheet === undefined ? {} : { place: `${file}: sheet "${read.sheet}"`, unit: 'row' }) };
    },
    isPlanHeader,
  );
  const diagnostics = [...read.diagnostics];
  const where = { file, ...(read.sheet !== undefined ? { sheet: read.sheet } : {}) };
  const unit = read.sheet === undefined ? 'line' : 'row';
  // A lump sum that is exactly the lines above it (two or more) is their total under another name
  // (`Sum`, `Overall`, `Net cost`): counted as a cost it doubled the target, with nothing said.
  for (let k = 2; k < read.inputs.length; k++) {
    const input = read.inputs[k]!;
    if (input.unitCost !== null || input.quantity !== null || input.total === null || input.total.isZero() || isLess(input.item)) continue;
    const above = plan.lines.slice(0, k);
    if (above.some((l) => l.total.isNegative()) || !input.total.equals(sum(above.map((l) => l.total)))) continue;
    throw new DataError(
      words`${rowPlace(where, input.where?.line ?? 0)}: "${input.item}" gives ${money(input.total)}, exactly the ${unit}s above it: if it is their total, call it "Total" (it is then checked, never counted); if it is a cost, give its quantity and unit cost (1 \u00d7 ${money(input.total)})`,
    );
  }
  for (const sub of read.subtotals ?? []) {
    const covered = sum(plan.lines.slice(sub.from, sub.to).map((l) => l.total));
    // `Total staffing` below two blocks may be the total of both: of every line above it.
    if (sub.value.equals(covered) || (sub.whole && sub.value.equals(sum(plan.lines.slice(0, sub.to).map((l) => l.total))))) continue;
    const lines = sub.after === undefined ? `the ${unit}s above it` : `the ${unit}s since the subtotal on ${unit} ${sub.after}`;
    // A line with "total" in its name, a figure and no unit cost that totals nothing above it may
    // be a cost of its own (`Licence total`, £5,000): left out as a subtotal it would take £5,000
    // off the target with a warning only, so the officer is asked which it is.
    if (sub.whole) {
      const above = sum(plan.lines.slice(0, sub.to).map((l) => l.total));
      const adds = sub.after === undefined ? words`the ${unit}s above it add up to ${money(covered)}` : words`${lines} add up to ${money(covered)} and every ${unit} above it to ${money(above)}`;
      throw new DataError(
        words`${rowPlace(where, sub.line)}: "${sub.item}" gives ${money(sub.value)} with no unit cost, as a subtotal would, but ${adds}; if it is a cost, give its quantity and unit cost (1 \u00d7 ${money(sub.value)}); if it is a subtotal, call it "Subtotal" and check its figure`,
      );
    }
    diagnostics.push({
      level: 'warning',
      code: 'control-total',
      message: words`${rowPlace(where, sub.line)}: the subtotal "${sub.item}" gives ${money(sub.value)} but ${lines} add up to ${money(covered)}; a subtotal is checked, never counted`,
    });
  }
  const stated = read.statedTotal;
  // Lines below the Total line: `less:` lines make the Total a gross figure, and the plan's Total
  // the net; a cost there, under a Total that is the lines above it, is in no total the file
  // shows, and whether it belongs in the plan only its author knows.
  const below = stated === null ? -1 : read.inputs.findIndex((input) => (input.where?.line ?? 0) > stated.line);
  const aboveIt = stated === null ? false : stated.value.equals(sum(plan.lines.slice(0, below < 0 ? plan.lines.length : below).map((l) => l.total)));
  if (stated !== null && below >= 0 && aboveIt) {
    const cost = read.inputs.slice(below).find((input) => !isLess(input.item));
    if (cost !== undefined) {
      throw new DataError(
        words`${rowPlace(where, cost.where?.line ?? 0)}: "${cost.item}" comes after the Total line (${unit} ${stated.line}), whose ${money(stated.value)} is the ${unit}s above it, so it is in no total the plan shows; if it is a cost, move it above the Total line and correct the Total; if it is not, delete it`,
      );
    }
  }
  if (stated !== null && !stated.value.equals(plan.total) && !(below >= 0 && aboveIt)) {
    diagnostics.push({
      level: 'warning',
      code: 'control-total',
      message: words`${rowPlace(where, stated.line)}: the Total line gives ${money(stated.value)} but the lines add up to ${money(plan.total)}${takenOffHint(countedNotTakenOff(plan.lines, stated.value, plan.total))}`,
    });
  }
  return { plan, diagnostics };
}

/** What a Total line's difference says, where lines that name money coming in explain it: they were counted as costs. */
function takenOffHint(lines: readonly CostLine[]): string {
  if (lines.length === 0) return '';
  const names = listed(lines.map((l) => quote(l.item)));
  const them = lines.length === 1 ? 'it is' : 'they are';
  return `, as if ${names} ${lines.length === 1 ? 'were' : 'were each'} taken off: dedel counts ${lines.length === 1 ? 'it as a cost' : 'them as costs'}; if ${them} taken off, write "less:" before ${lines.length === 1 ? 'its' : 'each'} name (${quote(`less: ${lines[0]!.item}`)})`;
}

/** A config's `costs`: the plan's path (as written, relative to the config) and how it is read (`{ "file", "sheet", "encoding" }`). */
export function costsSource(costs: NonNullable<ServiceInput['costs']>): { file: string; how: PlanReading } {
  if (typeof costs === 'string') return { file: costs, how: {} };
  return { file: costs.file, how: { ...(costs.sheet !== undefined ? { sheet: costs.sheet } : {}), ...(costs.encoding !== undefined ? { encoding: costs.encoding } : {}) } };
}

/**
 * A service with `"costs": "plan.csv"` takes its target from that cost plan's total. The
 * path is relative to the config file; the core only ever sees the target.
 */
export async function applyCostPlans(
  config: ConfigInput,
  configFile: string,
  read: (path: string, name: string) => Promise<Uint8Array>,
): Promise<{ config: ConfigInput; diagnostics: Diagnostic[] }> {
  const services = config.services ?? [];
  if (!services.some((s) => s.costs !== undefined)) return { config, diagnostics: [] };
  // A plan is found beside the config, and named as the user would name it from where dedel
  // runs (`fixtures/paper/costs-2024.csv`), never by an absolute path made here: a workbook's
  // Inputs sheet lists it so, and stays the same wherever the folder is.
  const beside = (file: string) => (isAbsolute(file) || configFile === '-' ? file : join(dirname(configFile), file));
  // Named in messages as a census read from standard input is.
  const configName = configFile === '-' ? '<stdin>' : configFile;
  const diagnostics: Diagnostic[] = [];
  const resolved = [];
  for (const [i, service] of services.entries()) {
    if (service.costs === undefined) {
      resolved.push(service);
      continue;
    }
    const path = `services[${i}].costs`;
    if (service.target !== undefined || service.rate !== undefined) {
      throw new DataError(`service "${service.name}" has costs and a ${service.target !== undefined ? 'target' : 'rate'}; the cost plan's total is the target, so give one`, {
        file: configName,
        path,
      });
    }
    const { file, how } = costsSource(service.costs);
    let bytes: Uint8Array;
    try {
      bytes = await read(beside(file), file);
    } catch (error) {
      // The reader names the absolute path; the user wrote the relative one.
      const why = (error as Error).message.split(': ').pop();
      // A config on standard input has no folder: its plans are found from the current one.
      const from = isAbsolute(file) ? '' : configFile === '-' ? ' (relative to the current folder: the config was read from standard input)' : ' (relative to the config file)';
      throw new DataError(`cannot read the cost plan ${file}${from}: ${why}`, { file: configName, path });
    }
    if (how.sheet !== undefined && !isZip(bytes)) {
      throw new DataError(`the cost plan ${file} is not an .xlsx workbook, so it has no sheet "${how.sheet}"; leave out "sheet" (it is for workbooks)`, { file: configName, path: `${path}.sheet` });
    }
    const { plan, diagnostics: found } = costPlanFrom(bytes, file, how);
    diagnostics.push(...found);
    const costLines = targetLinesOf(plan, `Costs (${file})`);
    resolved.push({ ...service, target: plan.total.toFixed(), costLines } satisfies ResolvedServiceInput);
  }
  return { config: { ...config, services: resolved }, diagnostics };
}

import type { Allocation } from '../core/allocate.js';
import { basisOf } from '../core/charge.js';
import { placesOf } from '../core/decimal.js';
import { describeRounding, grouped, pencePlaces, pounds } from './format.js';
import { ratio, rowRest, rowSum, subtotalSums, totalSums } from './formulas.js';
import type { Cell, Column, DocDiagnostics, Formula, TableDoc } from './model.js';
import { snake } from '../core/names.js';
import { basesOf, basisLabel } from '../core/charge.js';
import { partGroupTotal, partGroups, partTotal, type OptionColumn } from '../core/parts.js';
import { subtotalsByPhase } from '../core/subtotals.js';
import { phaseLabel } from './cells.js';

export interface AllocationDocOptions extends DocDiagnostics {
  title?: string;
  /** Options priced beside the one charged (`compareOptions`): a column each and the difference per school. */
  alternatives?: readonly OptionColumn[];
  /** List uncharged schools with the reason (`--all`). */
  all?: boolean;
  /** A subtotal row after each phase's schools (`--subtotals phase`), the rows grouped by phase. */
  subtotals?: 'phase';
}

/** Notes on how one service was rounded, for the footnote of human formats. */
export function roundingNote(result: Allocation['services'][number]): string {
  const { service, exactTotal, expected, total } = result;
  const { unit, mode, foot } = service.rounding;
  const dp = placesOf(unit);
  const rule =
    foot === 'none'
      ? `each school rounded ${describeRounding(unit, mode)} on its own; the Total row adds up the rounded rows`
      : `rounded to £${grouped(unit, dp)} by largest remainder so the rows add up to ${pounds(expected, dp)}`;
  const rounded = exactTotal.equals(expected) ? '' : ` (${pounds(expected, dp)} rounded)`;
  const differs = foot === 'none' && !total.equals(expected) ? `; the rows add up to ${pounds(total, dp)}` : '';
  return `${service.name}: ${rule}. Exact total ${pounds(exactTotal)}${rounded}${differs}.${targetNote(result)}`;
}

/** How an option was rounded (as a service is: its rows were published without a word of it) and compares with the one charged, for the footnote. */
export function optionNote(o: OptionColumn, charged: Allocation['services'][number]): string {
  const sign = o.difference.isNegative() ? '' : '+';
  const name = charged.service.name;
  return `Option ${roundingNote(o.result)} ${o.name}: ${pounds(o.total)} against ${pounds(charged.total)} for ${name}, the option charged; difference = ${o.name} − ${name}, school by school, adding up to ${sign}${pounds(o.difference)}, the difference of the totals.`;
}

/** A rate solved from a target: what the printed rows recover against it. */
function targetNote(result: Allocation['services'][number]): string {
  const { target, difference } = result;
  if (target === undefined || difference === undefined) return '';
  const dp = placesOf(result.service.rounding.unit);
  // Rates to at most 4 dp, as human formats print them (README: Choices); a longer one says so.
  const shown = result.rates.filter((r) => r.rate !== null);
  const cut = shown.some((r) => r.rate!.decimalPlaces() > 4) ? ' (to 4 dp)' : '';
  const rates =
    shown.map((r) => `${r.phase ?? 'all phases'} ${r.rate!.isNegative() ? '-' : ''}£${grouped(r.rate!.abs(), Math.max(2, Math.min(4, r.rate!.decimalPlaces())))}`).join(', ') + cut;
  const sign = difference.isNegative() ? '' : '+';
  // A difference from a target in pence keeps its pence (-£0.50, not -£0.5).
  return ` Rates ${rates} solved from a target of ${pounds(target)}; the rows recover ${pounds(result.total, dp)}, difference ${sign}${pounds(difference, Math.max(dp, pencePlaces(difference)))}.`;
}

/** Per service, for JSON: its column, basis, rounding and rates, with target and difference where solved. */
function servicesJson(result: Allocation): Record<string, unknown>[] {
  return result.services.map((r) => ({
    name: r.service.name,
    column: snake(r.service.name),
    basis: r.service.basis,
    rounding: roundingJson(r.service.rounding),
    rates: r.rates.map((p) => ({
      phase: p.phase,
      rate: p.rate === null ? null : p.rate.toFixed(Math.max(2, Math.min(12, p.rate.decimalPlaces()))),
      ...(p.target !== undefined ? { target: p.target.toFixed(), amount: p.amount.toFixed(), difference: p.difference?.toFixed() ?? null } : {}),
    })),
  }));
}

/** The Appendix B table: one row per charged school, a column per service, Total and Per pupil. */
export function allocationDoc(result: Allocation, options: AllocationDocOptions = {}): TableDoc {
  const services = result.services;
  const otherBases = [...new Set(services.flatMap((r) => basesOf(r.service)))].filter((b) => b !== 'nor' && b !== 'school');
  // A service made of parts prints its total after its last part; options print after the one charged.
  const groups = partGroups(services.map((r) => r.service));
  const groupAfter = new Map(groups.map((g) => [g.parts.at(-1)!, g]));
  const alternatives = options.alternatives ?? [];
  const optionsAfter = (s: number) => alternatives.filter((o) => o.charged === s);
  const places = services.map((r) => placesOf(r.service.rounding.unit));
  const maxPlaces = Math.max(0, ...places);
  const columns: Column[] = [
    { key: 'urn', label: 'URN', kind: 'text', optional: true },
    { key: 'school', label: 'School', kind: 'text' },
    { key: 'status', label: 'Status', kind: 'status', optional: true },
    { key: 'phase', label: 'Phase', kind: 'phase', optional: true },
    { key: 'nor', label: 'NOR', kind: 'count' },
    ...otherBases.map((b): Column => ({ key: snake(b), label: basisLabel(b), kind: 'count' })),
  ];
  services.forEach((r, s) => {
    columns.push({ key: snake(r.service.name), label: `${r.service.name} £`, kind: 'money', places: places[s] });
    for (const period of result.periods) {
      columns.push({ key: `${snake(r.service.name)}_${snake(period.name)}`, label: `${r.service.name}: ${period.name} £`, kind: 'money', places: places[s] });
    }
    const group = groupAfter.get(s);
    if (group) columns.push({ key: snake(group.service), label: `${group.service} £`, kind: 'money', places: places[s] });
    for (const o of optionsAfter(s)) {
      columns.push({ key: snake(o.name), label: `${o.name} £`, kind: 'money', places: places[s] });
      columns.push({ key: `${snake(o.name)}_difference`, label: `${o.name}: difference £`, kind: 'money', places: places[s] });
    }
  });
  columns.push({ key: 'total', label: 'Total £', kind: 'money', places: maxPlaces });
  columns.push({ key: 'per_pupil', label: 'Per pupil £', kind: 'money', places: 2 });
  if (options.all) columns.push({ key: 'not_charged', label: 'Not charged', kind: 'text' });

  const plainRow = otherBases.length === 0 && result.periods.length === 0 && services.length === 1 && !options.all && !groups.length && !alternatives.length && !options.subtotals;
  // The common table (one service, no periods): a charged row's one charge is its total.
  // csv and tsv visit its rows through one array; the row arrays are made only if read.
  const plainCells = (row: Allocation['rows'][number], cells: Cell[]): Cell[] => {
    schoolCells(row, cells);
    cells[5] = row.total;
    cells[6] = row.total;
    cells[7] = row.perPupil;
    return cells;
  };
  // For csv and tsv, figures worked in integers come as their machine text (a plain number
  // in a money column is written as it is): no decimal is made for them.
  const machineCells = (row: Allocation['rows'][number], cells: Cell[]): Cell[] => {
    schoolCells(row, cells);
    cells[5] = row.totalText(places[0]!);
    cells[6] = maxPlaces === places[0] ? cells[5] : row.totalText(maxPlaces);
    cells[7] = row.perPupilText();
    return cells;
  };
  // Every other table: a charged row's cells filled from its allocation row when asked for,
  // then (with --all) the schools not charged with the reason.
  // `machine`: for `rowCells` (csv, tsv, JSON, Markdown, tables), amounts worked in integers
  // come as their machine text, as in the common table: no decimal is made for them.
  const groupOf = services.map((_, s) => groupAfter.get(s));
  const optionsOf = services.map((_, s) => optionsAfter(s));
  const periodCount = result.periods.length;
  // JSON reads a row twice, for its cells and its extra fields: the last row is kept for the second.
  let lastIndex = -1;
  let lastRow: Allocation['rows'][number] | undefined;
  const rowAt = (index: number): Allocation['rows'][number] => {
    if (index !== lastIndex || lastRow === undefined) {
      lastRow = result.rowAt(index);
      lastIndex = index;
    }
    return lastRow;
  };
  // Cells written in place, by index: emptying the array first would drop its store and grow it again for every row.
  const fullCells = (row: Allocation['rows'][number], r: number, cells: Cell[], machine: boolean): Cell[] => {
    let n = 0;
    // The row's id and name, and its group's figures: no school object is made for the row.
    const figures = row.figures;
    cells[n++] = row.id;
    cells[n++] = row.name;
    cells[n++] = figures.status;
    cells[n++] = figures.phase;
    cells[n++] = basisOf(figures, 'nor');
    for (const b of otherBases) cells[n++] = basisOf(figures, b);
    // Loops, not a closure per row and service; a charge object is made only where a decimal is asked for.
    const charges = machine ? null : row.charges;
    for (let s = 0; s < services.length; s++) {
      if (charges === null) {
        cells[n++] = row.amountText(s, places[s]!);
        for (let k = 0; k < periodCount; k++) cells[n++] = row.periodText(s, k, places[s]!);
      } else {
        const charge = charges[s];
        cells[n++] = charge?.amount ?? null;
        for (let k = 0; k < periodCount; k++) cells[n++] = charge?.periods[k] ?? null;
      }
      const group = groupOf[s];
      if (group) cells[n++] = partTotal(row, group);
      for (const o of optionsOf[s]!) {
        cells[n++] = o.amounts[r] ?? null;
        cells[n++] = o.differences[r] ?? null;
      }
    }
    cells[n++] = machine ? row.totalText(maxPlaces) : row.total;
    cells[n++] = machine ? row.perPupilText() : row.perPupil;
    if (options.all) cells[n++] = '';
    cells.length = n;
    return cells;
  };
  const unchargedCells = (index: number, cells: Cell[]): Cell[] => {
    const { id, name, figures, reason } = result.unchargedAt(index);
    cells[0] = id;
    cells[1] = name;
    cells[2] = figures.status;
    cells[3] = figures.phase;
    for (let i = 4; i < columns.length - 1; i++) cells[i] = null;
    cells[columns.length - 1] = reason;
    cells.length = columns.length;
    return cells;
  };
  const count = result.rowCount + (options.all ? result.unchargedCount : 0);
  const fillWith = (index: number, cells: Cell[], machine: boolean): Cell[] =>
    index < result.rowCount ? fullCells(rowAt(index), index, cells, machine) : unchargedCells(index - result.rowCount, cells);
  const fill = (index: number, cells: Cell[]): Cell[] => fillWith(index, cells, true);
  const made = (): Cell[][] => Array.from({ length: count }, (_, i) => fillWith(i, [], false));
  let plainRows: Cell[][] | undefined;
  const rows: Cell[][] = plainRow || !options.subtotals ? [] : made();
  const keys = services.map((r) => snake(r.service.name));
  // Exact amounts are JSON only: worked out when the JSON renderer asks, row by row, not for every format.
  const periodKeys = result.periods.map((p) => snake(p.name));
  // Per service, the keys of its period cells.
  const periodCellKeys = keys.map((key) => periodKeys.map((p) => `${key}_${p}`));
  const rowExtra = (index: number): Record<string, unknown> => {
    if (index >= result.rowCount) return { exact: {}, adjusted: false };
    const row = rowAt(index);
    // Fields set in turn (a key met twice keeps its first place and its last value, as Object.fromEntries does).
    const exact: Record<string, string | null> = {};
    let adjusted = false;
    for (let s = 0; s < keys.length; s++) {
      exact[keys[s]!] = row.exactText(s);
      const cellKeys = periodCellKeys[s]!;
      if (cellKeys.length) {
        const charge = row.charges[s];
        for (let k = 0; k < cellKeys.length; k++) exact[cellKeys[k]!] = charge?.periodExact[k]?.toFixed() ?? null;
      }
      if (row.adjustedIn(s)) adjusted = true;
    }
    if (!periodKeys.length) return { exact, adjusted };
    // Per period cell: whether footing the periods both ways moved it from the school's own split.
    const moved: Record<string, boolean | null> = {};
    for (let s = 0; s < keys.length; s++) {
      const cellKeys = periodCellKeys[s]!;
      for (let k = 0; k < cellKeys.length; k++) moved[cellKeys[k]!] = row.charges[s]?.periodMoved[k] ?? null;
    }
    return { exact, adjusted, moved };
  };
  const rowExtras = () => Array.from({ length: count }, (_, i) => rowExtra(i));
  let subtotalRows: number[] | undefined;
  let extrasOf: () => Record<string, unknown>[] = rowExtras;
  if (options.subtotals === 'phase') {
    // Each phase's schools, then its subtotal (worked out in core); the Total row is unchanged.
    const schoolRows = rows.splice(0);
    const order: (number | null)[] = [];
    subtotalRows = [];
    for (const group of subtotalsByPhase(result, otherBases)) {
      for (const i of group.rows) {
        rows.push(schoolRows[i]!);
        order.push(i);
      }
      const cells: Cell[] = ['', `${phaseLabel(group.phase)} subtotal`, null, group.phase, group.nor];
      for (const b of otherBases) cells.push(group.bases.get(b) ?? null);
      group.services.forEach((sub, s) => {
        cells.push(sub.amount, ...sub.periods);
        // Parts and options priced beside a service have no subtotal: their cells stay empty.
        if (groupAfter.get(s)) cells.push(null);
        for (const _ of optionsAfter(s)) cells.push(null, null);
      });
      cells.push(group.total, group.perPupil);
      if (options.all) cells.push('');
      subtotalRows.push(rows.length);
      rows.push(cells);
      order.push(null);
    }
    // With --all, the schools not charged follow the last subtotal, before the Total row (their extras follow `order`'s too).
    for (let i = result.rowCount; i < schoolRows.length; i++) rows.push(schoolRows[i]!);
    extrasOf = () => {
      const extras = rowExtras();
      return [...order.map((i) => (i === null ? { subtotal: true } : extras[i]!)), ...extras.slice(result.rows.length)];
    };
  }

  const total: Cell[] = ['', 'Total', null, null, result.total.nor];
  for (const b of otherBases) total.push(result.total.bases.get(b) ?? null);
  services.forEach((r, s) => {
    total.push(r.total);
    r.periodTotals.forEach((p) => total.push(p));
    const group = groupAfter.get(s);
    if (group) total.push(partGroupTotal(result, group));
    for (const o of optionsAfter(s)) total.push(o.total, o.difference);
  });
  total.push(result.total.total, result.total.perPupil);
  if (options.all) total.push('');

  const doc: TableDoc = {
    title: options.title,
    columns,
    rows,
    total,
    notes: [...services.map(roundingNote), ...alternatives.map((o) => optionNote(o, services[o.charged]!))],
    diagnostics: [...(options.diagnostics ?? result.diagnostics)],
    // `rounding` is the first service's; `services` gives each its own.
    meta: { rounding: roundingJson(services[0]?.service.rounding), services: servicesJson(result) },
    rowExtras: extrasOf,
    ...(subtotalRows ? { subtotalRows } : {}),
    totalExtras: {
      exact: {
        ...Object.fromEntries(services.map((r) => [snake(r.service.name), r.exactTotal.toFixed()])),
        total: result.total.exact.toFixed(),
      },
    },
    trailer: options.all ? () => ({ uncharged: Array.from({ length: result.unchargedCount }, (_, i) => result.unchargedAt(i)).map((u) => ({ urn: u.id || null, school: u.name, reason: u.reason })) }) : {},
  };
  doc.sheet = 'Charges';
  const serviceKeys = services.map((r) => snake(r.service.name));
  const periodKeysOf = (key: string) => result.periods.map((p) => `${key}_${snake(p.name)}`);
  doc.formulas = () => {
    const rows = doc.rows;
    const subtotalSet = new Set(doc.subtotalRows ?? []);
    const total = { ...totalSums(doc, ['per_pupil']) };
    const perPupil = doc.total && ratio(doc, doc.total, 'per_pupil', 'total', 'nor', 2);
    if (perPupil) total.per_pupil = perPupil;
    return {
      total,
      // A row's Total is its services added; a last period is the amount less the other periods.
      row: (index) => {
        const cells = rows[index]!;
        if (subtotalSet.has(index)) {
          // A subtotal: its phase's rows added, and its per pupil the subtotal ÷ the phase's NOR.
          const out = subtotalSums(doc, index, ['per_pupil']);
          const perPupilOf = ratio(doc, cells, 'per_pupil', 'total', 'nor', 2);
          if (perPupilOf) out.per_pupil = perPupilOf;
          return out;
        }
        const out: Record<string, Formula> = {};
        const charged = serviceKeys.filter((k) => cells[columns.findIndex((c) => c.key === k)] !== null);
        const sum = charged.length ? rowSum(doc, cells, 'total', charged) : undefined;
        if (sum) out.total = sum;
        for (const key of serviceKeys) {
          const periods = periodKeysOf(key);
          if (periods.length < 2) continue;
          const rest = rowRest(doc, cells, periods.at(-1)!, key, periods.slice(0, -1));
          if (rest) out[periods.at(-1)!] = rest;
        }
        return out;
      },
    };
  };
  if (plainRow) {
    // A getter put on the finished object: building the object by spreading would call it.
    Object.defineProperty(doc, 'rows', {
      get: (): Cell[][] => (plainRows ??= result.rows.map((row) => plainCells(row, new Array<Cell>(8)))),
      enumerable: true,
      configurable: true,
    });
    doc.rowCells = { count: result.rowCount, fill: (index, cells) => machineCells(rowAt(index), cells) };
    doc.rowExtra = rowExtra;
  } else if (!options.subtotals) {
    let all: Cell[][] | undefined;
    Object.defineProperty(doc, 'rows', { get: (): Cell[][] => (all ??= made()), enumerable: true, configurable: true });
    doc.rowCells = { count, fill };
    doc.rowExtra = rowExtra;
  }
  return doc;
}

/** The first cells of a row of the common table: URN, School, Status, Phase, NOR. */
function schoolCells(row: Allocation['rows'][number], cells: Cell[]): void {
  // The row's id and name, and its group's figures: no school object is made for the row.
  const figures = row.figures;
  cells[0] = row.id;
  cells[1] = row.name;
  cells[2] = figures.status;
  cells[3] = figures.phase;
  cells[4] = basisOf(figures, 'nor');
}

export function roundingJson(rounding: Allocation['services'][number]['service']['rounding'] | undefined): Record<string, string> | undefined {
  if (!rounding) return undefined;
  return { unit: rounding.unit.toFixed(), mode: rounding.mode, foot: rounding.foot };
}

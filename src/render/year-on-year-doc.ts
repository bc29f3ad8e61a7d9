import type { Dec } from '../core/decimal.js';
import { ALL_SERVICES, type SchoolNote, type YearOnYear } from '../core/year-on-year.js';
import { forWorkbook, rowRest } from './formulas.js';
import type { Cell, Column, DocDiagnostics, TableDoc } from './model.js';

export interface YearDocOptions extends DocDiagnostics {
  title?: string;
  /** Decimal places amounts print with. */
  places: number;
}

/** The words a paper uses for a school charged in one year only. */
export const NOTE_TEXT: Record<SchoolNote, string> = {
  opened: 'opened',
  closed: 'closed',
  converted: 'converted to an academy',
  'not-charged': 'no longer charged',
  'now-charged': 'newly charged',
  new: 'newly charged',
  gone: 'no longer charged',
};

const units = (d: Dec | null | undefined): Dec | null => (d === null || d === undefined ? null : d.decimalPlaces() > 4 ? d.toDecimalPlaces(4) : d);

const listSchools = (rows: readonly { urn: string; school: string }[]) => rows.map((r) => (r.urn ? `${r.school} (${r.urn})` : r.school)).join('; ');

/** The comparison per phase where an all-through school is one school in one year and its parts in the other: said, since its rows then move by those parts. */
export function phaseSplitNote(result: YearOnYear): string[] {
  if (!result.phaseSplit.length) return [];
  const one = result.phaseSplit.length === 1;
  return [
    `Not like with like by phase: ${listSchools(result.phaseSplit)} ${one ? 'is an all-through school' : 'are all-through schools'} charged as one school (phase All-through) in one year, as an allocation file gives it, and by ${one ? 'its' : 'their'} primary and secondary parts in the other, so the Primary, Secondary and All-through rows move by those parts; each service's total, and the comparison per school, are like with like.`,
  ];
}

/** A year whose table gives no phase (a published table with no phase column), compared by phase under the other year's phases: said. */
export function phasesFromNote(result: YearOnYear): string[] {
  const from = result.phasesFrom;
  if (!from) return [];
  const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
  const rest = from.without === 0 ? '' : `; ${plural(from.without, 'school', 'schools')} not charged on one phase in ${from.from} ${from.without === 1 ? 'is' : 'are'} under no phase`;
  return [`${from.label} gives no phases: its schools are compared by phase under the phase each has in ${from.from} (${plural(from.schools, 'school', 'schools')})${rest}.`];
}

/** Two years whose ids are of different kinds, matched on names: said, since a school renamed between them is not matched. */
export function idsApartNote(result: YearOnYear): string[] {
  if (!result.idsApart) return [];
  return [`The two years give schools ids of different kinds (no id is in both: DfE numbers in one, URNs in the other?), so schools are matched on their names; a school renamed between them shows as closed in one and new in the other.`];
}

/** Names the schools that opened, closed or converted, for a footnote. */
export function movesNote(result: YearOnYear): string[] {
  const list = (rows: typeof result.opened) => rows.map((r) => (r.urn ? `${r.school} (${r.urn})` : r.school)).join('; ');
  const notes: string[] = [];
  if (result.converted.length) notes.push(`Converted to academies since ${result.before}: ${list(result.converted)}.`);
  if (result.closed.length) notes.push(`Closed since ${result.before}: ${list(result.closed)}.`);
  if (result.opened.length) notes.push(`Opened since ${result.before}: ${list(result.opened)}.`);
  return notes;
}

/**
 * Per school: NOR each year, each service each year and its change (where there is more than
 * one service), the total each year, the change in £ and %, and a note for a school charged in
 * one year only. A Total row last.
 */
export function schoolChangeDoc(result: YearOnYear, options: YearDocOptions): TableDoc {
  const { places } = options;
  const b = result.before;
  const a = result.after;
  const perService = result.services.length > 1;
  const columns: Column[] = [
    { key: 'urn', label: 'URN', kind: 'text', optional: true },
    { key: 'school', label: 'School', kind: 'text' },
    { key: 'phase', label: 'Phase', kind: 'phase', optional: true },
    { key: 'nor_before', label: `NOR ${b}`, kind: 'count', optional: true },
    { key: 'nor_after', label: `NOR ${a}`, kind: 'count', optional: true },
  ];
  if (perService) {
    for (const s of result.services) {
      columns.push(
        { key: `${s.key}_before`, label: `${s.name} ${b} £`, kind: 'money', places },
        { key: `${s.key}_after`, label: `${s.name} ${a} £`, kind: 'money', places },
        { key: `${s.key}_change`, label: `${s.name} change £`, kind: 'money', places },
      );
    }
  }
  columns.push(
    { key: 'before', label: `${b} £`, kind: 'money', places },
    { key: 'after', label: `${a} £`, kind: 'money', places },
    { key: 'change', label: 'Change £', kind: 'money', places },
    { key: 'change_pct', label: 'Change %', kind: 'percent' },
    { key: 'note', label: 'Note', kind: 'text', optional: true },
  );
  const rows: Cell[][] = result.schools.map((s) => [
    s.urn,
    s.school,
    s.phase,
    s.norBefore,
    s.norAfter,
    ...(perService ? s.services.flatMap((c) => [c.before, c.after, c.change]) : []),
    s.before,
    s.after,
    s.change,
    s.changePct,
    s.note ? NOTE_TEXT[s.note] : null,
  ]);
  const t = result.total;
  const total: Cell[] = [
    '',
    'Total',
    null,
    t.norBefore,
    t.norAfter,
    ...(perService ? result.serviceTotals.flatMap((c) => [c.before, c.after, c.change]) : []),
    t.before,
    t.after,
    t.change,
    t.changePct,
    null,
  ];
  const doc: TableDoc = {
    title: options.title,
    columns,
    rows,
    total,
    notes: [
      `Change = ${a} − ${b}; a school charged in one year only counts as 0 in the other. Change % is of ${b}, to 1 dp. The changes add up to the change of the Total.`,
      ...idsApartNote(result),
      ...movesNote(result),
    ],
    diagnostics: [...(options.diagnostics ?? [])],
    meta: { before: b, after: a },
  };
  // A workbook (README, "Excel workbooks"): each change is after − before where both years have
  // a figure, and the Total row sums its column where the rows add up to it.
  const changes = [...(perService ? result.services.map((s) => s.key) : []), ''];
  return forWorkbook(doc, 'Compare', (cells) =>
    Object.fromEntries(changes.map((k) => (k ? [`${k}_change`, rowRest(doc, cells, `${k}_change`, `${k}_after`, [`${k}_before`])] : ['change', rowRest(doc, cells, 'change', 'after', ['before'])]))),
  );
}

/**
 * Per service and phase: rate, units and amount each year, the change in £ and %. A service on
 * more than one phase adds a row with phase `all` for its total; the Total row adds up the
 * services.
 */
export function serviceChangeDoc(result: YearOnYear, options: YearDocOptions): TableDoc {
  const { places } = options;
  const b = result.before;
  const a = result.after;
  const columns: Column[] = [
    { key: 'service', label: 'Service', kind: 'text' },
    { key: 'phase', label: 'Phase', kind: 'phase', optional: true },
    { key: 'basis', label: 'Basis', kind: 'basis', optional: true },
    { key: 'rate_before', label: `Rate ${b} £`, kind: 'rate', optional: true },
    { key: 'rate_after', label: `Rate ${a} £`, kind: 'rate', optional: true },
    { key: 'units_before', label: `Units ${b}`, kind: 'count', optional: true },
    { key: 'units_after', label: `Units ${a}`, kind: 'count', optional: true },
    { key: 'amount_before', label: `${b} £`, kind: 'money', places },
    { key: 'amount_after', label: `${a} £`, kind: 'money', places },
    { key: 'change', label: 'Change £', kind: 'money', places },
    { key: 'change_pct', label: 'Change %', kind: 'percent' },
  ];
  const rows: Cell[][] = result.serviceRows.map((r) => [
    r.service,
    r.phase === null ? 'all' : r.phase === '' ? null : r.phase,
    r.basis,
    r.before?.rate ?? null,
    r.after?.rate ?? null,
    units(r.before?.units),
    units(r.after?.units),
    r.before?.amount ?? null,
    r.after?.amount ?? null,
    r.change,
    r.changePct,
  ]);
  const t = result.total;
  const doc: TableDoc = {
    title: options.title,
    columns,
    rows,
    total: ['Total', null, null, null, null, null, null, t.before, t.after, t.change, t.changePct],
    notes: [
      result.services.length > 1
        ? `Amounts are the sums of the schools' charges as printed each year; a service on more than one phase has a row "All" for its total, and the Total row adds up the services. Change % is of ${b}, to 1 dp.`
        : `Amounts are the sums of the schools' charges as printed each year; the Total row is the service's total${result.services[0]?.key === ALL_SERVICES.key ? ` ("${ALL_SERVICES.name}": each school's total, as a csv allocation gives it)` : ''}. Change % is of ${b}, to 1 dp.`,
      ...movesNote(result),
      ...phaseSplitNote(result),
      ...phasesFromNote(result),
    ],
    diagnostics: [...(options.diagnostics ?? [])],
    meta: { before: b, after: a },
  };
  // Each change is after − before. The rows with phase "All" repeat their phases' amounts, so the
  // Total row is no SUM of the column above, even where the figures happen to agree (all 0).
  return forWorkbook(doc, 'Compare', (cells) => ({ change: rowRest(doc, cells, 'change', 'amount_after', ['amount_before']) }), false);
}

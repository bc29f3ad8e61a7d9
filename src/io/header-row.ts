import { DataError, visible } from '../core/errors.js';
import type { Diagnostic } from '../core/types.js';
import { fieldOfHeader } from './headers.js';
import { compact, normalisePhase, normaliseStatus, NOT_APPLICABLE } from './normalise.js';

/**
 * Where a census's header is. It is the first record, unless that one names no school id or
 * name column and a record among the next few does: the records above it are then a sheet's
 * titles (`Exampleshire Schools Forum`, `October 2023 census`, as an authority's spreadsheet
 * saved as CSV has them), not read, and said in a warning. A title has at most half as many
 * cells with text as the header; where a record above has more, it is not a title, and the
 * first record is the header as before (with the error that it names no school column).
 *
 * Below the table, after its grand Total row, the records that end the file with as few cells
 * with text as a title, and no status, phase or NOR, are notes (`Source: October 2023
 * census`), likewise not read and said in a warning (census.ts, sinkInto).
 */

/** Records looked through for the header after the first. */
export const TITLE_ROWS = 10;

interface Cells {
  cells: readonly string[];
}

/** How many of a record's cells have text. */
export function filled(record: Cells): number {
  let n = 0;
  for (const cell of record.cells) if (cell.trim() !== '') n++;
  return n;
}

/**
 * A row's problem, with what to do where the row is a line of text typed under or in the table
 * (`Report run 05/12/2023`, `Source: October 2023 census`) rather than a school: dedel passes
 * over such notes below a Total row only (census.ts), since elsewhere it cannot tell one from
 * a school row with its cells missing. For a row with text in one cell only.
 */
export function noteHint(error: DataError): DataError {
  if (typeof error.detail !== 'string') return error;
  return new DataError(`${error.detail}; the row has text in one cell only: if it is a note, not a school, delete it (notes are passed over below a Total row)`, error.where);
}

/** Whether a record could be the header: a cell names the school id or name column (an alias, or the header `--column urn=…` or `--column name=…` gives). */
export function namesSchools(record: Cells, columns: Readonly<Record<string, string>> = {}): boolean {
  const given = [columns.urn, columns.name].flatMap((h) => (h === undefined ? [] : [compact(h)]));
  return record.cells.some((cell) => {
    const field = fieldOfHeader(cell);
    return field === 'urn' || field === 'name' || (given.length > 0 && given.includes(compact(cell)));
  });
}

/**
 * Whether a record is a header with its cells separated by semicolons, as Excel saves "CSV" on
 * a computer set to a European region (`URN;School;Phase;NOR`): one of its cells, split at the
 * semicolons, is a header by `isHeader` (for a census, one naming the school id or name column).
 */
export function semicolonHeader(record: Cells, isHeader: (record: Cells) => boolean): boolean {
  return record.cells.some((cell) => cell.includes(';') && isHeader({ cells: cell.split(';') }));
}

/**
 * The error for a header whose cells are separated by semicolons: dedel does not read such a
 * file, since its numbers are written that region's way too (`1.179` for 1,179, `12,5` for 12.5).
 */
export function semicolonError(record: Cells & { line: number }, file: string): DataError {
  return new DataError(
    "the header's cells are separated by semicolons, as Excel saves CSV on a computer set to a European region, where numbers are written that region's way too (1.179 for 1,179); dedel reads commas or tabs: save the table as an Excel workbook (.xlsx), which dedel reads as it is, or as CSV with a comma as the list separator",
    { file, line: record.line, value: record.cells.join(',') },
  );
}

/** Whether a record has text in at most half as many cells as the header has (`width`, its `filled`): a title or a note, not a school. */
export function fewCells(record: Cells, width: number): boolean {
  return filled(record) * 2 <= width;
}

/** Whether the records above a record that names the school columns are its titles. */
export function titlesAbove(above: readonly Cells[], header: Cells): boolean {
  const width = filled(header);
  return width >= 2 && above.every((record) => fewCells(record, width));
}

/**
 * Which of a sheet's records is its header: 0 unless titles come first. `isHeader`: whether a
 * record could be the header (a census's names a school column, `namesSchools`; a cost plan's
 * its item column).
 */
export function headerIndex(records: readonly Cells[], isHeader: (record: Cells) => boolean): number {
  for (let i = 0; i < records.length && i <= TITLE_ROWS; i++) {
    if (isHeader(records[i]!)) return titlesAbove(records.slice(0, i), records[i]!) ? i : 0;
  }
  return 0;
}

/** The warning for notes below the Total row: their lines (a sheet's rows) and the first few texts. */
export function notesWarning(place: string, notes: readonly (Cells & { line: number })[], unit: 'line' | 'row' = 'line'): Diagnostic {
  const lines = linesOf(notes, unit);
  return {
    level: 'warning',
    code: 'note-rows',
    message: `${place}: ${lines} below the Total row ${notes.length === 1 ? 'is a note' : 'are notes'}, not read: ${textsOf(notes)}`,
  };
}

/**
 * Whether a record is a heading over a block of schools, as authorities' tables have them: its
 * one cell with text names a phase (`PRIMARY SCHOOLS`, `Secondary`, `Maintained special
 * schools`, `Primary sector`), two (`Special schools & PRUs`) or `Academies`. A school's row has
 * more than one cell, and a school's name more than a phase.
 */
export function isHeading(record: Cells): boolean {
  return headingOf(record) !== undefined;
}

/**
 * A heading's phase (`PRIMARY SCHOOLS`: primary), null for a heading that names no phase
 * (`Academies`), undefined for a record that is no heading (see isHeading).
 */
export function headingOf(record: Cells): string | null | undefined {
  let text: string | undefined;
  for (const cell of record.cells) {
    if (cell.trim() === '') continue;
    if (text !== undefined) return undefined;
    text = cell;
  }
  if (text === undefined) return undefined;
  const c = compact(text).replace(/^(?:lamaintained|localauthoritymaintained|maintained)/, '');
  if (/^(?:academies|academyschools|maintainedschools)$/.test(c)) return null;
  // Two blocks under one heading (`Special schools & PRUs`, `Nursery and special schools`): a
  // heading, of one phase where both parts are, else of none. Asked first: `Nursery and
  // primary schools` heads nursery schools and primary schools, where a school's phase cell
  // `Nursery & Primary` is a primary school with a nursery class.
  const parts = text.split(/\s*(?:&|\+|\/|,|\band\b)\s*/i).filter((part) => part.trim() !== '');
  if (parts.length >= 2) {
    const phases = parts.map((part) => phaseOfHeading(compact(part)) ?? phaseOfHeading(`${compact(part)}schools`));
    if (phases.every((p) => p !== undefined)) return phases.every((p) => p === phases[0]) ? phases[0]! : null;
  }
  // A block of one kind of school (`Free Schools`, `Community Schools`, `VA/VC Schools`): a
  // heading of no phase (each was read as a school with a blank status).
  if (/schools$/.test(c) && parts.every((part) => normaliseStatus(compact(part).replace(/schools?$/, '')) !== undefined)) return phaseOfHeading(c) ?? null;
  return phaseOfHeading(c);
}

/** A heading's words as a phase, with a word after the phase that a heading adds: `Primary sector`, `Primary academies`, `Primary - maintained`, `Nursery schools and units`, `Pupil referral units`. */
function phaseOfHeading(c: string): string | undefined {
  for (const form of [c, c.replace(/(?:sector|academies|maintained|schools?andunits|andunits)$/, ''), c.replace(/units$/, 'unit'), c.replace(/s$/, '')]) {
    const phase = form === '' ? undefined : normalisePhase(form);
    if (phase !== undefined) return phase === NOT_APPLICABLE ? undefined : phase;
  }
  return undefined;
}

/** The warning for headings among the rows: their lines (a sheet's rows) and texts. `what` the rows are not: a census's schools, a cost plan's cost lines. */
export function headingsWarning(place: string, headings: readonly (Cells & { line: number })[], unit: 'line' | 'row' = 'line', what = 'school'): Diagnostic {
  const one = headings.length === 1;
  const lines = headings.slice(0, 10).map((h) => h.line).join(', ') + (headings.length > 10 ? ` and ${headings.length - 10} more` : '');
  return {
    level: 'warning',
    code: 'heading-rows',
    message: `${place}: ${one ? unit : `${unit}s`} ${lines} ${one ? `is a heading, not a ${what}, and is` : `are headings, not ${what}s, and are`} not read: ${textsOf(headings)}`,
  };
}

/** Where records are: `line 4`, or `lines 1 to 2` (a sheet's rows). */
function linesOf(records: readonly { line: number }[], unit: 'line' | 'row'): string {
  return records.length === 1 ? `${unit} ${records[0]!.line}` : `${unit}s ${records[0]!.line} to ${records[records.length - 1]!.line}`;
}

/** The first few records' texts, quoted, and how many more. */
function textsOf(records: readonly Cells[]): string {
  const texts = records.slice(0, 3).map((t) => `"${visible(t.cells.filter((c) => c.trim() !== '').join(' '))}"`);
  return texts.join(', ') + (records.length > 3 ? ` and ${records.length - 3} more` : '');
}

/** The warning for titles above the header: their lines (a sheet's rows) and the first few texts. */
export function titlesWarning(place: string, headerLine: number, titles: readonly (Cells & { line: number })[], unit: 'line' | 'row' = 'line'): Diagnostic {
  const lines = linesOf(titles, unit);
  return {
    level: 'warning',
    code: 'title-rows',
    message: `${place}: the header is on ${unit} ${headerLine}; ${lines} above it ${titles.length === 1 ? 'is a title' : 'are titles'}, not read: ${textsOf(titles)}`,
  };
}

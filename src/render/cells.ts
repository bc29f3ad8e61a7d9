import { basisLabel } from '../core/charge.js';
import { Dec } from '../core/decimal.js';
import { visible } from '../core/errors.js';
import { Memo } from '../core/memo.js';
import { groupDigits, grouped } from './format.js';
import type { Cell, Column } from './model.js';

const PLAIN_NUMBER = /^-?\d+(?:\.\d+)?$/;

/**
 * What a terminal, a browser or a Markdown reader would act on rather than show: C0 and C1
 * controls, and bidirectional overrides and isolates.
 */
export const ACTED_ON = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;
const ACTED_ON_ALL = new RegExp(ACTED_ON.source, 'g');

/**
 * A census cell (a school's name, its URN), a header or a title as a terminal table, Markdown
 * or HTML shows it: a line break or tab (Alt+Enter in an Excel cell) as a space, any other
 * control character or direction override as its escape (`\x1b`), as messages show them.
 * Written raw, an escape code in a name turned the screen red or cleared it, a line break broke
 * the box or the Markdown table, and a bell character rang when the Markdown was printed.
 */
export function shownText(text: string): string {
  if (!ACTED_ON.test(text)) return text;
  return text.replace(/\r\n|[\r\n\t]/g, ' ').replace(ACTED_ON_ALL, visible);
}

/** Rates print to at least 2 dp, and up to 4 where the rate has more (a solved, unrounded rate). */
function ratePlaces(value: Dec): number {
  return Math.min(4, Math.max(2, value.decimalPlaces()));
}

/** Machine text of a cell: plain numbers (`2147`, `5.10`), no grouping, no £. */
export function machineCell(cell: Cell, column: Column): string {
  if (cell === null) return '';
  if (typeof cell === 'string') return cell;
  switch (column.kind) {
    case 'money':
      return cell.toFixed(column.places ?? 0);
    case 'rate':
      return cell.toFixed(Math.max(2, Math.min(12, cell.decimalPlaces())));
    case 'percent':
      return cell.toFixed(1);
    default:
      return cell.toFixed();
  }
}

/** Human text of a cell: thousands grouped, amounts to the unit's decimals, rates to 2 dp. */
export function humanCell(cell: Cell, column: Column): string {
  if (cell === null) return '';
  if (typeof cell === 'string') {
    if (column.kind === 'status') return STATUS_LABELS[cell] ?? cell;
    if (column.kind === 'phase') return PHASE_LABELS[cell] ?? cell;
    if (column.kind === 'basis') return basisLabel(cell);
    // An amount given as its machine text (a census read a piece at a time): grouped as it is.
    if (column.kind === 'money' && PLAIN_NUMBER.test(cell)) return groupDigits(cell);
    return cell;
  }
  switch (column.kind) {
    case 'money':
      return grouped(cell, column.places ?? 0);
    case 'rate':
      return grouped(cell, ratePlaces(cell));
    case 'percent':
      return `${cell.toFixed(1)}%`;
    default:
      return grouped(cell, cell.decimalPlaces());
  }
}

/**
 * `humanCell` for the cells of a table, remembering each figure's text per column: a large
 * table repeats its figures (shared objects, or the same machine text), so each is grouped once.
 */
export function humanCells(columns: readonly Column[]): (cell: Cell, i: number) => string {
  const seen = columns.map(() => new Memo<Cell, string>());
  const remember = columns.map((c) => isNumeric(c));
  return (cell, i) => {
    if (cell === null) return '';
    const column = columns[i]!;
    if (!remember[i]) return humanCell(cell, column);
    const memo = seen[i]!;
    return memo.get(cell) ?? memo.keep(cell, humanCell(cell, column));
  };
}

export function isNumeric(column: Column): boolean {
  return column.kind !== 'text' && column.kind !== 'status' && column.kind !== 'phase' && column.kind !== 'basis';
}

/** Status as Schools Forum papers print it. */
const STATUS_LABELS: Record<string, string> = {
  community: 'Community',
  'voluntary-aided': 'VA',
  'voluntary-controlled': 'VC',
  foundation: 'Foundation',
  maintained: 'Maintained',
  academy: 'Academy',
  'non-maintained-special': 'Non-maintained special',
  special: 'Special',
  pru: 'PRU',
  nursery: 'Nursery',
  other: 'Other',
};

/** A phase as papers print it ("Primary"); "No phase" for schools without one. */
export function phaseLabel(phase: string | null): string {
  return phase === null ? 'No phase' : (PHASE_LABELS[phase] ?? phase);
}

const PHASE_LABELS: Record<string, string> = {
  primary: 'Primary',
  secondary: 'Secondary',
  'all-through': 'All-through',
  nursery: 'Nursery',
  special: 'Special',
  pru: 'PRU',
  '16-plus': '16-plus',
  all: 'All',
};


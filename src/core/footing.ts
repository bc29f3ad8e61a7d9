import type { Dec } from './decimal.js';
import { DataError, assert } from './errors.js';
import { fromScaled, intAt, toScaled } from './exact.js';

/**
 * The one place dedel foots. Largest remainder (Hamilton): every amount is rounded down to
 * the unit, then the units still missing go one each to the largest remainders. Ties go to
 * the larger exact amount, then the smaller id (numerically where both are whole numbers),
 * then the name: never to row order, so shuffling the census changes no school's charge.
 *
 * Remainders and exact amounts are integers over one denominator that the caller shares
 * between all the amounts of a column, so they compare exactly.
 */

/** One amount in the footing order: its remainder over the rounded-down amount, its exact amount, its keys. */
export interface FootEntry {
  remainder: bigint;
  exact: bigint;
  /** School id (URN …) or ''. */
  id: string;
  name: string;
}

const NUMERIC = /^\d+$/;

/**
 * Orders ids numerically where both are whole numbers, a blank id first, an id of digits before
 * any other, and the others as text. A total order: comparing a number with text as text (`10` before `1a`,
 * `1a` before `9`, `9` before `10`) went round in a circle, so which school of a tie received
 * the unit depended on row order.
 */
export function compareIds(a: string, b: string): number {
  const numberA = NUMERIC.test(a);
  const numberB = NUMERIC.test(b);
  if (numberA && numberB) {
    const x = a.replace(/^0+/, '');
    const y = b.replace(/^0+/, '');
    if (x.length !== y.length) return x.length - y.length;
    return x < y ? -1 : x > y ? 1 : 0;
  }
  if (numberA !== numberB) return a === '' ? -1 : b === '' ? 1 : numberA ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The footing order: who receives a missing unit first (negative where `a` does). */
export function footingOrder(a: FootEntry, b: FootEntry): number {
  if (a.remainder !== b.remainder) return a.remainder < b.remainder ? 1 : -1;
  if (a.exact !== b.exact) return a.exact < b.exact ? 1 : -1;
  const byId = compareIds(a.id, b.id);
  if (byId !== 0) return byId;
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

/** Rows of one amount: they share a remainder and an exact amount, and differ only in id and name. */
export interface FootGroup {
  remainder: bigint;
  exact: bigint;
  rows: number;
}

export interface GroupsFooted {
  /** Per group: 1 where every row of the group receives a unit. */
  every: Uint8Array;
  /** Rows (as the caller numbers them) that receive a unit one by one: those on the cut-off's remainder. */
  edge: number[];
}

/**
 * Gives `missing` units to the rows first in the footing order, where rows come in groups of
 * one amount: every row of a group whose remainder is above the cut-off receives one, and
 * only the rows on the cut-off's remainder are put in order, one by one (`edgeRows` lists
 * them, for the groups flagged). A million rows in a few thousand groups need no full sort.
 */
export function footGroups(
  groups: readonly FootGroup[],
  missing: number,
  edgeRows: (onEdge: Uint8Array) => { row: number; entry: FootEntry }[],
): GroupsFooted {
  const every = new Uint8Array(groups.length);
  if (missing <= 0) return { every, edge: [] };
  const byRemainder = groups.map((_, i) => i).sort((x, y) => (groups[x]!.remainder < groups[y]!.remainder ? 1 : groups[x]!.remainder > groups[y]!.remainder ? -1 : 0));
  let left = missing;
  let at = 0;
  while (at < byRemainder.length) {
    const remainder = groups[byRemainder[at]!]!.remainder;
    let rows = 0;
    let end = at;
    while (end < byRemainder.length && groups[byRemainder[end]!]!.remainder === remainder) rows += groups[byRemainder[end++]!]!.rows;
    if (rows > left) break;
    for (let i = at; i < end; i++) every[byRemainder[i]!] = 1;
    left -= rows;
    at = end;
    if (left === 0) return { every, edge: [] };
  }
  const onEdge = new Uint8Array(groups.length);
  const remainder = groups[byRemainder[at]!]!.remainder;
  for (let i = at; i < byRemainder.length && groups[byRemainder[i]!]!.remainder === remainder; i++) onEdge[byRemainder[i]!] = 1;
  const rows = edgeRows(onEdge).sort((a, b) => footingOrder(a.entry, b.entry));
  return { every, edge: rows.slice(0, left).map((r) => r.row) };
}

/** Largest remainder over single rows: which of `entries` receive one of the `missing` units. */
export function largestRemainder(entries: readonly FootEntry[], missing: number): boolean[] {
  const { every, edge } = footGroups(
    entries.map((e) => ({ remainder: e.remainder, exact: e.exact, rows: 1 })),
    missing,
    (onEdge) => entries.flatMap((entry, row) => (onEdge[row] === 1 ? [{ row, entry }] : [])),
  );
  const received = entries.map((_, i) => every[i] === 1);
  for (const row of edge) received[row] = true;
  return received;
}

/** Every entry's place in the footing order (0-based), for showing the working. */
export function footingRanks(entries: readonly FootEntry[]): Int32Array {
  const order = entries.map((_, i) => i).sort((x, y) => footingOrder(entries[x]!, entries[y]!));
  const ranks = new Int32Array(entries.length);
  order.forEach((at, k) => (ranks[at] = k));
  return ranks;
}

/**
 * Foots exact parts (units over one denominator `den`) to a whole number of units: each part
 * rounded down, the units still missing given by largest remainder; ties go to the larger
 * part, then the earlier one. Splits a school's charge between its phases and an amount
 * between periods.
 */
export function footParts(units: bigint, exacts: readonly bigint[], den: bigint): bigint[] {
  const whole = exacts.map((e) => e / den);
  const missing = units - whole.reduce((a, b) => a + b, 0n);
  if (missing < 0n || missing > BigInt(exacts.length)) throw new Error(`dedel internal error: cannot foot ${exacts.length} parts to ${units} units`);
  const received = largestRemainder(
    exacts.map((e, i) => ({ remainder: e - whole[i]! * den, exact: e, id: String(i), name: '' })),
    Number.parseInt(missing.toString(), 10), // a count of parts, not money
  );
  return whole.map((w, i) => (received[i] ? w + 1n : w));
}

/** An amount in pounds to be footed, with the keys that break ties. */
export interface FootItem {
  exact: Dec;
  id: string;
  name: string;
}

/**
 * Largest remainder over amounts in pounds: each rounded down to `unit`, the units missing to
 * reach `total` (a multiple of `unit`) given by the footing order. Refuses a total the amounts
 * cannot reach without moving one by a whole unit or more.
 */
export function footLargestRemainder(items: readonly FootItem[], unit: Dec, total: Dec): { amount: Dec; received: boolean }[] {
  const places = Math.max(toScaled(unit).places, toScaled(total).places, ...items.map((i) => toScaled(i.exact).places));
  const step = intAt(unit, places);
  const exacts = items.map((i) => intAt(i.exact, places));
  const whole = exacts.map((e) => e / step);
  const missing = intAt(total, places) / step - whole.reduce((a, b) => a + b, 0n);
  if (intAt(total, places) % step !== 0n || missing < 0n || missing > BigInt(items.length)) {
    throw new DataError(`cannot foot ${items.length} amounts to ${total.toFixed()}: the exact amounts add up to ${items.reduce((a, i) => a.plus(i.exact), total.minus(total)).toFixed()}`);
  }
  const received = largestRemainder(
    items.map((item, i) => ({ remainder: exacts[i]! - whole[i]! * step, exact: exacts[i]!, id: item.id, name: item.name })),
    Number.parseInt(missing.toString(), 10), // a count of rows, not money
  );
  return whole.map((w, i) => ({ amount: fromScaled((received[i] ? w + 1n : w) * step, places), received: received[i]! }));
}

// Controlled rounding: footing in two directions at once (a table of schools × periods).

/**
 * Controlled rounding: rounds every cell of a table (rows = schools, columns =
 * periods) to a whole number of units so that each row adds up to its total and each
 * column to its target, with every cell the floor or the ceiling of its exact value.
 *
 * The rule (README, "Arithmetic and rounding"): every cell is first rounded down;
 * each row then owes as many units as its exact parts' remainders add up to, and each
 * column is owed what its target lacks. The cells with a remainder are taken in the
 * footing order (larger remainder, then larger exact amount, then smaller school id,
 * then name, then the earlier period: never row order; within one school the larger
 * exact amount is the larger period, so a tie goes as `split` breaks it)
 * and each receives a unit unless its row already has its units, its column already
 * has its units, or giving it the unit would leave no way to finish the table. This
 * is largest remainder in two directions: with one row it is the row's own split, as
 * `split` gives it; of all the roundings that meet the totals it is the one that
 * favours the larger remainders first.
 *
 * Why a rounding exists. Write each cell as floor + remainder; a row's remainders
 * add up to a whole number (its exact parts add up to its total), so the rows owe a_i
 * units and the columns are owed b_j, with Σa = Σb. A rounding is a 0/1 choice on the
 * cells with a remainder meeting those sums, an integral flow from rows to columns.
 * - Two columns: every row with a remainder owes exactly one unit (its two
 *   remainders add up to 1), and column 1 is owed floor or ceiling of the sum of its
 *   remainders, a number between 0 and the number of such rows; give column 1 that
 *   many and column 2 the rest. So with two periods a rounding always exists.
 * - Three or more columns: by Gale and Hoffman, one exists exactly when no set of
 *   columns J is owed more than the rows can put into it, Σ_{j∈J} b_j ≤ Σ_i
 *   min(a_i, cells of row i in J with a remainder). The remainders themselves satisfy
 *   this fractionally, but the targets are rounded on their own (largest remainder
 *   of the total) and can ask for more. It fails, rarely, where a tie sends split's
 *   units to columns that no school can supply: charges of 3 and 1 units over months
 *   4,1,4,1,1,1 have period totals 4/3, 1/3, 4/3, 1/3, 1/3, 1/3; split gives 2,0,2,0,0,0;
 *   the school of 3 is exactly 1 in both four-month periods, and the school of 1 owes
 *   one unit, not two.
 * There the rows still add up and every cell stays within a unit; the columns come as
 * near their targets as any such rounding can (moving units one at a time between
 * columns while that brings both nearer: the column totals such roundings reach form
 * an integral base polyhedron, on which a sum of distances has no local minimum that
 * is not global), and `shortfalls` names each column that misses its target.
 */

/** A table to round: cell (i, j) is `cells[i * columns + j] / den` units, never negative. */
/** Rows' ids and names, asked for one at a time (a table of a million rows need not hold them as objects). */
export interface RowKeys {
  length: number;
  id(row: number): string;
  name(row: number): string;
}

export interface ControlledTable {
  /** The stable keys that break ties: school id (numeric where both are numbers), then name. */
  rows: readonly { id: string; name: string }[] | RowKeys;
  columns: number;
  /** Numerators over `den`, row by row (a typed array where every one fits in 64 bits). */
  cells: ArrayLike<bigint>;
  den: bigint;
  /** Each row's total in units: its cells' exact sum. */
  rowTotals: ArrayLike<bigint>;
  /** Each column's total in units, adding up to the row totals (for periods: split's figures). */
  columnTargets: readonly bigint[];
}

/** Why a cell with a remainder received a unit or did not. */
export const CELL_REASONS = ['whole', 'received', 'row-full', 'column-full', 'no-way-to-finish'] as const;
export type CellReason = (typeof CELL_REASONS)[number];

/** A column the rounding could not bring to its target (three or more columns only). */
export interface ColumnShortfall {
  column: number;
  target: bigint;
  total: bigint;
}

export interface ControlledRounding {
  columns: number;
  /** Every cell in units, row by row (a typed array where every one fits in 64 bits). */
  units: ArrayLike<bigint>;
  /** 1 where the cell was rounded up. */
  up: Uint8Array;
  /** 1 where the row rounded on its own (its own split) rounds the cell up. */
  ownUp: Uint8Array;
  /** Place of each cell with a remainder in the footing order, from 1; 0 for a whole cell. */
  rank: Uint32Array;
  /** Index into CELL_REASONS. */
  reason: Uint8Array;
  /** Number of cells with a remainder (the last rank). */
  ranked: number;
  /** Each column's total in units. */
  columnTotals: bigint[];
  /** Columns that could not meet their target; empty wherever a rounding exists. */
  shortfalls: ColumnShortfall[];
}

/** The working for one cell, for `explain`. */
export interface CellWorking {
  /** Exact value in units, as numerator / den. */
  exact: { num: bigint; den: bigint };
  /** Remainder over the rounded-down value, in units, as numerator / den. */
  remainder: { num: bigint; den: bigint };
  units: bigint;
  up: boolean;
  /** Whether the row's own split rounds it up. */
  ownUp: boolean;
  /** Whether footing the columns moved it away from the row's own split. */
  moved: boolean;
  rank: number;
  ranked: number;
  reason: CellReason;
}

// 0 is 'whole': a cell without a remainder.
const RECEIVED = 1;
const ROW_FULL = 2;
const COLUMN_FULL = 3;
const NO_WAY = 4;

const textOrder = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The rows in the order that breaks ties: smaller id (numerically where both are numbers, a
 * number before any other id, as compareIds), then name, then content. Where every id is a number of up to 15 digits (a census of
 * URNs), a radix sort in time linear in the rows; else one comparison sort.
 */
function rowOrder(table: ControlledTable): Int32Array {
  const rows = table.rows;
  const n = rows.length;
  const k = table.columns;
  const idOf = 'id' in rows ? (i: number) => rows.id(i) : (i: number) => rows[i]!.id;
  const nameOf = 'name' in rows ? (i: number) => rows.name(i) : (i: number) => rows[i]!.name;
  // An id of digits is compared as its number (kept exactly up to 15 digits); others as text.
  const numbers = new Float64Array(n);
  // Ids that are not short numbers, by row (a map: a census of numeric ids needs no slot per row).
  const texts = new Map<number, string>();
  for (let i = 0; i < n; i++) {
    const id = idOf(i);
    if (SHORT_NUMBER.test(id)) numbers[i] = Number.parseInt(id, 10); // an id, never money
    else texts.set(i, id);
  }
  /** Two rows of one id: by name, then by their figures, so that even then row order decides nothing. */
  const sameId = (x: number, y: number): number => {
    const byName = textOrder(nameOf(x), nameOf(y));
    if (byName !== 0) return byName;
    for (let j = 0; j < k; j++) {
      const p = table.cells[x * k + j]!;
      const q = table.cells[y * k + j]!;
      if (p !== q) return p > q ? -1 : 1;
    }
    return 0;
  };
  if (texts.size === 0) return byNumber(numbers, sameId);
  const digitsOf = (i: number) => texts.get(i)!.replace(/^0+/, '');
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  order.sort((x, y) => {
    const a = texts.get(x);
    const b = texts.get(y);
    let byId: number;
    if (a === undefined && b === undefined) byId = numbers[x]! - numbers[y]!;
    else {
      const p = a ?? idOf(x);
      const q = b ?? idOf(y);
      const numberP = NUMERIC.test(p);
      const numberQ = NUMERIC.test(q);
      if (numberP && numberQ) {
        const dp = a === undefined ? String(numbers[x]) : digitsOf(x);
        const dq = b === undefined ? String(numbers[y]) : digitsOf(y);
        byId = dp.length - dq.length || textOrder(dp, dq);
      } else if (numberP !== numberQ) byId = p === '' ? -1 : q === '' ? 1 : numberP ? -1 : 1; // as compareIds orders them
      else byId = textOrder(p, q);
    }
    return byId !== 0 ? byId : sameId(x, y);
  });
  return order;
}

/** Digits of a radix sort: 16 bits a pass. */
const RADIX = 65536;

/**
 * Rows ordered by a whole number each (an id, below 2^53), then by `tie` where two are equal:
 * a stable radix sort, in time linear in the rows, and `tie` only within runs of one number.
 * Any stable sort by the same order gives the same rows in the same places.
 */
function byNumber(numbers: Float64Array, tie: (x: number, y: number) => number): Int32Array {
  const n = numbers.length;
  let order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  let max = 0;
  for (let i = 0; i < n; i++) if (numbers[i]! > max) max = numbers[i]!;
  let spare = new Int32Array(n);
  const counts = new Int32Array(RADIX);
  for (let scale = 1; scale <= max; scale *= RADIX) {
    counts.fill(0);
    for (let i = 0; i < n; i++) counts[Math.floor(numbers[i]! / scale) % RADIX]!++;
    for (let d = 0, at = 0; d < RADIX; d++) {
      const c = counts[d]!;
      counts[d] = at;
      at += c;
    }
    for (let p = 0; p < n; p++) {
      const row = order[p]!;
      spare[counts[Math.floor(numbers[row]! / scale) % RADIX]!++] = row;
    }
    [order, spare] = [spare, order];
  }
  for (let p = 0; p < n; ) {
    let end = p + 1;
    while (end < n && numbers[order[end]!] === numbers[order[p]!]) end++;
    if (end - p > 1) order.subarray(p, end).sort(tie);
    p = end;
  }
  return order;
}

/** Digits that a double holds exactly. */
const SHORT_NUMBER = /^\d{1,15}$/;

const INT64 = 1n << 63n;

/** An array of `n` integers: typed where they fit in 64 bits. */
function bigints(n: number, narrow: boolean): { [i: number]: bigint; readonly length: number } {
  return narrow ? new BigInt64Array(n) : new Array<bigint>(n).fill(0n);
}

/** Small counts as BigInts: a row owes fewer units than it has cells. */
const FEW = [0n, 1n, 2n, 3n, 4n, 5n, 6n, 7n, 8n, 9n, 10n, 11n, 12n];

/** A count of units (cells of a row, rows of a column) as a number: small by construction. */
function unitCount(units: bigint): number {
  for (let m = 0; m < FEW.length; m++) if (FEW[m] === units) return m;
  return Number.parseInt(units.toString(), 10);
}

/**
 * Numbers records of `width` 32-bit words (a 64-bit value as its two halves, or a row as its
 * cells' value numbers) in the order first met: equal records share a number. Told apart by
 * a hash table on the words, read as bits, so no BigInt is made per record and only the
 * distinct ones (a few thousand in a census of a million rows) need any further work.
 */
function distinct(words: Uint32Array, width: number, count: number): { of: Int32Array; first: number[] } {
  const of = new Int32Array(count);
  const first: number[] = []; // the first record of each number
  let mask = 1023;
  let slots = new Int32Array(mask + 1).fill(-1); // the number of the record in each slot, or -1
  const same = (x: number, y: number): boolean => {
    for (let w = 0; w < width; w++) if (words[x * width + w] !== words[y * width + w]) return false;
    return true;
  };
  const slotOf = (r: number): number => {
    let h = 0;
    for (let w = 0; w < width; w++) h = Math.imul(h ^ words[r * width + w]!, 0x9e3779b1);
    h ^= h >>> 15;
    h = Math.imul(h, 0x85ebca6b);
    for (let at = (h ^ (h >>> 13)) & mask; ; at = (at + 1) & mask) {
      const v = slots[at]!;
      if (v < 0 || same(first[v]!, r)) return at;
    }
  };
  for (let r = 0; r < count; r++) {
    const at = slotOf(r);
    if (slots[at]! >= 0) {
      of[r] = slots[at]!;
      continue;
    }
    of[r] = slots[at] = first.length;
    first.push(r);
    if (first.length * 2 > mask) {
      mask = mask * 2 + 1;
      slots = new Int32Array(mask + 1).fill(-1);
      first.forEach((f, v) => (slots[slotOf(f)] = v));
    }
  }
  return { of, first };
}

/** Numbers the cells by value, in the order first met, where they are not held in 64 bits. */
function distinctValues(cells: ArrayLike<bigint>): { of: Int32Array; first: number[] } {
  if (cells instanceof BigInt64Array) return distinct(new Uint32Array(cells.buffer, cells.byteOffset, cells.length * 2), 2, cells.length);
  const of = new Int32Array(cells.length);
  const first: number[] = [];
  const seen = new Map<bigint, number>();
  for (let c = 0; c < cells.length; c++) {
    const v = seen.get(cells[c]!);
    if (v !== undefined) of[c] = v;
    else {
      of[c] = first.length;
      seen.set(cells[c]!, first.length);
      first.push(c);
    }
  }
  return { of, first };
}

/** Rounds the table by the rule above. Throws where the totals do not fit the cells. */
export function footTable(table: ControlledTable): ControlledRounding {
  const { columns: k, cells, den } = table;
  const n = table.rows.length;
  const size = n * k;
  assert(den > 0n, 'controlled rounding needs a positive denominator');
  assert(cells.length === size && table.rowTotals.length === n && table.columnTargets.length === k, 'controlled rounding: table shape');

  // Floors and remainders, as integers: money is never a binary floating-point number.
  // Worked out once per value (the cells of a census share some thousands), and a row's
  // sums once per kind of row (the same values in the same columns).
  const { of: valueOf, first } = distinctValues(cells);
  const value = first.map((c) => cells[c]!);
  const floorOf = value.map((v) => v / den);
  const remOf = value.map((v, d) => v - floorOf[d]! * den);
  const negative = Uint8Array.from(value, (v) => (v < 0n ? 1 : 0));
  const hasRemOf = Uint8Array.from(remOf, (r) => (r !== 0n ? 1 : 0));
  // Integers that fit in 64 bits (less one, so a unit more still fits) are held in typed
  // arrays: a million cells need no million BigInt objects.
  const narrow = value.every((v) => v < INT64 - 1n && v > -INT64);
  const { of: kindOf, first: firstOfKind } = distinct(new Uint32Array(valueOf.buffer, valueOf.byteOffset, size), k, n);
  // Each kind's total (its cells' exact sum over den; null where that is no whole number) and what it owes.
  const kindTotal = firstOfKind.map((i): bigint | null => {
    let exactSum = 0n;
    for (let j = 0; j < k; j++) exactSum += value[valueOf[i * k + j]!]!;
    return exactSum % den === 0n ? exactSum / den : null;
  });
  const kindOwed = firstOfKind.map((i, s) => {
    let floorSum = 0n;
    for (let j = 0; j < k; j++) floorSum += floorOf[valueOf[i * k + j]!]!;
    return kindTotal[s] === null ? 0 : unitCount(kindTotal[s]! - floorSum);
  });
  const rowsOfKind = new Int32Array(firstOfKind.length);
  const hasRem = new Uint8Array(size);
  const owed = new Int32Array(n); // a_i: units each row lacks after rounding down
  let fractional = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < k; j++) {
      const d = valueOf[i * k + j]!;
      if (negative[d] === 1) assert(false, 'controlled rounding: a negative cell');
      if (hasRemOf[d] === 1) (hasRem[i * k + j] = 1), fractional++;
    }
    const s = kindOf[i]!;
    if (kindTotal[s] !== table.rowTotals[i]) assert(false, `controlled rounding: row ${i + 1}'s cells do not add up to its total`);
    owed[i] = kindOwed[s]!;
    rowsOfKind[s]!++;
  }
  const columnFloors = new Array<bigint>(k).fill(0n);
  firstOfKind.forEach((i, s) => {
    for (let j = 0; j < k; j++) columnFloors[j] = columnFloors[j]! + BigInt(rowsOfKind[s]!) * floorOf[valueOf[i * k + j]!]!;
  });
  const targetSum = table.columnTargets.reduce((a, b) => a + b, 0n);
  let rowSum = 0n;
  for (let i = 0; i < n; i++) rowSum += table.rowTotals[i]!;
  assert(targetSum === rowSum, 'controlled rounding: the column targets do not add up to the row totals');
  // b_j: units each column lacks; a target outside what the cells allow is met as nearly as they allow.
  const wanted = table.columnTargets.map((t, j) => unitCount(t - columnFloors[j]!));

  // The footing order on cells: larger remainder, then larger exact amount, then the row's
  // place in the tie order, then the earlier column. The values with a remainder are put in
  // order (a few thousand), each cell is keyed by its value's place, and the cells are
  // counted into their places row by row in the tie order: no two cells are compared.
  const byValue = value.flatMap((_, d) => (remOf[d] === 0n ? [] : [d]));
  byValue.sort((x, y) => (remOf[x] !== remOf[y] ? (remOf[x]! > remOf[y]! ? -1 : 1) : value[x] !== value[y] ? (value[x]! > value[y]! ? -1 : 1) : 0));
  const placeOf = new Int32Array(value.length);
  byValue.forEach((d, p) => (placeOf[d] = p));
  const values = byValue.length;

  // Each row rounded on its own: its units to its largest remainders (its own split).
  const z = new Uint8Array(size);
  const rowCells = new Int32Array(k);
  for (let i = 0; i < n; i++) {
    const a = owed[i]!;
    if (a === 0) continue;
    // The row's cells with a remainder in the footing order (by value, then column): a few, put in by insertion.
    let m = 0;
    for (let j = 0; j < k; j++) {
      const c = i * k + j;
      if (!hasRem[c]) continue;
      let at = m++;
      for (; at > 0 && placeOf[valueOf[rowCells[at - 1]!]!]! > placeOf[valueOf[c]!]!; at--) rowCells[at] = rowCells[at - 1]!;
      rowCells[at] = c;
    }
    for (let t = 0; t < a; t++) z[rowCells[t]!] = 1;
  }
  const ownUp = z.slice();

  const rank = new Uint32Array(size);
  const cellsInOrder = new Int32Array(fractional);
  {
    const start = new Int32Array(values + 1);
    for (let c = 0; c < size; c++) if (hasRem[c]) start[placeOf[valueOf[c]!]! + 1]!++;
    for (let v = 0; v < values; v++) start[v + 1]! += start[v]!;
    const rowsInOrder = rowOrder(table);
    for (let p = 0; p < n; p++) {
      const i = rowsInOrder[p]!;
      for (let j = 0; j < k; j++) {
        const c = i * k + j;
        if (hasRem[c]) cellsInOrder[start[placeOf[valueOf[c]!]!]!++] = c;
      }
    }
    for (let p = 0; p < fractional; p++) rank[cellsInOrder[p]!] = p + 1;
  }
  const reason = new Uint8Array(size);
  const count = new Int32Array(k); // each column's units once footed

  if (k === 2) {
    // Two columns: a row with a remainder owes one unit to either column, so a cell
    // receives it in turn while its row lacks it and its column has room: one pass.
    const taken = new Uint8Array(n);
    for (const c of cellsInOrder) {
      const i = (c / 2) | 0;
      const j = c & 1;
      if (taken[i]) reason[c] = ROW_FULL;
      else if (count[j] === wanted[j]) reason[c] = COLUMN_FULL;
      else {
        taken[i] = 1;
        count[j]!++;
        reason[c] = RECEIVED;
      }
      z[c] = reason[c] === RECEIVED ? 1 : 0;
    }
  } else {
    footColumns(k, n, z, hasRem, owed, wanted, count, cellsInOrder, reason);
  }

  // Each cell in units: its value's floor, and one more where it was rounded up.
  const units = bigints(size, narrow);
  if (units instanceof BigInt64Array) {
    // Copied as bits, two 32-bit halves at a time, from each value's floor or floor + 1: no BigInt made per cell.
    const down = new Uint32Array(BigInt64Array.from(floorOf).buffer);
    const up = new Uint32Array(BigInt64Array.from(floorOf, (f) => f + 1n).buffer);
    const out = new Uint32Array(units.buffer);
    for (let c = 0; c < size; c++) {
      const d = valueOf[c]!;
      const from = z[c] === 1 ? up : down;
      out[2 * c] = from[2 * d]!;
      out[2 * c + 1] = from[2 * d + 1]!;
    }
  } else for (let c = 0; c < size; c++) units[c] = z[c] === 1 ? floorOf[valueOf[c]!]! + 1n : floorOf[valueOf[c]!]!;
  const columnTotals = Array.from({ length: k }, (_, j) => columnFloors[j]! + BigInt(count[j]!));
  const shortfalls: ColumnShortfall[] = [];
  for (let j = 0; j < k; j++) {
    if (columnTotals[j] !== table.columnTargets[j]) shortfalls.push({ column: j, target: table.columnTargets[j]!, total: columnTotals[j]! });
  }
  return { columns: k, units, up: z, ownUp, rank, reason, ranked: fractional, columnTotals, shortfalls };
}

/**
 * Three or more columns. From the rows' own splits (z), first moves units between
 * columns towards their targets, then takes the cells in the footing order, each
 * keeping or receiving a unit where the table can still be finished, and fixes it.
 *
 * Both steps move units along paths in a graph of columns: an arc x → y where some row
 * has an unfixed unit in x and an unfixed remainder cell without one in y (moving it
 * shifts a unit from column x to y and leaves the row's sum alone). Rows are kept in a
 * stack per arc and checked when read, since entries go stale as cells change.
 */
function footColumns(
  k: number,
  n: number,
  z: Uint8Array,
  hasRem: Uint8Array,
  owed: Int32Array,
  wanted: number[],
  count: Int32Array,
  cellsInOrder: Int32Array,
  reason: Uint8Array,
): void {
  const size = n * k;
  const fixed = new Uint8Array(size);
  const arcs: number[][] = Array.from({ length: k * k }, () => []);
  const free = (c: number) => fixed[c] === 0 && hasRem[c] === 1;
  const arcRow = (x: number, y: number): number => {
    const stack = arcs[x * k + y]!;
    while (stack.length > 0) {
      const i = stack[stack.length - 1]!;
      if (z[i * k + x] === 1 && z[i * k + y] === 0 && free(i * k + x) && free(i * k + y)) return i;
      stack.pop();
    }
    return -1;
  };
  /** Records the arcs row i offers through its cell in column j, after that cell changed. */
  const offer = (i: number, j: number) => {
    const c = i * k + j;
    if (!free(c)) return;
    if (z[c] === 1) {
      for (let y = 0; y < k; y++) if (y !== j && z[i * k + y] === 0 && free(i * k + y)) arcs[j * k + y]!.push(i);
    } else {
      for (let x = 0; x < k; x++) if (x !== j && z[i * k + x] === 1 && free(i * k + x)) arcs[x * k + j]!.push(i);
    }
  };
  for (let i = 0; i < n; i++) if (owed[i]! > 0) for (let j = 0; j < k; j++) if (z[i * k + j] === 1) offer(i, j);

  const previous = new Int32Array(k);
  const queue = new Int32Array(k);
  /** Breadth-first from `from`: marks every column reached in `previous`; the first `goal` accepts, or -1. */
  const search = (from: number, goal: (column: number) => boolean): number => {
    previous.fill(-2);
    previous[from] = -1;
    queue[0] = from;
    for (let h = 0, t = 1; h < t; h++) {
      const x = queue[h]!;
      for (let y = 0; y < k; y++) {
        if (previous[y] !== -2 || arcRow(x, y) < 0) continue;
        previous[y] = x;
        if (goal(y)) return y;
        queue[t++] = y;
      }
    }
    return -1;
  };
  const steps: number[] = [];
  /** Moves one unit along the path found to `to`, from its first arc: each row read is current. */
  const shift = (to: number) => {
    steps.length = 0;
    for (let y = to; previous[y]! >= 0; y = previous[y]!) steps.push(y);
    for (let s = steps.length - 1; s >= 0; s--) {
      const w = steps[s]!;
      const x = previous[w]!;
      const i = arcRow(x, w);
      assert(i >= 0, 'controlled rounding: a path lost its arc');
      z[i * k + x] = 0;
      z[i * k + w] = 1;
      offer(i, x);
      offer(i, w);
    }
  };

  // Columns towards their targets: from the earliest column with too many units that a
  // path joins to one with too few, to the earliest such. Which columns a path joins
  // depends on the column totals alone, so the totals reached never depend on row order.
  for (let c = 0; c < size; c++) if (z[c] === 1) count[c % k]!++;
  for (let moved = true; moved; ) {
    moved = false;
    for (let x = 0; x < k && !moved; x++) {
      if (count[x]! <= wanted[x]!) continue;
      search(x, () => false);
      for (let y = 0; y < k; y++) {
        if (y === x || count[y]! >= wanted[y]! || previous[y] === -2) continue;
        shift(y);
        count[x]!--;
        count[y]!++;
        moved = true;
        break;
      }
    }
  }

  // The cells in the footing order.
  const rowFixed = new Int32Array(n);
  const columnFixed = new Int32Array(k);
  for (const c of cellsInOrder) {
    const i = (c / k) | 0;
    const j = c % k;
    if (z[c] === 0) {
      if (rowFixed[i] === owed[i]) reason[c] = ROW_FULL;
      else if (columnFixed[j] === count[j]) reason[c] = COLUMN_FULL;
      else {
        fixed[c] = 1; // the cell itself is no arc while a path for it is sought
        const to = search(j, (y) => z[i * k + y] === 1 && free(i * k + y));
        if (to >= 0) {
          shift(to);
          z[i * k + to] = 0;
          z[c] = 1;
          offer(i, to);
        } else reason[c] = NO_WAY;
      }
    }
    if (z[c] === 1) {
      reason[c] = RECEIVED;
      rowFixed[i]!++;
      columnFixed[j]!++;
    }
    fixed[c] = 1;
  }
}

/** The working behind one cell: its exact value, remainder, place and why it moved. */
export function cellWorking(table: ControlledTable, result: ControlledRounding, row: number, column: number): CellWorking {
  const c = row * table.columns + column;
  const num = table.cells[c]!;
  const up = result.up[c] === 1;
  const ownUp = result.ownUp[c] === 1;
  return {
    exact: { num, den: table.den },
    remainder: { num: num % table.den, den: table.den },
    units: result.units[c]!,
    up,
    ownUp,
    moved: up !== ownUp,
    rank: result.rank[c]!,
    ranked: result.ranked,
    reason: CELL_REASONS[result.reason[c]!]!,
  };
}

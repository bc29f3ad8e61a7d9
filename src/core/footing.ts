import type { Dec } from './decimal.js';
import { DataError } from './errors.js';
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

/** Orders ids numerically where both are whole numbers, else as text. */
export function compareIds(a: string, b: string): number {
  if (NUMERIC.test(a) && NUMERIC.test(b)) {
    const x = a.replace(/^0+/, '');
    const y = b.replace(/^0+/, '');
    if (x.length !== y.length) return x.length - y.length;
    return x < y ? -1 : x > y ? 1 : 0;
  }
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

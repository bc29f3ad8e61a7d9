import { Dec, ZERO, sum } from './decimal.js';
import { DataError } from './errors.js';
import { fromScaled, ratioOf } from './exact.js';
import { roundRatioTo } from './rounding.js';
import { idKey } from './names.js';
import { looseNameKey } from './near-matches.js';

/** One school's total in an allocation being compared. */
export interface CompareInput {
  /** URN (or other id); '' when the allocation has none. */
  urn: string;
  school: string;
  total: Dec;
  /** Where the row came from, for messages. */
  line?: number;
}

export interface CompareRow {
  urn: string;
  school: string;
  /** null where the school is only in the other allocation. */
  before: Dec | null;
  after: Dec | null;
  /** after − before, a missing side counting as 0. */
  change: Dec;
  /** change ÷ before × 100, to 1 dp half-up; null when before is 0 or missing. */
  changePct: Dec | null;
}

export interface Comparison {
  rows: CompareRow[];
  total: { before: Dec; after: Dec; change: Dec; changePct: Dec | null };
  onlyBefore: CompareInput[];
  onlyAfter: CompareInput[];
}

/** Percentage change to 1 dp half-up; null when there is nothing to compare against. */
export function changePercent(before: Dec | null, change: Dec): Dec | null {
  if (before === null || before.isZero()) return null;
  const c = ratioOf(change);
  const b = ratioOf(before);
  return fromScaled(roundRatioTo(c.num * b.den * 100n, c.den * b.num, 1, 'half-up'), 1);
}

const nameKey = (name: string) => name.trim().toLowerCase();

/** What schools are matched on: a URN where both rows have one, else the name. */
export interface Matchable {
  urn: string;
  school: string;
  line?: number;
}

/** Refuses a file in which two rows would match the same school. */
function checkUnique(rows: readonly Matchable[], side: string): void {
  const ids = new Map<string, Matchable>();
  const names = new Map<string, Matchable>();
  for (const row of rows) {
    const key = row.urn !== '' ? `id:${idKey(row.urn)}` : `name:${nameKey(row.school)}`;
    const map = row.urn !== '' ? ids : names;
    const first = map.get(key);
    if (first) {
      const what = row.urn !== '' ? `URN ${row.urn}${first.urn !== row.urn ? ` (${first.urn}, the same LAESTAB)` : ''}` : `school "${row.school}"`;
      const named = row.urn === '' ? '; where two schools share a name (two St Mary\'s in one county), give the file a URN or LAESTAB column to tell them apart' : '';
      throw new DataError(`${what} appears twice${first.line !== undefined ? ` (first on line ${first.line})` : ''}; each school must be one row${named}`, { file: side, line: row.line });
    }
    map.set(key, row);
  }
}

/**
 * Pairs the schools of two allocations: on URN where both rows have one (a LAESTAB however it
 * is written, `873/2001` or `8732001`: `idKey`), else on the school name (case-insensitive; then
 * without its punctuation, accents and spacing, where that is one row each side). Pairs keep the order of `before` (a school only there has no
 * `after`), then the schools new in `after` in its order.
 */
export function matchSchools<T extends Matchable>(before: readonly T[], after: readonly T[], names = { before: 'before', after: 'after' }): [T | undefined, T | undefined][] {
  checkUnique(before, names.before);
  checkUnique(after, names.after);
  const matchOf = new Map<T, T>();
  const taken = new Set<T>();
  // A LAESTAB is matched however it is written (`873/2001` one year, `8732001` the next).
  const afterById = new Map(after.filter((r) => r.urn !== '').map((r) => [idKey(r.urn), r]));
  for (const b of before) {
    const a = b.urn !== '' ? afterById.get(idKey(b.urn)) : undefined;
    if (a) {
      matchOf.set(b, a);
      taken.add(a);
    }
  }
  // Rows without a URN on either side fall back to the name.
  const afterByName = new Map<string, T[]>();
  for (const a of after) {
    if (taken.has(a)) continue;
    const list = afterByName.get(nameKey(a.school)) ?? [];
    list.push(a);
    afterByName.set(nameKey(a.school), list);
  }
  // Ids of different kinds (a table's DfE numbers, a census's URNs) never meet: where both files
  // have ids and no school's is in both, the names alone say which school is which.
  const apart = idsApart(before, after, matchOf.size);
  const fits = (b: T, a: T) => !taken.has(a) && (apart || a.urn === '' || b.urn === '' || idKey(a.urn) === idKey(b.urn));
  for (const b of before) {
    if (matchOf.has(b)) continue;
    const candidates = (afterByName.get(nameKey(b.school)) ?? []).filter((a) => fits(b, a));
    const a = candidates[0];
    if (a) {
      matchOf.set(b, a);
      taken.add(a);
    }
  }
  // Then the name with its punctuation, accents and spacing left out, where that names one row
  // left on each side: a table copied from a paper writes `St Mary’s` for `St Mary's`, two
  // spaces, a full stop at the end, and each school was one year's closed and the other's new.
  const loose = <R extends T>(rows: readonly R[]) => {
    const by = new Map<string, R[]>();
    for (const r of rows) by.set(looseNameKey(r.school), [...(by.get(looseNameKey(r.school)) ?? []), r]);
    return by;
  };
  const afterLoose = loose(after.filter((a) => !taken.has(a)));
  const beforeLoose = loose(before.filter((b) => !matchOf.has(b)));
  for (const [key, [b, ...others]] of beforeLoose) {
    const candidates = afterLoose.get(key) ?? [];
    if (key === '' || others.length > 0 || candidates.length !== 1 || !fits(b!, candidates[0]!)) continue;
    matchOf.set(b!, candidates[0]!);
    taken.add(candidates[0]!);
  }
  return [...before.map((b): [T, T | undefined] => [b, matchOf.get(b)]), ...after.filter((a) => !taken.has(a)).map((a): [undefined, T] => [undefined, a])];
}

/** Whether both files give schools ids and none is in both: their ids are of different kinds (LAESTAB, URN), and do not tell schools apart across them. */
export function idsApart(before: readonly Matchable[], after: readonly Matchable[], matched = -1): boolean {
  if (!before.some((b) => b.urn !== '') || !after.some((a) => a.urn !== '')) return false;
  if (matched >= 0) return matched === 0;
  const ids = new Set(after.filter((a) => a.urn !== '').map((a) => idKey(a.urn)));
  return !before.some((b) => b.urn !== '' && ids.has(idKey(b.urn)));
}

/**
 * Matches two allocations school by school: on URN where both rows have one, else on the
 * school name (case-insensitive). Rows keep the order of `before`, then schools new in
 * `after` in its order. The Total row's change is the difference of the two totals.
 */
export function compareAllocations(before: readonly CompareInput[], after: readonly CompareInput[], names = { before: 'before', after: 'after' }): Comparison {
  const pairs = matchSchools(before, after, names);
  const row = (urn: string, school: string, b: Dec | null, a: Dec | null): CompareRow => {
    const change = (a ?? ZERO).minus(b ?? ZERO);
    return { urn, school, before: b, after: a, change, changePct: changePercent(b, change) };
  };
  const rows = pairs.map(([b, a]) => row(b?.urn || a?.urn || '', a?.school ?? b!.school, b?.total ?? null, a?.total ?? null));
  const onlyBefore = pairs.filter(([, a]) => !a).map(([b]) => b!);
  const onlyAfter = pairs.filter(([b]) => !b).map(([, a]) => a!);

  const totalBefore = sum(before.map((r) => r.total));
  const totalAfter = sum(after.map((r) => r.total));
  const change = totalAfter.minus(totalBefore);
  return { rows, total: { before: totalBefore, after: totalAfter, change, changePct: changePercent(totalBefore, change) }, onlyBefore, onlyAfter };
}

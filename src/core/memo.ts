/**
 * Figures met again and again (a group's amount, a cell's text): each worked out once and
 * remembered, up to a bound, so that a table of a million distinct figures does not keep a
 * million. Lookups and keeping are separate calls, so a hot loop makes no closure per row.
 */
export class Memo<K, V> {
  static readonly LIMIT = 100000;
  private readonly kept = new Map<K, V>();

  get(key: K): V | undefined {
    return this.kept.get(key);
  }

  /** Remembers `value` for `key` while under the bound; returns it. */
  keep(key: K, value: V): V {
    if (this.kept.size < Memo.LIMIT) this.kept.set(key, value);
    return value;
  }
}

/**
 * Nested maps keyed by a list of figures, one at a time, compared as the objects they are: a
 * lookup by several figures with no key text made for them.
 */
export type Level = Map<unknown, unknown>;

/** The map under `key` in `level`, made where there is none yet. */
export function within(level: Level, key: unknown): Level {
  let next = level.get(key) as Level | undefined;
  if (next === undefined) level.set(key, (next = new Map()));
  return next;
}

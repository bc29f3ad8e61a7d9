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

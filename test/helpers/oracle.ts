/**
 * An independent model of the README's arithmetic in plain BigInt, for checking the
 * engine's figures: amounts are fractions n / d of a pound, rounded to whole pounds.
 */

/** A decimal string as an integer count of 1/10^places: "5.10" at 2 places is 510n. */
export function scaled(text: string, places: number): bigint {
  const [whole = '0', fraction = ''] = text.replace(/,/g, '').split('.');
  return BigInt(whole + fraction.padEnd(places, '0').slice(0, places));
}

/** n / d rounded half-up to a whole number (n, d ≥ 0). */
export function halfUp(n: bigint, d: bigint): bigint {
  return (2n * n + d) / (2n * d);
}

export interface OracleRow {
  id: string;
  /** The exact amount is n / d pounds. */
  n: bigint;
}

/**
 * Largest remainder to whole pounds: every row rounded down, then the units missing to
 * reach `target` (default: the exact total rounded half-up) go to the largest remainders;
 * ties to the larger exact amount, then the smaller id.
 */
export function footed(rows: readonly OracleRow[], d: bigint, target?: bigint): Map<string, bigint> {
  const total = rows.reduce((a, r) => a + r.n, 0n);
  const want = target ?? halfUp(total, d);
  const out = new Map(rows.map((r) => [r.id, r.n / d]));
  let missing = want - [...out.values()].reduce((a, v) => a + v, 0n);
  const order = [...rows].sort((a, b) => {
    const ra = a.n % d;
    const rb = b.n % d;
    if (ra !== rb) return rb > ra ? 1 : -1;
    if (a.n !== b.n) return b.n > a.n ? 1 : -1;
    return Number(a.id) - Number(b.id);
  });
  for (const row of order) {
    if (missing <= 0n) break;
    out.set(row.id, out.get(row.id)! + 1n);
    missing -= 1n;
  }
  return out;
}

/** Each row rounded half-up on its own. */
export function ownRounding(rows: readonly OracleRow[], d: bigint): Map<string, bigint> {
  return new Map(rows.map((r) => [r.id, halfUp(r.n, d)]));
}

/** Sum of a map's values. */
export function total(values: ReadonlyMap<string, bigint>): bigint {
  return [...values.values()].reduce((a, v) => a + v, 0n);
}

/** A csv's rows as objects keyed by header (no quoted commas in the fixtures this reads). */
export function csvObjects(text: string): Record<string, string>[] {
  const [head = '', ...lines] = text.trim().split('\n');
  const keys = head.split(',');
  return lines.map((line) => {
    const cells = line.match(/("([^"]|"")*"|[^,]*)(,|$)/g)!.map((c) => c.replace(/,$/, '').replace(/^"|"$/g, '').replace(/""/g, '"'));
    return Object.fromEntries(keys.map((k, i) => [k, cells[i] ?? '']));
  });
}

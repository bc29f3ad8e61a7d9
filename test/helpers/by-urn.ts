/** Rows of a csv output keyed by URN (the Total row, with no URN, left out). */
export function byUrn(csv: string): Map<string, Record<string, string>> {
  const [head, ...lines] = csv.trim().split('\n');
  const keys = (head ?? '').split(',');
  const out = new Map<string, Record<string, string>>();
  for (const line of lines) {
    // The fixtures' names hold no commas, so a plain split is exact here.
    const cells = line.split(',');
    const row = Object.fromEntries(keys.map((k, i) => [k, cells[i] ?? '']));
    if (row.urn) out.set(row.urn, row);
  }
  return out;
}

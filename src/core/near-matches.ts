/** Edit distance (Levenshtein) between two strings. */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
    }
    previous = current;
  }
  return previous[b.length]!;
}

/** Lower case, straight apostrophes, single spaces: how a school name is compared. */
export function nameKey(text: string): string {
  return text.trim().toLowerCase().replace(/[\u2018\u2019`]/g, "'").replace(/\s+/g, ' ');
}

/**
 * A name with its punctuation and accents left out as well: `Robin Hood Infants' School` and
 * `Robin Hood Infants School` (or `St. Mary's R.C.`), `École Française` and `Ecole Francaise`
 * compare equal. Letters, digits and spaces are kept.
 */
export function looseNameKey(text: string): string {
  return nameKey(text)
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/[^\p{L}\p{N}\s]/gu, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * Names near a mistyped one, best first: those containing it (or contained in it), then
 * those within an edit distance of about a third of its length. At most `limit`.
 */
export function nearMatches(query: string, names: readonly string[], limit = 5): string[] {
  const q = nameKey(query);
  const allowed = Math.max(2, Math.floor(q.length / 3));
  const scored: { name: string; score: number }[] = [];
  for (const name of new Set(names)) {
    const n = nameKey(name);
    if (q !== '' && (n.includes(q) || q.includes(n))) {
      scored.push({ name, score: -1 });
      continue;
    }
    const d = editDistance(q, n);
    if (d <= allowed) scored.push({ name, score: d });
  }
  return scored
    .sort((a, b) => a.score - b.score || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .slice(0, limit)
    .map((s) => s.name);
}

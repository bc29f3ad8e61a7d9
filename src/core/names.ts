/** Machine header of a name: "School Improvement" → "school_improvement", "De-delegated" → "de_delegated". */
export function snake(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
}

/**
 * A copy of text that holds on to nothing else. A cell read from a piece of a large file may
 * be a view into that whole piece; text kept for long (a cache key, an id) is copied, so the
 * piece can go.
 */
export function own(text: string): string {
  // V8 copies short substrings anyway; a longer one is copied by flattening a concatenation.
  return text.length < 13 ? text : (' ' + text).slice(1);
}

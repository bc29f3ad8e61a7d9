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

const NUMBER_ID = /^[1-9]\d{0,9}$/;

/**
 * An id written as a plain whole number from 1 to 4,294,967,295 (no sign, no leading zeros),
 * as that number, to hold in a typed array; 0 for any other id. Distinct such ids give
 * distinct numbers. An id, never money.
 */
export function idNumber(id: string): number {
  if (!NUMBER_ID.test(id)) return 0;
  const n = Number.parseInt(id, 10);
  return n <= 4294967295 ? n : 0;
}

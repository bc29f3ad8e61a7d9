/**
 * Latin letters that Unicode does not decompose to a letter and an accent (ł is not l with a
 * mark), written as they are spelt in ASCII: "Łódź" is lodz, as "Żary" is zary.
 */
const LATIN_LETTERS: Readonly<Record<string, string>> = { ł: 'l', đ: 'd', ð: 'd', ø: 'o', ħ: 'h', ı: 'i', ŧ: 't', ß: 'ss', æ: 'ae', œ: 'oe', þ: 'th' };
const LATIN_LETTER = new RegExp(`[${Object.keys(LATIN_LETTERS).join('')}]`, 'g');

/**
 * Machine header of a name: "School Improvement" → "school_improvement", "De-delegated" →
 * "de_delegated". Latin letters lose their accents ("Gwasanaeth Ŵyl" → gwasanaeth_wyl,
 * "Łódź" → lodz); letters of other scripts are kept as they are, accents too, in lower case
 * where the script has one ("اردو خدمت" → اردو_خدمت, "社区语言" → 社区语言, "Русский" →
 * русский); anything but letters, marks and digits runs together as one underscore, and
 * format characters (a zero-width joiner, a direction mark) are dropped. Empty for a name
 * with no letter or digit in any script ("£££"). Made again from its own key, a key is the same.
 */
export function snake(name: string): string {
  return name
    .replace(/\p{Cf}/gu, '')
    .normalize('NFKD')
    .toLowerCase()
    .replace(LATIN_LETTER, (letter) => LATIN_LETTERS[letter]!)
    .replace(/(?<=[a-z])[\u0300-\u036f]+/g, '')
    .normalize('NFC')
    .replace(/[^\p{L}\p{M}\p{N}]+/gu, '_')
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

/** A spreadsheet's column letters for a 0-based column: 0 → A, 25 → Z, 26 → AA (as Excel heads its columns). */
export function columnLetters(index: number): string {
  let out = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) out = String.fromCharCode(65 + ((n - 1) % 26)) + out;
  return out;
}

/** A LAESTAB written with its LA code apart: `873/2001`, `873-2001`. */
// `873/2001`, `873-2001`, `873–2001` (a dash as Word types it), `873 2001`.
const LAESTAB_APART = /^\s*(\d{3})(?:\s*[/\-\u2013]\s*|\s+)(\d{4})\s*$/;

/**
 * The key an id is matched on across two files: a LAESTAB written with its LA code apart
 * (`873/2001`, as a finance system or an LA's own table writes it; `873-2001`) is the seven
 * digits the Authority Proforma Tool and DfE write (`8732001`); one shown with thousands
 * separators (`100,001`) is its digits; any other id is itself. Seven
 * digits with a slash after three are a LAESTAB and nothing else (a URN has six).
 */
export function idKey(id: string): string {
  const apart = LAESTAB_APART.exec(id);
  if (apart) return `${apart[1]}${apart[2]}`;
  // Shown with thousands separators (`100,001`, Excel's Comma Style): the number's digits.
  return id.indexOf(',') > 0 && /^\d{1,3}(?:,\d{3})+$/.test(id) ? id.replaceAll(',', '') : id;
}

/** A word of dedel's own (a rounding mode, a phase, a format) as it is compared with one typed: in lower case, with spaces and underscores as hyphens (`Half up` is `half-up`). */
export function wordKey(text: string): string {
  return text.trim().toLowerCase().replace(/[\s_\u2010-\u2013]+/g, '-');
}

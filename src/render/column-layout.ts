// How a table's columns share the width of a page: the type size, each column's width, and,
// for a table too wide for the page, the parts it is printed in. Word (docx.ts) lays its
// tables out with it; the paper's HTML splits its tables where they would not fit A4 landscape.
import type { Cell, TableDoc } from './model.js';
import { isNumeric } from './cells.js';
import { textWidth } from './text-width.js';

/** A4 landscape between 12 mm margins, in twentieths of a point. */
export const PAGE_WIDTH = 16838 - 2 * 680;
/** Half-points: 8.5 pt in tables, 10 pt in text; a wide table steps down, to 6 pt at the least, before its figures or words break. */
export const TABLE_SIZES: readonly number[] = [17, 16, 15, 14, 13, 12];
/** A cell's left and right margins, in twentieths of a point. */
export const CELL_MARGIN = 60;

/** Where a line may break: at spaces, and after a hyphen (`De-delegated`). */
function words(text: string): string[] {
  return text.split(/\s+|(?<=-)/).filter((w) => w !== '');
}

/**
 * How wide a column needs to be, in thousandths of an em of its text (src/render/text-width.ts),
 * from the least it can take to all it can use:
 * 0. its figures never wrap (a figure broken over two lines, `12,72` above `7`, misreads); a
 *    text column may be squeezed to a few letters;
 * 1. no word of a cell is broken, and a name has room for a few words;
 * 2. no word of the header is broken either (`Improvement`);
 * 3. every cell, and the header, on one line.
 * A word longer than LONGEST_WORD (a SHA-256) may break, rather than take the page.
 */
export type Need = readonly [number, number, number, number];

const LONGEST_WORD = 16_000;
/** A text column is never squeezed below this. */
const NARROWEST_TEXT = 4_000;
/** Room a text column is given, where it can use it, before the headers' words are kept whole. */
const TEXT_ROOM = 12_000;

export function columnNeeds(doc: TableDoc, text: (row: readonly Cell[], i: number) => string, bold: (index: number) => boolean, textRoom = TEXT_ROOM): Need[] {
  return doc.columns.map((column, i): Need => {
    const numeric = isNumeric(column);
    const headerWord = Math.min(LONGEST_WORD, Math.max(0, ...words(column.label).map((w) => textWidth(w, true))));
    let widest = 0;
    let longestWord = 0;
    const measure = (row: readonly Cell[], strong: boolean) => {
      const t = text(row, i);
      if (!t) return;
      widest = Math.max(widest, textWidth(t, strong));
      if (!numeric) for (const w of words(t)) longestWord = Math.max(longestWord, textWidth(w, strong));
    };
    doc.rows.forEach((row, index) => measure(row, bold(index)));
    if (doc.total) measure(doc.total, true);
    const full = Math.max(widest, textWidth(column.label, true));
    if (numeric) return [widest, widest, Math.max(widest, headerWord), full];
    const cells = Math.max(Math.min(longestWord, LONGEST_WORD), Math.min(widest, textRoom));
    const soft = Math.max(cells, headerWord);
    return [Math.min(cells, NARROWEST_TEXT), cells, soft, Math.max(full, soft)];
  });
}

/** Twentieths of a point a column of `need` thousandths of an em takes at `size` half-points, with its margins and a little to spare. */
function twips(need: number, size: number): number {
  return Math.ceil((need * size * 1.03) / 100) + 2 * CELL_MARGIN + 20;
}

/** Twentieths of a point the columns take at level `level` of their needs at `size` half-points. */
function widthAt(needs: readonly Need[], level: number, size: number): number {
  return needs.reduce((sum, n) => sum + twips(n[level]!, size), 0);
}

/** Where a table is printed: the width between the margins and the smallest type, in twentieths of a point and half-points, and the least level of its needs (Need) a part must meet: Word may break a header's word, a browser never does. */
export interface Page {
  width: number;
  smallest: number;
  least: number;
  /** Room a name is given before the headers' words are kept whole (Word's layout gives some; a browser, laying out by the longest word, none). */
  textRoom?: number;
}

/** A4 landscape in Word: 6 pt at the least, every figure whole. */
export const WORD_PAGE: Page = { width: PAGE_WIDTH, smallest: 12, least: 1 };

/** The highest level of their needs (Need) at which the columns fit across the page at its smallest type, or -1 where they do not even with every figure whole. */
function fitLevel(needs: readonly Need[], page: Page): number {
  for (let level = 3; level >= 0; level--) if (widthAt(needs, level, page.smallest) <= page.width) return level;
  return -1;
}

/**
 * The table's type size and column widths across the page between the margins: the largest
 * size at which the columns have what they need at the highest level (Need) that fits at any
 * size, so a wide table's type is made smaller before its words or figures break. The columns
 * then share the room left in proportion to what each lacks of the next level; room to spare
 * once every cell is on one line goes to the columns in proportion to their width.
 */
export function layoutColumns(needs: readonly Need[], width = PAGE_WIDTH): { size: number; widths: number[] } {
  const at = (level: number, size: number) => needs.map((n) => twips(n[level]!, size));
  const total = (w: readonly number[]) => w.reduce((a, b) => a + b, 0);
  const smallest = TABLE_SIZES[TABLE_SIZES.length - 1]!;
  for (let level = 3; level >= 0; level--) {
    const size = TABLE_SIZES.find((s) => total(at(level, s)) <= width);
    if (size === undefined) continue;
    const low = at(level, size);
    const room = width - total(low);
    if (level === 3) return { size, widths: low.map((w) => w + Math.floor((w * room) / total(low))) };
    const high = at(level + 1, size);
    const lack = total(high) - total(low);
    return { size, widths: low.map((l, i) => (lack > 0 ? l + Math.floor(((high[i]! - l) * room) / lack) : l)) };
  }
  const squeezed = at(0, smallest);
  return { size: smallest, widths: squeezed.map((w) => Math.floor((w * width) / total(squeezed))) };
}

/**
 * A table too wide for the page even at the smallest type with every figure whole (Appendix B
 * with a column per service and period) is printed in parts, as a printed paper does: each part
 * the same rows, its leading names (URN, School) repeated, and the next columns, in order. The
 * parts are as few as keep every word whole (else every figure), and share the columns evenly.
 * Returns the column indices of each part; one part where the table fits as it is.
 */
export function columnParts(needs: readonly Need[], keys: number, page: Page = WORD_PAGE): number[][] {
  const all = needs.map((_, i) => i);
  if (fitLevel(needs, page) >= page.least || keys >= needs.length) return [all];
  const head = all.slice(0, keys);
  const rest = all.slice(keys);
  const split = (n: number) => Array.from({ length: n }, (_, k) => rest.slice(Math.floor((k * rest.length) / n), Math.floor(((k + 1) * rest.length) / n)));
  for (const least of [Math.max(1, page.least), page.least]) {
    for (let n = 2; n <= rest.length; n++) {
      const parts = split(n).map((part) => [...head, ...part]);
      if (parts.every((part) => fitLevel(part.map((i) => needs[i]!), page) >= least)) return parts;
    }
  }
  return [all];
}

/** How many leading columns name a row (URN, School; Service): repeated in each part of a table printed in parts. */
export function keyColumns(doc: TableDoc): number {
  let keys = 0;
  while (keys < doc.columns.length && doc.columns[keys]!.kind === 'text') keys++;
  return keys;
}

/** The line above each part of a table printed in parts. */
export function partLine(part: number, parts: number): string {
  return `Part ${part + 1} of ${parts} of this table: ${part === 0 ? 'it is too wide for the page, so each part has the same rows, with the next columns' : 'the same rows as part 1, with the next columns'}.`;
}

/**
 * A table (as human formats show it) in the parts it prints in on `page`: each part a table of
 * its own with the same rows, the key columns and its share of the rest, titled with its part
 * line; the footnotes under the last. One part, the table itself, where it fits.
 */
export function tableParts(doc: TableDoc, text: (row: readonly Cell[], i: number) => string, page: Page): TableDoc[] {
  const subtotals = new Set(doc.subtotalRows ?? []);
  const parts = columnParts(columnNeeds(doc, text, (index) => subtotals.has(index), page.textRoom), keyColumns(doc), page);
  if (parts.length === 1) return [doc];
  return parts.map((part, p) => ({
    ...doc,
    title: partLine(p, parts.length),
    columns: part.map((i) => doc.columns[i]!),
    rows: doc.rows.map((row) => part.map((i) => row[i] ?? null)),
    rowCells: undefined,
    total: doc.total ? part.map((i) => doc.total![i] ?? null) : undefined,
    notes: p === parts.length - 1 ? doc.notes : [],
  }));
}

// A table as a browser prints it: A4 landscape, and in parts where it is too wide for the page.
import { humanCells, isNumeric, shownText } from './cells.js';
import { tableParts, type Page } from './column-layout.js';
import { humanView, type Cell, type TableDoc } from './model.js';

/**
 * Printed from a browser: A4 landscape between 10 mm margins (277 mm, in twentieths of a point),
 * 8 pt type, and no word broken, since a browser breaks none (html.ts, STYLE), each column as
 * wide as its longest word or figure. A wider table was cut off at the page's edge, its Total
 * column with it.
 */
const PRINTED: Page = { width: Math.floor((277 / 25.4) * 72 * 20), smallest: 16, least: 2, textRoom: 0 };

/** A table in the parts it prints in (column-layout.ts): one, itself, where it fits the page. */
export function printedParts(table: TableDoc): TableDoc[] {
  const doc = humanView(table);
  const text = humanCells(doc.columns);
  const numeric = doc.columns.map(isNumeric);
  const textOf = (row: readonly Cell[], i: number) => (numeric[i] ? text(row[i] ?? null, i) : shownText(text(row[i] ?? null, i)));
  return tableParts(doc, textOf, PRINTED);
}

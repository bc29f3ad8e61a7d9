import type { Cell, Renderer, TableDoc } from './model.js';
import { humanCell, isNumeric, shownText } from './cells.js';
import { printedParts } from './printed.js';

/**
 * Text as HTML shows it literally: markup characters as entities, and (`shownText`) a line break
 * or tab as a space, other control characters and direction overrides as escapes (`\x07`).
 */
export function escapeHtml(text: string): string {
  return shownText(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

const RIGHT = ' style="text-align:right"';
const LEFT = ' style="text-align:left"';

function cells(doc: TableDoc, row: readonly Cell[], strong: boolean): string {
  // A subtotal or Total row's label (`Total`, `Primary subtotal`: its first text cell with text)
  // is the row's header, so a screen reader names each of the row's figures by it.
  const label = strong ? row.findIndex((cell, i) => !isNumeric(doc.columns[i]!) && humanCell(cell, doc.columns[i]!) !== '') : -1;
  return row
    .map((cell, i) => {
      const column = doc.columns[i]!;
      const text = escapeHtml(humanCell(cell, column));
      const shown = strong && text ? `<strong>${text}</strong>` : text;
      return i === label ? `<th scope="row"${LEFT}>${shown}</th>` : `<td${isNumeric(column) ? RIGHT : ''}>${shown}</td>`;
    })
    .join('');
}

/**
 * A table as HTML: borders as attributes (kept by every importer, pasted or opened), figures
 * right-aligned inline, subtotal and Total rows bold inside <tbody> (LibreOffice's and Word's
 * HTML import drop <tfoot>), and the footnotes as paragraphs after the table. For screen readers
 * and accessibility checkers: each header cell is `scope="col"`, a subtotal or Total row's label
 * `scope="row"`, and a table with no caption of its own is named (`aria-label`) by `name`, the
 * heading printed above it.
 */
export function htmlTable(doc: TableDoc, name?: string): string {
  const named = !doc.title && name ? ` aria-label="${escapeHtml(name)}"` : '';
  const out: string[] = [`<table border="1" cellspacing="0" cellpadding="4" style="border-collapse:collapse"${named}>`];
  if (doc.title) out.push(`<caption>${escapeHtml(doc.title)}</caption>`);
  out.push(`<thead><tr>${doc.columns.map((c) => `<th scope="col"${isNumeric(c) ? RIGHT : LEFT}>${escapeHtml(c.label)}</th>`).join('')}</tr></thead>`);
  out.push('<tbody>');
  const strong = new Set(doc.subtotalRows ?? []);
  doc.rows.forEach((row, r) => out.push(strong.has(r) ? `<tr class="subtotal">${cells(doc, row, true)}</tr>` : `<tr>${cells(doc, row, false)}</tr>`));
  if (doc.total) out.push(`<tr class="total">${cells(doc, doc.total, true)}</tr>`);
  out.push('</tbody>');
  out.push('</table>');
  for (const note of doc.notes) out.push(`<p class="note">${escapeHtml(note)}</p>`);
  return out.join('\n');
}

/** A section of a standalone document: an optional heading, paragraphs, then tables (each with its footnotes). */
export interface HtmlSection {
  heading?: string;
  paragraphs?: string[];
  tables: TableDoc[];
  /** Markup dedel made itself (a chart as SVG), after the tables. */
  figure?: string;
  /** The section's anchor. */
  id?: string;
}

/** A whole document: its title, sections, and footnotes at the end. */
export interface HtmlPaper {
  /** The document's `<title>`, and its heading unless `heading` is false. */
  title: string;
  /** False for a table with no title of its own: its name titles the browser tab, and no heading is printed above it. */
  heading?: boolean;
  /** Lines under the title. */
  subtitle?: string[];
  sections: HtmlSection[];
  footnotes?: string[];
}

/**
 * Print and screen styles: borders, right-aligned figures that never wrap, a bold Total row,
 * tables in 8pt on screen as in print (LibreOffice Writer and Word open the file with the
 * screen styles, ignoring `@media print`: at 10pt a table of 14 columns was squeezed onto the
 * page until URNs and words broke across lines), and A4 landscape when printed, the table set to the page's width (a narrow font; figure
 * columns as narrow as their figures, their headers wrapping; the rest to the names), so a
 * table of 14 columns still fits.
 */
const STYLE = `body { font-family: Arial, Helvetica, sans-serif; font-size: 10pt; color: #000; }
h1 { font-size: 14pt; }
h2 { font-size: 12pt; }
table { border-collapse: collapse; margin: 0 0 6pt; }
caption { font-weight: bold; text-align: left; padding-bottom: 4pt; }
th, td { border: 1px solid #000; padding: 2pt 4pt; vertical-align: top; font-size: 8pt; }
thead th { background: #eee; }
td[style*="right"] { white-space: nowrap; }
th[style*="right"] { width: 1%; }
tr.total td, tr.total th { border-top: 2px solid #000; }
p.note { font-size: 9pt; margin: 3pt 0; }
@page { size: A4 landscape; margin: 10mm; }
@media print {
  body { font-size: 8pt; }
  h1 { font-size: 12pt; }
  table { width: 100%; page-break-inside: auto; }
  thead { display: table-header-group; }
  tr { page-break-inside: avoid; }
  th, td { padding: 1pt 3pt; }
  p.note { font-size: 7.5pt; }
}`;

/**
 * A standalone HTML document of one or more tables, for Word, LibreOffice and the web:
 * charset, title, borders, print CSS for A4 landscape. A whole paper passes several sections.
 */
export function htmlDocument(paper: HtmlPaper): string {
  const out: string[] = [
    '<!DOCTYPE html>',
    '<html lang="en-GB">',
    '<head>',
    '<meta charset="utf-8">',
    `<title>${escapeHtml(paper.title)}</title>`,
    `<style>\n${STYLE}\n</style>`,
    '</head>',
    '<body>',
    ...(paper.heading === false ? [] : [`<h1>${escapeHtml(paper.title)}</h1>`]),
    ...(paper.subtitle ?? []).map((line) => `<p>${escapeHtml(line)}</p>`),
  ];
  for (const section of paper.sections) {
    if (section.heading) out.push(`<h2${section.id ? ` id="${escapeHtml(section.id)}"` : ''}>${escapeHtml(section.heading)}</h2>`);
    for (const paragraph of section.paragraphs ?? []) out.push(`<p>${escapeHtml(paragraph)}</p>`);
    // The document's <h1> already gives a lone table's title, which names it rather than a caption;
    // a table in a section keeps its caption, or is named by the section's heading.
    for (const table of section.tables)
      out.push(paper.sections.length === 1 && section.tables.length === 1 && table.title === paper.title ? htmlTable({ ...table, title: undefined }, paper.title) : htmlTable(table, section.heading));
    if (section.figure) out.push(`<figure>\n${section.figure}\n</figure>`);
  }
  for (const note of paper.footnotes ?? []) out.push(`<p class="note">${escapeHtml(note)}</p>`);
  out.push('</body>', '</html>');
  return `${out.join('\n')}\n`;
}

/**
 * A fragment's text in ASCII alone: £ as `&pound;`, any other character past ASCII as its
 * number (`&#8217;`). A fragment has no `<meta charset>`, so saved as .html and opened in Word
 * or a browser its UTF-8 read as Windows-1252 (`Â£`, `Infantsâ€™`); references read the same in
 * any encoding, and pasted into a page they are its own characters.
 */
export function asciiHtml(html: string): string {
  return html.replace(/[^\u0000-\u007f]/gu, (c) => (c === '£' ? '&pound;' : `&#${c.codePointAt(0)};`));
}

/** HTML: a fragment (one table and its footnotes) for pasting, or with `standalone` a whole document. */
export const renderHtml: Renderer = (doc, options) => {
  // A table without a title prints none: the heading was "dedel", the first line of a paper made from it.
  // A whole document prints as the paper's tables do: in parts where too wide for A4 landscape
  // (a table of 25 columns lost its per pupil and reasons past the page's edge).
  if (options.standalone) return htmlDocument({ title: doc.title ?? `dedel: ${doc.sheet ?? 'table'}`, heading: doc.title !== undefined, sections: [{ tables: printedParts(doc) }] });
  return `${asciiHtml(htmlTable(doc))}\n`;
};

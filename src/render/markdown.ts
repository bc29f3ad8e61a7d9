import type { Cell, Renderer, TableDoc } from './model.js';
import { humanCell, humanCells, isNumeric } from './cells.js';

/** Cell text as Markdown shows it literally: emphasis, links, HTML and pipes escaped. */
function escape(text: string): string {
  return text.replace(/[\\`*_[\]<>|]/g, (c) => `\\${c}`).replace(/\r?\n/g, ' ');
}

/** Text is handed on in pieces of about this many characters, so a large table is never one string. */
const CHUNK = 1 << 14;

/**
 * Markdown that GitHub and pandoc render alike: a bold title paragraph, a pipe table (numbers
 * right-aligned; subtotal and Total rows bold), then each footnote as a paragraph of its own.
 * No HTML, no footnote syntax, no line breaks inside a paragraph. Written in pieces, a row at
 * a time (from `rowCells` where the table has them).
 */
export function* markdownChunks(doc: TableDoc): Generator<string> {
  let piece = '';
  if (doc.title) piece += `**${escape(doc.title)}**\n\n`;
  piece += `| ${doc.columns.map((c) => escape(c.label)).join(' | ')} |\n`;
  piece += `|${doc.columns.map((c) => (isNumeric(c) ? '---:' : ':---')).join('|')}|\n`;
  const bold = (row: readonly Cell[]) =>
    `| ${row.map((cell, i) => {
      const text = escape(humanCell(cell, doc.columns[i]!));
      return text ? `**${text}**` : '';
    }).join(' | ')} |`;
  const strong = new Set(doc.subtotalRows ?? []);
  const text = humanCells(doc.columns);
  const source = doc.rowCells;
  const count = source ? source.count : doc.rows.length;
  const cells: Cell[] = [];
  for (let r = 0; r < count; r++) {
    const row = source ? source.fill(r, cells) : doc.rows[r]!;
    piece += `${strong.has(r) ? bold(row) : `| ${row.map((cell, i) => escape(text(cell, i))).join(' | ')} |`}\n`;
    if (piece.length >= CHUNK) {
      yield piece;
      piece = '';
    }
  }
  if (doc.total) piece += `${bold(doc.total)}\n`;
  for (const note of doc.notes) piece += `\n*${escape(note)}*\n`;
  yield piece;
}

/** Markdown as one string. */
export const renderMarkdown: Renderer = (doc) => [...markdownChunks(doc)].join('');

import type { Cell, Renderer, TableDoc } from './model.js';
import { Memo } from '../core/memo.js';
import { ACTED_ON, humanCell, humanCells, isNumeric, shownText } from './cells.js';

/**
 * Cell text as Markdown shows it literally: a line break or tab as a space, other control
 * characters as escapes (`shownText`), then emphasis, links, HTML and pipes escaped.
 */
function escape(text: string): string {
  return shownText(text).replace(/[\\`*_[\]<>|]/g, (c) => `\\${c}`);
}

/** What `escape` changes: text with none of these is shown as it is. */
const NEEDS_ESCAPE = new RegExp(`[\\\\\`*_[\\]<>|]|${ACTED_ON.source}`);

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
  // Inside the asterisks without its outer spaces: `** Foo **` is no bold to GitHub or pandoc, which show the asterisks.
  if (doc.title) piece += `**${escape(doc.title.trim())}**\n\n`;
  piece += `| ${doc.columns.map((c) => escape(c.label)).join(' | ')} |\n`;
  piece += `|${doc.columns.map((c) => (isNumeric(c) ? '---:' : ':---')).join('|')}|\n`;
  const bold = (row: readonly Cell[]) =>
    `| ${row.map((cell, i) => {
      const text = escape(humanCell(cell, doc.columns[i]!));
      return text ? `**${text}**` : '';
    }).join(' | ')} |`;
  const strong = new Set(doc.subtotalRows ?? []);
  const text = humanCells(doc.columns);
  // A figure's text (shared objects, or the same text) escaped once per column; other text only where it needs it.
  const numeric = doc.columns.map(isNumeric);
  const escaped = doc.columns.map(() => new Memo<string, string>());
  const cellText = (cell: Cell, i: number): string => {
    const shown = text(cell, i);
    if (!numeric[i]) return NEEDS_ESCAPE.test(shown) ? escape(shown) : shown;
    const seen = escaped[i]!;
    return seen.get(shown) ?? seen.keep(shown, escape(shown));
  };
  const source = doc.rowCells;
  const count = source ? source.count : doc.rows.length;
  const cells: Cell[] = [];
  // The rows of a piece gathered as parts and joined once when the piece is handed on: no
  // string is made per row, nor per cell added.
  const parts: string[] = [piece];
  let size = piece.length;
  for (let r = 0; r < count; r++) {
    const row = source ? source.fill(r, cells) : doc.rows[r]!;
    if (strong.has(r)) {
      const line = `${bold(row)}\n`;
      parts.push(line);
      size += line.length;
    } else {
      parts.push('| ');
      for (let i = 0; i < row.length; i++) {
        const shown = cellText(row[i]!, i);
        if (i > 0) parts.push(' | ');
        parts.push(shown);
        size += shown.length + 3;
      }
      parts.push(' |\n');
      size += 5;
    }
    if (size >= CHUNK) {
      yield parts.join('');
      parts.length = 0;
      size = 0;
    }
  }
  piece = parts.join('');
  if (doc.total) piece += `${bold(doc.total)}\n`;
  for (const note of doc.notes) piece += `\n*${escape(note)}*\n`;
  yield piece;
}

/** Markdown as one string. */
export const renderMarkdown: Renderer = (doc) => [...markdownChunks(doc)].join('');

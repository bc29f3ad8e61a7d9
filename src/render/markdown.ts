import type { Cell, Renderer } from './model.js';
import { humanCell, isNumeric } from './cells.js';

/** Cell text as Markdown shows it literally: emphasis, links, HTML and pipes escaped. */
function escape(text: string): string {
  return text.replace(/[\\`*_[\]<>|]/g, (c) => `\\${c}`).replace(/\r?\n/g, ' ');
}

/**
 * Markdown that GitHub and pandoc render alike: a bold title paragraph, a pipe table (numbers
 * right-aligned; subtotal and Total rows bold), then each footnote as a paragraph of its own.
 * No HTML, no footnote syntax, no line breaks inside a paragraph.
 */
export const renderMarkdown: Renderer = (doc) => {
  const lines: string[] = [];
  if (doc.title) lines.push(`**${escape(doc.title)}**`, '');
  lines.push(`| ${doc.columns.map((c) => escape(c.label)).join(' | ')} |`);
  lines.push(`|${doc.columns.map((c) => (isNumeric(c) ? '---:' : ':---')).join('|')}|`);
  const bold = (row: readonly Cell[]) =>
    `| ${row.map((cell, i) => {
      const text = escape(humanCell(cell, doc.columns[i]!));
      return text ? `**${text}**` : '';
    }).join(' | ')} |`;
  const strong = new Set(doc.subtotalRows ?? []);
  doc.rows.forEach((row, r) => lines.push(strong.has(r) ? bold(row) : `| ${row.map((cell, i) => escape(humanCell(cell, doc.columns[i]!))).join(' | ')} |`));
  if (doc.total) lines.push(bold(doc.total));
  for (const note of doc.notes) lines.push('', `*${escape(note)}*`);
  return `${lines.join('\n')}\n`;
};

import type { Renderer } from './model.js';
import { humanCell, isNumeric } from './cells.js';

/** Cell text as Markdown shows it literally: emphasis, links, HTML and pipes escaped. */
function escape(text: string): string {
  return text.replace(/[\\`*_[\]<>|]/g, (c) => `\\${c}`).replace(/\r?\n/g, ' ');
}

/** GitHub Markdown: numbers right-aligned, the Total row in bold, footnotes below. */
export const renderMarkdown: Renderer = (doc) => {
  const lines: string[] = [];
  if (doc.title) lines.push(`**${escape(doc.title)}**`, '');
  lines.push(`| ${doc.columns.map((c) => escape(c.label)).join(' | ')} |`);
  lines.push(`|${doc.columns.map((c) => (isNumeric(c) ? '---:' : ':---')).join('|')}|`);
  for (const row of doc.rows) lines.push(`| ${row.map((cell, i) => escape(humanCell(cell, doc.columns[i]!))).join(' | ')} |`);
  if (doc.total) {
    lines.push(`| ${doc.total.map((cell, i) => {
      const text = escape(humanCell(cell, doc.columns[i]!));
      return text ? `**${text}**` : '';
    }).join(' | ')} |`);
  }
  if (doc.notes.length) lines.push('', ...doc.notes.map((n) => `*${escape(n)}*`));
  return `${lines.join('\n')}\n`;
};

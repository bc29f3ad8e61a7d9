import type { Cell, Renderer, TableDoc } from './model.js';
import { humanCell, isNumeric } from './cells.js';

function escape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function cells(doc: TableDoc, row: Cell[], tag: 'td' | 'th'): string {
  return row
    .map((cell, i) => {
      const column = doc.columns[i]!;
      const align = isNumeric(column) ? ' style="text-align:right"' : '';
      return `<${tag}${align}>${escape(humanCell(cell, column))}</${tag}>`;
    })
    .join('');
}

/** A standalone <table>; inline alignment so it pastes into Word as it looks. */
export const renderHtml: Renderer = (doc) => {
  const out: string[] = ['<table>'];
  if (doc.title) out.push(`<caption>${escape(doc.title)}</caption>`);
  out.push(
    `<thead><tr>${doc.columns.map((c) => `<th${isNumeric(c) ? ' style="text-align:right"' : ' style="text-align:left"'}>${escape(c.label)}</th>`).join('')}</tr></thead>`,
  );
  out.push('<tbody>');
  for (const row of doc.rows) out.push(`<tr>${cells(doc, row, 'td')}</tr>`);
  out.push('</tbody>');
  if (doc.total || doc.notes.length) {
    out.push('<tfoot>');
    if (doc.total) out.push(`<tr>${cells(doc, doc.total, 'th')}</tr>`);
    for (const note of doc.notes) out.push(`<tr><td colspan="${doc.columns.length}"><small>${escape(note)}</small></td></tr>`);
    out.push('</tfoot>');
  }
  out.push('</table>');
  return `${out.join('\n')}\n`;
};

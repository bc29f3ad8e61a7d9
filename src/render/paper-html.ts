import { humanCell, isNumeric } from './cells.js';
import { chartSvg } from './chart-svg.js';
import { humanView, type Cell, type TableDoc } from './model.js';
import type { PaperDoc } from './paper-model.js';

const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const CSS = `
body { font-family: Arial, Helvetica, sans-serif; font-size: 10pt; color: #000; margin: 2em; }
h1 { font-size: 16pt; margin: 0 0 0.2em; }
h2 { font-size: 12.5pt; margin: 1.6em 0 0.4em; break-after: avoid; }
p.subtitle { margin: 0; color: #333; }
table { border-collapse: collapse; margin: 0.4em 0; }
th, td { border: 1px solid #808080; padding: 2px 6px; vertical-align: top; }
thead th { background: #e8eef7; text-align: left; }
th.num, td.num { text-align: right; white-space: nowrap; }
tr.total td { font-weight: bold; border-top: 2px solid #000; }
p.note { font-size: 8.5pt; margin: 0.2em 0; color: #222; }
figure { margin: 0.4em 0; }
@page { size: A4 landscape; margin: 12mm; }
@media print { body { margin: 0; } section { break-inside: auto; } thead { display: table-header-group; } }
`.trim();

function row(doc: TableDoc, cells: Cell[], cls?: string): string {
  const tds = cells.map((cell, i) => {
    const column = doc.columns[i]!;
    return `<td${isNumeric(column) ? ' class="num"' : ''}>${escape(humanCell(cell, column))}</td>`;
  });
  return `<tr${cls ? ` class="${cls}"` : ''}>${tds.join('')}</tr>`;
}

/** A table as the paper prints it: the Total row bold in the body (so every importer keeps it), footnotes as paragraphs. */
export function paperTableHtml(table: TableDoc): string {
  const doc = humanView(table);
  const out = ['<table>', `<thead><tr>${doc.columns.map((c) => `<th${isNumeric(c) ? ' class="num"' : ''}>${escape(c.label)}</th>`).join('')}</tr></thead>`, '<tbody>'];
  for (const cells of doc.rows) out.push(row(doc, cells));
  if (doc.total) out.push(row(doc, doc.total, 'total'));
  out.push('</tbody>', '</table>');
  for (const note of doc.notes) out.push(`<p class="note">${escape(note)}</p>`);
  return out.join('\n');
}

/** The paper as one standalone HTML document: charset, title, print CSS for A4 landscape, the chart inline as SVG. */
export function renderPaperHtml(paper: PaperDoc, places: number): string {
  const out = [
    '<!DOCTYPE html>',
    '<html lang="en-GB">',
    '<head>',
    '<meta charset="utf-8">',
    `<title>${escape(paper.title)}</title>`,
    `<style>\n${CSS}\n</style>`,
    '</head>',
    '<body>',
    `<h1>${escape(paper.title)}</h1>`,
    ...paper.subtitle.map((line) => `<p class="subtitle">${escape(line)}</p>`),
  ];
  for (const section of paper.sections) {
    out.push(`<section id="${escape(section.id)}">`, `<h2>${escape(section.heading)}</h2>`);
    for (const p of section.paragraphs) out.push(`<p>${escape(p)}</p>`);
    if (section.table) out.push(paperTableHtml(section.table));
    if (section.chart) out.push(`<figure>\n${chartSvg(section.chart, places)}\n</figure>`);
    out.push('</section>');
  }
  out.push('</body>', '</html>', '');
  return out.join('\n');
}

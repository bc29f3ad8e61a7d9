import Table from 'cli-table3';
import chalk from 'chalk';
import type { Renderer } from './model.js';
import { humanCell, isNumeric } from './cells.js';

/** A boxed terminal table (cli-table3); colour only when the CLI decided it may. */
export const renderTable: Renderer = (doc, options) => {
  const paint = options.color ? chalk.bold : (s: string) => s;
  const table = new Table({
    head: doc.columns.map((c) => paint(c.label)),
    colAligns: doc.columns.map((c) => (isNumeric(c) ? 'right' : 'left')),
    style: { head: [], border: [] },
    // No rule between rows: a paper's table, not a grid.
    chars: { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' },
  });
  for (const row of doc.rows) table.push(row.map((cell, i) => humanCell(cell, doc.columns[i]!)));
  if (doc.total) table.push(doc.total.map((cell, i) => paint(humanCell(cell, doc.columns[i]!))));
  const lines: string[] = [];
  if (doc.title) lines.push(paint(doc.title));
  lines.push(table.toString());
  lines.push(...doc.notes);
  return `${lines.join('\n')}\n`;
};

import Table from 'cli-table3';
import { Chalk } from 'chalk';
import type { Renderer } from './model.js';
import { humanCell, isNumeric } from './cells.js';

/** A boxed terminal table (cli-table3); colour only when the CLI decided it may. */
export const renderTable: Renderer = (doc, options) => {
  // chalk's own detection ignores NO_COLOR and --out; the CLI has already decided.
  const paint = options.color ? new Chalk({ level: 1 }).bold : (s: string) => s;
  const table = new Table({
    head: doc.columns.map((c) => paint(c.label)),
    colAligns: doc.columns.map((c) => (isNumeric(c) ? 'right' : 'left')),
    style: { head: [], border: [] },
    chars: { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' },
  });
  for (const row of doc.rows) table.push(row.map((cell, i) => humanCell(cell, doc.columns[i]!)));
  if (doc.total) table.push(doc.total.map((cell, i) => paint(humanCell(cell, doc.columns[i]!))));
  // Rules under the header and above the Total row only: a paper's table, not a grid.
  const body = table.toString().split('\n');
  const rule = (body[0] ?? '').replace('┌', '├').replace(/┬/g, '┼').replace('┐', '┤');
  body.splice(2, 0, rule);
  if (doc.total && doc.rows.length) body.splice(body.length - 2, 0, rule);
  const lines: string[] = [];
  if (doc.title) lines.push(paint(doc.title));
  lines.push(...body);
  lines.push(...doc.notes);
  return `${lines.join('\n')}\n`;
};

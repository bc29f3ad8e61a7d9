import Table from 'cli-table3';
import { Chalk } from 'chalk';
import type { Renderer } from './model.js';
import { humanCell } from './cells.js';

/** Width the working column wraps at, so a long reason stays readable in a terminal. */
const WORKING_WIDTH = 72;

/** A boxed two-column table (item, working) whose second column wraps: `explain` in a terminal. */
export const renderKeyValueTable: Renderer = (doc, options) => {
  // chalk's own detection ignores NO_COLOR and --out; the CLI has already decided.
  const paint = options.color ? new Chalk({ level: 1 }).bold : (s: string) => s;
  const labels = doc.rows.map((row) => humanCell(row[0] ?? null, doc.columns[0]!));
  const first = Math.max(doc.columns[0]!.label.length, ...labels.map((l) => l.length)) + 2;
  const table = new Table({
    head: doc.columns.map((c) => paint(c.label)),
    colWidths: [first, WORKING_WIDTH + 2],
    wordWrap: true,
    style: { head: [], border: [] },
    chars: { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' },
  });
  for (const row of doc.rows) table.push(row.map((cell, i) => humanCell(cell, doc.columns[i]!)));
  const lines: string[] = [];
  if (doc.title) lines.push(paint(doc.title));
  // A rule under the header only, like the other tables.
  const box = table.toString().split('\n');
  box.splice(2, 0, (box[0] ?? '').replace('┌', '├').replace(/┬/g, '┼').replace('┐', '┤'));
  lines.push(...box);
  lines.push(...doc.notes);
  return `${lines.join('\n')}\n`;
};

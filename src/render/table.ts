import Table from 'cli-table3';
import { Chalk } from 'chalk';
import type { Renderer, TableDoc } from './model.js';
import { humanCell, isNumeric } from './cells.js';

/** Above this many rows a table is drawn here rather than by cli-table3, which is quadratic-slow on large tables. */
export const FAST_TABLE_ROWS = 200;

/**
 * Characters whose terminal width is not one column (wide, zero-width, control): a table
 * holding any is left to cli-table3 and its string-width, whatever its size.
 */
const NOT_ONE_COLUMN =
  /[\u0000-\u001f\u007f-\u009f\u00ad\u0300-\u036f\u0483-\u0489\u0591-\u05bd\u0610-\u061a\u064b-\u065f\u1100-\u115f\u1ab0-\u1aff\u1dc0-\u1dff\u200b-\u200f\u2028-\u202e\u2060-\u206f\u20d0-\u20ff\u2e80-\ua4cf\ua960-\ua97f\uac00-\ud7a3\ud800-\udfff\uf900-\ufaff\ufe00-\ufe0f\ufe20-\ufe2f\ufe30-\ufe6f\uff00-\uffef]/;

/** A boxed terminal table (cli-table3's look); colour only when the CLI decided it may. */
export const renderTable: Renderer = (doc, options) => {
  // chalk's own detection ignores NO_COLOR and --out; the CLI has already decided.
  const paint = options.color ? new Chalk({ level: 1 }).bold : (s: string) => s;
  const head = doc.columns.map((c) => c.label);
  const body = doc.rows.map((row) => row.map((cell, i) => humanCell(cell, doc.columns[i]!)));
  const total = doc.total ? doc.total.map((cell, i) => humanCell(cell, doc.columns[i]!)) : null;
  const fast = doc.rows.length > FAST_TABLE_ROWS && ![head, ...body, ...(total ? [total] : [])].some((r) => r.some((t) => NOT_ONE_COLUMN.test(t)));
  const lines: string[] = [];
  if (doc.title) lines.push(paint(doc.title));
  lines.push(...ruled(fast ? boxed(doc, head, body, total, paint) : cliTable(doc, head, body, total, paint), total !== null && body.length > 0));
  lines.push(...doc.notes);
  return `${lines.join('\n')}\n`;
};

export function cliTable(doc: TableDoc, head: string[], body: string[][], total: string[] | null, paint: (s: string) => string): string {
  const table = new Table({
    head: head.map(paint),
    colAligns: doc.columns.map((c) => (isNumeric(c) ? 'right' : 'left')),
    style: { head: [], border: [] },
    chars: { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' },
  });
  for (const row of body) table.push(row);
  if (total) table.push(total.map(paint));
  return table.toString();
}

/**
 * The same box as cli-table3 draws with the options above, for tables whose every character
 * is one column wide: widths are string lengths, one space of padding each side.
 */
export function boxed(doc: TableDoc, head: string[], body: string[][], total: string[] | null, paint: (s: string) => string): string {
  const right = doc.columns.map((c) => isNumeric(c));
  const widths = head.map((h) => h.length);
  for (const row of total ? [...body, total] : body) {
    for (let i = 0; i < row.length; i++) if (row[i]!.length > widths[i]!) widths[i] = row[i]!.length;
  }
  const rule = (left: string, mid: string, end: string) => left + widths.map((w) => '─'.repeat(w + 2)).join(mid) + end;
  const line = (row: string[], painted: boolean) => {
    let text = '│';
    for (let i = 0; i < widths.length; i++) {
      const cell = row[i] ?? '';
      const pad = ' '.repeat(widths[i]! - cell.length);
      const shown = painted ? paint(cell) : cell;
      text += right[i] ? ` ${pad}${shown} │` : ` ${shown}${pad} │`;
    }
    return text;
  };
  const out = [rule('┌', '┬', '┐'), line(head, true)];
  for (const row of body) out.push(line(row, false));
  if (total) out.push(line(total, true));
  out.push(rule('└', '┴', '┘'));
  return out.join('\n');
}

/** Rules under the header and above the Total row only: a paper's table, not a grid. */
function ruled(box: string, hasTotal: boolean): string[] {
  const lines = box.split('\n');
  const rule = (lines[0] ?? '').replace('┌', '├').replace(/┬/g, '┼').replace('┐', '┤');
  lines.splice(2, 0, rule);
  if (hasTotal) lines.splice(lines.length - 2, 0, rule);
  return lines;
}

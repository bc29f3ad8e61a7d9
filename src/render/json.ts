import type { Cell, Renderer, TableDoc } from './model.js';
import { machineCell } from './cells.js';
import { diagnosticsText } from './message.js';

function object(doc: TableDoc, row: readonly Cell[]): Record<string, string | null> {
  const out: Record<string, string | null> = {};
  doc.columns.forEach((column, i) => {
    const cell = row[i] ?? null;
    // No value is null, whether the census lacked the field (phase) or the cell was empty (URN).
    out[column.key] = cell === null || cell === '' ? null : machineCell(cell, column);
  });
  return out;
}

/** Text is handed on in pieces of about this many characters, so a large table is never one string. */
const CHUNK = 1 << 14;
/** Where the rows go in the rest of the document, written by JSON.stringify. */
const ROWS = '\u0000rows\u0000';

/**
 * JSON: every decimal a string; schools in `rows`, the Total row in `total`, then
 * `diagnostics`. Written in pieces, a row at a time, as `JSON.stringify(body, null, 2)`
 * would write the whole.
 */
export function* jsonChunks(doc: TableDoc): Generator<string> {
  const trailer = typeof doc.trailer === 'function' ? doc.trailer() : doc.trailer;
  const body = {
    ...(doc.title !== undefined ? { title: doc.title } : {}),
    ...doc.meta,
    rows: ROWS,
    ...(doc.total ? { total: { ...object(doc, doc.total), ...doc.totalExtras } } : {}),
    ...trailer,
    diagnostics: diagnosticsText(doc.diagnostics),
  };
  const text = JSON.stringify(body, null, 2);
  const mark = JSON.stringify(ROWS);
  const at = text.indexOf(mark);
  yield text.slice(0, at);
  const source = doc.rowCells;
  const count = source ? source.count : doc.rows.length;
  const extras = doc.rowExtra ?? (typeof doc.rowExtras === 'function' ? ((all) => (i: number) => all[i])(doc.rowExtras()) : (i: number) => (doc.rowExtras as Record<string, unknown>[] | undefined)?.[i]);
  const cells: Cell[] = [];
  let piece = count === 0 ? '[]' : '[\n';
  for (let r = 0; r < count; r++) {
    const row = source ? source.fill(r, cells) : doc.rows[r]!;
    piece += `${r === 0 ? '' : ',\n'}    ${JSON.stringify({ ...object(doc, row), ...extras(r) }, null, 2).replaceAll('\n', '\n    ')}`;
    if (piece.length >= CHUNK) {
      yield piece;
      piece = '';
    }
  }
  if (count > 0) piece += '\n  ]';
  yield `${piece}${text.slice(at + mark.length)}\n`;
}

/** JSON as one string. */
export const renderJson: Renderer = (doc) => [...jsonChunks(doc)].join('');

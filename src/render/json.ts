import type { Cell, Renderer, TableDoc } from './model.js';
import { machineCell } from './cells.js';

function object(doc: TableDoc, row: Cell[]): Record<string, string | null> {
  const out: Record<string, string | null> = {};
  doc.columns.forEach((column, i) => {
    const cell = row[i] ?? null;
    // No value is null, whether the census lacked the field (phase) or the cell was empty (URN).
    out[column.key] = cell === null || cell === '' ? null : machineCell(cell, column);
  });
  return out;
}

/** JSON: every decimal a string; schools in `rows`, the Total row in `total`, then `diagnostics`. */
export const renderJson: Renderer = (doc) => {
  const extras = typeof doc.rowExtras === 'function' ? doc.rowExtras() : doc.rowExtras;
  const body = {
    ...(doc.title !== undefined ? { title: doc.title } : {}),
    ...doc.meta,
    rows: doc.rows.map((row, i) => ({ ...object(doc, row), ...extras?.[i] })),
    ...(doc.total ? { total: { ...object(doc, doc.total), ...doc.totalExtras } } : {}),
    ...doc.trailer,
    diagnostics: doc.diagnostics,
  };
  return `${JSON.stringify(body, null, 2)}\n`;
};

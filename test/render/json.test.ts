import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Dec } from '../../src/core/decimal.js';
import { machineCell } from '../../src/render/cells.js';
import { renderJson } from '../../src/render/json.js';
import { diagnosticsText } from '../../src/render/message.js';
import type { Cell, Column, TableDoc } from '../../src/render/model.js';

/** The JSON as one JSON.stringify of the whole document writes it: what the writer, row by row, must match byte for byte. */
function whole(doc: TableDoc): string {
  const object = (row: readonly Cell[]) => {
    const out: Record<string, string | null> = {};
    doc.columns.forEach((column, i) => {
      const cell = row[i] ?? null;
      out[column.key] = cell === null || cell === '' ? null : machineCell(cell, column);
    });
    return out;
  };
  const extras = typeof doc.rowExtras === 'function' ? doc.rowExtras() : doc.rowExtras;
  const body = {
    ...doc.meta,
    rows: doc.rows.map((row, i) => ({ ...object(row), ...(doc.rowExtra ? doc.rowExtra(i) : extras?.[i]) })),
    ...(doc.total ? { total: { ...object(doc.total), ...doc.totalExtras } } : {}),
    diagnostics: diagnosticsText(doc.diagnostics),
  };
  return `${JSON.stringify(body, null, 2)}\n`;
}

const money = (key: string): Column => ({ key, label: key, kind: 'money', places: 2 });
const text = (key: string): Column => ({ key, label: key, kind: 'text' });

function doc(columns: Column[], rows: Cell[][], extras?: Record<string, unknown>[]): TableDoc {
  return { columns, rows, total: columns.map(() => null), notes: [], diagnostics: [], meta: { rounding: { unit: '1' } }, ...(extras ? { rowExtras: extras } : {}) };
}

describe('JSON rows written field by field', () => {
  it('match JSON.stringify for figures, text needing escapes, empty cells and nested extras', () => {
    const shared = new Dec('1498.3');
    const d = doc(
      [text('urn'), text('school'), money('amount'), money('total')],
      [
        ['100001', 'Say "hi"\n\\ \u2028 \u0001 é', shared, '12.50'],
        ['', null, shared, null],
      ],
      [
        { exact: { amount: '1498.31', amount_may: null }, adjusted: true, moved: { a: [1, 'x', null, undefined, { b: [] }], c: {} } },
        { exact: {}, adjusted: false, skipped: undefined, when: new Dec('2.50') },
      ],
    );
    expect(renderJson(d, { color: false, bom: false })).toBe(whole(d));
  });

  it('match JSON.stringify where keys are repeated, look like indices, are __proto__ or are set again by the extras', () => {
    const cases: [Column[], Record<string, unknown>[]][] = [
      [[text('a'), text('a')], [{ x: 1 }, { x: 2 }]],
      [[text('b'), text('2024')], [{ x: 1 }, { x: 2 }]],
      [[text('b'), text('__proto__')], [{ x: 1 }, { x: 2 }]],
      [[text('b'), text('c')], [{ c: 'over' }, { '7': 'first' }]],
      [[], [{}, { z: true }]],
    ];
    for (const [columns, extras] of cases) {
      const d = doc(columns, [columns.map(() => 'v1'), columns.map(() => 'v2')], extras);
      expect(renderJson(d, { color: false, bom: false })).toBe(whole(d));
    }
  });

  it('match JSON.stringify on random keys, text and extras', () => {
    const key = fc.constantFrom('urn', 'school', 'amount', '1', '0', '__proto__', 'exact', 'a"b', 'é', '');
    const value = fc.oneof(fc.string(), fc.constant(null), fc.constant(''));
    const extra = fc.dictionary(key, fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 });
    fc.assert(
      fc.property(fc.array(key, { maxLength: 5 }), fc.array(fc.tuple(fc.array(value, { maxLength: 5 }), extra), { maxLength: 4 }), (keys, rows) => {
        const columns = keys.map((k, i) => (i % 2 ? money(k) : text(k)));
        const d = doc(
          columns,
          rows.map(([cells]) => cells),
          rows.map(([, e]) => e),
        );
        expect(renderJson(d, { color: false, bom: false })).toBe(whole(d));
      }),
    );
  });
});

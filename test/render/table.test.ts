import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Dec } from '../../src/core/decimal.js';
import { humanCell } from '../../src/render/cells.js';
import type { Column, TableDoc } from '../../src/render/model.js';
import { FAST_TABLE_ROWS, boxed, cliTable, renderTable } from '../../src/render/table.js';

const columns: Column[] = [
  { key: 'urn', label: 'URN', kind: 'text' },
  { key: 'school', label: 'School', kind: 'text' },
  { key: 'status', label: 'Status', kind: 'status' },
  { key: 'nor', label: 'NOR', kind: 'count' },
  { key: 'amount', label: 'De-delegation £', kind: 'money', places: 0 },
  { key: 'per_pupil', label: 'Per pupil £', kind: 'money', places: 2 },
];
const bold = (s: string) => `\u001b[1m${s}\u001b[22m`;
const name = fc.array(fc.constantFrom('a', 'Z', ' ', ',', '"', 'é', 'Ŵ', '’', 'ø', '-', '1'), { maxLength: 30 }).map((p) => p.join(''));
const row = fc.tuple(fc.nat(999999), name, fc.constantFrom('community', 'voluntary-aided', 'academy', null), fc.nat(3000), fc.nat(10 ** 9), fc.option(fc.nat(99999)));

function docOf(rows: [number, string, string | null, number, number, number | null][]): TableDoc {
  return {
    columns,
    rows: rows.map(([urn, school, status, nor, amount, pp]) => [String(urn), school, status, new Dec(nor), new Dec(amount), pp === null ? null : new Dec(pp).div(100)]),
    total: ['', 'Total', null, new Dec(12345), new Dec(987654321), new Dec('5.83')],
    notes: [],
    diagnostics: [],
  };
}

function cells(doc: TableDoc) {
  const head = doc.columns.map((c) => c.label);
  const body = doc.rows.map((r) => r.map((cell, i) => humanCell(cell, doc.columns[i]!)));
  const total = doc.total!.map((cell, i) => humanCell(cell, doc.columns[i]!));
  return { head, body, total };
}

describe('large terminal tables', () => {
  it('draws exactly what cli-table3 draws, bold header and Total included', () => {
    fc.assert(
      fc.property(fc.array(row, { minLength: 0, maxLength: 25 }), (rows) => {
        const doc = docOf(rows);
        const { head, body, total } = cells(doc);
        expect(boxed(doc, head, body, total, bold)).toBe(cliTable(doc, head, body, total, bold));
        expect(boxed(doc, head, body, total, (s) => s)).toBe(cliTable(doc, head, body, total, (s) => s));
      }),
      { numRuns: 200 },
    );
  });

  it(`draws a table of more than ${FAST_TABLE_ROWS} rows byte-identical to cli-table3`, () => {
    const rows = Array.from({ length: FAST_TABLE_ROWS + 50 }, (_, k) => [100000 + k, `School ${k}, Bexley’s “é”`, 'community', k, k * 5, 583] as [number, string, string, number, number, number]);
    const doc = docOf(rows);
    const { head, body, total } = cells(doc);
    const drawn = cliTable(doc, head, body, total, (s) => s).split('\n');
    const rule = drawn[0]!.replace('┌', '├').replace(/┬/g, '┼').replace('┐', '┤');
    drawn.splice(2, 0, rule);
    drawn.splice(drawn.length - 2, 0, rule);
    expect(renderTable(doc, { color: false, bom: false })).toBe(`${drawn.join('\n')}\n`);
  });
});

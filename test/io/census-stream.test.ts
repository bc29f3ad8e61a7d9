import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { csvParseOracle } from '../helpers/csv-oracle.js';
import { streamCensus, type CensusRow, type TotalRow } from '../../src/io/census.js';

// README "Performance": a UTF-8 census is read a piece at a time. Wherever the pieces end
// (inside a quoted name, a two-byte letter, a CRLF), the rows are those of the whole file.
const word = fc.constantFrom('Oak', 'Élan', 'Ŵyr', 'St Mary’s', 'a, b', 'say "hi"', 'two\nlines', '£5', ' ');
const name = fc.array(word, { minLength: 1, maxLength: 3 }).map((w) => w.join(' '));
const quoted = (cell: string) => (/[",\n\r]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell);
const census = fc
  .tuple(fc.array(fc.tuple(name, fc.nat({ max: 2000 }), fc.constantFrom('Primary', 'Secondary')), { minLength: 1, maxLength: 12 }), fc.constantFrom('\n', '\r\n'), fc.boolean(), fc.boolean())
  .map(([rows, eol, bom, total]) => {
    const lines = ['URN,School,Phase,Status,NOR', ...rows.map(([n, nor, phase], i) => [100001 + i, quoted(n), phase, 'Community', nor].join(','))];
    if (total) lines.push(`,Total,,,${rows.reduce((a, [, nor]) => a + nor, 0)}`);
    return `${bom ? '\uFEFF' : ''}${lines.join(eol)}${eol}`;
  });

function streamed(bytes: Uint8Array, pieceBytes: number): { rows: CensusRow[]; totals: TotalRow[] } {
  let rows: CensusRow[] = [];
  let totals: TotalRow[] = [];
  streamCensus(bytes, 'c.csv', { pieceBytes }, () => {
    rows = [];
    totals = [];
    return { row: (r) => void rows.push(r), total: (t) => void totals.push(t) };
  });
  return { rows, totals };
}

describe('a census read a piece at a time', () => {
  it('gives the rows and lines of the whole file, wherever the pieces end', () => {
    fc.assert(
      fc.property(census, fc.integer({ min: 1, max: 64 }), (text, pieceBytes) => {
        const read = csvParseOracle(text);
        if (!('records' in read)) throw new Error('a generated census is valid CSV');
        const whole = read.records;
        const bytes = new TextEncoder().encode(text);
        const { rows, totals } = streamed(bytes, pieceBytes);
        const expected = whole.slice(1).filter((r) => r.cells[1] !== 'Total');
        expect(rows.map((r) => ({ line: r.line, cells: [...r.cells] }))).toEqual(expected.map((r) => ({ line: r.line, cells: r.cells })));
        expect(totals.map((t) => t.row.line)).toEqual(whole.slice(1).filter((r) => r.cells[1] === 'Total').map((r) => r.line));
      }),
      { numRuns: 200 },
    );
  });

  it('reports a row of the wrong width at its line, however the file is cut', () => {
    const text = 'URN,School,Phase,Status,NOR\n1,"Oak, Élan",Primary,Community,10\n2,Ash,Primary,Community\n';
    for (const pieceBytes of [1, 2, 3, 7, 64]) {
      expect(() => streamed(new TextEncoder().encode(text), pieceBytes)).toThrow(/^c\.csv:3: column "NOR": .*this row has 4 cells but the header has 5/);
    }
  });
});

// A census cut short (a download or a copy that stopped) ends without a line break, and its last
// figure may be cut too: `930,71` read as `930,7`, Behaviour Support charged on an SEN of 7, unseen.
describe('a census whose last line has no line break after its last cell', () => {
  const whole = 'URN,School,Phase,Status,NOR,SEN\n990001,Alder Primary,Primary,Community,412,38\n990008,Juniper RC High,Secondary,Voluntary Aided,930,71\n';
  const warnings = (text: string, pieceBytes?: number) =>
    streamCensus(Buffer.from(text), 'c.csv', { pieceBytes }, () => ({ row: () => undefined, total: () => undefined })).diagnostics.filter((d) => d.code === 'cut-short').map((d) => d.message);
  const said =
    'c.csv:3: the file ends without a line break after its last cell ("7"), as a file cut short in a download or a copy does, which may have cut that cell too (an SEN of 71 read as 7; a months figure left blank, read as 12) and left out the rows after it; check line 3 and that no school is missing (a file Excel or GIAS saves ends with a line break: add one once the file is checked)';

  it('is warned of, naming the line and the cell, however the file is read', () => {
    const cut = whole.slice(0, -2);
    expect(warnings(cut)).toEqual([said]);
    // In pieces, a piece ending inside the last cell.
    expect(warnings(cut, 7)).toEqual([said]);
    expect(warnings(`${cut.slice(0, -1)}${'1'.repeat(40)}`, 16)).toEqual([said.replaceAll('"7"', `"${'1'.repeat(40)}"`)]);
    // CRLF beside LF; and tab-separated, whole and in pieces.
    expect(warnings(cut.replace('\n', '\r\n'))).toEqual([said]);
    expect(warnings(cut.replaceAll(',', '\t'))).toEqual([said]);
    expect(warnings(cut.replaceAll(',', '\t'), 7)).toEqual([said]);
    // Cut after a comma: the last cell (a months or SEN figure) reads as blank.
    expect(warnings(whole.slice(0, -3))).toEqual([said.replace('("7")', '(blank)')]);
  });

  it('is not warned of where the file ends with a line break, a line of empty cells, a closing quote or its header', () => {
    expect(warnings(whole)).toEqual([]);
    expect(warnings(whole.replace(/\n$/, '\r\n'))).toEqual([]);
    expect(warnings(`${whole},,,,,`)).toEqual([]);
    expect(warnings(`${whole}990009,Oak,Primary,Community,10,"5"`)).toEqual([]);
    expect(warnings('URN,School,Phase,Status,NOR,SEN')).toEqual([]);
  });
});

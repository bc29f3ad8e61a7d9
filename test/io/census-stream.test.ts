import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { csvParseRecords } from '../../src/io/csv-records.js';
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
  // A file that is not plainly regular is read again whole, into a new sink.
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
        const whole = csvParseRecords(text, 'c.csv');
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

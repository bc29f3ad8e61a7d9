import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { csvParseRecords, fastRecords, readRecords, readTable } from '../../src/io/csv-records.js';

const piece = fc.constantFrom('a', 'b', 'é', 'Ŵ', ' ', ',', '"', '""', '\n', '\r\n', '\r', '1,179', '\uFEFF', '');
const csvish = fc.array(piece, { maxLength: 40 }).map((parts) => parts.join(''));

/** Well-formed CSV: quoted cells may hold commas, quotes and line breaks. */
const cellText = fc.array(fc.constantFrom('x', 'é', ',', '"', '\n', ' ', '7'), { maxLength: 6 }).map((p) => p.join(''));
const wellFormed = fc
  .tuple(fc.integer({ min: 1, max: 4 }), fc.constantFrom('\n', '\r\n'), fc.boolean())
  .chain(([width, eol, trailing]) =>
    fc
      .array(fc.oneof(fc.array(cellText, { minLength: width, maxLength: width }), fc.constant(null)), { minLength: 1, maxLength: 8 })
      .map((rows) =>
        rows
          .map((row) => (row === null ? '' : row.map((c) => (/[",\n]/.test(c) || c === '' ? `"${c.replace(/"/g, '""')}"` : c)).join(',')))
          .join(eol) + (trailing ? eol : ''),
      ),
  );

function slow(text: string): unknown {
  try {
    return csvParseRecords(text, 'f.csv');
  } catch (error) {
    return { error: (error as Error).message };
  }
}

describe('CSV records', () => {
  it('reads quoted cells with commas, doubled quotes and line breaks, and counts lines past them', () => {
    const text = 'URN,Name\r\n1,"Bexley, Kent ""East"""\r\n\r\n2,"Two\nlines"\r\n3,Plain\r\n';
    expect(readRecords(text, 'f.csv')).toEqual([
      { line: 1, cells: ['URN', 'Name'] },
      { line: 2, cells: ['1', 'Bexley, Kent "East"'] },
      { line: 4, cells: ['2', 'Two\nlines'] },
      { line: 6, cells: ['3', 'Plain'] },
    ]);
  });

  it('drops a leading byte-order mark and skips empty lines', () => {
    expect(readRecords('\uFEFFURN,NOR\n\n\n1,2', 'f.csv')).toEqual([
      { line: 1, cells: ['URN', 'NOR'] },
      { line: 4, cells: ['1', '2'] },
    ]);
  });

  it('hands a ragged row to csv-parse and keeps its line number, for the census to judge', () => {
    expect(readRecords('URN,NOR\n1,2\n\n3\n', 'f.csv')).toEqual([
      { line: 1, cells: ['URN', 'NOR'] },
      { line: 2, cells: ['1', '2'] },
      { line: 4, cells: ['3'] },
    ]);
  });

  it('gives the same records and line numbers as csv-parse on well-formed files', () => {
    fc.assert(
      fc.property(wellFormed, (text) => {
        const fast = fastRecords(text);
        expect(fast).not.toBeNull();
        expect(fast).toEqual(slow(text));
      }),
      { numRuns: 2000 },
    );
  });

  it('either agrees with csv-parse or leaves the file to it, on any text', () => {
    fc.assert(
      fc.property(csvish, (text) => {
        const fast = fastRecords(text);
        if (fast !== null) expect(fast).toEqual(slow(text));
      }),
      { numRuns: 5000 },
    );
  });
});

describe('the width rule (README "Files dedel reads and writes")', () => {
  const PLAN = 'item,quantity,unit_cost,times,total\nKIT meetings,66,250,,\nResearch,3,20000,1,60000\n';

  it('ignores empty cells past the header where every row has them, as a spreadsheet pads its lines', () => {
    const padded = PLAN.replace(/\n(?=.)/g, ',,\n').replace(/\n$/, ',,\n').replace(/^([^\n]*),,\n/, '$1\n');
    expect(readTable(padded, 'plan.csv').rows.map((r) => r.cells.slice(0, 5))).toEqual(readTable(PLAN, 'plan.csv').rows.map((r) => r.cells));
  });

  it('refuses one row wider than the others: a comma typed into 250 shifts the cells and leaves an empty one past the header', () => {
    const typo = PLAN.replace('66,250,,', '66,2,50,,');
    expect(() => readTable(typo, 'plan.csv')).toThrow(/plan\.csv:3: .*this row has 5 cells but line 2 has 6 and the header 5/);
    const later = PLAN.replace('3,20000,1,60000', '3,20,000,1,60000');
    expect(() => readTable(later, 'plan.csv')).toThrow(/plan\.csv:3: column 6: value "60000": this row has 6 cells but the header has 5/);
    const emptyLast = `${PLAN}Contingency,1,300,,\n`.replace('Contingency,1,300,,', 'Contingency,1,3,00,,');
    expect(() => readTable(emptyLast, 'plan.csv')).toThrow(/plan\.csv:4: .*this row has 6 cells but line 2 has 5/);
  });

  it('refuses text under a header padded with empty cells: an unquoted 1,179 put its 179 there and was read as 1', () => {
    const padded = 'URN,School,NOR,,\n1,Ash,421,,\n2,Beech,1,179,\n';
    expect(() => readTable(padded, 'c.csv')).toThrow(
      'c.csv:3: column 4: value "179": text in a column with no header, past the header\'s last name ("NOR"); is "1,179" one number? a number with a thousands comma must be quoted ("1,179"), as spreadsheets write it; check for a missing or extra comma, or give the column a header',
    );
    expect(() => readTable('URN,School,NOR,,\n1,Ash,421,,checked\n', 'c.csv')).toThrow(/c\.csv:2: column 5: value "checked": text in a column with no header/);
    // Under a spacer column between names, the 179 of 1,179 is refused too; other text there is as before.
    expect(() => readTable('URN,School,NOR,,SEN\n1,Ash,1,179,12\n', 'c.csv')).toThrow(
      'c.csv:2: column 4: value "179": a figure in a column with no header, beside "NOR"; is "1,179" one number? a number with a thousands comma must be quoted ("1,179"), as spreadsheets write it',
    );
    // Quoted, or a blank header between names, is as before.
    expect(readTable('URN,School,NOR,,\n1,Ash,"1,179",,\n', 'c.csv').rows[0]!.cells.slice(0, 3)).toEqual(['1', 'Ash', '1,179']);
    expect(readTable('URN,,NOR\n1,x,421\n', 'c.csv').rows[0]!.cells).toEqual(['1', 'x', '421']);
  });

  it('refuses a row with fewer cells than the header, naming the first missing column', () => {
    expect(() => readTable(PLAN.replace('66,250,,', '66,250,'), 'plan.csv')).toThrow(/plan\.csv:2: column "total": .*this row has 4 cells but the header has 5/);
  });
});

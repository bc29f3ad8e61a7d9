import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DataError } from '../../src/core/errors.js';
import { RecordReader, readRecords, readTable } from '../../src/io/csv-records.js';
import { EXCEL_FORMULA, csvParseOracle } from '../helpers/csv-oracle.js';

const piece = fc.constantFrom('a', 'b', 'é', 'Ŵ', ' ', ',', '"', '""', '\n', '\r\n', '\r', '1,179', '\uFEFF', '', '=');
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

type Result = { records: { line: number; cells: string[] }[] } | { error: { problem: string; line: number; column: string | number; value: string | undefined } };

/**
 * dedel's one record reader on text cut into pieces at `cuts` (none: whole): the records, or
 * the syntax error's problem, line, column and text; and the first record it read (the header
 * that names an error's column).
 */
function mine(text: string, cuts: readonly number[] = [], delimiter: ',' | '\t' = ','): { result: Result; header: readonly string[] } {
  const records: { line: number; cells: string[] }[] = [];
  const reader = new RecordReader('f.csv', delimiter);
  const ends = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((a, b) => a - b).filter((c) => c > 0 && c < text.length);
  try {
    // As census.ts reads pieces: what the reader leaves unfinished goes in front of the next piece.
    let carry = '';
    let start = 0;
    for (const end of [...ends, text.length]) {
      const piece = carry + text.slice(start, end);
      const from = start === 0 && piece.charCodeAt(0) === 0xfeff ? 1 : 0;
      const at = reader.read(piece, from, end === text.length, (r) => records.push(r));
      carry = piece.slice(at);
      start = end;
    }
  } catch (error) {
    if (!(error instanceof DataError)) throw error;
    const where = error.where as { line: number; column: string | number; value?: string };
    const problem = String(error.detail).replace(/^not valid CSV: /, '');
    // The oracle leaves the text of a `="…"` cell out (it is checked on its own, below).
    const value = problem === EXCEL_FORMULA ? undefined : where.value;
    return { result: { error: { problem, line: where.line, column: where.column, value } }, header: records[0]?.cells ?? [] };
  }
  return { result: { records }, header: records[0]?.cells ?? [] };
}

/** csv-parse's result, an error's cell named as dedel names a column: by the header's text, or counted from 1. */
function oracle(text: string, header: readonly string[], delimiter: ',' | '\t' = ','): Result {
  const result = csvParseOracle(text, delimiter);
  if ('records' in result) return result;
  const { index, ...rest } = result.error;
  return { error: { ...rest, column: header[index]?.trim() || index + 1 } };
}

/** A result with an error's line left out, where csv-parse counts lines otherwise (a CRLF inside quotes). */
const lineless = (result: Result) => ('error' in result ? { error: { ...result.error, line: 0 } } : result);

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

  it('reads a ragged row as it is, with its line number, for the census to judge', () => {
    expect(readRecords('URN,NOR\n1,2\n\n3\n', 'f.csv')).toEqual([
      { line: 1, cells: ['URN', 'NOR'] },
      { line: 2, cells: ['1', '2'] },
      { line: 4, cells: ['3'] },
    ]);
  });

  it('gives the same records and line numbers as csv-parse on well-formed files, whole or in pieces', () => {
    fc.assert(
      fc.property(wellFormed, fc.array(fc.nat(), { maxLength: 4 }), (text, cuts) => {
        const whole = mine(text);
        const expected = oracle(text, whole.header);
        expect('records' in expected).toBe(true);
        expect(whole.result).toEqual(expected);
        expect(mine(text, cuts).result).toEqual(expected);
      }),
      { numRuns: 2000 },
    );
  });

  // No fallback: the one reader reads what csv-parse reads, and refuses what it refuses, at the
  // same line, cell and text (README "Census files dedel reads").
  it('agrees with csv-parse on any text, whole or in pieces: the same records, or the same error at the same place', () => {
    fc.assert(
      fc.property(csvish, fc.array(fc.nat(), { maxLength: 4 }), fc.constantFrom<',' | '\t'>(',', '\t'), (raw, cuts, delimiter) => {
        const text = delimiter === ',' ? raw : raw.replaceAll(',', '\t');
        const whole = mine(text, [], delimiter);
        const expected = oracle(text, whole.header, delimiter);
        // csv-parse counts a CRLF inside quotes as two lines when it reports an error.
        const exact = 'records' in expected || !/"[^"]*\r\n/.test(text);
        for (const got of [whole.result, mine(text, cuts, delimiter).result]) {
          if (exact) expect(got).toEqual(expected);
          else expect(lineless(got)).toEqual(lineless(expected));
        }
      }),
      { numRuns: 5000 },
    );
  });

  it('reads a CR alone as a line ending (Excel for Mac), and CRLF, LF and CR mixed in one file', () => {
    expect(readRecords('URN,NOR\r1,2\r\n3,4\n5,"6\r7"\r8,9', 'f.csv')).toEqual([
      { line: 1, cells: ['URN', 'NOR'] },
      { line: 2, cells: ['1', '2'] },
      { line: 3, cells: ['3', '4'] },
      { line: 4, cells: ['5', '6\r7'] },
      { line: 6, cells: ['8', '9'] },
    ]);
  });

  // Some systems export an id as ="100001" to keep its zeros; it was "a quote in the middle of a cell", value "=".
  it('says what a cell written as an Excel formula (="100001") is, and shows the cell', () => {
    expect(() => readRecords('URN,School\n="0100001",Ash\n', 'f.csv')).toThrow(new DataError(`not valid CSV: ${EXCEL_FORMULA}`, { file: 'f.csv', line: 2, column: 'URN', value: '="0100001"' }));
  });

  it('says where a quote is never closed, where text follows a closing quote, and where a quote is inside a cell', () => {
    expect(() => readRecords('URN,School\n1,Ash\n2,"Beech\n3,Oak\n', 'f.csv')).toThrow(new DataError('not valid CSV: a quoted cell is never closed (a " with no matching ")', { file: 'f.csv', line: 3, column: 'School', value: '"Beech' }));
    expect(() => readRecords('URN,School\n1,"Ash"y\n', 'f.csv')).toThrow(new DataError('not valid CSV: text follows a closing quote; a quote inside a quoted cell is written ""', { file: 'f.csv', line: 2, column: 'School' }));
    expect(() => readRecords('URN,School\n1,St Mary"s\n', 'f.csv')).toThrow(new DataError('not valid CSV: a quote in the middle of a cell; quote the whole cell and write the quote as ""', { file: 'f.csv', line: 2, column: 'School', value: 'St Mary' }));
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

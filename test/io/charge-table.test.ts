import { describe, expect, it } from 'vitest';
import { DataError, UsageError } from '../../src/core/errors.js';
import { plainText } from '../../src/core/messages.js';
import type { Diagnostic } from '../../src/core/types.js';
import { readComparedYear } from '../../src/io/allocation-year.js';
import { isMoneyHeader } from '../../src/io/charge-table.js';

/** A table dedel did not write, as one year of `compare`: the schools' amounts and NOR, and the warnings. */
function read(text: string, columns: Record<string, string> = {}, flag?: string) {
  const diagnostics: Diagnostic[] = [];
  const { side, own } = readComparedYear(new TextEncoder().encode(text), 'last-year.csv', 'Before', diagnostics, { columns, ...(flag ? { flag } : {}) });
  const amounts = side.schools.map((s) => [s.urn, s.school, s.nor?.toFixed() ?? null, s.charges.get('total')![0]!.amount.toFixed()]);
  return { side, own, amounts, warnings: diagnostics.map((d) => plainText(d.message)) };
}

const refused = (text: string, columns: Record<string, string> = {}, flag?: string): Error => {
  try {
    read(text, columns, flag);
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the table to be refused');
};

describe('compare: a table of charges dedel did not write (last year\'s published Appendix B)', () => {
  it('reads one column headed as money (a year and £), with £ and thousands commas, under titles, past a Per pupil column and notes, its Total checked', () => {
    const text = [
      'Exampleshire Schools Forum,,,,',
      'Appendix B: de-delegation 2023/24,,,,',
      'LAESTAB,School Name,NOR October 22,23/24 \u00a3,Per Pupil \u00a3',
      '873/2001,Ash Primary,421,"\u00a32,147",5.10',
      '873/2002,Elm Primary,"1,179","6,013",5.10',
      'Total,,"1,600","8,160",',
      'Source: October 2022 census,,,,',
      '',
    ].join('\n');
    const { own, amounts, warnings } = read(text);
    expect(own).toBe(false);
    expect(amounts).toEqual([
      ['873/2001', 'Ash Primary', '421', '2147'],
      ['873/2002', 'Elm Primary', '1179', '6013'],
    ]);
    expect(warnings).toEqual([
      'last-year.csv: the header is on line 3; lines 1 to 2 above it are titles, not read: "Exampleshire Schools Forum", "Appendix B: de-delegation 2023/24"',
      'last-year.csv: line 7 below the Total row is a note, not read: "Source: October 2022 census"',
    ]);
  });

  it("warns where the table's Total row is not its schools' sum (published tables often do not add up), and compares the schools", () => {
    const { amounts, warnings } = read('School,NOR,Charge\nAsh,100,500\nElm,200,"1,000"\nTotal,301,"1,498"\n');
    expect(amounts.map((a) => a[3])).toEqual(['500', '1000']);
    expect(warnings).toEqual([
      'last-year.csv:4: the Total row gives 1498 but the schools add up to 1500; the schools are compared, each as the table gives it (a published table\'s Total may have been typed or rounded on its own)',
      'last-year.csv:4: the Total row gives NOR 301 but the schools add up to 300',
    ]);
  });

  it('takes the Total column of a table per service, and refuses (exit 2) one with no Total column, listing the candidates and the flag', () => {
    const services = 'URN,School,School Improvement \u00a3,Contingency \u00a3,Total \u00a3,Per pupil \u00a3\n100001,Ash,300,200,500,5.00\n100002,Elm,600,400,"1,000",5.00\n';
    expect(read(services).amounts.map((a) => a[3])).toEqual(['500', '1000']);
    const ambiguous = refused('URN,School,School Improvement \u00a3,Contingency \u00a3\n100001,Ash,300,200\n', {}, '--before-column');
    expect(ambiguous).toBeInstanceOf(UsageError);
    expect((ambiguous as UsageError).exitCode).toBe(2);
    expect(ambiguous.message).toBe(
      'last-year.csv: more than one column could be the amount charged ("School Improvement \u00a3", "Contingency \u00a3"), and none is headed Total; choose one with --before-column total="HEADER", such as --before-column total="School Improvement \u00a3"',
    );
    // Named, the column is read, whichever it is.
    expect(read('URN,School,School Improvement \u00a3,Contingency \u00a3\n100001,Ash,300,200\n', { total: 'Contingency \u00a3' }).amounts).toEqual([['100001', 'Ash', null, '200']]);
  });

  it('never takes a Per pupil column for the amount: one with no other money column is refused, naming the headers and the flag', () => {
    const error = refused('School,NOR,Per pupil \u00a3\nAsh,100,5.10\n');
    expect(error).toBeInstanceOf(DataError);
    expect(error.message).toBe('last-year.csv: no column of amounts charged (headed with \u00a3, Total, Amount, Charge or a year such as 23/24); the headers are: "School", "NOR", "Per pupil \u00a3"; name the column with --column total="HEADER" (or, for a census, compare it through a proposal with -c)');
    expect(['Per Pupil \u00a3', '\u00a3 per place', 'Rate', 'Change %'].map(isMoneyHeader)).toEqual([false, false, false, false]);
    expect(['23/24 \u00a3', '2023-24', 'Total', 'Amount', 'Charge', 'De-delegation \u00a3'].map(isMoneyHeader)).toEqual([true, true, true, true, true, true]);
  });

  it("reads dedel's own csv as it always did, and refuses a file with neither dedel's columns nor a school column", () => {
    expect(read('urn,school,total\n1,Ash,500\n').own).toBe(true);
    const error = refused('Item,Cost\nTraining,"\u00a31,000"\n');
    expect(error.message).toContain('not an allocation written by dedel: expected the columns school and total (from dedel allocate --format csv or json), or a table of charges with a school column');
  });

  it('says where an amount is not one, by line and column', () => {
    expect(refused('School,Amount\nAsh,five hundred\n').message).toBe(
      'last-year.csv:2: column "Amount": value "five hundred": the amount ("Amount") is not a number: expected an amount of 0 or more, such as 2,147, \u00a32,147 or 1351.50',
    );
  });

  it('refuses a last row whose amount is the schools above it under a name that is no Total (read as a school it doubled the year)', () => {
    expect(refused('School,Amount\nAsh,100\nElm,200\nOak,300\nAll schools,600\n').message).toBe(
      'last-year.csv:5: column "School": value "All schools": its amount, 600, is exactly the school rows above it: if it is their total, call it "Total" (it is then checked, never compared); if it is a school, give it an id',
    );
  });
});

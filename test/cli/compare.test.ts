import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Dec } from '../../src/core/decimal.js';
import { compareAllocations } from '../../src/core/compare.js';
import { readAllocationYear } from '../../src/io/allocation-year.js';
import { expectGoldenInProcess, runCli } from '../helpers/run.js';
import { handWorkbook } from '../helpers/xlsx.js';

const SUTTON = 'fixtures/sutton/appendix-b.csv';

/** Writes a run's stdout to a file in `dir` (stdout, so the test does not depend on --out). */
async function allocateTo(dir: string, name: string, args: string[]): Promise<string> {
  const run = await runCli(['allocate', SUTTON, ...args, '-q']);
  expect(run.code).toBe(0);
  const path = join(dir, name);
  writeFileSync(path, run.stdout);
  return path;
}

const row = (urn: string, school: string, total: string) => ({ urn, school, total: new Dec(total) });

/** Last year's table as given (`last.csv`) and this year's allocation of a census at £5.20 (`now.csv`), in a folder of their own. */
async function lastAndNow(last: string, census: string): Promise<{ dir: string; last: string; now: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'dedel-compare-'));
  writeFileSync(join(dir, 'last.csv'), last);
  writeFileSync(join(dir, 'census.csv'), census);
  const made = await runCli(['allocate', join(dir, 'census.csv'), '--rate', '5.20', '-f', 'csv', '-q']);
  expect(made.code).toBe(0);
  writeFileSync(join(dir, 'now.csv'), made.stdout);
  return { dir, last: join(dir, 'last.csv'), now: join(dir, 'now.csv') };
}

describe('dedel compare', () => {
  // Two censuses through a proposal with periods: each year's period footing was warned of (the
  // comparison shows no periods), and the years' footing warnings came alike, naming neither.
  it('says each year\'s footing warnings with its census, and none about periods it does not show', async () => {
    const run = await runCli(['compare', 'fixtures/paper-wider/census-2024.csv', 'fixtures/paper-wider/census-2025.csv', '-c', 'fixtures/paper-wider/proposal.json', '-f', 'csv']);
    expect(run.code, run.stderr).toBe(0);
    const warnings = run.stderr.trimEnd().split('\n');
    expect(warnings.filter((w) => /comes to .*its share of the total/.test(w))).toEqual([]);
    expect(warnings.filter((w) => w.includes('the rounded rows add up to')).map((w) => w.slice(0, w.indexOf(': the rounded')))).toEqual([
      'dedel: warning: fixtures/paper-wider/census-2024.csv: School Improvement',
      'dedel: warning: fixtures/paper-wider/census-2024.csv: Licences',
      'dedel: warning: fixtures/paper-wider/census-2025.csv: Licences',
    ]);
  });

  it('compares the Sutton table at £5.10 with £5.61, csv against json, school by school with a Total row', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dedel-compare-'));
    const before = await allocateTo(dir, 'at-5.10.csv', ['--rate', '5.10', '-f', 'csv']);
    const after = await allocateTo(dir, 'at-5.61.json', ['--rate', '5.61', '-f', 'json']);
    const run = await runCli(['compare', before, after, '-f', 'csv']);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    const lines = run.stdout.trim().split('\n');
    expect(lines[0]).toBe('urn,school,phase,nor_before,nor_after,before,after,change,change_pct,note');
    expect(lines).toHaveLength(1 + 22 + 1);
    // 421 × 5.10 = 2,147.10 → 2,147; 421 × 5.61 = 2,361.81 → 2,362.
    expect(lines[1]).toBe(',All Saints Benhilton CofE Primary School,,421,421,2147,2362,215,10.0,');
    expect(lines).toContain(",Robin Hood Infants' School,,265,265,1352,1487,135,10.0,");
    expect(lines).toContain(",St Philomena's Catholic High School for Girls,,1179,1179,6013,6614,601,10.0,");
    const total = lines.at(-1)!.split(',');
    expect(total.slice(0, 2)).toEqual(['', 'Total']);
    const [b, a, change] = total.slice(5, 8).map((t) => new Dec(t));
    // The Total row's change is the difference of the two files' totals.
    expect(b!.toFixed()).toBe('50839');
    expect(a!.toFixed()).toBe(JSON.parse((await runCli(['allocate', SUTTON, '--rate', '5.61', '-f', 'json', '-q'])).stdout).total.total);
    expect(change!.equals(a!.minus(b!))).toBe(true);
    // Per-school changes add up to it too.
    const perSchool = lines.slice(1, -1).map((l) => new Dec(l.split(',').at(-3)!));
    expect(perSchool.reduce((s, c) => s.plus(c), new Dec(0)).equals(change!)).toBe(true);
  });

  it('reads json before and csv after just as well', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dedel-compare-'));
    const before = await allocateTo(dir, 'a.json', ['--rate', '5.61', '-f', 'json', '--foot']);
    const after = await allocateTo(dir, 'b.csv', ['--rate', '5.10', '-f', 'csv', '--foot']);
    const run = await runCli(['compare', before, after, '-f', 'json']);
    const json = JSON.parse(run.stdout);
    expect(json.rows).toHaveLength(22);
    expect(json.total).toMatchObject({ school: 'Total', after: '50837' });
    expect(new Dec(json.total.change).equals(new Dec(json.total.after).minus(json.total.before))).toBe(true);
  });

  it('marks schools in one file only, counts them as 0 and warns (golden)', async () => {
    const run = await expectGoldenInProcess('compare-one-side-only', ['compare', 'fixtures/compare/before.csv', 'fixtures/compare/after.json']);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('1 school only in fixtures/compare/before.csv');
    expect(run.stderr).toContain('New Road Primary School (100006)');
  });

  it('prints plain numbers in csv, with an empty change_pct when before is 0 or missing', async () => {
    const run = await expectGoldenInProcess('compare-one-side-only-csv', ['compare', 'fixtures/compare/before.csv', 'fixtures/compare/after.json', '-f', 'csv', '-q']);
    expect(run.stdout).toBe(
      [
        'urn,school,phase,nor_before,nor_after,before,after,change,change_pct,note',
        '100001,Ash Primary School,primary,412,420,2101,2356,255,12.1,',
        '100002,Birch Primary Academy,primary,265,265,1352,1487,135,10.0,',
        '100003,Cherry High School,secondary,930,900,4743,5049,306,6.5,',
        "100004,Damson Infants' School,primary,0,60,0,337,337,,",
        ',Old Mill Primary School,primary,198,,1010,,-1010,-100.0,no longer charged',
        '100006,New Road Primary School,primary,,30,,168,168,,newly charged',
        ',Total,,1805,1675,9206,9397,191,2.1,',
        '',
      ].join('\n'),
    );
  });

  it('matches on URN first, so a renamed school is still the same school', () => {
    const result = compareAllocations([row('1', 'Old Name', '100')], [row('1', 'New Name', '110')]);
    expect(result.rows).toHaveLength(1);
    expect(result.rows[0]).toMatchObject({ urn: '1', school: 'New Name' });
    expect(result.rows[0]!.change.toFixed()).toBe('10');
    expect(result.rows[0]!.changePct!.toFixed(1)).toBe('10.0');
  });

  it('falls back to the name, case-insensitively, where a row has no URN', () => {
    const result = compareAllocations([row('', 'Ash School', '100')], [row('7', 'ASH SCHOOL', '90')]);
    expect(result.onlyBefore).toEqual([]);
    expect(result.onlyAfter).toEqual([]);
    expect(result.rows[0]!.change.toFixed()).toBe('-10');
  });

  it('keeps exact decimals: pence and a rounded percentage', () => {
    const result = compareAllocations([row('1', 'A', '1351.50')], [row('1', 'A', '1486.65')]);
    expect(result.rows[0]!.change.toFixed(2)).toBe('135.15');
    expect(result.rows[0]!.changePct!.toFixed(1)).toBe('10.0');
    expect(compareAllocations([row('1', 'A', '3')], [row('1', 'A', '4')]).rows[0]!.changePct!.toFixed(1)).toBe('33.3');
  });

  it('refuses a file in which a school appears twice', () => {
    expect(() => compareAllocations([row('1', 'A', '1'), row('1', 'B', '2')], [])).toThrow(/URN 1 appears twice; each school must be one row$/);
    // With names only, two schools may share one: the way to tell them apart is said.
    expect(() => compareAllocations([row('', "St Mary's", '1'), row('', "St Mary's", '2')], [])).toThrow(
      `school "St Mary's" appears twice; each school must be one row; where two schools share a name (two St Mary's in one county), give the file a URN or LAESTAB column to tell them apart`,
    );
  });

  it("skips the Total row and strips csv's formula guard from names", () => {
    const text = "urn,school,total\n1,'=Odd School,10\n,Total,10\n";
    const read = readAllocationYear(new TextEncoder().encode(text), 'x.csv', 'before');
    expect(read.schools.map((s) => [s.urn, s.school, s.line])).toEqual([['1', '=Odd School', 2]]);
  });

  // compare told tabs from commas by its first line alone: a tsv whose header had a comma
  // (renamed with --header), whose first line was blank, or whose lines ended in CR alone (Excel
  // for Mac's "Tab delimited Text") was read as CSV, and failed at a school name's comma.
  it('tells a tsv from a csv by its header, as the census reader does, whatever commas the names hold', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dedel-compare-tsv-'));
    const census = join(dir, 'census.csv');
    writeFileSync(census, 'URN,School,Status,Phase,NOR\n1,"Ash, Ely Primary",Community,Primary,100\n2,"Beech, Ely Primary",Community,Primary,200\n');
    const output = async (args: string[]) => {
      const run = await runCli(['allocate', census, ...args, '-q']);
      expect(run.code).toBe(0);
      return run.stdout;
    };
    const after = join(dir, 'after.tsv');
    writeFileSync(after, await output(['--rate', '6', '-f', 'tsv']));
    const tsv = await output(['--rate', '5', '-f', 'tsv']);
    const renamed = await output(['--rate', '5', '-f', 'tsv', '--header', 'de_delegation=De-delegation, 2023/24']);
    const expected = 'urn,school,phase,nor_before,nor_after,before,after,change,change_pct,note\n1,"Ash, Ely Primary",primary,100,100,500,600,100,20.0,\n2,"Beech, Ely Primary",primary,200,200,1000,1200,200,20.0,\n,Total,,300,300,1500,1800,300,20.0,\n';
    for (const [name, text] of [['renamed.tsv', renamed], ['blank-first.tsv', `\n${tsv}`], ['mac.tsv', tsv.replaceAll('\n', '\r')]] as const) {
      const before = join(dir, name);
      writeFileSync(before, text);
      const run = await runCli(['compare', before, after, '-f', 'csv']);
      expect(run.stderr, name).toBe('');
      expect(run.stdout, name).toBe(expected);
    }
    // A csv whose header has no comma in a cell and whose names have tabs stays a csv.
    const csv = join(dir, 'tabbed-names.csv');
    writeFileSync(csv, 'urn,school,total\n1,"Ash\tEly Primary",500\n');
    expect((await runCli(['compare', csv, csv, '-f', 'csv'])).stdout).toContain('1,Ash\tEly Primary,,,,500,500,0,0.0,\n');
  });

  it('refuses a file that is neither an allocation nor a table of charges (no school column), naming what it found', async () => {
    // Sutton's Appendix B was this test's file: it is now read, as a table of charges dedel did not write (below).
    const run = await runCli(['compare', 'fixtures/proposal/contingency.csv', 'fixtures/compare/after.json']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('not an allocation written by dedel: expected the columns school and total');
  });
  it('passes over the subtotal rows of --subtotals phase, in csv and json: read as schools they doubled the Total', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dedel-compare-'));
    const census = 'fixtures/proposal/census.csv';
    const config = 'fixtures/proposal/dedel.json';
    const write = async (name: string, args: string[]) => {
      const run = await runCli(['allocate', census, '-c', config, '-q', ...args]);
      expect(run.code).toBe(0);
      writeFileSync(join(dir, name), run.stdout);
      return join(dir, name);
    };
    const plain = await write('plain.csv', ['-f', 'csv']);
    for (const format of ['csv', 'json']) {
      const grouped = await write(`grouped.${format}`, ['-f', format, '--subtotals', 'phase']);
      const run = await runCli(['compare', plain, grouped, '-f', 'csv']);
      expect(run.code).toBe(0);
      expect(run.stderr).toBe('');
      const lines = run.stdout.trim().split('\n');
      expect(lines.some((l) => /subtotal/i.test(l))).toBe(false);
      // 31,033 both sides: no change.
      expect(lines.at(-1)).toBe(',Total,,3147,3147,31033,31033,0,0.0,');
    }
  });

  it("warns where the file's own Total row no longer adds up to its schools (a school's total edited by hand)", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dedel-compare-'));
    const before = await allocateTo(dir, 'before.csv', ['--rate', '5.10', '-f', 'csv']);
    const text = readFileSync(before, 'utf8');
    // 421 × 5.10 → 2147; typed over as 2247 in Excel, the Total row (50839) left as it was.
    const edited = join(dir, 'edited.csv');
    writeFileSync(edited, text.replace(',421,2147,2147,', ',421,2147,2247,'));
    expect(readFileSync(edited, 'utf8')).not.toBe(text);
    const run = await runCli(['compare', before, edited, '-f', 'csv']);
    expect(run.code).toBe(0);
    expect(run.stdout.trim().split('\n').at(-1)).toBe(',Total,,9968,9968,50839,50939,100,0.2,');
    expect(run.stderr).toBe(`dedel: warning: ${edited}:24: the Total row gives \u00a350,839 but the schools add up to \u00a350,939; the schools are compared (was the file edited?)\n`);
  });
  it("reads a hand-edited allocation's phase and status words as dedel's: Primary beside primary made a phase of its own (primary -100 %, Primary new)", () => {
    const text = 'urn,school,status,phase,nor,total,not_charged\n1,Ash,Community,Primary,100,500,\n2,Elm,Academy converter,Secondary,900,,academy\n';
    const side = readAllocationYear(new TextEncoder().encode(text), 'edited.csv', 'After');
    expect(side.schools.map((s) => [s.phase, s.status])).toEqual([['primary', 'community']]);
    expect(side.others).toEqual([{ urn: '2', school: 'Elm', status: 'academy', closed: false }]);
    // dedel's own words, and words it does not know, are kept as written.
    const own = readAllocationYear(new TextEncoder().encode('urn,school,status,phase,total\n1,Ash,other,16-plus,5\n2,Oak,Kindergarten,Pre-school,6\n'), 'own.csv', 'After');
    expect(own.schools.map((s) => [s.phase, s.status])).toEqual([['16-plus', 'other'], ['Pre-school', 'Kindergarten']]);
  });
});

describe('dedel compare: json that is not a whole allocation', () => {
  const TWO = ['fixtures/two-services/census.csv', '-c', 'fixtures/two-services/dedel.json', '-q'];
  it('refuses rows with no total (convert\'s json, or --header total=…): read as not charged, every school was "opened" with 0 before', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dedel-compare-'));
    const full = join(dir, 'full.csv');
    writeFileSync(full, (await runCli(['allocate', ...TWO, '-f', 'csv'])).stdout);
    const renamed = join(dir, 'renamed.json');
    writeFileSync(renamed, (await runCli(['allocate', ...TWO, '--header', 'total=Grand', '-f', 'json'])).stdout);
    const run = await runCli(['compare', renamed, full, '-f', 'csv']);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(`${renamed}: at rows[0]: not an allocation written by dedel: expected each row to have "total"`);
    const converted = join(dir, 'convert.json');
    writeFileSync(converted, (await runCli(['convert', 'fixtures/paper/census-2024.csv', '-c', 'fixtures/paper/proposal-2024.json', '--convert', '900104=jan', '-f', 'json', '-q'])).stdout);
    expect((await runCli(['compare', converted, full])).code).toBe(1);
  });
  it('says an empty input is empty: in a pipeline, the command before it failed', async () => {
    const run = await runCli(['compare', '-', 'fixtures/compare/before.csv'], { input: '' });
    expect([run.code, run.stdout, run.stderr]).toEqual([1, '', 'dedel: error: <stdin>: the file is empty (did the command writing to it fail?): expected an allocation written by dedel allocate --format csv, tsv or json\n']);
  });
  it('reads an allocation written with --columns that leaves out the service columns by its totals: each service counted 0 before', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dedel-compare-'));
    const chosen = join(dir, 'chosen.json');
    writeFileSync(chosen, (await runCli(['allocate', ...TWO, '--columns', 'urn,school,phase,nor,total', '-f', 'json'])).stdout);
    const full = join(dir, 'full.json');
    writeFileSync(full, (await runCli(['allocate', ...TWO, '-f', 'json'])).stdout);
    const run = await runCli(['compare', chosen, full, '-f', 'csv']);
    expect(run.code).toBe(0);
    const lines = run.stdout.trim().split('\n');
    expect(lines[0]).toBe('urn,school,phase,nor_before,nor_after,before,after,change,change_pct,note');
    expect(lines[1]).toBe('100001,Northfield Primary School,primary,412,412,3061,3061,0,0.0,');
    expect(lines.at(-1)).toBe(',Total,,2697,2697,25737,25737,0,0.0,');
  });
});

describe("dedel compare: last year's published table, which dedel did not write", () => {
  const LAST_YEAR = '2023/24';
  const warning = (place: string) =>
    `dedel: warning: ${place}: the Total row gives \u00a350,837 but the schools add up to \u00a350,839; the schools are compared, each as the table gives it (a published table's Total may have been typed or rounded on its own)\n`;
  it("compares Sutton's Appendix B (csv and xlsx) with this year's allocation: each school's change, the Total's, and a warning that its Total row is £2 short", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dedel-compare-'));
    const after = await allocateTo(dir, 'at-5.30.csv', ['--rate', '5.30', '-f', 'csv']);
    const run = await runCli(['compare', SUTTON, after, '-f', 'csv', '--years', `${LAST_YEAR},2024/25`]);
    expect(run.code).toBe(0);
    const lines = run.stdout.trim().split('\n');
    expect(lines[0]).toBe('urn,school,phase,nor_before,nor_after,before,after,change,change_pct,note');
    expect(lines).toHaveLength(1 + 22 + 1);
    // "2,147" last year; 421 × 5.30 = 2,231.30 → 2,231 this year.
    expect(lines[1]).toBe(',All Saints Benhilton CofE Primary School,,421,421,2147,2231,84,3.9,');
    expect(lines).toContain(",St Philomena's Catholic High School for Girls,,1179,1179,6013,6249,236,3.9,");
    // The schools as published add up to 50,839 (the table's Total row says 50,837): the schools are compared, and the warning says so.
    expect(lines.at(-1)).toBe(',Total,,9968,9968,50839,52834,1995,3.9,');
    const changes = lines.slice(1, -1).map((l) => new Dec(l.split(',').at(-3)!));
    expect(changes.reduce((s, c) => s.plus(c), new Dec(0)).toFixed()).toBe('1995');
    expect(run.stderr).toBe(warning(`${SUTTON}:24`));
    // The same table as a workbook: the same comparison, the warning naming its sheet and row.
    const book = await runCli(['compare', 'fixtures/sutton/appendix-b.xlsx', after, '-f', 'csv', '--years', `${LAST_YEAR},2024/25`]);
    expect([book.code, book.stdout]).toEqual([0, run.stdout]);
    expect(book.stderr).toBe(warning('fixtures/sutton/appendix-b.xlsx: sheet "appendix-b" row 24'));
  });
  // A workbook whose table is on a later sheet (a contents sheet first): the error said to give
  // --sheet, which compare did not take.
  it('reads a workbook table from the sheet --before-sheet (or --sheet) names, and refuses either where no file is a workbook', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dedel-compare-'));
    const after = await allocateTo(dir, 'after.csv', ['--rate', '5.30', '-f', 'csv']);
    const text = (t: string) => ` t="inlineStr"><is><t>${t}</t></is>`;
    const num = (n: string) => `><v>${n}</v>`;
    const book = join(dir, 'last-year.xlsx');
    writeFileSync(
      book,
      handWorkbook([
        { name: 'Contents', rows: [[text('Schools Forum, January 2024')], [text('Appendix B is on the next sheet')]] },
        { name: 'Appendix B', rows: [[text('School Name'), text('NOR'), text('2023/24 \u00a3')], [text('All Saints Benhilton CofE Primary School'), num('421'), num('2147')]] },
      ]),
    );
    const unnamed = await runCli(['compare', book, after, '-f', 'csv', '-q']);
    expect([unnamed.code, unnamed.stdout]).toEqual([1, '']);
    expect(unnamed.stderr).toContain('sheet "Appendix B" has one: give --before-sheet "Appendix B" to read the census from it');
    const named = await runCli(['compare', book, after, '-f', 'csv', '-q', '--before-sheet', 'Appendix B']);
    expect(named.code).toBe(0);
    expect(named.stdout.split('\n')[1]).toBe(',All Saints Benhilton CofE Primary School,,421,421,2147,2231,84,3.9,');
    // --sheet names the sheet of each workbook; the csv beside it passes it by.
    expect((await runCli(['compare', book, after, '-f', 'csv', '-q', '--sheet', 'Appendix B'])).stdout).toBe(named.stdout);
    for (const [flag, message] of [
      ['--sheet', `--sheet chooses a workbook's sheet; neither ${after} nor ${after} is an .xlsx workbook`],
      ['--before-sheet', `--before-sheet chooses a workbook's sheet; ${after} is not an .xlsx workbook`],
    ]) {
      const run = await runCli(['compare', after, after, '-f', 'csv', flag!, 'Appendix B']);
      expect([run.code, run.stdout, run.stderr]).toEqual([2, '', `dedel: error: ${message}\n`]);
    }
  });
  it('refuses (exit 2) a table per service with no Total column, listing the columns and the flag; --before-column chooses', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dedel-compare-'));
    const after = await allocateTo(dir, 'after.csv', ['--rate', '5.30', '-f', 'csv']);
    const table = join(dir, 'services.csv');
    writeFileSync(table, 'School Name,NOR,School Improvement \u00a3,Contingency \u00a3\nAll Saints Benhilton CofE Primary School,421,"1,500",647\n');
    const run = await runCli(['compare', table, after, '-f', 'csv']);
    expect([run.code, run.stdout]).toEqual([2, '']);
    expect(run.stderr).toBe(
      `dedel: error: ${table}: more than one column could be the amount charged ("School Improvement \u00a3", "Contingency \u00a3"), and none is headed Total; choose one with --before-column total="HEADER", such as --before-column total="School Improvement \u00a3"\n`,
    );
    const chosen = await runCli(['compare', table, after, '-f', 'csv', '--before-column', 'total=Contingency \u00a3']);
    expect(chosen.code).toBe(0);
    expect(chosen.stdout.split('\n')[1]).toBe(',All Saints Benhilton CofE Primary School,,421,421,647,2231,1584,244.8,');
    // --column names the column in either file that dedel did not write; two of dedel's own have none to name.
    const own = await runCli(['compare', after, after, '--column', 'total=Contingency \u00a3']);
    expect(own.code).toBe(2);
    expect(own.stderr).toContain("--column read a table of charges not written by dedel (or, with -c, a census)");
  });
  it('--before-column maps the before census alone with -c, and a field a table of charges has not is refused', async () => {
    const census = 'fixtures/proposal/census.csv';
    const run = await runCli(['compare', census, census, '-c', 'fixtures/proposal/dedel.json', '--before-column', 'nor=Places', '-q']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`${census}:2: column "Places": value "": NOR is blank`);
    const dir = mkdtempSync(join(tmpdir(), 'dedel-compare-'));
    const after = await allocateTo(dir, 'after.csv', ['--rate', '5.30', '-f', 'csv']);
    const unknown = await runCli(['compare', SUTTON, after, '--column', 'sen=SEN']);
    expect([unknown.code, unknown.stderr]).toEqual([2, 'dedel: error: --column sen: a table of charges not written by dedel is read by urn, name, phase, status, nor, total (total: the amount charged)\n']);
  });
  it("compares a published table with no phase column by phase under the other year's phases, and says so", async () => {
    // Sutton's Appendix B gives no phase; this year's allocation does. Every school of the table
    // had sat on one blank-phase row at -100%, beside Primary and Secondary rows at +100%.
    const dir = mkdtempSync(join(tmpdir(), 'dedel-compare-'));
    const made = await runCli(['allocate', 'fixtures/paper/census-2024.csv', '-c', 'fixtures/paper/proposal-2024.json', '-f', 'csv', '-q']);
    writeFileSync(join(dir, 'after.csv'), made.stdout);
    const run = await runCli(['compare', SUTTON, join(dir, 'after.csv'), '--by', 'service', '-f', 'md', '-q']);
    expect(run.code).toBe(0);
    const rows = run.stdout.split('\n').filter((l) => l.startsWith('| All services') || l.startsWith('|  | **Total**') || l.startsWith('| **Total**'));
    expect(rows.map((l) => l.split('|').map((c) => c.trim()).slice(2, 6))).toEqual([
      ['Primary', '40,083', '40,081', '-2'],
      ['Secondary', '10,756', '10,756', '0'],
      ['', '**50,839**', '**50,837**', '**-2**'],
    ]);
    expect(run.stdout).toContain('Before gives no phases: its schools are compared by phase under the phase each has in After (22 schools).');
  });
  it('reads a published table laid out under phase headings (Primary, its schools, Primary total) with each school in its heading\'s phase', async () => {
    // Many Appendix B tables have no phase column: a heading row per phase, its schools, a subtotal.
    // The subtotals were checked against schools of that phase, of which the table then had none:
    // "the row "Primary total" gives £1,530 but the schools it covers add up to £0", four times.
    const table = ['School Name,NOR,23/24 \u00a3', 'PRIMARY SCHOOLS,,', 'Ash Primary,100,510', 'Beech Primary,200,1020', 'Primary total,300,1530', 'Secondary,,', 'Cedar High,900,4590', 'Secondary total,900,4590', 'Total,1200,6120', ''].join('\n');
    const { dir, last, now } = await lastAndNow(table, 'URN,School,Status,Phase,NOR\n1,Ash Primary,Community,Primary,110\n2,Beech Primary,Community,Primary,200\n3,Cedar High,Community,Secondary,900\n');
    writeFileSync(join(dir, 'wrong.csv'), table.replace('Primary total,300,1530', 'Primary total,300,1531'));
    const run = await runCli(['compare', last, now, '--by', 'service', '-f', 'csv']);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.stdout.split('\n').slice(1, 4)).toEqual(['All services,primary,,,,,,1530,1612,82,5.4', 'All services,secondary,,,,,,4590,4680,90,2.0', 'Total,,,,,,,6120,6292,172,2.8']);
    // Per school too, each under its phase.
    const schools = await runCli(['compare', last, now, '-f', 'csv', '-q']);
    expect(schools.stdout).toContain(',Ash Primary,primary,100,110,510,572,62,12.2,');
    // A three-tier authority's headings: the deemed phase of its middle schools in brackets.
    writeFileSync(join(dir, 'three.csv'), ['School Name,NOR,23/24 \u00a3', 'FIRST SCHOOLS,,', 'Ash First,100,510', 'MIDDLE SCHOOLS (DEEMED SECONDARY),,', 'Beech Middle,200,1020', 'UPPER SCHOOLS,,', 'Cedar Upper,900,4590', 'Special Schools & PRUs,,', 'Dale Special,50,255', ''].join('\n'));
    const three = await runCli(['compare', join(dir, 'three.csv'), join(dir, 'three.csv'), '--by', 'service', '-f', 'csv', '-q']);
    // A heading over two phases gives its schools neither: Dale Special is not counted as an upper school.
    expect(three.stdout.split('\n').slice(1, 4)).toEqual(['All services,primary,,,,,,510,510,0,0.0', 'All services,secondary,,,,,,5610,5610,0,0.0', 'All services,,,,,,,255,255,0,0.0']);
    // `Nursery and Primary Schools` heads two blocks, as `Special Schools & PRUs` does (a school's
    // phase cell `Nursery & Primary` is a primary school with a nursery class): its nursery school
    // is not counted as primary.
    writeFileSync(join(dir, 'np.csv'), ['School Name,NOR,23/24 \u00a3', 'NURSERY AND PRIMARY SCHOOLS,,', 'Elm Nursery School,40,204', 'Ash Primary,100,510', 'SECONDARY SCHOOLS,,', 'Cedar High,900,4590', ''].join('\n'));
    const np = await runCli(['compare', join(dir, 'np.csv'), join(dir, 'np.csv'), '--by', 'service', '-f', 'csv', '-q']);
    expect(np.stdout.split('\n').slice(1, 3)).toEqual(['All services,secondary,,,,,,4590,4590,0,0.0', 'All services,,,,,,,714,714,0,0.0']);
    // A subtotal that does not add up is still said.
    const wrong = await runCli(['compare', join(dir, 'wrong.csv'), now, '--by', 'service', '-f', 'csv']);
    expect(wrong.stderr).toContain('wrong.csv:5: the row "Primary total" gives £1,531 but the schools it covers add up to £1,530');
  });
  it("matches a school by name written with other punctuation or spacing (’ for ', two spaces, a full stop), where that names one school each side", async () => {
    // A table copied from last year's paper: each school was one year's "no longer charged" and the other's "newly charged".
    const { dir, last, now } = await lastAndNow(
      'School Name,NOR,23/24 \u00a3\nSt Mary\u2019s CofE Primary School,100,510\nBeech  Primary,200,1020\nCedar High School.,900,4590\nÉcole Elm,50,255\nTotal,1250,6375\n',
      "URN,School,Status,Phase,NOR\n1,St Mary's CofE Primary School,Community,Primary,110\n2,Beech Primary,Community,Primary,200\n3,Cedar High School,Community,Secondary,900\n4,Ecole Elm,Community,Primary,50\n",
    );
    const run = await runCli(['compare', last, now, '-f', 'csv']);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.stdout.split('\n').slice(1, 5)).toEqual([
      "1,St Mary's CofE Primary School,primary,100,110,510,572,62,12.2,",
      '2,Beech Primary,primary,200,200,1020,1040,20,2.0,',
      '3,Cedar High School,secondary,900,900,4590,4680,90,2.0,',
      '4,Ecole Elm,primary,50,50,255,260,5,2.0,',
    ]);
    // Two schools whose names differ only so are not told apart that way: neither is matched on it.
    writeFileSync(join(dir, 'two.csv'), 'School Name,NOR,23/24 \u00a3\nSt Marys,100,510\nSt. Marys,100,510\n');
    writeFileSync(join(dir, 'one.csv'), 'School Name,NOR,24/25 \u00a3\nSt Mary\u2019s,100,520\n');
    const two = await runCli(['compare', join(dir, 'two.csv'), join(dir, 'one.csv'), '-f', 'csv', '-q']);
    expect(two.stdout.split('\n').filter((l) => l.includes('St')).map((l) => l.split(',').at(-1))).toEqual(['no longer charged', 'no longer charged', 'newly charged']);
  });
  it('refuses a published table whose amounts are in thousands of pounds (£000, £k, (000s))', async () => {
    // Read as pounds, last year's 2.1 (£2,100) was set against this year's £2,147: +102,138 %.
    const dir = mkdtempSync(join(tmpdir(), 'dedel-compare-'));
    const now = await allocateTo(dir, 'now.csv', ['--rate', '5.10', '-f', 'csv']);
    for (const header of ['23/24 \u00a3000', "23/24 \u00a3'000", 'Charge \u00a3k', 'Charge (000s)', 'Amount (\u00a3 thousands)']) {
      writeFileSync(join(dir, 'last.csv'), `School Name,NOR,${header}\nAll Saints Benhilton CofE Primary School,421,2.1\n`);
      const run = await runCli(['compare', join(dir, 'last.csv'), now, '-f', 'csv']);
      expect(run.code, header).toBe(1);
      expect(run.stderr).toBe(`dedel: error: ${join(dir, 'last.csv')}:1: column "${header}": the amount column "${header}" is in thousands (or millions) of pounds, which dedel would read as pounds (2.1 as \u00a32.10, not \u00a32,100): give the table with its figures in pounds\n`);
    }
  });
  it("reads dedel's own workbook without warning of its title and rounding notes as text not read", async () => {
    // An officer keeps last year's allocation as the .xlsx dedel wrote: its title above the header
    // and its footnotes below the Total row were each warned of as text not read.
    const dir = mkdtempSync(join(tmpdir(), 'dedel-compare-'));
    const book = join(dir, 'last.xlsx');
    expect((await runCli(['allocate', SUTTON, '--rate', '5.10', '--foot', '--title', 'De-delegation 2023/24', '--out', book, '-q'])).code).toBe(0);
    const now = await allocateTo(dir, 'now.csv', ['--rate', '5.61', '-f', 'csv']);
    const run = await runCli(['compare', book, now, '-f', 'csv']);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.stdout.split('\n').at(-2)).toMatch(/^,Total,,9968,9968,50837,/);
    // A workbook someone else made with a title over its table is still said to have one.
    const text = (t: string) => ` t="inlineStr"><is><t>${t}</t></is>`;
    const other = join(dir, 'other.xlsx');
    writeFileSync(other, handWorkbook([{ name: 'B', rows: [[text('Appendix B 2023/24')], [text('School Name'), text('NOR'), text('23/24 \u00a3')], [text('All Saints Benhilton CofE Primary School'), '><v>421</v>', '><v>2147</v>']] }]));
    const theirs = await runCli(['compare', other, now, '-f', 'csv', '--column', 'total=23/24 \u00a3']);
    expect(theirs.stderr).toContain('row 1 above it is a title, not read: "Appendix B 2023/24"');
  });
  it('says so where a published table of charges is given with -c, and so read as a census and charged again', async () => {
    // Last year's Appendix B with a school's £2,147 typed over as £3,000: with -c its NOR was charged at this
    // year's rate and compared as £2,147, the published £3,000 passed by without a word.
    const dir = mkdtempSync(join(tmpdir(), 'dedel-compare-'));
    writeFileSync(join(dir, 'last.csv'), readFileSync(SUTTON, 'utf8').replace('421,"2,147"', '421,"3,000"'));
    const run = await runCli(['compare', join(dir, 'last.csv'), 'fixtures/paper/census-2024.csv', '-c', 'fixtures/paper/proposal-2024.json', '-f', 'csv']);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain(`dedel: warning: ${join(dir, 'last.csv')}: column "23/24 \u00a3" holds charges already made (a published table of charges?); with -c the file is read as a census and charged again through the proposal, so those amounts are not what is compared: to compare them, compare the file with this year's allocation (dedel allocate CENSUS -c PROPOSAL --format csv), without -c\n`);
    // Two censuses say nothing of the kind.
    const censuses = await runCli(['compare', 'fixtures/paper-full/census-2024.csv', 'fixtures/paper-full/census-2025.csv', '--before-config', 'fixtures/paper-full/proposal-2024.json', '-c', 'fixtures/paper-full/proposal-2025.json', '-f', 'csv']);
    expect(censuses.stderr).not.toContain('charges already made');
  });
  it("reads a lone dash in a published table's amount column (Excel's Accounting format of 0) as 0", async () => {
    // Saved to CSV from an Accounting-formatted column, a 0 is ` -   ` or `£ -`: refused as not a number.
    const dir = mkdtempSync(join(tmpdir(), 'dedel-compare-'));
    writeFileSync(join(dir, 'last.csv'), 'School Name,NOR,23/24 \u00a3\nAsh Primary,100,510\nBeech Academy,200, -   \nDeer School,-,\u00a3 -\nTotal,300,510\n');
    const run = await runCli(['compare', join(dir, 'last.csv'), join(dir, 'last.csv'), '-f', 'csv']);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.stdout.split('\n').slice(2, 4)).toEqual([',Beech Academy,,200,200,0,0,0,,', ',Deer School,,,,0,0,0,,']);
  });
  it("matches on names where the two files' ids are of different kinds (DfE numbers, URNs), and says so", async () => {
    // Last year's table keyed by DfE number, this year's allocation by URN: no id met another, and the names
    // were not asked, so every school was "no longer charged" and "newly charged".
    const { dir, last, now } = await lastAndNow(
      'DfE No,School Name,NOR,23/24 \u00a3\n3192001,Ash Primary,100,510\n3192002,Beech Primary,200,1020\n3194001,Cedar High,900,4590\n',
      'URN,School,Status,Phase,NOR\n102001,Ash Primary,Community,Primary,110\n102002,Beech Primary,Community,Primary,200\n102003,Cedar High,Community,Secondary,900\n',
    );
    const run = await runCli(['compare', last, now, '-f', 'csv']);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    // This year's URNs are shown.
    expect(run.stdout.split('\n').slice(1, 4)).toEqual(['102001,Ash Primary,primary,100,110,510,572,62,12.2,', '102002,Beech Primary,primary,200,200,1020,1040,20,2.0,', '102003,Cedar High,secondary,900,900,4590,4680,90,2.0,']);
    const md = await runCli(['compare', last, now, '-f', 'md', '-q']);
    expect(md.stdout).toContain('The two years give schools ids of different kinds (no id is in both: DfE numbers in one, URNs in the other?), so schools are matched on their names');
    // Where some ids meet, ids are trusted as before: a school whose id is not in the other file is not matched on its name.
    writeFileSync(join(dir, 'mixed.csv'), 'URN,School Name,NOR,23/24 \u00a3\n102001,Ash Primary,100,510\n999999,Beech Primary,200,1020\n');
    const mixed = await runCli(['compare', join(dir, 'mixed.csv'), now, '-f', 'csv', '-q']);
    expect(mixed.stdout).toContain('999999,Beech Primary,,200,,1020,,-1020,-100.0,');
  });
});

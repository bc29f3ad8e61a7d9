import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { excelDate, excelNumber, excelPercent, excelTime, isDateFormat, isPercentFormat, isTimeFormat, readSheet, shownFormat, shownRounded } from '../../src/io/xlsx.js';
import { runInProcess } from '../helpers/run.js';
import { handWorkbook } from '../helpers/xlsx.js';

const dir = mkdtempSync(join(tmpdir(), 'dedel-xlsx-census-'));
function save(name: string, bytes: Uint8Array): string {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
}

// Cell bodies as a program writes them (after `<c r="A1"`).
const s = (i: number) => ` t="s"><v>${i}</v>`;
const n = (v: string, style = '') => `${style}><v>${v}</v>`;
const inline = (t: string) => ` t="inlineStr"><is><t>${t}</t></is>`;

describe('an .xlsx census (README: The census)', () => {
  it('gives the same table as the CSV of the same schools (a workbook LibreOffice saved from the CSV)', async () => {
    for (const extra of [['--format', 'csv'], ['--foot', '--format', 'csv'], ['--format', 'md']]) {
      const csv = await runInProcess(['allocate', 'fixtures/sutton/appendix-b.csv', '--rate', '5.10', ...extra]);
      const xlsx = await runInProcess(['allocate', 'fixtures/sutton/appendix-b.xlsx', '--rate', '5.10', ...extra]);
      expect(xlsx.code).toBe(0);
      expect(xlsx.stdout).toBe(csv.stdout);
      expect(xlsx.stderr).toBe(csv.stderr.replaceAll('appendix-b.csv', 'appendix-b.xlsx'));
    }
  });

  it('reads numbers stored as text, currency cells, inline strings and binary-float text exactly', async () => {
    const book = handWorkbook(
      [
        {
          name: 'Census',
          rows: [
            [s(0), s(1), s(2), s(3)],
            [n('100001'), s(4), inline('Community'), s(5)], // NOR "1,179" stored as text
            [n('100002'), inline('Beta School'), s(6), n('252', ' s="1"')], // a currency-formatted cell
            [n('100003'), inline('Gamma School'), s(6), n('5.0999999999999996')], // Excel's 5.1
          ],
        },
      ],
      ['URN', 'School', 'Status', 'NOR', 'Alpha School', '1,179', 'VA'],
    );
    const path = save('census.xlsx', book);
    const run = await runInProcess(['allocate', path, '--rate', '10', '--format', 'csv', '--quiet']);
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe(
      'urn,school,status,phase,nor,de_delegation,total,per_pupil\n100001,Alpha School,community,,1179,11790,11790,10.00\n100002,Beta School,voluntary-aided,,252,2520,2520,10.00\n100003,Gamma School,voluntary-aided,,5.1,51,51,10.00\n,Total,,,1436.1,14361,14361,10.00\n',
    );
  });

  it('reads the sheet --sheet names, and lists the sheets when none has that name', async () => {
    const path = save('two.xlsx', handWorkbook([
      { name: 'Notes', rows: [[inline('Read me')]] },
      { name: 'Census 2024', rows: [[s(0), s(1)], [inline('Alpha School'), n('200')]] },
    ], ['School', 'NOR']));
    const run = await runInProcess(['allocate', path, '--rate', '1', '--sheet', 'census 2024', '--format', 'csv', '--quiet']);
    expect(run.stdout).toContain(',Alpha School,,,200,200,200,1.00');
    const missing = await runInProcess(['allocate', path, '--rate', '1', '--sheet', 'Schools']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toBe(`dedel: error: ${path}: no sheet named "Schools" in the workbook; its sheets are "Notes", "Census 2024"\n`);
  });

  it('reads the first sheet the officer sees: a hidden sheet before it (lookups, last year) is passed over', async () => {
    const path = save('hidden-first.xlsx', handWorkbook([
      { name: 'Census 2022', state: 'hidden', rows: [[s(0), s(1)], [inline('Alpha School'), n('150')]] },
      { name: 'Lookups', state: 'veryHidden', rows: [[inline('Code'), inline('Meaning')]] },
      { name: 'Census 2023', rows: [[s(0), s(1)], [inline('Alpha School'), n('200')]] },
    ], ['School', 'NOR']));
    const run = await runInProcess(['allocate', path, '--rate', '1', '--format', 'csv', '--quiet']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(',Alpha School,,,200,200,200,1.00');
    // --sheet still reads a hidden sheet by name.
    const named = await runInProcess(['allocate', path, '--rate', '1', '--sheet', 'Census 2022', '--format', 'csv', '--quiet']);
    expect(named.stdout).toContain(',Alpha School,,,150,150,150,1.00');
  });

  it('passes over a chart sheet first, and says a chart named by --sheet is no table', async () => {
    const path = save('chart-first.xlsx', handWorkbook([
      { name: 'Chart1', chart: true, rows: [] },
      { name: 'Census', rows: [[s(0), s(1)], [inline('Alpha School'), n('200')]] },
    ], ['School', 'NOR']));
    const run = await runInProcess(['allocate', path, '--rate', '1', '--format', 'csv', '--quiet']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(',Alpha School,,,200,200,200,1.00');
    const chart = await runInProcess(['allocate', path, '--rate', '1', '--sheet', 'Chart1']);
    expect(chart.code).toBe(1);
    expect(chart.stderr).toBe(`dedel: error: ${path}: sheet "Chart1" is a chart, not a table of schools; name the sheet of the table with --sheet (the workbook's sheets are "Chart1", "Census")\n`);
  });

  it('gives a cell merged over several rows (a phase beside its block of schools) to each row, and a merged title stays a title', async () => {
    const path = save('merged.xlsx', handWorkbook([
      {
        name: 'Appendix B',
        rows: [
          [inline('Exampleshire Schools Forum')],
          [s(0), s(1), s(2), s(3)],
          [inline('Primary'), inline('Alpha School'), inline('Community'), n('200')],
          ['', inline('Beta School'), inline('VA'), n('100')],
          ['', inline('Gamma School'), inline('VC'), n('50')],
          [inline('Secondary'), inline('Delta School'), inline('Foundation'), n('1000')],
        ],
        merges: ['A1:D1', 'A3:A5'],
      },
    ], ['Phase', 'School', 'Status', 'NOR']));
    const run = await runInProcess(['allocate', path, '--rate', '1', '--format', 'csv']);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('row 1 above it is a title, not read: "Exampleshire Schools Forum"');
    expect(run.stdout).toBe(
      'urn,school,status,phase,nor,de_delegation,total,per_pupil\n,Alpha School,community,primary,200,200,200,1.00\n,Beta School,voluntary-aided,primary,100,100,100,1.00\n,Gamma School,voluntary-controlled,primary,50,50,50,1.00\n,Delta School,foundation,secondary,1000,1000,1000,1.00\n,Total,,,1350,1350,1350,1.00\n',
    );
    // A figure merged over two rows (one NOR for two schools) is not copied down, to be counted twice.
    const figure = save('merged-figure.xlsx', handWorkbook([
      { name: 'Appendix B', rows: [[s(0), s(1), s(2), s(3)], [inline('Primary'), inline('Ash Infants'), inline('Community'), n('300')], [inline('Primary'), inline('Ash Juniors'), inline('Community'), '']], merges: ['D2:D3'] },
    ], ['Phase', 'School', 'Status', 'NOR']));
    const once = await runInProcess(['allocate', figure, '--rate', '1']);
    expect(once.code).toBe(1);
    expect(once.stderr).toContain('sheet "Appendix B" cell D3: value "": NOR is blank');
  });

  it('reads rows the sheet hides, as every row is, and says which they are', async () => {
    const rows = [[s(0), s(1)], [inline('Alpha School'), n('200')], [inline('Old Mill (closed)'), n('150')], [inline('Beta School'), n('100')], [inline('Gamma School'), n('50')]];
    const path = save('hidden-rows.xlsx', handWorkbook([{ name: 'Appendix B', rows, rowAttributes: { 3: 'hidden="1"', 5: 'hidden="true" customHeight="1"' } }], ['School', 'NOR']));
    const run = await runInProcess(['allocate', path, '--rate', '1', '--format', 'csv']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(',Old Mill (closed),,,150,150,150,1.00');
    expect(run.stdout).toContain(',Total,,,500,500,500,1.00');
    expect(run.stderr.split('\n')[0]).toBe(`dedel: warning: ${path}: sheet "Appendix B": rows 3, 5 are hidden on the sheet but read, as every row is; delete them from the sheet if they are not to be read`);
    const shown = save('shown-rows.xlsx', handWorkbook([{ name: 'Appendix B', rows, rowAttributes: { 3: 'hidden="0"' } }], ['School', 'NOR']));
    expect((await runInProcess(['allocate', shown, '--rate', '1', '--format', 'csv'])).stderr).not.toContain('hidden on the sheet');
  });

  it('says a filter on the sheet hides its hidden rows, since a filter chooses what the sheet shows, not what dedel reads', async () => {
    const rows = [[s(0), s(1), s(2)], [inline('Alpha Primary'), inline('Primary'), n('200')], [inline('Beta High'), inline('Secondary'), n('900')], [inline('Gamma Primary'), inline('Primary'), n('100')]];
    const filter = '<autoFilter ref="A1:C4"><filterColumn colId="1"><filters><filter val="Primary"/></filters></filterColumn></autoFilter>';
    const path = save('filtered.xlsx', handWorkbook([{ name: 'Appendix B', rows, rowAttributes: { 3: 'hidden="1"' }, tail: filter }], ['School', 'Phase', 'NOR']));
    const run = await runInProcess(['allocate', path, '--rate', '1', '--format', 'csv']);
    expect(run.stdout).toContain(',Beta High,,secondary,900,900,900,1.00');
    expect(run.stderr).toContain(`dedel: warning: ${path}: sheet "Appendix B": row 3 is hidden on the sheet but read, as every row is (the sheet is filtered on column B: a filter chooses the rows the sheet shows, not those dedel reads); delete it from the sheet if it is not to be read\n`);
    // A cost plan's rows hidden by a filter are said so too.
    const plan = save('filtered-plan.xlsx', handWorkbook([{ name: 'Costs', rows: [[s(0), s(1)], [inline('Visits'), n('1000')], [inline('Training'), n('500')]], rowAttributes: { 3: 'hidden="1"' }, tail: '<autoFilter ref="A1:B3"><filterColumn colId="0"><filters><filter val="Visits"/></filters></filterColumn></autoFilter>' }], ['Item', 'Total']));
    expect((await runInProcess(['costs', plan, '--format', 'csv'])).stderr).toContain('row 3 is hidden on the sheet but read, as every row is (the sheet is filtered on column A: a filter chooses');
  });

  it('names the sheet and row in a warning of a control total or an all-through school, as errors do', async () => {
    const path = save('warnings.xlsx', handWorkbook([
      {
        name: 'Appendix B',
        rows: [
          [s(0), s(1), s(2), s(3)],
          [inline('Alpha School'), inline('Community'), inline('Primary'), n('200')],
          [inline('Omega School'), inline('Community'), inline('All-through'), n('900')],
          [inline('Total'), '', '', n('1000')],
        ],
      },
    ], ['School', 'Status', 'Phase', 'NOR']));
    const run = await runInProcess(['allocate', path, '--rate', '1', '--format', 'csv']);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain(`dedel: warning: ${path}: sheet "Appendix B" row 3: all-through school "Omega School" is not charged`);
    expect(run.stderr).toContain(`dedel: warning: ${path}: sheet "Appendix B" row 4: control total for column "NOR" does not match: the Total row states 1000, the school rows add up to 1100 (difference +100)`);
    const strict = await runInProcess(['allocate', path, '--rate', '1', '--all-through', 'primary', '--strict']);
    expect(strict.code).toBe(3);
    expect(strict.stderr).toContain(`check failed (--strict): ${path}: sheet "Appendix B" row 4: control total for column "NOR": expected 1000`);
  });

  it('names the rows of a workbook as rows in what an error says of another row', async () => {
    const book = (rows: string[][]) => save('rows.xlsx', handWorkbook([{ name: 'Appendix B', rows }], ['URN', 'School', 'NOR', 'LA (name)']));
    const twice = book([[s(0), s(1), s(2)], [n('1'), inline('Alpha School'), n('200')], [n('1'), inline('Beta School'), n('100')]]);
    const dup = await runInProcess(['allocate', twice, '--rate', '1']);
    expect(dup.stderr).toBe(`dedel: error: ${twice}: sheet "Appendix B" cell A3: value "1": duplicate id, first on row 2; each school must appear once\n`);
    const two = book([[s(0), s(1), s(2), s(3)], [n('1'), inline('Alpha School'), n('200'), inline('Exampleshire')], [n('2'), inline('Beta School'), n('100'), inline('Otherton')]]);
    const las = await runInProcess(['allocate', two, '--rate', '1']);
    expect(las.stderr).toContain('(column "LA (name)": "Exampleshire" on row 2, "Otherton" on row 3)');
  });

  it('names sheet, cell and value in an error', async () => {
    const path = save('bad.xlsx', handWorkbook([
      { name: 'Appendix B', rows: [[s(0), s(1)], [inline('Alpha School'), n('200')], [inline('Beta School'), inline('two hundred')]] },
    ], ['School', 'NOR']));
    const run = await runInProcess(['allocate', path, '--rate', '1']);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(new RegExp(`^dedel: error: ${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: sheet "Appendix B" cell B3: value "two hundred": NOR is not a number`));
    const check = await runInProcess(['check', path]);
    expect(check.code).toBe(1);
    expect(check.stderr).toContain(': sheet "Appendix B" cell B3: value "two hundred": NOR is not a number');
  });

  it('refuses an .xls, or an .xlsx that is not a workbook, saying what to do', async () => {
    const xls = save('old.xls', new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]));
    const run = await runInProcess(['allocate', xls, '--rate', '1']);
    expect(run.stderr).toBe(`dedel: error: ${xls}: an Excel 97-2003 workbook (.xls), which dedel does not read; save it as .xlsx or CSV\n`);
    const fake = save('fake.xlsx', new TextEncoder().encode('School,NOR\nA,1\n'));
    const bad = await runInProcess(['allocate', fake, '--rate', '1']);
    expect(bad.stderr).toContain('named .xlsx but not an .xlsx workbook (no zip signature)');
    const broken = save('broken.xlsx', new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]));
    const zip = await runInProcess(['allocate', broken, '--rate', '1']);
    expect(zip.code).toBe(1);
    expect(zip.stderr).toMatch(/not a readable workbook \(the zip is damaged/);
  });

  it('looks past title rows above the header, and names cells from the header it found', async () => {
    // An authority's sheet: a heading and a date above the header, a blank row, the schools (row 6 short of its empty cells).
    const rows = [[inline('Exampleshire Schools Forum')], [inline('Appendix B: October 2023 census')], [], [s(0), s(1), s(2), s(3)], [n('100001'), inline('Alpha School'), inline('Community'), n('421')], [n('100002'), inline('Beta School'), inline('Community')]];
    const path = save('titled.xlsx', handWorkbook([{ name: 'Appendix B', rows }], ['URN', 'School', 'Status', 'NOR']));
    const run = await runInProcess(['allocate', path, '--rate', '10', '--format', 'csv']);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(`dedel: error: ${path}: sheet "Appendix B" cell D6: value "": NOR is blank for a school that is charged on it; expected a number of 0 or more, such as 421, 1,179 or 12.5\n`);
    const check = await runInProcess(['check', path, '--rate', '10']);
    expect(check.stderr).toContain(`${path}: sheet "Appendix B" cell D6: value "": NOR is blank`);
    rows[5]!.push(n('252'));
    rows.push([inline(''), inline('Total'), inline(''), n('673')], [inline('Source: October 2023 census')]);
    const fixed = save('titled-fixed.xlsx', handWorkbook([{ name: 'Appendix B', rows }], ['URN', 'School', 'Status', 'NOR']));
    const good = await runInProcess(['allocate', fixed, '--rate', '10', '--format', 'csv']);
    expect(good.stdout).toBe('urn,school,status,phase,nor,de_delegation,total,per_pupil\n100001,Alpha School,community,,421,4210,4210,10.00\n100002,Beta School,community,,252,2520,2520,10.00\n,Total,,,673,6730,6730,10.00\n');
    expect(good.stderr).toContain(`dedel: warning: ${fixed}: sheet "Appendix B": the header is on row 4; rows 1 to 2 above it are titles, not read: "Exampleshire Schools Forum", "Appendix B: October 2023 census"\n`);
    expect(good.stderr).toContain(`dedel: warning: ${fixed}: sheet "Appendix B": row 8 below the Total row is a note, not read: "Source: October 2023 census"\n`);
  });

  it('reads a formula\'s saved value, and refuses one with none saved (a workbook a script wrote), naming the cell', async () => {
    const book = (nor: string) => handWorkbook([{ name: 'Census', rows: [[s(0), s(1), s(2)], [n('1'), s(3), nor], [n('2'), s(4), n('300')]] }], ['URN', 'School', 'NOR', 'Ash', 'Beech']);
    const saved = await runInProcess(['allocate', save('saved.xlsx', book('><f>100+20</f><v>120</v>')), '--rate', '5', '-f', 'csv', '-q']);
    expect(saved.stdout).toContain('1,Ash,,,120,600,600,5.00');
    for (const [nor, shown] of [['><f>100+20</f>', 'the formula =100+20'], ['><f t="shared" si="0"/>', 'a formula']] as const) {
      const path = save('unsaved.xlsx', book(nor));
      const run = await runInProcess(['allocate', path, '--rate', '5']);
      expect(run.code).toBe(1);
      expect(run.stderr).toBe(`dedel: error: ${path}: sheet "Census" cell C2: ${shown} with no value saved; open the workbook in Excel or LibreOffice and save it, so that its values are stored with it\n`);
    }
  });

  it('names the cell that refers to a shared string the workbook lacks', async () => {
    const path = save('short-strings.xlsx', handWorkbook([{ name: 'Census', rows: [[s(0), s(1)], [s(9), n('200')]] }], ['School', 'NOR']));
    const run = await runInProcess(['allocate', path, '--rate', '1']);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(`dedel: error: ${path}: sheet "Census" cell A2: the cell refers to shared string 9, which the workbook does not have\n`);
  });

  it('reads a cost plan workbook like its CSV, with sheet and cell in errors', async () => {
    const plan = save('plan.xlsx', handWorkbook([{ name: 'Plan', rows: [[s(0), s(1), s(2)], [inline('Visits'), n('66'), n('250', ' s="1"')], [inline('Training'), n('2'), n('1000.5')]] }], ['Item', 'Qty', 'Unit cost £']));
    const run = await runInProcess(['costs', plan, '--format', 'csv']);
    expect(run.stdout).toBe('item,quantity,unit_cost,times,total\nVisits,66,250.00,1,16500.00\nTraining,2,1000.50,1,2001.00\nTotal,,,,18501.00\n');
    const bad = save('bad-plan.xlsx', handWorkbook([{ name: 'Plan', rows: [[s(0), s(1), s(2)], [inline('Visits'), n('66'), inline('lots')]] }], ['Item', 'Qty', 'Unit cost £']));
    const failed = await runInProcess(['costs', bad]);
    expect(failed.stderr).toBe(`dedel: error: ${bad}: sheet "Plan" cell C2: value "lots": not a number; expected a number of 0 or more\n`);
  });

  it('reads a stored number to 15 significant digits, as Excel shows it, without a binary number', () => {
    expect(excelNumber('5.0999999999999996')).toBe('5.1');
    expect(excelNumber('0.1')).toBe('0.1');
    expect(excelNumber('1179')).toBe('1179');
    expect(excelNumber('1.5E3')).toBe('1500');
    expect(excelNumber('123456789012345678')).toBe('123456789012346000');
    expect(excelNumber('#N/A')).toBe('#N/A');
    // Past the largest number a workbook holds (a damaged cell): kept as written, so refused as no number.
    expect(excelNumber('1e400')).toBe('1e400');
    expect(excelNumber('1.7976931348623157E308')).toBe('179769313486232000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000');
  });

  // A damaged workbook, or one a script wrote, with a cell twice: the second was read, unseen (NOR 5, not 421).
  it('refuses a sheet with two cells of one reference, naming the cell and both values', async () => {
    const path = save('two-cells.xlsx', handWorkbook([{ name: 'Census', rows: [[s(0), s(1)], [inline('Ash'), `${n('421')}</c><c r="B2"><v>5</v>`]] }], ['School', 'NOR']));
    const run = await runInProcess(['allocate', path, '--rate', '5']);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(`dedel: error: ${path}: sheet "Census" cell B2: the sheet has two cells B2 (values "421" and "5"); the workbook is damaged: open it in Excel, which repairs it, check the cell and save\n`);
  });
});

// README "Census workbooks (.xlsx)": a number shown as a date reads as that date.
describe('a date cell in a workbook', () => {
  // Styles 1 and 2: the built-in d/m/yyyy and a custom dd/mm/yyyy hh:mm; 3: a number in "days", not a date.
  const STYLES =
    '<?xml version="1.0"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="2"><numFmt numFmtId="164" formatCode="dd/mm/yyyy\\ hh:mm"/><numFmt numFmtId="165" formatCode="#,##0&quot; days&quot;"/></numFmts><cellStyleXfs count="1"><xf numFmtId="14"/></cellStyleXfs><cellXfs count="4"><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="164"/><xf numFmtId="165"/></cellXfs></styleSheet>';

  it("is shown as its date in a message, not its serial number ('Census date 45204')", async () => {
    const rows = [
      [inline('Census date'), n('45204', ' s="1"')],
      [s(0), s(1), s(2), s(3)],
      [n('100001'), inline('Alpha School'), inline('Community'), n('100', ' s="3"')],
    ];
    const path = save('dated.xlsx', handWorkbook([{ name: 'Census', rows }], ['URN', 'School', 'Status', 'NOR'], { styles: STYLES }));
    const run = await runInProcess(['allocate', path, '--rate', '1', '--format', 'csv']);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('row 1 above it is a title, not read: "Census date 2023-10-05"');
    expect(run.stdout).toContain('100001,Alpha School,community,,100,');
  });

  it('a figure formatted as a date is refused showing the date the sheet shows', async () => {
    const rows = [
      [s(0), s(1), s(2), s(3)],
      [n('100001'), inline('Alpha School'), inline('Community'), n('45204.375', ' s="2"')],
    ];
    const path = save('date-nor.xlsx', handWorkbook([{ name: 'Census', rows }], ['URN', 'School', 'Status', 'NOR'], { styles: STYLES }));
    const run = await runInProcess(['allocate', path, '--rate', '1', '--format', 'csv']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('sheet "Census" cell D2: value "2023-10-05 09:00"');
  });

  it('counts days as Excel does, in both date systems', () => {
    expect(excelDate('1', 'date', false)).toBe('1900-01-01');
    expect(excelDate('59', 'date', false)).toBe('1900-02-28');
    expect(excelDate('60', 'date', false)).toBe('1900-02-29');
    expect(excelDate('61', 'date', false)).toBe('1900-03-01');
    expect(excelDate('45204', 'date', false)).toBe('2023-10-05');
    expect(excelDate('43742', 'date', true)).toBe('2023-10-05');
    expect(excelDate('45204.5', 'datetime', false)).toBe('2023-10-05 12:00');
    expect(excelDate('45204.0000001', 'datetime', false)).toBe('2023-10-05');
    expect(excelDate('45204.99999', 'datetime', false)).toBe('2023-10-05 23:59:59');
    expect(excelDate('0.5', 'datetime', false)).toBe('0.5');
    expect(excelDate('-3', 'date', false)).toBe('-3');
  });

  it('tells a date format from a number format with a d or y in its text', () => {
    for (const code of ['dd/mm/yyyy', 'd-mmm-yy', 'yyyy-mm-dd', '[$-809]dd mmmm yyyy', 'dddd d mmmm']) expect(isDateFormat(code), code).toBe(true);
    for (const code of ['General', '#,##0 "days"', '0.00\\d', '[Red]#,##0', '£#,##0.00', 'h:mm', '[h]:mm:ss', '_-* #,##0_-']) expect(isDateFormat(code), code).toBe(false);
  });
});

// A time column in a census read as a fraction of a day (`0.5` for a cell that shows 12:00).
describe('a time cell in a workbook', () => {
  // Styles 1 to 4: a custom hh:mm, the built-in h:mm AM/PM (18), a custom [h]:mm (hours past 24), a custom h:mm:ss.
  const STYLES =
    '<?xml version="1.0"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="3"><numFmt numFmtId="164" formatCode="hh:mm"/><numFmt numFmtId="165" formatCode="[h]:mm"/><numFmt numFmtId="166" formatCode="h:mm:ss"/></numFmts><cellXfs count="5"><xf numFmtId="0"/><xf numFmtId="164"/><xf numFmtId="18"/><xf numFmtId="165"/><xf numFmtId="166"/></cellXfs></styleSheet>';

  it('reads as the time the sheet shows, not a fraction of a day: in a title, and in a figure refused', async () => {
    const rows = [
      [inline('Census taken at'), n('0.3875', ' s="1"')],
      [s(0), s(1), s(2), s(3), inline('Arrives')],
      [n('100001'), inline('Alpha School'), inline('Community'), n('0.5', ' s="1"'), n('0.75', ' s="2"')],
      [n('100002'), inline('Beta School'), inline('Community'), n('1.5', ' s="3"'), n('0.5', ' s="4"')],
    ];
    const path = save('timed.xlsx', handWorkbook([{ name: 'Census', rows }], ['URN', 'School', 'Status', 'NOR'], { styles: STYLES }));
    const run = await runInProcess(['check', path]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('row 1 above it is a title, not read: "Census taken at 09:18"');
    expect(run.stderr).toContain('sheet "Census" cell D3: value "12:00"');
    expect(run.stderr).toContain('sheet "Census" cell D4: value "36:00"');
    // A time column charged on by mistake, in the built-in h:mm AM/PM (18) and a custom h:mm:ss.
    const basis = await runInProcess(['check', path, '--rate', '1', '--basis', 'arrives']);
    expect(basis.stderr).toContain('sheet "Census" cell E3: value "18:00"');
    expect(basis.stderr).toContain('sheet "Census" cell E4: value "12:00"');
  });

  it('shows hours and minutes on a 24-hour clock, seconds where it has them, and the day alone unless the format counts hours', () => {
    expect(excelTime('0.5', false)).toBe('12:00');
    expect(excelTime('0', false)).toBe('00:00');
    expect(excelTime('0.3875', false)).toBe('09:18');
    expect(excelTime('0.75', false)).toBe('18:00');
    expect(excelTime('0.500011574074074', false)).toBe('12:00:01');
    expect(excelTime('1.5', false)).toBe('12:00');
    expect(excelTime('1.5', true)).toBe('36:00');
    expect(excelTime('0.99999999', false)).toBe('00:00');
    expect(excelTime('-0.5', false)).toBe('-0.5');
    expect(excelTime('#VALUE!', false)).toBe('#VALUE!');
  });

  it('tells a time format from a number format with an h or s in its text', () => {
    for (const code of ['hh:mm', 'h:mm AM/PM', 'mm:ss', '[h]:mm:ss', '[hh]:mm', '[$-809]h:mm;@', 'dd/mm/yyyy hh:mm']) expect(isTimeFormat(code), code).toBe(true);
    for (const code of ['General', '0 "hrs"', '#,##0\\h', '[Red]#,##0', '[$£-809]#,##0.00', 'dd/mm/yyyy', '_-* #,##0_-;-* #,##0_-;_-* "-"_-;_-@_-']) expect(isTimeFormat(code), code).toBe(false);
  });
});


// README "Census workbooks (.xlsx)": what the sheet shows, not what a program left behind.
describe('a workbook read as the sheet shows it', () => {
  // Style 1: the built-in 0%; 2: a custom 0.0%; 3: a number with "%" only in its quoted text.
  const STYLES =
    '<?xml version="1.0"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="2"><numFmt numFmtId="164" formatCode="0.0%"/><numFmt numFmtId="165" formatCode="0&quot; % FSM&quot;"/></numFmts><cellXfs count="4"><xf numFmtId="0"/><xf numFmtId="9"/><xf numFmtId="164"/><xf numFmtId="165"/></cellXfs></styleSheet>';

  it('reads a number shown as a percentage as that percentage (25%), so it is refused as a count, not charged as 0.25 of a pupil', async () => {
    const rows = [
      [s(0), s(1), s(2), s(3)],
      [n('100001'), inline('Alpha School'), n('421'), n('0.25', ' s="1"')],
      [n('100002'), inline('Beta School'), n('252'), n('0.125', ' s="2"')],
    ];
    const bytes = handWorkbook([{ name: 'Census', rows }], ['URN', 'School', 'NOR', 'FSM'], { styles: STYLES });
    const path = save('percent.xlsx', bytes);
    const run = await runInProcess(['allocate', path, '--rate', '10', '--basis', 'fsm']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`${path}: sheet "Census" cell D2: value "25%": FSM is not a number`);
    // Unrounded, as it is held: 12.5% under 0.0%.
    expect(readSheet(bytes, 'percent.xlsx').records[2]!.cells[3]).toBe('12.5%');
    // Not charged on, the column is only kept; a "%" in a format's quoted text is no percentage.
    const nor = await runInProcess(['allocate', path, '--rate', '1', '--format', 'csv', '--quiet']);
    expect(nor.stdout).toContain('100001,Alpha School,,,421,421,421,1.00');
    expect(isPercentFormat('0.0%')).toBe(true);
    expect(isPercentFormat('0" % FSM"')).toBe(false);
    expect(excelPercent('0.125')).toBe('12.5%');
    expect(excelPercent('1')).toBe('100%');
  });

  it('reads a cost plan quantity shown as a percentage (half a post, 50%) as that share, in a workbook as in its CSV', async () => {
    const plan = save('share-plan.xlsx', handWorkbook([{ name: 'Plan', rows: [[s(0), s(1), s(2)], [inline('Officer salary'), n('0.5', ' s="1"'), n('40000')], [inline('Visits'), n('66'), n('250')]] }], ['Item', 'Qty', 'Unit cost £'], { styles: STYLES }));
    const run = await runInProcess(['costs', plan, '--format', 'csv']);
    expect(run.stdout).toBe('item,quantity,unit_cost,times,total\nOfficer salary,0.5,40000,1,20000\nVisits,66,250,1,16500\nTotal,,,,36500\n');
    const csv = save('share-plan.csv', new TextEncoder().encode('Item,Qty,Unit cost\nOfficer salary,50%,40000\nVisits,66,250\n'));
    expect((await runInProcess(['costs', csv, '--format', 'csv'])).stdout).toBe(run.stdout);
  });

  it('refuses the values a program saved with formulas it asked to be worked out on opening (XlsxWriter saves 0)', async () => {
    const rows = [[s(0), s(1), s(2)], [n('1'), s(3), n('120')], [n('2'), s(4), n('300')], [inline(''), inline('Total'), '><f>SUM(C2:C3)</f><v>0</v>']];
    const path = save('xlsxwriter.xlsx', handWorkbook([{ name: 'Census', rows }], ['URN', 'School', 'NOR', 'Ash', 'Beech'], { fullCalcOnLoad: true }));
    const run = await runInProcess(['allocate', path, '--rate', '5']);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(`dedel: error: ${path}: sheet "Census" cell C4: the formula =SUM(C2:C3) has not been worked out: the program that wrote the workbook saved "0" for it and asks for every formula to be worked out when the workbook is opened; open the workbook in Excel or LibreOffice and save it, so that its values are stored with it\n`);
    // The same workbook as Excel saves it (the flag cleared) is read by its saved values.
    const saved = save('excel-saved.xlsx', handWorkbook([{ name: 'Census', rows: [...rows.slice(0, 3), [inline(''), inline('Total'), '><f>SUM(C2:C3)</f><v>420</v>']] }], ['URN', 'School', 'NOR', 'Ash', 'Beech']));
    const good = await runInProcess(['allocate', saved, '--rate', '5', '--format', 'csv']);
    expect(good.code).toBe(0);
    expect(good.stderr).not.toContain('control total');
    expect(good.stdout).toContain(',Total,,,420,2100,2100,5.00');
  });

  it('warns of a column read as NOR (or id, name, phase, status) that the sheet hides, as the figure beside it is the one seen', async () => {
    const rows = [[s(0), s(1), s(2), s(3)], [n('100001'), inline('Alpha School'), n('421'), n('400')], [n('100002'), inline('Beta School'), n('252'), n('260')]];
    const path = save('hidden-nor.xlsx', handWorkbook([{ name: 'Census', rows, cols: '<col min="3" max="3" width="0" hidden="1"/>' }], ['URN', 'School', 'NOR', 'Funded NOR']));
    const run = await runInProcess(['allocate', path, '--rate', '1', '--format', 'csv']);
    expect(run.stdout).toContain('100001,Alpha School,,,421,421,421,1.00');
    expect(run.stderr).toContain(`dedel: warning: ${path}: sheet "Census": column C ("NOR", read as nor) is hidden on the sheet but read; if the sheet shows the figures to use in another column, name it with --column (nor="HEADER")\n`);
    const chosen = await runInProcess(['allocate', path, '--rate', '1', '--format', 'csv', '--column', 'nor=Funded NOR']);
    expect(chosen.stdout).toContain('100001,Alpha School,,,400,400,400,1.00');
    expect(chosen.stderr).not.toContain('hidden on the sheet');
    // A hidden column not read as a field (a lookup, last year's figures) is no matter.
    const lookup = save('hidden-lookup.xlsx', handWorkbook([{ name: 'Census', rows, cols: '<col min="4" max="16384" hidden="1"/>' }], ['URN', 'School', 'NOR', 'Lookup']));
    expect((await runInProcess(['allocate', lookup, '--rate', '1', '--format', 'csv'])).stderr).not.toContain('hidden on the sheet');
  });

  it('says a Total that is an error (#REF!, a SUM that lost its rows) is not checked, rather than passing it over', async () => {
    const rows = [[s(0), s(1), s(2)], [n('1'), s(3), n('120')], [n('2'), s(4), n('300')], [inline(''), inline('Total'), ' t="e"><f>SUM(C2:C3)+#REF!</f><v>#REF!</v>']];
    const path = save('ref-total.xlsx', handWorkbook([{ name: 'Census', rows }], ['URN', 'School', 'NOR', 'Ash', 'Beech']));
    const run = await runInProcess(['allocate', path, '--rate', '5', '--format', 'csv']);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain(`dedel: warning: ${path}: sheet "Census" row 4: the Total row gives "#REF!" for column "NOR", not a figure, so it is not checked against the school rows; fix it in the file to have it checked\n`);
    const csv = save('ref-total.csv', new TextEncoder().encode('URN,School,NOR\n1,Ash,120\n2,Beech,300\n,Primary total,#REF!\n'));
    const text = await runInProcess(['allocate', csv, '--rate', '5', '--format', 'csv']);
    expect(text.stderr).toContain(`dedel: warning: ${csv}:4: the "Primary total" row gives "#REF!" for column "NOR", not a figure, so it is not checked against the school rows since line 2, the census having no phase column; fix it in the file to have it checked\n`);
  });

  it('refuses an OpenDocument spreadsheet (.ods) as one, saying how to save it as .xlsx', async () => {
    const enc = (t: string) => new TextEncoder().encode(t);
    const path = save('census.ods', zipSync({ mimetype: enc('application/vnd.oasis.opendocument.spreadsheet'), 'content.xml': enc('<office:document-content/>') }));
    const run = await runInProcess(['allocate', path, '--rate', '1']);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(`dedel: error: ${path}: an OpenDocument spreadsheet (.ods), not an Excel workbook: dedel reads .xlsx and CSV; in LibreOffice, File > Save As, and choose Excel 2007-365 (.xlsx) or Text CSV\n`);
  });

  it('warns that formulas may be out of date in a workbook that calculates by hand and was saved without calculating', async () => {
    const rows = [[s(0), s(1), s(2)], [n('1'), s(3), '><f>100+20</f><v>110</v>'], [n('2'), s(4), n('300')], [inline(''), inline('Total'), '><f>SUM(C2:C3)</f><v>410</v>']];
    const stale = save('manual.xlsx', handWorkbook([{ name: 'Census', rows }], ['URN', 'School', 'NOR', 'Ash', 'Beech'], { calcPr: 'calcId="191029" calcMode="manual" calcOnSave="0"' }));
    const run = await runInProcess(['allocate', stale, '--rate', '5', '--format', 'csv']);
    expect(run.stderr).toContain(`dedel: warning: ${stale}: sheet "Census": the workbook calculates by hand and was saved without calculating, so the values saved for its 2 formulas (the first in cell C2) may be out of date; in Excel press F9 (or set Calculation Options to Automatic) and save it\n`);
    // Calculating by hand but saved calculated (Excel's default), it is read without a word.
    const saved = save('manual-saved.xlsx', handWorkbook([{ name: 'Census', rows }], ['URN', 'School', 'NOR', 'Ash', 'Beech'], { calcPr: 'calcId="191029" calcMode="manual"' }));
    expect((await runInProcess(['allocate', saved, '--rate', '5', '--format', 'csv'])).stderr).not.toContain('calculates by hand');
  });

  it('says a blank figure is inside a merged cell (one NOR for two schools), and whose figure it shows', async () => {
    const rows = [[s(0), s(1), s(2)], [n('1'), s(3), n('500')], [n('2'), s(4)], [n('3'), inline('Cedar School'), n('200')]];
    const path = save('merged-nor.xlsx', handWorkbook([{ name: 'Census', rows, merges: ['C2:C3'] }], ['URN', 'School', 'NOR', 'Ash Infant', 'Ash Junior']));
    const run = await runInProcess(['allocate', path, '--rate', '5']);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(`dedel: error: ${path}: sheet "Census" cell C3: value "": NOR is blank for a school that is charged on it; expected a number of 0 or more, such as 421, 1,179 or 12.5; the cell is part of the merged cell C2:C3, whose figure, 500, is read for row 2 only (cell C2), not again for this row: unmerge it and give each row its own figure\n`);
  });

  it('reads an inline string written in <v> as some writers put it, and rich text runs joined', async () => {
    const rows = [[s(0), s(1)], [' t="inlineStr"><v>Alpha School</v>', n('200')], [' t="inlineStr"><is><r><rPr><b/></rPr><t>St Mary</t></r><r><t xml:space="preserve">\'s School</t></r></is>', n('100')]];
    const path = save('inline-v.xlsx', handWorkbook([{ name: 'Census', rows }], ['School', 'NOR']));
    const run = await runInProcess(['allocate', path, '--rate', '1', '--format', 'csv', '--quiet']);
    expect(run.stdout).toBe("urn,school,status,phase,nor,de_delegation,total,per_pupil\n,Alpha School,,,200,200,200,1.00\n,St Mary's School,,,100,100,100,1.00\n,Total,,,300,300,300,1.00\n");
  });

  it('says which sheet holds the census when the first has notes, not a table', async () => {
    const path = save('notes-first.xlsx', handWorkbook([
      { name: 'Notes', rows: [[inline('About this workbook')], [inline('The census is on the next sheet')]] },
      { name: 'Data', rows: [[s(0), s(1)], [inline('Alpha School'), n('200')]] },
    ], ['School', 'NOR']));
    const run = await runInProcess(['allocate', path, '--rate', '1']);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(`dedel: error: ${path}: sheet "Notes", the first the workbook shows, has no header naming a school id or name column (its first text: "About this workbook"); sheet "Data" has one: give --sheet "Data" to read the census from it\n`);
    const named = await runInProcess(['allocate', path, '--rate', '1', '--sheet', 'Data', '--format', 'csv', '--quiet']);
    expect(named.stdout).toContain(',Alpha School,,,200,200,200,1.00');
  });

  it('leaves out the empty cells of a used range far past the table, not padding each row out to them', async () => {
    const rows = [[s(0), s(1)], [inline('Alpha School'), n('200')]];
    // Formatted, empty cells out to column XFD on rows below the table, as a sheet once used there has them.
    const extraRows = Array.from({ length: 50 }, (_, i) => `<row r="${i + 3}"><c r="A${i + 3}" s="0"/><c r="XFD${i + 3}" s="0"/></row>`).join('') + '<row r="60"><c r="B60" s="0"><v>7</v></c><c r="XFD60" s="0"/></row>';
    const bytes = handWorkbook([{ name: 'Census', rows, extraRows }], ['School', 'NOR']);
    const sheet = readSheet(bytes, 'wide.xlsx');
    expect(sheet.records.map((r) => r.cells.length)).toEqual([2, 2, 2]);
    expect(sheet.records[2]).toEqual({ line: 60, cells: ['', '7'] });
  });
});

// README "Census workbooks (.xlsx)": a figure its number format shows rounded, and a hidden column read.
describe('a workbook whose cells show other than what dedel reads', () => {
  // Style 1: the built-in 0; 2: a custom 0.0; 3: a custom 0.00 (shows every decimal held here); 4: the built-in #,##0.
  const STYLES =
    '<?xml version="1.0"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="2"><numFmt numFmtId="164" formatCode="0.0"/><numFmt numFmtId="165" formatCode="0.00"/></numFmts><cellXfs count="5"><xf numFmtId="0"/><xf numFmtId="1"/><xf numFmtId="164"/><xf numFmtId="165"/><xf numFmtId="3"/></cellXfs></styleSheet>';

  it('warns of a figure charged as it is held where its format shows it rounded (421.6 shown 422), once per column', async () => {
    const rows = [
      [s(0), s(1), s(2), s(3)],
      [n('100001'), inline('Alpha School'), n('421.6', ' s="1"'), n('12.25', ' s="2"')],
      [n('100002'), inline('Beta School'), n('252', ' s="1"'), n('12.5', ' s="3"')],
      [n('100003'), inline('Gamma School'), n('300.4'), n('3.25', ' s="3"')],
    ];
    const path = save('shown-rounded.xlsx', handWorkbook([{ name: 'Census', rows }], ['URN', 'School', 'NOR', 'SEN'], { styles: STYLES }));
    const run = await runInProcess(['allocate', path, '--rate', '10', '--basis', 'sen', '--format', 'csv']);
    expect(run.code).toBe(0);
    // Charged as held, as Excel's own =SUM adds it.
    expect(run.stdout).toContain('100001,Alpha School,,,421.6,12.25,123,123,0.29');
    expect(run.stderr).toContain(
      `dedel: warning: ${path}: sheet "Census": column C ("NOR") has a figure that its number format "0" shows rounded: C2 shows 422 but holds 421.6; dedel reads what each cell holds, as Excel's own formulas do, so its table will not match what the sheet shows; to use what the sheet shows, round the figures in the sheet (=ROUND(..., 0), or type them so); else give the column a number format that shows what is held ("0.0")\n`,
    );
    expect(run.stderr).toContain(`column D ("SEN") has a figure that its number format "0.0" shows rounded: D2 shows 12.3 but holds 12.25;`);
    expect(run.stderr).toContain('("0.00")\n');
    // General (C4) and a format showing every decimal held (D3, D4) are no matter; nor is a column not read.
    expect(run.stderr).not.toContain('C4');
    const nor = await runInProcess(['allocate', path, '--rate', '10', '--format', 'csv']);
    expect(nor.stderr).toContain('column C ("NOR")');
    expect(nor.stderr).not.toContain('column D ("SEN")');
  });

  it('names the first three cells and counts the rest, with the thousands a grouped format shows', async () => {
    const rows = [[s(0), s(1), s(2)], ...['1179.4', '1200', '980.5', '1001.25', '640.75'].map((v, i) => [n(`${100001 + i}`), inline(`School ${i + 1}`), n(v, ' s="4"')])];
    const path = save('shown-grouped.xlsx', handWorkbook([{ name: 'Census', rows }], ['URN', 'School', 'NOR'], { styles: STYLES }));
    const run = await runInProcess(['allocate', path, '--rate', '1', '--format', 'csv']);
    expect(run.stderr).toContain(`column C ("NOR") has 4 figures that its number format "#,##0" shows rounded: C2 shows 1,179 but holds 1179.4, C4 shows 981 but holds 980.5, C5 shows 1,001 but holds 1001.25, and 1 more (to C6); `);
    expect(run.stderr).toContain('("#,##0.00")\n');
  });

  it('reads what a format shows: its decimals, thousands, percentages and sections for negative numbers', () => {
    const shows = (code: string, value: string) => {
      const format = shownFormat(code);
      return format === undefined ? 'all' : (shownRounded(value, format) ?? 'all');
    };
    expect(shows('0', '421.6')).toBe('422');
    expect(shows('0', '421.5')).toBe('422');
    expect(shows('0', '421')).toBe('all');
    expect(shows('0.0', '12.25')).toBe('12.3');
    expect(shows('0.00', '12.25')).toBe('all');
    expect(shows('#,##0.##', '12.5')).toBe('all');
    expect(shows('#,##0.##', '12.345')).toBe('12.35');
    expect(shows('#,##0', '1179.4')).toBe('1,179');
    expect(shows('#,##0', '1234567.5')).toBe('1,234,568');
    // Zero as a dash, negatives in brackets: the section for the value's sign.
    expect(shows('0;-0;-', '0.4')).toBe('0');
    expect(shows('0;-0;-', '0')).toBe('all');
    expect(shows('#,##0;(#,##0)', '-2000.5')).toBe('-2,001');
    expect(shows('0.00;(0)', '-2.5')).toBe('-3');
    expect(shows('0.00;(0)', '2.5')).toBe('all');
    // Accounting with a pound sign, and Excel's en-GB currency built in as a code.
    expect(shows('_-"\u00a3"* #,##0_-;\\-"\u00a3"* #,##0_-;_-"\u00a3"* "-"_-;_-@_-', '2147.5')).toBe('2,148');
    expect(shows('_-[$\u00a3-809]* #,##0.00_-;\\-[$\u00a3-809]* #,##0.00_-;_-[$\u00a3-809]* "-"??_-;_-@_-', '2147.505')).toBe('2,147.51');
    expect(shows('[Red]0.0', '1.25')).toBe('1.3');
    // Thousands and millions: what is left after the digits shown.
    expect(shows('#,##0,"k"', '421600')).toBe('422');
    expect(shows('#,##0,"k"', '421000')).toBe('all');
    expect(shows('0.0,,', '1250000')).toBe('1.3');
    // A percentage shows the value times 100.
    expect(shows('0%', '0.125')).toBe('13%');
    expect(shows('0.0%', '0.125')).toBe('all');
    // Sections chosen by a condition, as LibreOffice writes zero as a dash and negatives in brackets.
    expect(shows('[<0]\\-0;[=0]\\-;0', '0.4')).toBe('0');
    expect(shows('[<0]\\-0;[=0]\\-;0', '-0.4')).toBe('-0');
    expect(shows('[<0]\\(#,##0\\);#,##0', '-2000.5')).toBe('-2,001');
    expect(shows('[>=1000]#,##0,"k";0.0', '421600')).toBe('422');
    expect(shows('[>=1000]#,##0,"k";0.0', '421.65')).toBe('421.7');
    // A format that shows no figure: ;;; hides the cell's figure; a zero shown as nothing or a dash is the zero held.
    expect(shows(';;;', '421')).toBe('nothing');
    expect(shows(';;;', '0')).toBe('all');
    expect(shows('0;-0;;@', '0')).toBe('all');
    expect(shows('"n/a"', '5')).toBe('"n/a"');
    // Every digit, or a format dedel does not read as a number's: no warning.
    for (const code of ['General', '@', '# ?/?', '0.00E+00', 'dd/mm/yyyy', '0.0;-0.0;"-"']) expect(shows(code, '421.6'), code).toBe('all');
  });

  it('warns of figures a format hides (;;;, which shows a cell blank), as the sheet shows no figure dedel reads', async () => {
    const styles =
      '<?xml version="1.0"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="1"><numFmt numFmtId="164" formatCode=";;;"/></numFmts><cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="164"/></cellXfs></styleSheet>';
    const rows = [[s(0), s(1), s(2)], [n('100001'), inline('Alpha School'), n('421', ' s="1"')], [n('100002'), inline('Beta School'), n('0', ' s="1"')]];
    const path = save('hidden-figures.xlsx', handWorkbook([{ name: 'Census', rows }], ['URN', 'School', 'NOR'], { styles }));
    const run = await runInProcess(['allocate', path, '--rate', '1', '--format', 'csv']);
    expect(run.stderr).toBe(
      `dedel: warning: ${path}: sheet "Census": column C ("NOR") has a figure that its number format ";;;" does not show: C2 shows nothing but holds 421; dedel reads what each cell holds, so its table will show figures the sheet does not; give the column a number format that shows them ("0"), or clear the cells if they are not to be read\n` +
        `dedel: warning: ${path}: no phase column; every row is charged whatever its phase\ndedel: warning: ${path}: no status column; every row counts as maintained\n`,
    );
  });

  it('warns of a cost plan figure its format shows rounded (a unit cost shown £40,000 that holds 39999.6), priced as held', async () => {
    const styles =
      '<?xml version="1.0"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="1"><numFmt numFmtId="164" formatCode="&quot;\u00a3&quot;#,##0"/></numFmts><cellXfs count="3"><xf numFmtId="0"/><xf numFmtId="164"/><xf numFmtId="9"/></cellXfs></styleSheet>';
    const rows = [[s(0), s(1), s(2)], [inline('Officer salary'), n('0.125', ' s="2"'), n('39999.6', ' s="1"')], [inline('Visits'), n('66'), n('250', ' s="1"')]];
    const plan = save('rounded-plan.xlsx', handWorkbook([{ name: 'Plan', rows }], ['Item', 'Qty', 'Unit cost'], { styles }));
    const run = await runInProcess(['costs', plan, '--format', 'csv']);
    expect(run.stdout).toBe('item,quantity,unit_cost,times,total\nOfficer salary,0.125,39999.60,1,4999.95\nVisits,66,250.00,1,16500.00\nTotal,,,,21499.95\n');
    expect(run.stderr).toBe(
      `dedel: warning: ${plan}: sheet "Plan": column B ("Qty") has a figure that its number format "0%" shows rounded: B2 shows 13% but holds 12.5%; dedel reads what each cell holds, as Excel's own formulas do, so its table will not match what the sheet shows; to use what the sheet shows, round the figures in the sheet (=ROUND(..., 2), or type them so); else give the column a number format that shows what is held ("0.0%")\n` +
        `dedel: warning: ${plan}: sheet "Plan": column C ("Unit cost") has a figure that its number format ""\u00a3"#,##0" shows rounded: C2 shows 40,000 but holds 39999.6; dedel reads what each cell holds, as Excel's own formulas do, so its table will not match what the sheet shows; to use what the sheet shows, round the figures in the sheet (=ROUND(..., 0), or type them so); else give the column a number format that shows what is held ("#,##0.0")\n`,
    );
  });

  it('reads a whole number its format pads with zeros as shown (an id 012345 under 000000), as a CSV saved from the sheet holds it', async () => {
    const styles =
      '<?xml version="1.0"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="1"><numFmt numFmtId="164" formatCode="000000"/></numFmts><cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="164"/></cellXfs></styleSheet>';
    const rows = [[s(0), s(1), s(2)], [n('12345', ' s="1"'), inline('Alpha School'), n('421', ' s="1"')], [n('100002', ' s="1"'), inline('Beta School'), n('252')]];
    const bytes = handWorkbook([{ name: 'Census', rows }], ['URN', 'School', 'NOR'], { styles });
    expect(readSheet(bytes, 'padded.xlsx').records[1]!.cells).toEqual(['012345', 'Alpha School', '000421']);
    // Zeros alone pad; with text (`"E"0000`) or grouping the shown text is more than digits, and the number is read.
    expect(['000000', '00000_)', '"E"0000', '#,##0', '0000.0'].map((code) => shownFormat(code)?.pad)).toEqual([6, 5, 0, 0, 0]);
    const path = save('padded.xlsx', bytes);
    const run = await runInProcess(['allocate', path, '--rate', '1', '--format', 'csv', '--quiet']);
    expect(run.stdout).toContain('012345,Alpha School,,,421,421,421,1.00');
    expect(run.stdout).toContain('100002,Beta School,,,252,252,252,1.00');
  });

  it('reads a 0 shown as a dash as the 0 it holds, and a negative shown in brackets as the negative it holds', async () => {
    const styles =
      '<?xml version="1.0"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="2"><numFmt numFmtId="164" formatCode="0;-0;-"/><numFmt numFmtId="165" formatCode="#,##0;(#,##0)"/></numFmts><cellXfs count="3"><xf numFmtId="0"/><xf numFmtId="164"/><xf numFmtId="165"/></cellXfs></styleSheet>';
    const rows = [[s(0), s(1), s(2), s(3)], [n('100001'), inline('Alpha School'), n('421'), n('0', ' s="1"')], [n('100002'), inline('Beta School'), n('252'), n('12', ' s="2"')]];
    const path = save('dash-zero.xlsx', handWorkbook([{ name: 'Census', rows }], ['URN', 'School', 'NOR', 'FSM'], { styles }));
    const run = await runInProcess(['allocate', path, '--rate', '10', '--basis', 'fsm', '--format', 'csv', '--quiet']);
    expect(run.stdout).toContain('100001,Alpha School,,,421,0,0,0,0.00');
    const negative = save('bracket-negative.xlsx', handWorkbook([{ name: 'Census', rows: [...rows.slice(0, 2), [n('100002'), inline('Beta School'), n('252'), n('-5', ' s="2"')]] }], ['URN', 'School', 'NOR', 'FSM'], { styles }));
    const refused = await runInProcess(['allocate', negative, '--rate', '10', '--basis', 'fsm']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`${negative}: sheet "Census" cell D3: value "-5": FSM is negative`);
  });

  it('names an Accounting format as Format Cells does, not by its code', async () => {
    const styles =
      '<?xml version="1.0"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="1"><numFmt numFmtId="44" formatCode="_-&quot;\u00a3&quot;* #,##0.00_-;\\-&quot;\u00a3&quot;* #,##0.00_-;_-&quot;\u00a3&quot;* &quot;-&quot;??_-;_-@_-"/></numFmts><cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="44"/></cellXfs></styleSheet>';
    const rows = [[s(0), s(1), s(2)], [inline('Salary'), n('0.5'), n('41234.567', ' s="1"')], [inline('Licence'), n('1'), n('0', ' s="1"')]];
    const plan = save('accounting-plan.xlsx', handWorkbook([{ name: 'Costs', rows }], ['Item', 'Qty', 'Unit cost'], { styles }));
    const run = await runInProcess(['costs', plan, '--format', 'csv']);
    // The zero shown as a dash is the zero held: only C2 is said.
    expect(run.stderr).toBe(
      `dedel: warning: ${plan}: sheet "Costs": column C ("Unit cost") has a figure that its number format (Accounting, 2 decimal places) shows rounded: C2 shows 41,234.57 but holds 41234.567; dedel reads what each cell holds, as Excel's own formulas do, so its table will not match what the sheet shows; to use what the sheet shows, round the figures in the sheet (=ROUND(..., 2), or type them so); else give the column a number format that shows what is held ("#,##0.000")\n`,
    );
  });

  it('warns of any column read that the sheet hides: a basis charged on (SEN, a named column) and months, as well as NOR', async () => {
    const rows = [
      [s(0), s(1), s(2), s(3), s(4), s(5)],
      [n('100001'), inline('Alpha School'), n('421'), n('40'), n('12'), n('35')],
      [n('100002'), inline('Beta School'), n('252'), n('30'), n('7'), n('20')],
    ];
    const headers = ['URN', 'School', 'NOR', 'SEN', 'Months', 'School meals'];
    const path = save('hidden-basis.xlsx', handWorkbook([{ name: 'Census', rows, cols: '<col min="4" max="6" hidden="1"/>' }], headers));
    const sen = await runInProcess(['allocate', path, '--rate', '1', '--basis', 'sen', '--format', 'csv']);
    expect(sen.stderr).toContain(`dedel: warning: ${path}: sheet "Census": columns D ("SEN", read as sen), E ("Months", read as months) are hidden on the sheet but read; if the sheet shows the figures to use in another column, name it with --column (sen="HEADER")\n`);
    const meals = await runInProcess(['allocate', path, '--rate', '1', '--basis', 'school_meals', '--format', 'csv']);
    expect(meals.stderr).toContain('columns E ("Months", read as months), F ("School meals", read as school_meals) are hidden on the sheet but read');
    // A cost plan's hidden column read as a figure: no --column there, so the advice is its header.
    const planRows = [[s(0), s(1), s(2), s(3)], [inline('Visits'), n('66'), n('250'), n('260')]];
    const plan = save('hidden-plan.xlsx', handWorkbook([{ name: 'Costs', rows: planRows, cols: '<col min="3" max="3" hidden="1"/>' }], ['Item', 'Qty', 'Unit cost', 'Revised rate']));
    expect((await runInProcess(['costs', plan, '--format', 'csv'])).stderr).toBe(
      `dedel: warning: ${plan}: sheet "Costs": column C ("Unit cost", read as unit_cost) is hidden on the sheet but read; if the sheet shows the figures to use in another column, delete the hidden one or rename its header, so that the one shown is read\n`,
    );
    // A hidden SEN column no service charges on is not read: no matter.
    const nor = await runInProcess(['allocate', path, '--rate', '1', '--format', 'csv']);
    expect(nor.stderr).toContain('column E ("Months", read as months) is hidden on the sheet but read');
    expect(nor.stderr).not.toContain('"SEN"');
  });
});

import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SaxesParser } from 'saxes';
import { describe, expect, it } from 'vitest';
import { VERSION } from '../../src/cli/version.js';
import { Dec } from '../../src/core/decimal.js';
import type { TableDoc } from '../../src/render/model.js';
import { renderXlsx, sheetNames } from '../../src/render/xlsx.js';
import { columnLetters } from '../../src/core/names.js';
import { runInProcess } from '../helpers/run.js';
import { formatOf, sheetCells, unzipXml } from '../helpers/xlsx.js';
import { ROOT } from '../helpers/bin.js';

const SUTTON = ['allocate', 'fixtures/sutton/appendix-b.csv', '--rate', '5.10', '--title', 'Sutton: Appendix B'];

async function workbook(argv: string[]) {
  const run = await runInProcess([...argv, '--format', 'xlsx', '--quiet']);
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  const parts = unzipXml(run.stdoutBytes);
  return { bytes: run.stdoutBytes, parts, sheet: sheetCells(parts['xl/worksheets/sheet1.xml']!), inputs: sheetCells(parts['xl/worksheets/sheet2.xml']!) };
}

describe('--format xlsx (README: Excel workbooks)', () => {
  it('writes Sutton with a Total row of live SUM formulas whose cached values are the printed totals', async () => {
    const { sheet } = await workbook(SUTTON);
    // Title in A1, header on row 3, 22 schools on rows 4–25, the Total row on 26.
    expect(sheet.get('A26')?.text).toBe('Total');
    expect(sheet.get('C26')).toMatchObject({ formula: 'SUM(C4:C25)', value: '9968' });
    expect(sheet.get('D26')).toMatchObject({ formula: 'SUM(D4:D25)', value: '50839' });
    expect(sheet.get('E26')).toMatchObject({ formula: 'SUM(E4:E25)', value: '50839' });
    // Per pupil on the Total row: the printed total ÷ total NOR, to the penny.
    expect(sheet.get('F26')).toMatchObject({ formula: 'ROUND(E26/C26,2)', value: '5.1' });
    // A row's Total is its one service's charge.
    expect(sheet.get('E4')).toMatchObject({ formula: 'D4', value: '2147' });
  });

  it('with --foot the Total row caches £50,837', async () => {
    const { sheet } = await workbook([...SUTTON, '--foot']);
    expect(sheet.get('D26')).toMatchObject({ formula: 'SUM(D4:D25)', value: '50837' });
  });

  it('stores numbers as numbers with £ formats to the rounding unit, and the title and footnote as text', async () => {
    const { parts, sheet } = await workbook(SUTTON);
    const styles = parts['xl/styles.xml']!;
    expect(sheet.get('A1')?.text).toBe('Sutton: Appendix B');
    expect(sheet.get('C4')).toMatchObject({ value: '421' });
    expect(formatOf(styles, sheet.get('C4')?.style)).toBe('#,##0');
    expect(formatOf(styles, sheet.get('D4')?.style)).toBe('"£"#,##0');
    expect(sheet.get('F4')).toMatchObject({ value: '5.1' });
    expect(formatOf(styles, sheet.get('F4')?.style)).toBe('"£"#,##0.00');
    expect(sheet.get('A28')?.text).toMatch(/^De-delegation: each school rounded half-up to £1 on its own/);
  });

  it('formats pence where the unit is a penny, and rounds the sums to it so the sheet gives the same figure', async () => {
    const { parts, sheet } = await workbook([...SUTTON, '--round', '0.01']);
    expect(formatOf(parts['xl/styles.xml']!, sheet.get('D4')?.style)).toBe('"£"#,##0.00');
    expect(sheet.get('D26')).toMatchObject({ formula: 'ROUND(SUM(D4:D25),2)', value: '50836.8' });
  });

  it('writes a last period as the amount less the other periods, and a row Total as its services added', async () => {
    const { sheet } = await workbook(['allocate', 'fixtures/two-services/census.csv', '-c', 'fixtures/two-services/dedel.json', '--months', '5,7', '--labels', 'De-delegated,Buy-back']);
    const formulas = [...sheet.values()].map((c) => c.formula).filter(Boolean);
    expect(formulas.some((f) => /^[A-Z]+\d+-[A-Z]+\d+$/.test(f!))).toBe(true);
    expect(formulas.some((f) => /^SUM\([A-Z]+\d+,[A-Z]+\d+\)$/.test(f!))).toBe(true);
  });

  it('adds an Inputs sheet: version, command line, rates and each input file with its SHA-256', async () => {
    const { parts, inputs } = await workbook([...SUTTON, '--foot']);
    expect(parts['xl/workbook.xml']).toContain('<sheet name="Charges"');
    expect(parts['xl/workbook.xml']).toContain('<sheet name="Inputs"');
    const texts = [...inputs.values()].map((c) => c.text);
    expect(texts).toContain(`dedel ${VERSION}`);
    expect(texts).toContain("dedel allocate fixtures/sutton/appendix-b.csv --rate 5.10 --title 'Sutton: Appendix B' --foot --format xlsx --quiet");
    // The command line, longer than its column, wraps in a row two lines tall rather than run on off the printed page.
    expect(inputs.get('B4')?.text).toMatch(/^dedel allocate/);
    expect(parts['xl/worksheets/sheet2.xml']).toMatch(/<row r="4" ht="30" customHeight="1">/);
    expect(texts).toContain('5.10');
    expect(texts).toContain('largest-remainder');
    const sha = createHash('sha256').update(readFileSync(join(ROOT, 'fixtures/sutton/appendix-b.csv'))).digest('hex');
    expect(texts).toContain(sha);
  });

  it('lists a cost plan named in the config by its path from where dedel ran, never an absolute one, and once', async () => {
    // The plan is read beside the config; an absolute path made here would differ from one
    // checkout to the next, so the same inputs would not give the same bytes.
    const { inputs, parts: book } = await workbook(['rates', 'fixtures/paper/census-2024.csv', '-c', 'fixtures/paper/proposal-2024.json']);
    // Its first column is as wide as the longest name in it (`Config (fixtures/paper/proposal-2024.json)`), so none is cut off.
    expect(book['xl/worksheets/sheet2.xml']).toContain('<col min="1" max="1" width="44" customWidth="1"/>');
    const texts = [...inputs.values()].map((c) => c.text ?? '');
    expect(texts).toContain('fixtures/paper/costs-2024.csv');
    expect(texts.filter((t) => t.includes(ROOT))).toEqual([]);
    const file = join(mkdtempSync(join(tmpdir(), 'dedel-xlsx-')), 'paper.xlsx');
    expect((await runInProcess(['paper', 'fixtures/paper/proposal-2024.json', '--out', file, '-q'])).code).toBe(0);
    const parts = unzipXml(readFileSync(file));
    const sheets = [...parts['xl/workbook.xml']!.matchAll(/<sheet name="([^"]*)"/g)].length;
    const paperTexts = [...sheetCells(parts[`xl/worksheets/sheet${sheets}.xml`]!).values()].map((c) => c.text ?? '');
    expect(paperTexts.filter((t) => t.endsWith('costs-2024.csv'))).toEqual(['fixtures/paper/costs-2024.csv']);
  });

  it('puts the config text on the Inputs sheet', async () => {
    const { inputs } = await workbook(['allocate', 'fixtures/two-services/census.csv', '-c', 'fixtures/two-services/dedel.json']);
    const config = readFileSync(join(ROOT, 'fixtures/two-services/dedel.json'), 'utf8');
    expect([...inputs.values()].some((c) => c.text !== undefined && c.text.replace(/&quot;/g, '"').replace(/&amp;/g, '&') === config)).toBe(true);
  });

  it('is byte for byte the same on every run', async () => {
    const a = await workbook(SUTTON);
    const b = await workbook(SUTTON);
    expect(Buffer.from(a.bytes).equals(Buffer.from(b.bytes))).toBe(true);
  });

  it('writes a workbook for every command that prints a table', async () => {
    const runs = [
      ['rates', 'fixtures/sutton/appendix-b.csv', '--rate', '5.10'],
      ['split', 'School Improvement=149600', '--months', '5,7'],
      ['costs', 'fixtures/sefton/commitment-2023-24.csv'],
      ['check', 'fixtures/sutton/appendix-b.csv'],
      ['explain', 'fixtures/sutton/appendix-b.csv', 'Robin Hood Junior School', '--rate', '5.10'],
    ];
    for (const argv of runs) {
      const { parts } = await workbook(argv);
      expect(Object.keys(parts)).toContain('xl/worksheets/sheet2.xml');
    }
    const split = await workbook(['split', 'School Improvement=149600', 'Behaviour Support=139300', '--months', '5,7']);
    // No title: the header is row 1.
    expect(split.sheet.get('D2')).toMatchObject({ formula: 'SUM(B2,C2)', value: '149600' });
    expect(split.sheet.get('D4')).toMatchObject({ formula: 'SUM(D2:D3)', value: '288900' });
  });

  it('states each sheet’s used range, repeats the header row on every printed page, and leaves URNs as text without a warning on each', async () => {
    const { parts } = await workbook(['allocate', 'fixtures/two-services/census.csv', '-c', 'fixtures/two-services/dedel.json', '--subtotals', 'phase']);
    // Every part is well-formed XML (a strict parser), as Excel needs to open it without repairs.
    for (const [path, xml] of Object.entries(parts)) {
      const parser = new SaxesParser({ xmlns: true });
      expect(() => parser.write(xml).close(), path).not.toThrow();
    }
    const charges = parts['xl/worksheets/sheet1.xml']!;
    const cells = [...sheetCells(charges).keys()];
    const lastRow = Math.max(...cells.map((ref) => Number.parseInt(ref.replace(/^[A-Z]+/, ''), 10)));
    // Title, header on row 3, 5 schools and 2 subtotals, the Total on row 11, two footnotes after a blank row.
    expect(lastRow).toBe(14);
    expect(charges).toContain('<dimension ref="A1:J14"/>');
    expect(charges.indexOf('<dimension')).toBeLessThan(charges.indexOf('<sheetViews>'));
    expect(charges).toMatch(/<pageSetup [^>]*\/><ignoredErrors><ignoredError sqref="A1:J14" numberStoredAsText="1"\/><\/ignoredErrors><\/worksheet>$/);
    expect(sheetCells(charges).get('A4')?.text).toBe('100001');
    expect(parts['xl/workbook.xml']).toContain(`<definedNames><definedName name="_xlnm.Print_Titles" localSheetId="0">'Charges'!$3:$3</definedName></definedNames><calcPr`);
    // A sheet name with an apostrophe is quoted with it doubled.
    expect(parts['xl/worksheets/sheet2.xml']).toContain('<dimension ref="A1:C');
    const doc: TableDoc = { sheet: "The forum's decisions", columns: [{ key: 'a', label: 'A', kind: 'text' }], rows: [['x']], notes: [] };
    const book = unzipXml(renderXlsx([doc], { version: VERSION, argv: [], files: [] }));
    expect(book['xl/workbook.xml']).toContain(`localSheetId="0">'The forum''s decisions'!$1:$1</definedName>`);
  });

  it('spans the title and each footnote across the table’s columns, wrapped, so printing cuts none of it off', async () => {
    // Sefton's per-pupil footnote is 160 characters beside a table about 100 wide: Excel prints
    // the used columns only, so the rest, run on to the right, was cut off the page.
    const { parts, sheet } = await workbook(['costs', 'fixtures/sefton/commitment-2023-24.csv', '--per-pupil', 'fixtures/sefton/census.csv', '--title', 'Sefton: School Improvement']);
    const xml = parts['xl/worksheets/sheet1.xml']!;
    expect(sheet.get('A1')?.text).toBe('Sefton: School Improvement');
    expect(sheet.get('A12')?.text).toMatch(/^Per pupil: £153,950 over 2,000 pupils/);
    expect(xml).toContain('<mergeCells count="2"><mergeCell ref="A1:E1"/><mergeCell ref="A12:E12"/></mergeCells><pageMargins');
    // The footnote's row is two lines tall, its cell wrapped at the top.
    expect(xml).toMatch(/<row r="12" ht="30" customHeight="1"><c r="A12" s="(\d+)"/);
    const style = /<row r="12"[^>]*><c r="A12" s="(\d+)"/.exec(xml)![1]!;
    const xf = [...parts['xl/styles.xml']!.matchAll(/<xf [^>]*?(?:\/>|>.*?<\/xf>)/g)].slice(1)[Number.parseInt(style, 10)]![0];
    expect(xf).toContain('wrapText="1"');
  });

  it('keeps a narrow table’s headers on one line: Sutton’s header row is one line tall', async () => {
    const { parts, sheet } = await workbook(SUTTON);
    expect(sheet.get('D3')?.text).toBe('De-delegation £');
    expect(parts['xl/worksheets/sheet1.xml']).toMatch(/<row r="3">/);
  });

  it('wraps headers and over-long names, so many services fit their A4 page and no name is cut off', async () => {
    const { parts, sheet } = await workbook(['allocate', 'fixtures/paper-wide/census.csv', '-c', 'fixtures/paper-wide/proposal.json']);
    const xml = parts['xl/worksheets/sheet1.xml']!;
    const widths = [...xml.matchAll(/<col min="(\d+)" max="\d+" width="(\d+)"/g)].map((m) => Number(m[2]));
    const xfs = [...(/<cellXfs[^>]*>(.*?)<\/cellXfs>/.exec(parts['xl/styles.xml']!)?.[1] ?? '').matchAll(/<xf [^>]*?(?:\/>|>.*?<\/xf>)/g)].map((m) => m[0]);
    const wraps = (ref: string) => xfs[Number(sheet.get(ref)?.style ?? 0)]!.includes('wrapText="1"');
    // Row 3 is the header: "School Improvement: De-delegated £" is in column H, as wide as its longest word, wrapped.
    expect(sheet.get('H3')?.text).toBe('School Improvement: De-delegated £');
    expect(widths[7]).toBeLessThanOrEqual(16);
    expect(wraps('H3')).toBe(true);
    // The header row is made as tall as its longest wrapped header needs (three lines or more), as a converter does not fit it.
    expect(Number(/<row r="3" ht="(\d+)" customHeight="1">/.exec(xml)?.[1])).toBeGreaterThanOrEqual(45);
    // An 82-letter name wraps in its 60-wide column, on a row two lines tall; a short one does not.
    expect(sheet.get('B4')?.text).toBe('Ysgol Gymraeg Bro Morgannwg Ærø Primary School and Nursery, Llanfairpwllgwyngyll');
    expect(widths[1]).toBe(60);
    expect(wraps('B4')).toBe(true);
    expect(xml).toMatch(/<row r="4" ht="30" customHeight="1">/);
    expect(wraps('B5')).toBe(false);
    expect(xml).toMatch(/<row r="5">/);
  });

  it('names the sheets of decisions, buy-back and convert for their tables, and sums convert’s Total row', async () => {
    const proposal = ['fixtures/proposal/census.csv', '-c', 'fixtures/proposal/dedel.json'];
    const sheetOf = async (argv: string[]) => /<sheet name="([^"]*)" sheetId="1"/.exec((await workbook(argv)).parts['xl/workbook.xml']!)?.[1];
    expect(await sheetOf(['decisions', '-c', 'fixtures/proposal/dedel.json'])).toBe('Decisions');
    expect(await sheetOf(['buy-back', ...proposal])).toBe('Buy-back');
    expect(await sheetOf(['convert', ...proposal, '--convert', '100001=January', '--by', 'rate'])).toBe('Rates needed');
    const convert = await workbook(['convert', ...proposal, '--convert', '100001=January']);
    expect(convert.parts['xl/workbook.xml']).toContain('<sheet name="Conversions"');
    // Title, header on row 3, Ash's four services on rows 4–7, the Total row on 8: Planned £ in
    // column E, Charged £ in G, Lost £ in I, each Total the SUM of its rows.
    expect(convert.sheet.get('B8')?.text).toBe('Total');
    expect(convert.sheet.get('G8')).toMatchObject({ formula: 'SUM(G4:G7)', value: '4852' });
    const [planned, lost] = [convert.sheet.get('E8'), convert.sheet.get('I8')];
    expect(planned).toMatchObject({ formula: 'SUM(E4:E7)' });
    expect(lost).toMatchObject({ formula: 'SUM(I4:I7)' });
    expect(new Dec(planned!.value!).minus(lost!.value!).toFixed()).toBe('4852');
  });

  it('with --subtotals phase, writes each subtotal bold as the SUM of its phase’s rows, and the Total row as the SUM of the subtotals', async () => {
    const { parts, sheet } = await workbook(['allocate', 'fixtures/two-services/census.csv', '-c', 'fixtures/two-services/dedel.json', '--subtotals', 'phase']);
    // Title, header on row 3; three primary schools on rows 4–6, their subtotal on 7; two secondary on 8–9, subtotal on 10; Total on 11.
    expect(sheet.get('B7')?.text).toBe('Primary subtotal');
    expect(sheet.get('E7')).toMatchObject({ formula: 'SUM(E4:E6)', value: '832' });
    expect(sheet.get('G7')).toMatchObject({ formula: 'SUM(G4:G6)', value: '4850' });
    expect(sheet.get('I10')).toMatchObject({ formula: 'SUM(I8:I9)', value: '19707' });
    // Per pupil of a subtotal: its total ÷ the phase's NOR.
    expect(sheet.get('J7')).toMatchObject({ formula: 'ROUND(I7/E7,2)', value: '7.25' });
    expect(sheet.get('B11')?.text).toBe('Total');
    expect(sheet.get('E11')).toMatchObject({ formula: 'SUM(E7,E10)', value: '2697' });
    expect(sheet.get('I11')).toMatchObject({ formula: 'SUM(I7,I10)', value: '25737' });
    // Bold: the subtotal's cells take a bold font, a school's do not.
    const fontOf = (style: string | undefined) => [...(/<cellXfs[^>]*>(.*?)<\/cellXfs>/.exec(parts['xl/styles.xml']!)?.[1] ?? '').matchAll(/<xf [^>]*fontId="(\d+)"/g)].map((m) => m[1])[Number(style ?? 0)];
    const bold = /<fonts[^>]*>(.*?)<\/fonts>/.exec(parts['xl/styles.xml']!)![1]!.split('</font>').map((f) => f.includes('<b/>'));
    expect(bold[Number(fontOf(sheet.get('G7')?.style))]).toBe(true);
    expect(bold[Number(fontOf(sheet.get('B7')?.style))]).toBe(true);
    expect(bold[Number(fontOf(sheet.get('G6')?.style))]).toBe(false);
  });

  it('writes compare on a Compare sheet, each change as after − before and the Total row as SUMs', async () => {
    const { parts, sheet } = await workbook(['compare', 'fixtures/compare/before.csv', 'fixtures/compare/after.json']);
    expect(parts['xl/workbook.xml']).toContain('<sheet name="Compare"');
    // No title: the header is row 1, six schools on rows 2–7, the Total row on 8.
    expect(sheet.get('H1')?.text).toBe('Change £');
    expect(sheet.get('H2')).toMatchObject({ formula: 'G2-F2', value: '255' });
    // Old Mill is charged in the earlier year only: its change is a figure, not a formula over an empty cell.
    expect(sheet.get('B6')?.text).toBe('Old Mill Primary School');
    expect(sheet.get('H6')).toMatchObject({ value: '-1010' });
    expect(sheet.get('H6')?.formula).toBeUndefined();
    expect(sheet.get('B8')?.text).toBe('Total');
    expect(sheet.get('D8')).toMatchObject({ formula: 'SUM(D2:D7)', value: '1805' });
    expect(sheet.get('F8')).toMatchObject({ formula: 'SUM(F2:F7)', value: '9206' });
    expect(sheet.get('H8')).toMatchObject({ formula: 'SUM(H2:H7)', value: '191' });
    // Change % holds the fraction, as Excel's percentages do (12.1% is 0.121), so a formula using it works.
    expect(sheet.get('I2')).toMatchObject({ value: '0.121' });
    expect(sheet.get('I6')).toMatchObject({ value: '-1' });
    expect(sheet.get('I8')).toMatchObject({ value: '0.021' });
    expect(formatOf(parts['xl/styles.xml']!, sheet.get('I2')?.style)).toBe('0.0%');
    const two = ['fixtures/two-services/census.csv', 'fixtures/two-services/census.csv', '-c', 'fixtures/two-services/dedel.json'];
    // Per school with two services: each service's change too.
    const bySchool = await workbook(['compare', ...two]);
    expect(bySchool.sheet.get('H1')?.text).toBe('School Improvement change £');
    expect(bySchool.sheet.get('H2')).toMatchObject({ formula: 'G2-F2', value: '0' });
    // Per service: the rows "All" repeat their phases, so the Total row is no SUM of its column.
    const byService = await workbook(['compare', ...two, '--by', 'service']);
    expect(byService.parts['xl/workbook.xml']).toContain('<sheet name="Compare"');
    expect(byService.sheet.get('J2')).toMatchObject({ formula: 'I2-H2', value: '0' });
    expect([...byService.sheet.values()].some((c) => c.formula?.startsWith('SUM('))).toBe(false);
  });

  it('refuses to write a workbook onto a terminal, and writes nothing', async () => {
    const run = await runInProcess([...SUTTON, '--format', 'xlsx'], { tty: true });
    expect(run.code).toBe(2);
    expect(run.stdoutBytes.length).toBe(0);
    expect(run.stderr).toMatch(/dedel: error: --format xlsx writes a workbook, which a terminal cannot show; give --out FILE.xlsx or redirect stdout/);
  });

  it('writes a workbook for --out FILE.xlsx without --format, even from a terminal', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dedel-xlsx-'));
    const run = await runInProcess([...SUTTON, '--out', join(dir, 'Appendix B.XLSX'), '--quiet'], { tty: true });
    expect(run.code).toBe(0);
    const bytes = readFileSync(join(dir, 'Appendix B.XLSX'));
    expect(bytes.subarray(0, 4).toString('latin1')).toBe('PK\u0003\u0004');
  });

  // An accessibility checker reads a workbook's title and language from its properties (File > Info).
  it("gives the workbook's title and language (en-GB) in its document properties: a lone table's title, or the paper's", async () => {
    const { parts } = await workbook(SUTTON);
    expect(parts['_rels/.rels']).toContain('Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"');
    expect(parts['[Content_Types].xml']).toContain('<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>');
    expect(parts['docProps/core.xml']).toMatch(/<dc:title>Sutton: Appendix B<\/dc:title><dc:creator>dedel<\/dc:creator><dc:language>en-GB<\/dc:language><\/cp:coreProperties>$/);
    const doc: TableDoc = { title: 'A & B <\u0007>', columns: [{ key: 'school', label: 'School', kind: 'text' }], rows: [['A school']], notes: [], diagnostics: [], sheet: 'Charges' };
    const provenance = { version: VERSION, argv: [], files: [] };
    expect(unzipXml(renderXlsx([doc], provenance))['docProps/core.xml']).toContain('<dc:title>A &amp; B &lt;\\x07&gt;</dc:title>');
    // Several tables have no one title of their own: the caller gives it, or there is none.
    expect(unzipXml(renderXlsx([doc, doc], provenance))['docProps/core.xml']).not.toContain('<dc:title>');
    expect(unzipXml(renderXlsx([doc, doc], provenance, 'The paper'))['docProps/core.xml']).toContain('<dc:title>The paper</dc:title>');
    const dir = mkdtempSync(join(tmpdir(), 'dedel-xlsx-'));
    expect((await runInProcess(['paper', 'fixtures/paper/proposal-2024.json', '--out', join(dir, 'paper.xlsx'), '-q'])).code).toBe(0);
    expect(unzipXml(readFileSync(join(dir, 'paper.xlsx')))['docProps/core.xml']).toContain('<dc:title>Draft De-delegation 2024/25: School Improvement</dc:title>');
  });

  it('takes several tables, one sheet each, with names Excel allows', () => {
    const doc: TableDoc = { columns: [{ key: 'school', label: 'School', kind: 'text' }], rows: [['A school']], notes: [], diagnostics: [], sheet: 'Charges' };
    const parts = unzipXml(renderXlsx([doc, { ...doc, sheet: 'Charges' }], { version: VERSION, argv: [], files: [] }));
    expect(parts['xl/workbook.xml']).toMatch(/<sheet name="Charges" sheetId="1".*<sheet name="Charges \(2\)" sheetId="2".*<sheet name="Inputs" sheetId="3"/);
    expect(sheetNames(['Draft 2024/25: [Appendix B]', 'x'.repeat(40), 'a*b?c\\d', "'Quoted'"])).toEqual(['Draft 2024-25 - Appendix B', 'x'.repeat(31), 'a b c d', 'Quoted']);
    // A control character or direction override in a heading (a config's buy-back title) is a space in the tab, never written raw.
    expect(sheetNames(['Buy\u0007back \u202e2024/25', 'Tab\tname'])).toEqual(['Buy back 2024-25', 'Tab name']);
    expect([0, 25, 26, 701, 702].map(columnLetters)).toEqual(['A', 'Z', 'AA', 'ZZ', 'AAA']);
  });
});

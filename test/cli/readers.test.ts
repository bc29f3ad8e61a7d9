import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { runInProcess } from '../helpers/run.js';
import { handWorkbook } from '../helpers/xlsx.js';

// README "Files dedel reads and writes": one reading discipline for the census, cost plans,
// compare's inputs and the config: the same strict CSV rules and dedel's own messages.
const CENSUS = 'URN,School,Status,Phase,NOR\n1,Ash Primary,Community,Primary,100\n2,Beech Primary,Community,Primary,200\n';

function folder(files: Record<string, string | Uint8Array>): string {
  const dir = mkdtempSync(join(tmpdir(), 'dedel-readers-'));
  for (const [name, data] of Object.entries(files)) writeFileSync(join(dir, name), data);
  return dir;
}

const inDir = (dir: string, ...args: string[]) => runInProcess(args, { cwd: dir });

describe('a cost plan is read as strictly as a census', () => {
  it('a line with extra cells (£20,000 unquoted) is an error, not a total of £20', async () => {
    const dir = folder({ 'p.csv': 'item,total\nConsultancy,£20,000\n' });
    const run = await inDir(dir, 'costs', 'p.csv', '-f', 'csv');
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe('dedel: error: p.csv:2: column 3: value "000": this row has 3 cells but the header has 2; check for a missing or extra comma\n');
  });

  // A lone cell (a "Total" line typed under the table) was "this row has 1 cells".
  it('a row of one cell is named in the singular', async () => {
    const dir = folder({ 'c.csv': `${CENSUS}Total\n` });
    const run = await inDir(dir, 'allocate', 'c.csv', '--rate', '5');
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      'dedel: error: c.csv:4: column "School": value "Total": this row has 1 cell but the header has 5; check for a missing or extra comma; the row has text in one cell only: if it is a note, not a school, delete it (notes are passed over below a Total row)\n',
    );
  });

  // A report's footer under a table with no Total row (`Report run …`, in its first column) was
  // said only as a row short of cells; a note in another column already had the note's hint.
  it('a line of text typed under the table says it may be a note, as a note in another column does', async () => {
    const dir = folder({ 'c.csv': `${CENSUS}\nReport run 05/12/2023 14:22\n`, 'second.csv': `URN,School,Status,Phase,NOR\nPupils\n1,Ash,Community,Primary,100\n` });
    const run = await inDir(dir, 'allocate', 'c.csv', '--rate', '5');
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('value "Report run 05/12/2023 14:22": this row has 1 cell but the header has 5; check for a missing or extra comma; the row has text in one cell only: if it is a note, not a school, delete it');
    // The row under the header may be a second row of headers, not a note: said as before.
    const second = await inDir(dir, 'allocate', 'second.csv', '--rate', '5');
    expect(second.stderr).toBe('dedel: error: second.csv:2: column "School": value "Pupils": this row has 1 cell but the header has 5; check for a missing or extra comma\n');
  });

  it("through a config's costs, allocate refuses it too", async () => {
    const dir = folder({ 'p.csv': 'item,total\nConsultancy,£20,000\n', 'census.csv': CENSUS, 'c.json': JSON.stringify({ services: [{ name: 'Consultancy', costs: 'p.csv' }] }) });
    const run = await inDir(dir, 'allocate', 'census.csv', '-c', 'c.json');
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('p.csv:2: column 3: value "000": this row has 3 cells but the header has 2');
  });

  it("a quote error is said in dedel's words, with line and column", async () => {
    const dir = folder({ 'p.csv': 'item,total\n"Consultancy,20000\nVisits,100\n' });
    const run = await inDir(dir, 'costs', 'p.csv');
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('dedel: error: p.csv:2: column "item": value ""Consultancy,20000": not valid CSV: a quoted cell is never closed (a " with no matching ")\n');
  });

  it('a quote in the middle of a cell', async () => {
    const dir = folder({ 'p.csv': 'item,total\nSt "Mary" visits,100\n' });
    const run = await inDir(dir, 'costs', 'p.csv');
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^dedel: error: p\.csv:2: column "item": .*not valid CSV: a quote in the middle of a cell/);
  });

  it('more digits than dedel keeps exact are refused', async () => {
    const dir = folder({ 'p.csv': `item,quantity,unit_cost\nVisits,3,1.${'3'.repeat(25)}\n` });
    const run = await inDir(dir, 'costs', 'p.csv');
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('p.csv:2: column "unit_cost"');
    expect(run.stderr).toContain('26 digits are more than dedel keeps exact (at most 20');
  });
});

// README "Census workbooks (.xlsx)": a cost plan's workbook is read by the census's sheet reader.
describe('a cost plan is read as a census is', () => {
  const inline = (t: string) => ` t="inlineStr"><is><t>${t}</t></is>`;
  const n = (v: string) => `><v>${v}</v>`;
  const PLAN = [[inline('item'), inline('total')], [inline('Consultancy'), n('100')], [inline('Visits'), n('200')], [inline('Total'), n('400')]];

  it("a workbook's Total line is named by its sheet and row, not a line of the zip", async () => {
    const dir = folder({ 'plan.xlsx': handWorkbook([{ name: 'Costs', rows: PLAN }]) });
    const run = await inDir(dir, 'costs', 'plan.xlsx', '-f', 'csv');
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('dedel: warning: plan.xlsx: sheet "Costs" row 4: the Total line gives £400 but the lines add up to £300\n');
  });

  it('rows the sheet hides are read with a warning naming them, as a census\'s are', async () => {
    const dir = folder({ 'plan.xlsx': handWorkbook([{ name: 'Costs', rows: PLAN.slice(0, 3), rowAttributes: { 3: 'hidden="1"' } }]) });
    const run = await inDir(dir, 'costs', 'plan.xlsx', '-f', 'csv');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Visits,,,,200');
    expect(run.stderr).toBe('dedel: warning: plan.xlsx: sheet "Costs": row 3 is hidden on the sheet but read, as every row is; delete it from the sheet if it is not to be read\n');
  });

  it('a hidden first sheet and a chart tab are passed over, and words merged over rows read on each', async () => {
    const old = { name: 'Old', state: 'hidden', rows: [[inline('item'), inline('total')], [inline('Last year'), n('999')]] };
    const merged = { name: 'Costs', rows: [[inline('item'), inline('description'), inline('total')], [inline('Consultancy'), inline('Autumn'), n('100')], ['', inline('Spring'), n('200')]], merges: ['A2:A3'] };
    const dir = folder({ 'plan.xlsx': handWorkbook([old, { name: 'Chart', chart: true, rows: [] }, merged]) });
    const run = await inDir(dir, 'costs', 'plan.xlsx', '-f', 'csv');
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe('item,description,quantity,unit_cost,times,total\nConsultancy,Autumn,,,,100\nConsultancy,Spring,,,,200\nTotal,,,,,300\n');
  });

  it('titles above the header are passed over with a warning, and cells named from the header found', async () => {
    const dir = folder({
      'plan.csv': 'School Improvement costs 2024-25\n\nItem,Quantity,Unit cost,Total\nVisits,3,"1,000",\nTotal,,,"3,500"\n',
      'plan.xlsx': handWorkbook([{ name: 'Costs', rows: [[inline('Cost plan 2024-25')], ...PLAN] }]),
      'bad.xlsx': handWorkbook([{ name: 'Costs', rows: [[inline('Cost plan 2024-25')], [inline('item'), inline('total')], [inline('Visits'), inline('lots')]] }]),
    });
    const csv = await inDir(dir, 'costs', 'plan.csv', '-f', 'csv');
    expect(csv.stdout).toBe('item,quantity,unit_cost,times,total\nVisits,3,1000,1,3000\nTotal,,,,3000\n');
    expect(csv.stderr).toBe(
      'dedel: warning: plan.csv: the header is on line 3; line 1 above it is a title, not read: "School Improvement costs 2024-25"\ndedel: warning: plan.csv:5: the Total line gives £3,500 but the lines add up to £3,000\n',
    );
    const xlsx = await inDir(dir, 'costs', 'plan.xlsx', '-f', 'csv');
    expect(xlsx.stderr).toBe(
      'dedel: warning: plan.xlsx: sheet "Costs": the header is on row 2; row 1 above it is a title, not read: "Cost plan 2024-25"\ndedel: warning: plan.xlsx: sheet "Costs" row 5: the Total line gives £400 but the lines add up to £300\n',
    );
    const bad = await inDir(dir, 'costs', 'bad.xlsx');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toBe('dedel: error: bad.xlsx: sheet "Costs" cell B3: value "lots": not a number; expected a number of 0 or more\n');
  });

  it('lines below the Total line with no figure are notes, said in a warning; a line with a figure after them makes them lines', async () => {
    const dir = folder({
      'plan.csv': 'item,total\nVisits,100\nTotal,100\nSource: forum paper 12 January,\n',
      'late.csv': 'item,total\nVisits,100\nTotal,100\nSource: forum paper,\nLate,5\n',
      'plan.xlsx': handWorkbook([{ name: 'Costs', rows: [...PLAN, [inline('Source: forum paper')]] }]),
    });
    const csv = await inDir(dir, 'costs', 'plan.csv', '-f', 'csv');
    expect(csv.code).toBe(0);
    expect(csv.stdout).toBe('item,quantity,unit_cost,times,total\nVisits,,,,100\nTotal,,,,100\n');
    expect(csv.stderr).toBe('dedel: warning: plan.csv: line 4 below the Total row is a note, not read: "Source: forum paper 12 January"\n');
    const late = await inDir(dir, 'costs', 'late.csv');
    expect(late.code).toBe(1);
    expect(late.stderr).toContain('late.csv:4: "Source: forum paper" has neither quantity × unit cost nor a total');
    const xlsx = await inDir(dir, 'costs', 'plan.xlsx', '-f', 'csv');
    expect(xlsx.stderr).toContain('dedel: warning: plan.xlsx: sheet "Costs": row 5 below the Total row is a note, not read: "Source: forum paper"\n');
  });

  it('lines taken off that come to more than the costs are named by sheet and row in a workbook', async () => {
    const dir = folder({ 'plan.xlsx': handWorkbook([{ name: 'Costs', rows: [[inline('item'), inline('total')], [inline('Consultancy'), n('100')], [inline('Less: grant'), n('200')]] }]) });
    const run = await inDir(dir, 'costs', 'plan.xlsx');
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('dedel: error: plan.xlsx: sheet "Costs": the lines taken off ("Less: grant" (row 3) £200) come to more than the costs (£100): the net amount would be -£100, and a net amount cannot be below zero\n');
  });

  it('a semicolon-separated CSV is refused saying what it is and how to save it', async () => {
    const dir = folder({ 'plan.csv': 'item;total\nConsultancy;20.000\n' });
    const run = await inDir(dir, 'costs', 'plan.csv');
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('dedel: error: plan.csv:1: value "item;total": the header\'s cells are separated by semicolons, as Excel saves CSV on a computer set to a European region');
    expect(run.stderr).toContain('save the table as an Excel workbook (.xlsx)');
  });

  it('a tab-separated plan is told by its header, though its header and items have more commas than it has tabs', async () => {
    const dir = folder({ 'plan.tsv': 'Item\tTotal, £\nVisits, Ely, Cambs\t1,000\nTraining, Ely, Cambs, UK\t2,500\n' });
    const run = await inDir(dir, 'costs', 'plan.tsv', '-f', 'csv');
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe('item,quantity,unit_cost,times,total\n"Visits, Ely, Cambs",,,,1000\n"Training, Ely, Cambs, UK",,,,2500\nTotal,,,,3500\n');
  });

  it('a tab-separated plan is read, its thousands commas in figures', async () => {
    const dir = folder({ 'plan.tsv': 'item\ttotal\nConsultancy\t1,000\nVisits\t"2,500"\n' });
    const run = await inDir(dir, 'costs', 'plan.tsv', '-f', 'csv');
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe('item,quantity,unit_cost,times,total\nConsultancy,,,,1000\nVisits,,,,2500\nTotal,,,,3500\n');
  });
});

describe("compare reads dedel's outputs as strictly", () => {
  it('a before row with extra cells (2,Beech,1,260) is an error, not £1', async () => {
    const dir = folder({ 'before.csv': 'urn,school,total\n1,Ash,500\n2,Beech,1,260\n', 'after.csv': 'urn,school,total\n1,Ash,500\n2,Beech,1300\n' });
    const run = await inDir(dir, 'compare', 'before.csv', 'after.csv', '-f', 'csv');
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('dedel: error: before.csv:3: column 4: value "260": this row has 4 cells but the header has 3; check for a missing or extra comma\n');
  });

  it('a school whose name really starts with \' matches across csv and json', async () => {
    const census = "URN,School,Status,Phase,NOR\n,'=Odd Name Primary,Community,Primary,100\n,Plain Primary,Community,Primary,200\n";
    const dir = folder({ 'census.csv': census });
    expect((await inDir(dir, 'allocate', 'census.csv', '--rate', '5', '-f', 'csv', '--out', 'a.csv')).code).toBe(0);
    expect((await inDir(dir, 'allocate', 'census.csv', '--rate', '6', '-f', 'json', '--out', 'b.json')).code).toBe(0);
    const run = await inDir(dir, 'compare', 'a.csv', 'b.json', '-f', 'csv');
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.stdout).toContain("''=Odd Name Primary,");
  });
});

describe('line endings', () => {
  it('a CRLF header above LF rows reads as the rows it has', async () => {
    const dir = folder({ 'census.csv': CENSUS.replace('\n', '\r\n') });
    const run = await inDir(dir, 'allocate', 'census.csv', '--rate', '5', '-f', 'csv');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(',Total,,,300,1500,1500,5.00\n');
  });
});

describe('the config', () => {
  const config = (value: unknown) => folder({ 'census.csv': CENSUS, 'c.json': typeof value === 'string' ? value : JSON.stringify(value) });

  it.each([
    ['a rate object', '{"services":[{"rate":{"primary":"5","__proto__":"7"}}]}', 'at services[0].rate.__proto__: unknown key "__proto__"'],
    ['weights', '{"services":[{"target":"100","weights":{"__proto__":{"primary":2}}}]}', 'at services[0].weights.__proto__: unknown key "__proto__"'],
    ['census.columns', '{"census":{"columns":{"__proto__":{"nor":"NOR"}}},"services":[{"rate":"5"}]}', 'at census.columns.__proto__: unknown key "__proto__"'],
  ])('__proto__ as a key of %s is an unknown key', async (_what, text, message) => {
    const run = await inDir(config(text), 'allocate', 'census.csv', '-c', 'c.json');
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(`dedel: error: c.json: ${message}\n`);
  });

  it('--column __proto__=… is an unknown field', async () => {
    const run = await inDir(config({ services: [{ rate: '5' }] }), 'allocate', 'census.csv', '--rate', '5', '--column', '__proto__=NOR');
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('dedel: error: --column: unknown field "__proto__"\n');
  });

  it('"rate": 1e309 says the number is too large, where it is written', async () => {
    const run = await inDir(config('{"services":[{"rate": 1e309}]}'), 'allocate', 'census.csv', '-c', 'c.json');
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('dedel: error: c.json:1: column 23: value "1e309": a number too large to read (JSON numbers past about 1.8e308 read as infinity); write amounts as decimal strings, such as "5.10"\n');
  });

  it('a key given twice in one object is refused where the second is written: JSON.parse kept the last unseen, charging £6 a pupil for a file that shows £5.10 first', async () => {
    const run = await inDir(config('{"services":[{"name":"A","rate":"5.10",\n  "rate":"6"}]}'), 'allocate', 'census.csv', '-c', 'c.json');
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe('dedel: error: c.json:2: column 3: value "rate": the key "rate" is given twice in one object (first on line 1, column 26); a JSON reader keeps only the last, unseen: delete the one not meant\n');
    // Written with an escape, it is the same key; the same key in two objects is no repeat.
    const escaped = await inDir(config('{"services":[{"name":"A","rate":{"primary":"5","secondary":"6","prim\\u0061ry":"7"}}]}'), 'allocate', 'census.csv', '-c', 'c.json');
    expect(escaped.code).toBe(1);
    expect(escaped.stderr).toContain('the key "primary" is given twice in one object');
    const apart = await inDir(config('{"services":[{"name":"A","rate":"5"},{"name":"B","rate":"6"}]}'), 'allocate', 'census.csv', '-c', 'c.json');
    expect(apart.code).toBe(0);
  });

  it("a config saved as UTF-16 with a BOM (Notepad's Unicode) is read; one saved as ANSI (é as byte E9) is refused at its line and column, not read with the é lost", async () => {
    const json = '{"services":[{"name":"Caf\u00e9","rate":"5"}]}';
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(json, 'utf16le')]);
    const be = Buffer.from(le.subarray(2)).swap16();
    for (const bytes of [le, Buffer.concat([Buffer.from([0xfe, 0xff]), be])]) {
      const run = await inDir(folder({ 'census.csv': CENSUS, 'c.json': new Uint8Array(bytes) }), 'allocate', 'census.csv', '-c', 'c.json', '-f', 'csv', '-q');
      expect(run.code).toBe(0);
      expect(run.stdout.split('\n')[0]).toBe('urn,school,status,phase,nor,cafe,total,per_pupil');
      expect(run.stdout).toContain(',Total,,,300,1500,1500,5.00');
    }
    const ansi = await inDir(folder({ 'census.csv': CENSUS, 'c.json': new Uint8Array(Buffer.from('{\n  "services":[{"name":"Caf\u00e9","rate":"5"}]}', 'latin1')) }), 'allocate', 'census.csv', '-c', 'c.json');
    expect(ansi.code).toBe(1);
    expect(ansi.stdout).toBe('');
    expect(ansi.stderr).toBe('dedel: error: c.json:2: column 27: byte 0xE9 is not UTF-8: a config is JSON in UTF-8; save it as UTF-8 (in Notepad, File \u203a Save As, Encoding UTF-8)\n');
  });

  it("the config's periods that do not add up to 12, or repeat a name, are refused naming the file and the path", async () => {
    const run = await inDir(config({ services: [{ name: 'A', rate: '5' }], periods: [{ name: 'P1', months: 5 }, { name: 'P2', months: 8 }] }), 'allocate', 'census.csv', '-c', 'c.json');
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('dedel: error: c.json: at periods: the periods add up to 13 months, not 12: P1 5, P2 8\n');
    const named = await inDir(config({ services: [{ name: 'A', rate: '5' }], periods: [{ name: 'P1', months: 6 }, { name: 'p1', months: 6 }] }), 'allocate', 'census.csv', '-c', 'c.json');
    expect(named.stderr).toBe('dedel: error: c.json: at periods: period "p1" is named twice; give each period its own label\n');
  });

  it('a sum of money written with three decimals (20.000) is refused in a cost plan, a target, a line taken off and the flags: it was £20 for £20,000', async () => {
    const plan = await inDir(folder({ 'p.csv': 'item,quantity,unit_cost,total\nVisits,66,250,\nResearch School,,,"20.000"\n' }), 'costs', 'p.csv');
    expect(plan.code).toBe(1);
    expect(plan.stdout).toBe('');
    expect(plan.stderr).toBe(
      'dedel: error: p.csv:3: column "total": value "20.000": an amount with three decimal places may be 20,000 with a point for the thousands, as a European region writes it, or \u00a320.00; dedel does not guess: write 20000 (or 20,000) for \u00a320,000, or 20.00 for \u00a320.00\n',
    );
    const less = await inDir(config({ services: [{ name: 'A', target: '20000', less: [{ item: 'Grant', amount: '1.500' }] }] }), 'allocate', 'census.csv', '-c', 'c.json');
    expect(less.code).toBe(1);
    expect(less.stderr).toContain('dedel: error: c.json: at services[0].less[0].amount: value "1.500": an amount with three decimal places may be 1,500');
    // As a JSON number the zeros are gone once parsed (160.000 reads 160): the literal is read where it is written.
    const number = await inDir(config('{"services":[{"name":"A",\n  "target": 160.000}]}'), 'allocate', 'census.csv', '-c', 'c.json');
    expect(number.code).toBe(1);
    expect(number.stderr).toContain('dedel: error: c.json:2: column 13: value "160.000": an amount with three decimal places may be 160,000');
    expect((await inDir(config('{"services":[{"name":"A","target":{"primary":20.000}}]}'), 'allocate', 'census.csv', '-c', 'c.json')).stderr).toContain('value "20.000": an amount with three decimal places');
    const flag = await inDir(folder({ 'census.csv': CENSUS }), 'allocate', 'census.csv', '--target', 'primary=160.000');
    expect(flag.code).toBe(2);
    expect(flag.stderr).toContain('dedel: error: --target primary "160.000": an amount with three decimal places');
    // Quantities, rates and amounts with other places are read as written.
    const fine = await inDir(folder({ 'census.csv': CENSUS, 'p.csv': 'item,quantity,unit_cost,total\nAdviser,1.500,250.5,\nLicence,,,"20.0000"\n' }), 'costs', 'p.csv', '-f', 'csv');
    expect(fine.stdout).toBe('item,quantity,unit_cost,times,total\nAdviser,1.5,250.50,1,375.75\nLicence,,,,20.00\nTotal,,,,395.75\n');
    expect((await inDir(folder({ 'census.csv': CENSUS }), 'allocate', 'census.csv', '--rate', '5.100', '-f', 'csv', '-q')).stdout).toContain(',Total,,,300,1530,1530,5.10');
  });

  it('a key left out, a null, or true where a figure goes is said in words, once, not as zod\'s "Invalid input" or "received undefined"', async () => {
    const said = async (value: unknown) => (await inDir(config(value), 'allocate', 'census.csv', '-c', 'c.json')).stderr;
    expect(await said({ services: [{ name: 'A', target: '100', less: [{ item: 'Grant' }] }] })).toBe('dedel: error: c.json: at services[0].less[0].amount: missing; give a value\n');
    expect(await said({ services: [{ name: 'A', rate: null }] })).toBe('dedel: error: c.json: at services[0].rate: value null: give a value, or leave the key out\n');
    expect(await said({ services: [{ name: 'A', rate: true }] })).toBe(
      'dedel: error: c.json: at services[0].rate: value true: expected a decimal such as "5.10", or one per phase ({ "primary": "5.83", "secondary": "7.92" })\n',
    );
    expect(await said({ services: [{ name: 'A', rate: { primary: true, secondary: '5' } }] })).toBe('dedel: error: c.json: at services[0].rate.primary: value true: expected a decimal such as "5.10"\n');
    expect(await said({ services: [{ name: 'A', rate: '5', decisions: { primary: { decision: 'de-delegate', vote: { for: 3 } } } }] })).toBe(
      'dedel: error: c.json: at services[0].decisions.primary.vote.against: missing; expected a number\n',
    );
  });

  it('a per-phase rate or weights missing a phase the service charges name the config file and path; given by a flag, the flag is named as before', async () => {
    const both = `${CENSUS}3,Cedar High,Community,Secondary,300\n`;
    const rate = await inDir(folder({ 'census.csv': both, 'c.json': JSON.stringify({ services: [{ name: 'A', rate: { primary: '5' } }] }) }), 'allocate', 'census.csv', '-c', 'c.json');
    expect(rate.code).toBe(1);
    expect(rate.stderr).toMatch(/^dedel: error: c\.json: at services\[0\]\.rate: service "A": no rate for phase secondary, which it charges/);
    const dir = folder({ 'census.csv': both, 'c.json': JSON.stringify({ services: [{ name: 'A', target: '1000', weights: { primary: '2' } }] }) });
    const weights = await inDir(dir, 'allocate', 'census.csv', '-c', 'c.json');
    expect(weights.stderr).toMatch(/^dedel: error: c\.json: at services\[0\]\.weights: service "A": no weight for phase secondary/);
    const flag = await inDir(dir, 'allocate', 'census.csv', '-c', 'c.json', '--rate', 'primary=1');
    expect(flag.stderr).toMatch(/^dedel: error: service "A": no rate for phase secondary/);
  });

  it('"rate": 1e-400 says the number is too small rather than charging 0', async () => {
    const run = await inDir(config('{"services":[{"rate": 1e-400}]}'), 'allocate', 'census.csv', '-c', 'c.json');
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('value "1e-400": a number too small to read (it reads as 0)');
  });
});

describe('rates with more digits than the arithmetic keeps', () => {
  const nines = `2.${'4'}${'9'.repeat(53)}`;

  it('--rate with 55 digits is refused, not rounded to £3 a pupil', async () => {
    const run = await inDir(folder({ 'census.csv': CENSUS }), 'allocate', 'census.csv', '--rate', nines);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('55 digits are more than dedel keeps exact (at most 20, counting integer digits and decimal places)');
  });

  it('a config rate with 55 digits is refused naming its JSON path', async () => {
    const run = await inDir(folder({ 'census.csv': CENSUS, 'c.json': JSON.stringify({ services: [{ rate: nines }] }) }), 'allocate', 'census.csv', '-c', 'c.json');
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('c.json: at services[0].rate:');
    expect(run.stderr).toContain('55 digits are more than dedel keeps exact');
  });

  it('20 digits are computed exactly: 2.4999…9 for one pupil is £2, not £3', async () => {
    const dir = folder({ 'census.csv': 'URN,School,Status,Phase,NOR\n1,Ash Primary,Community,Primary,1\n' });
    const run = await inDir(dir, 'allocate', 'census.csv', '--rate', `2.4${'9'.repeat(18)}`, '-f', 'csv');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('\n1,Ash Primary,community,primary,1,2,2,2.50\n,Total,,,1,2,2,2.00\n');
  });

  it('a decimal comma (5,10) is refused, not read as 510', async () => {
    const run = await inDir(folder({ 'census.csv': CENSUS }), 'allocate', 'census.csv', '--rate', '5,10');
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('dedel: error: --rate expects a decimal of 0 or more, such as 5.10; got "5,10"\n');
  });
});

describe('files that are not CSV text say what they look like', () => {
  const xlsx = new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x14, 0, 0, 0, 0, 0, ...new TextEncoder().encode('....[Content_Types].xml....xl/workbook.xml')]);
  const utf16 = (text: string, le: boolean) => {
    const out = new Uint8Array(text.length * 2);
    for (let i = 0; i < text.length; i++) out[i * 2 + (le ? 0 : 1)] = text.charCodeAt(i);
    return out;
  };
  const utf32 = (text: string, bom: boolean) => {
    const out = new Uint8Array((text.length + (bom ? 1 : 0)) * 4);
    if (bom) out.set([0xff, 0xfe, 0, 0]);
    for (let i = 0; i < text.length; i++) out[(i + (bom ? 1 : 0)) * 4] = text.charCodeAt(i);
    return out;
  };

  it.each([
    // Workbooks are read as censuses: a damaged one says so in one line.
    ['a damaged .xlsx workbook', xlsx, 'not a readable workbook (the zip is damaged'],
    ['UTF-16 without a BOM', utf16(CENSUS, true), 'this looks like UTF-16 text without a byte-order mark'],
    ['UTF-32 with a BOM', utf32(CENSUS, true), 'this looks like UTF-32 text, which dedel does not read'],
    ['UTF-32 without a BOM', utf32(CENSUS, false), 'this looks like UTF-32 text, which dedel does not read'],
  ])('%s as a census', async (_what, bytes, message) => {
    const dir = folder({ 'census.csv': bytes });
    for (const format of ['table', 'csv']) {
      const run = await inDir(dir, 'allocate', 'census.csv', '--rate', '5', '-f', format);
      expect(run.code).toBe(1);
      expect(run.stderr.startsWith(`dedel: error: census.csv: ${message}`)).toBe(true);
      expect(run.stderr.split('\n')).toHaveLength(2);
    }
  });

  it('a workbook as a config, and a damaged one as a cost plan or a compare input', async () => {
    const dir = folder({ 'x.xlsx': xlsx, 'census.csv': CENSUS });
    const run = await inDir(dir, 'allocate', 'census.csv', '-c', 'x.xlsx');
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('x.xlsx: this is an Excel workbook (.xlsx)');
    // compare reads a workbook (last year's published table): it was refused as one, whatever it held.
    for (const args of [['costs', 'x.xlsx'], ['compare', 'x.xlsx', 'x.xlsx']]) {
      const damaged = await inDir(dir, ...args);
      expect(damaged.code).toBe(1);
      expect(damaged.stderr).toContain('x.xlsx: not a readable workbook (the zip is damaged');
    }
  });

  it('a config where a table is read, and a table where a config is, say which file is which', async () => {
    const dir = folder({ 'census.csv': CENSUS, 'c.json': JSON.stringify({ services: [{ name: 'SI', rate: '5' }] }) });
    const cases: [string[], string][] = [
      [['allocate', 'c.json', '--rate', '5'], 'dedel: error: c.json: this is a JSON file (a config?), not a census; give a census as CSV or .xlsx, and a config with -c\n'],
      [['costs', 'c.json'], 'dedel: error: c.json: this is a JSON file (a config?), not a cost plan; give a cost plan as CSV or .xlsx, and a config with -c\n'],
      [['allocate', 'census.csv', '-c', 'census.csv'], 'dedel: error: census.csv: this looks like a CSV table (a census or a cost plan?), not a config; a config is JSON, starting with {\n'],
      [['paper', 'census.csv'], 'dedel: error: census.csv: this looks like a CSV table (a census or a cost plan?), not a config; a config is JSON, starting with {\n'],
    ];
    for (const [args, message] of cases) {
      const run = await inDir(dir, ...args);
      expect(run.code, args.join(' ')).toBe(1);
      expect(run.stderr).toBe(message);
    }
    // A header in brackets, as some database exports write it, is a table.
    const bracketed = await inDir(folder({ 'b.csv': '[URN],[School],[Status],[Phase],[NOR]\n1,Ash,Community,Primary,100\n' }), 'allocate', 'b.csv', '--rate', '5', '-f', 'csv', '-q');
    expect(bracketed.stdout).toContain('1,Ash,community,primary,100,500,500,5.00');
  });
  it("a document where a table is read (last year's paper as PDF, Word, PowerPoint, RTF, HTML or Markdown) says what it is", async () => {
    // A forum paper's author has last year's Appendix B as the paper itself. A PDF was refused as
    // "the file mixes two encodings … save it again as CSV UTF-8", a .docx as "not an Excel
    // workbook", and Markdown or HTML with what was wrong with their first line as a census.
    const markdown = (await runInProcess(['allocate', 'fixtures/sutton/appendix-b.csv', '--rate', '5.10', '-f', 'md', '-q'])).stdout;
    const html = (await runInProcess(['paper', 'fixtures/paper/proposal-2024.json', '-q'])).stdout;
    const office = (part: string) => zipSync({ '[Content_Types].xml': strToU8('<?xml version="1.0"?><Types/>'), [part]: strToU8('<?xml version="1.0"?><x/>') });
    const pdf = new Uint8Array([...Buffer.from('%PDF-1.7\n%'), 0xe2, 0xe3, 0xcf, 0xd3, ...Buffer.from('\n1 0 obj\n<< /Type /Catalog >>\nstream\n'), 0x00, 0x9c, 0xd0, 0x0a]);
    const dir = folder({
      'last.pdf': pdf,
      'last.docx': office('word/document.xml'),
      'last.pptx': office('ppt/presentation.xml'),
      'last.rtf': '{\\rtf1\\ansi School,NOR\\par}',
      'last.html': html,
      'last.md': markdown,
      'census.csv': CENSUS,
    });
    const what: Record<string, string> = {
      'last.pdf': 'this is a PDF document, which dedel does not read',
      'last.docx': 'this is a Word document (.docx), not a table dedel reads',
      'last.pptx': 'this is a PowerPoint presentation (.pptx), not a table dedel reads',
      'last.rtf': 'this is a Rich Text document (.rtf), not a table dedel reads',
      'last.html': 'this is an HTML page (such as a paper dedel wrote), not a table dedel reads',
      'last.md': 'this is a Markdown table (such as dedel allocate --format md writes), not a CSV file',
    };
    for (const [file, message] of Object.entries(what)) {
      for (const args of [['allocate', file, '--rate', '5'], ['compare', file, 'census.csv'], ['costs', file]]) {
        const run = await inDir(dir, ...args);
        expect(run.code, args.join(' ')).toBe(1);
        expect(run.stderr.startsWith(`dedel: error: ${file}: ${message}`), `${args.join(' ')}: ${run.stderr}`).toBe(true);
        expect(run.stderr.split('\n')).toHaveLength(2);
      }
    }
    // Given as a config, a document is named as what it is, and a config is JSON.
    for (const file of ['last.pdf', 'last.html', 'last.md', 'last.rtf']) {
      const run = await inDir(dir, 'allocate', 'census.csv', '-c', file);
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(new RegExp(`^dedel: error: ${file.replace('.', '\\.')}: this is an? .*, not a config; a config is JSON, starting with \\{\\n$`));
    }
  });
  it("reads past Excel's separator line (sep=, or sep=<tab>) without calling it a title", async () => {
    // A CSV written for Excel may start `sep=,`, which Excel reads as the delimiter and hides;
    // dedel warned of it as a title `"sep="` above the header.
    const dir = folder({ 'comma.csv': `sep=,\r\n${CENSUS.replaceAll('\n', '\r\n')}`, 'tab.tsv': `sep=\t\n${CENSUS.replaceAll(',', '\t')}`, 'late.csv': `Draft\nsep=,\n${CENSUS}` });
    for (const file of ['comma.csv', 'tab.tsv']) {
      const run = await inDir(dir, 'allocate', file, '--rate', '5', '-f', 'csv');
      expect(run.code).toBe(0);
      expect(run.stderr).toBe('');
      expect(run.stdout).toContain('2,Beech Primary,community,primary,200,1000,1000,5.00');
    }
    // Anywhere else it is text like any other title.
    const late = await inDir(dir, 'allocate', 'late.csv', '--rate', '5', '-f', 'csv');
    expect(late.stderr).toContain('late.csv: the header is on line 3; lines 1 to 2 above it are titles, not read: "Draft", "sep="');
  });
  it("says a figure that is an Excel error (#REF!, #N/A) is a formula that failed, in a CSV and in a workbook", async () => {
    const text = (t: string) => ` t="inlineStr"><is><t>${t}</t></is>`;
    const book = handWorkbook([{ name: 'Census', rows: [['URN', 'School', 'Status', 'Phase', 'NOR'].map(text), ['><v>1</v>', text('Ash'), text('Community'), text('Primary'), ' t="e"><v>#REF!</v>'], ['><v>2</v>', text('Beech'), text('Community'), text('Primary'), '><v>200</v>']] }]);
    const dir = folder({ 'census.csv': 'URN,School,Status,Phase,NOR\n1,Ash,Community,Primary,#REF!\n2,Beech,Community,Primary,200\n', 'census.xlsx': book });
    for (const file of ['census.csv', 'census.xlsx']) {
      const run = await inDir(dir, 'allocate', file, '--rate', '5', '-f', 'csv');
      expect(run.code).toBe(1);
      expect(run.stderr).toContain('value "#REF!": NOR is not a number for a school that is charged on it; #REF! is Excel\'s mark for a formula that failed');
    }
    // Last year's published table, compared, says the same of an amount.
    const table = folder({ 'last.csv': 'School Name,NOR,23/24 \u00a3\nAsh,100,#N/A\n', 'now.csv': 'urn,school,status,phase,nor,de_delegation,total,per_pupil\n1,Ash,community,primary,100,500,500,5.00\n,Total,,,100,500,500,5.00\n' });
    const compared = await inDir(table, 'compare', 'last.csv', 'now.csv');
    expect(compared.code).toBe(1);
    expect(compared.stderr).toContain('the amount ("23/24 \u00a3") is not a number; #N/A is Excel\'s mark for a formula that failed');
  });
  // Kept as "100001.0" (pandas, or a column formatted 0.0), the school could not be found by explain or --convert 100001=January.
  it('reads an id written with a decimal point and zeros (100001.0) as its digits, with one warning', async () => {
    const dir = folder({ 'census.csv': 'URN,School,Status,Phase,NOR\n100001.0,Ash,Community,Primary,100\n100002.00,Beech,Community,Primary,200\n100003.5,Cedar,Community,Primary,1\n' });
    const run = await inDir(dir, 'allocate', 'census.csv', '--rate', '5', '-f', 'csv');
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout.split('\n').slice(1, 4)).toEqual(['100001,Ash,community,primary,100,500,500,5.00', '100002,Beech,community,primary,200,1000,1000,5.00', '100003.5,Cedar,community,primary,1,5,5,5.00']);
    expect(run.stderr).toBe('dedel: warning: census.csv:2: column "URN": ids written with a decimal point and zeros, as a number formatted with places or a script that read them as numbers writes them ("100001.0"), are read without them (100001); format the column as General or Text to save them as ids\n');
    const explain = await inDir(dir, 'explain', 'census.csv', '100001', '--rate', '5', '-q');
    expect(explain.code, explain.stderr).toBe(0);
  });
  it('reads an id shown with thousands separators (100,001: Excel\'s Comma Style on the URN column) as its digits, with one warning', async () => {
    // Kept as "100,001", the school could not be found by --convert 100001=January, explain or another year's URN.
    const dir = folder({ 'census.csv': 'URN,School,Status,Phase,NOR\n"100,001",Ash,Community,Primary,100\n"100,002",Beech,Community,Primary,200\n', 'twice.csv': 'URN,School,Status,Phase,NOR\n"100,001",Ash,Community,Primary,100\n100001,Ash again,Community,Primary,200\n' });
    const run = await inDir(dir, 'allocate', 'census.csv', '--rate', '5', '-f', 'csv');
    expect(run.code).toBe(0);
    expect(run.stdout.split('\n').slice(1, 3)).toEqual(['100001,Ash,community,primary,100,500,500,5.00', '100002,Beech,community,primary,200,1000,1000,5.00']);
    expect(run.stderr).toBe('dedel: warning: census.csv:2: column "URN": ids written with thousands separators, as Excel\'s Comma Style shows a number ("100,001"), are read without them (100001); format the column as General or Text to save them as ids\n');
    const convert = await inDir(dir, 'convert', 'census.csv', '--rate', '5', '--convert', '100001=January', '-f', 'csv', '-q');
    expect(convert.code).toBe(0);
    expect(convert.stdout).toContain('100001,Ash,De-delegation,January,500,9,375,3,125');
    // The same school written both ways is one school twice.
    const twice = await inDir(dir, 'allocate', 'twice.csv', '--rate', '5', '-f', 'csv');
    expect(twice.code).toBe(1);
    expect(twice.stderr).toContain('twice.csv:3: column "URN": value "100001": duplicate id, first on line 2');
  });

  // A column too narrow for its ids: Excel shows 8732001 as 8.73E+06 and a CSV saved from it keeps that.
  // Two schools were a "duplicate id"; one alone was charged under the id 8.73E+06.
  it('refuses an id in scientific notation, which has lost its digits, and says how to save it whole', async () => {
    const dir = folder({ 'census.csv': 'LAESTAB,School,Status,Phase,NOR\n8.73E+06,Ash,Community,Primary,100\n8.73E+06,Beech,Community,Primary,200\n' });
    const run = await inDir(dir, 'allocate', 'census.csv', '--rate', '5', '-f', 'csv');
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      'dedel: error: census.csv:2: column "LAESTAB": value "8.73E+06": an id in scientific notation, as Excel shows a long number in a column too narrow for it: its digits are lost, so the school cannot be told from others; in Excel, format the "LAESTAB" column as Number with no decimal places (or as Text), and save the CSV again\n',
    );
  });
});

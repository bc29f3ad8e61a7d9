import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runInProcess } from '../helpers/run.js';
import { handWorkbook } from '../helpers/xlsx.js';

// README "costs": a plan is read as a census is, its workbook's sheet chosen with --sheet and a
// text file's encoding with --encoding (`costs.sheet` and `costs.encoding` in a config). The
// flags were taken for the --per-pupil census's alone: `--sheet` was never read, and a cp850 plan
// could not be told from Windows-1252.
const CENSUS = 'URN,School,Status,Phase,NOR\n1,Ash Primary,Community,Primary,100\n2,Beech Primary,Community,Primary,200\n';

function folder(files: Record<string, string | Uint8Array>): string {
  const dir = mkdtempSync(join(tmpdir(), 'dedel-costs-inputs-'));
  for (const [name, data] of Object.entries(files)) writeFileSync(join(dir, name), data);
  return dir;
}

const inDir = (dir: string, ...args: string[]) => runInProcess(args, { cwd: dir });
const inline = (t: string) => ` t="inlineStr"><is><t>${t}</t></is>`;
const n = (v: string) => `><v>${v}</v>`;

/** Last year's plan first (as officers keep it), this year's second. */
const BOOK = handWorkbook([
  { name: 'Costs 2023-24', rows: [[inline('item'), inline('total')], [inline('Visits'), n('900')]] },
  { name: 'Costs 2024-25', rows: [[inline('item'), inline('total')], [inline('Visits'), n('1000')], [inline('Training'), n('500')]] },
]);

describe('dedel costs --sheet and --encoding are the plan\'s', () => {
  it('--sheet reads the sheet named (ignoring case), and lists the sheets when none has that name', async () => {
    const dir = folder({ 'plan.xlsx': BOOK });
    const first = await inDir(dir, 'costs', 'plan.xlsx', '-f', 'csv');
    expect(first.stdout).toBe('item,quantity,unit_cost,times,total\nVisits,,,,900\nTotal,,,,900\n');
    const named = await inDir(dir, 'costs', 'plan.xlsx', '--sheet', 'costs 2024-25', '-f', 'csv');
    expect(named.code).toBe(0);
    expect(named.stderr).toBe('');
    expect(named.stdout).toBe('item,quantity,unit_cost,times,total\nVisits,,,,1000\nTraining,,,,500\nTotal,,,,1500\n');
    const missing = await inDir(dir, 'costs', 'plan.xlsx', '--sheet', 'Costs');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toBe('dedel: error: plan.xlsx: no sheet named "Costs" in the workbook; its sheets are "Costs 2023-24", "Costs 2024-25"\n');
  });

  it("an error in the sheet named is placed in that sheet's cell", async () => {
    const dir = folder({ 'plan.xlsx': handWorkbook([{ name: 'Notes', rows: [[inline('Read me')]] }, { name: 'Costs', rows: [[inline('item'), inline('total')], [inline('Visits'), inline('lots')]] }]) });
    const run = await inDir(dir, 'costs', 'plan.xlsx', '--sheet', 'Costs');
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('dedel: error: plan.xlsx: sheet "Costs" cell B2: value "lots": not a number; expected a number of 0 or more\n');
  });

  it('--sheet on a CSV plan is refused, as on a CSV census', async () => {
    const run = await inDir(folder({ 'plan.csv': 'item,total\nVisits,100\n' }), 'costs', 'plan.csv', '--sheet', 'Costs');
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('dedel: error: plan.csv: --sheet Costs: the file is not an .xlsx workbook; --sheet is for workbooks\n');
  });

  it('--encoding cp850 and windows-1252 decode the plan as asked, with no guess said', async () => {
    // "Café visits" and "£100" in code page 850 (é 0x82, £ 0x9C): Windows-1252 reads them as ‚ and œ.
    const dir = folder({ 'plan.csv': Buffer.from('item,total\nCaf\x82 visits,\x9c100\n', 'latin1') });
    const dos = await inDir(dir, 'costs', 'plan.csv', '--encoding', 'cp850', '-f', 'csv');
    expect(dos.stderr).toBe('');
    expect(dos.stdout).toBe('item,quantity,unit_cost,times,total\nCafé visits,,,,100\nTotal,,,,100\n');
    const windows = await inDir(dir, 'costs', 'plan.csv', '--encoding', 'windows-1252', '-f', 'csv');
    expect(windows.code).toBe(1);
    expect(windows.stderr).toBe('dedel: error: plan.csv:2: column "total": value "œ100": not a number; expected a number of 0 or more\n');
    const strict = await inDir(dir, 'costs', 'plan.csv', '--encoding', 'utf-8');
    expect(strict.code).toBe(1);
    expect(strict.stderr).toContain('plan.csv:2: not valid UTF-8 (byte 0x82 at byte 15)');
    const bad = await inDir(dir, 'costs', 'plan.csv', '--encoding', 'latin9');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe('dedel: error: --encoding expects utf-8, windows-1252 or cp850; got "latin9"\n');
  });

  it('--census-sheet and --census-encoding are the --per-pupil census\'s, and need it', async () => {
    const census = handWorkbook([
      { name: 'Notes', rows: [[inline('Read me')]] },
      { name: 'Census', rows: [[inline('URN'), inline('School'), inline('Status'), inline('Phase'), inline('NOR')], [n('1'), inline('Ash Primary'), inline('Community'), inline('Primary'), n('100')]] },
    ]);
    const dir = folder({ 'plan.xlsx': BOOK, 'census.xlsx': census, 'census.csv': Buffer.from(CENSUS.replace('Ash', 'Caf\x82'), 'latin1') });
    const run = await inDir(dir, 'costs', 'plan.xlsx', '--sheet', 'Costs 2024-25', '--per-pupil', 'census.xlsx', '--census-sheet', 'census', '-f', 'json');
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).per_pupil).toMatchObject({ rate: '15.00', nor: '100', schools: '1' });
    const encoded = await inDir(dir, 'costs', 'plan.xlsx', '--per-pupil', 'census.csv', '--census-encoding', 'windows-1252', '-f', 'json');
    expect(encoded.stderr).toBe('');
    expect(JSON.parse(encoded.stdout).per_pupil).toMatchObject({ rate: '3.00', nor: '300' });
    const alone = await inDir(dir, 'costs', 'plan.xlsx', '--census-sheet', 'Census');
    expect(alone.code).toBe(2);
    expect(alone.stderr).toBe("dedel: error: --census-sheet is for the --per-pupil census; give --per-pupil CENSUS with it (the plan's own are --sheet and --encoding)\n");
    // The per-pupil rate's other flags were passed by without --per-pupil: the plan printed as if none were given.
    for (const flag of [['--phases', 'primary'], ['--statuses', 'all'], ['--config', 'dedel.json'], ['--column', 'nor=NOR'], ['--la', '873']]) {
      const run = await inDir(dir, 'costs', 'plan.xlsx', ...flag);
      expect(run.code, flag[0]).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr).toBe(`dedel: error: ${flag[0]} is for the --per-pupil census; give --per-pupil CENSUS with it (the plan's own are --sheet and --encoding)\n`);
    }
    const bad = await inDir(dir, 'costs', 'plan.xlsx', '--per-pupil', 'census.csv', '--census-encoding', 'latin9');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe('dedel: error: --census-encoding expects utf-8, windows-1252 or cp850; got "latin9"\n');
  });

  it('a config names the sheet (and encoding) of a service\'s cost plan: "costs": { "file", "sheet" }', async () => {
    const config = (costs: unknown) => JSON.stringify({ services: [{ name: 'Visits', costs }] });
    const dir = folder({ 'plan.xlsx': BOOK, 'plan.csv': Buffer.from('item,total\nVisits,\x9c600\n', 'latin1'), 'census.csv': CENSUS, 'sheet.json': config({ file: 'plan.xlsx', sheet: 'Costs 2024-25' }), 'first.json': config('plan.xlsx'), 'dos.json': config({ file: 'plan.csv', encoding: 'cp850' }), 'csv.json': config({ file: 'plan.csv', sheet: 'Costs' }) });
    const sheet = await inDir(dir, 'rates', 'census.csv', '-c', 'sheet.json', '-f', 'csv');
    expect(sheet.code).toBe(0);
    expect(sheet.stdout).toContain('Visits,all,nor,300,,1500,1500,0\n');
    const first = await inDir(dir, 'rates', 'census.csv', '-c', 'first.json', '-f', 'csv');
    expect(first.stdout).toContain('Visits,all,nor,300,,900,900,0\n');
    const dos = await inDir(dir, 'rates', 'census.csv', '-c', 'dos.json', '-f', 'csv');
    expect(dos.stderr).toBe('');
    expect(dos.stdout).toContain('Visits,all,nor,300,,600,600,0\n');
    const csv = await inDir(dir, 'rates', 'census.csv', '-c', 'csv.json');
    expect(csv.code).toBe(1);
    expect(csv.stderr).toBe('dedel: error: csv.json: at services[0].costs.sheet: the cost plan plan.csv is not an .xlsx workbook, so it has no sheet "Costs"; leave out "sheet" (it is for workbooks)\n');
  });
});

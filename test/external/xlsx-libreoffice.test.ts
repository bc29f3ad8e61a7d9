import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unzipSync, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/bin.js';
import { runInProcess } from '../helpers/run.js';
import { requireTool } from './tools.js';

const soffice = requireTool('soffice');

/** A LibreOffice profile that recalculates every formula of an .xlsx on loading (its default may keep the cached values). */
function profile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'dedel-lo-'));
  mkdirSync(join(dir, 'user'), { recursive: true });
  writeFileSync(
    join(dir, 'user', 'registrymodifications.xcu'),
    `<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
`,
  );
  return dir;
}

function convert(args: string[], cwd: string): void {
  const run = spawnSync('soffice', [`-env:UserInstallation=file://${profile()}`, '--headless', ...args], { cwd, encoding: 'utf8', timeout: 180_000 });
  expect(run.status, run.stderr).toBe(0);
}

/** The workbook with every formula's cached value replaced by 0: what LibreOffice shows then, it worked out. */
function withoutCachedValues(bytes: Uint8Array): Uint8Array {
  const files = unzipSync(bytes);
  const sheet = new TextDecoder().decode(files['xl/worksheets/sheet1.xml']);
  files['xl/worksheets/sheet1.xml'] = new TextEncoder().encode(sheet.replace(/(<\/f>)<v>[^<]*<\/v>/g, '$1<v>0</v>'));
  return zipSync(files);
}

const SUTTON = ['allocate', 'fixtures/sutton/appendix-b.csv', '--rate', '5.10', '--title', 'Sutton: Appendix B', '--quiet', '--format', 'xlsx'];

describe.runIf(soffice)('the xlsx opened and recalculated by LibreOffice (README: Excel workbooks)', () => {
  it('shows Sutton’s totals as dedel prints them (£50,839; £50,837 footed), £5.10 as money, every formula giving its cached value', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dedel-xlsx-lo-'));
    const plain = await runInProcess(SUTTON);
    const footed = await runInProcess([...SUTTON, '--foot']);
    writeFileSync(join(dir, 'plain.xlsx'), plain.stdoutBytes);
    writeFileSync(join(dir, 'footed.xlsx'), footed.stdoutBytes);
    writeFileSync(join(dir, 'plain-uncached.xlsx'), withoutCachedValues(plain.stdoutBytes));
    writeFileSync(join(dir, 'footed-uncached.xlsx'), withoutCachedValues(footed.stdoutBytes));
    // Every sheet to CSV, UTF-8, each cell as LibreOffice shows it (formatted).
    const filter = 'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false,false,-1';
    convert(['--convert-to', filter, '--outdir', join(dir, 'out'), 'plain.xlsx', 'footed.xlsx', 'plain-uncached.xlsx', 'footed-uncached.xlsx'], dir);
    const sheet = (name: string) => readFileSync(join(dir, 'out', `${name}-Charges.csv`), 'utf8');
    const totalRow = (csv: string) => csv.split('\n').find((line) => line.startsWith('Total,'));
    expect(totalRow(sheet('plain'))).toBe('Total,,"9,968","£50,839","£50,839",£5.10');
    expect(totalRow(sheet('footed'))).toBe('Total,,"9,968","£50,837","£50,837",£5.10');
    expect(sheet('plain')).toContain('All Saints Benhilton CofE Primary School,VA,421,"£2,147","£2,147",£5.10');
    // With the cached values gone, LibreOffice's own arithmetic gives the same sheet: every formula holds.
    expect(sheet('plain-uncached')).toBe(sheet('plain'));
    expect(sheet('footed-uncached')).toBe(sheet('footed'));
    expect(readFileSync(join(dir, 'out', 'plain-Inputs.csv'), 'utf8')).toMatch(/fixtures\/sutton\/appendix-b\.csv,"1,292",[0-9a-f]{64}/);
  });

  it('a two-service table with periods recalculates to dedel’s figures', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dedel-xlsx-lo-'));
    const run = await runInProcess(['allocate', 'fixtures/two-services/census.csv', '-c', 'fixtures/two-services/dedel.json', '--months', '5,7', '--labels', 'De-delegated,Buy-back', '--foot', '--quiet', '--format', 'xlsx']);
    writeFileSync(join(dir, 'two.xlsx'), run.stdoutBytes);
    writeFileSync(join(dir, 'two-uncached.xlsx'), withoutCachedValues(run.stdoutBytes));
    convert(['--convert-to', 'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false,false,-1', '--outdir', join(dir, 'out'), 'two.xlsx', 'two-uncached.xlsx'], dir);
    const cached = readFileSync(join(dir, 'out', 'two-Charges.csv'), 'utf8');
    expect(cached.split('\n')).toContain(',Total,,,"2,697",238,"£19,621","£8,175","£11,446","£6,117","£2,549","£3,568","£25,738",£9.54');
    expect(readFileSync(join(dir, 'out', 'two-uncached-Charges.csv'), 'utf8')).toBe(cached);
  });

  it('a table with phase subtotals recalculates to dedel’s figures: subtotals of their rows, the Total of the subtotals', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dedel-xlsx-lo-'));
    const run = await runInProcess(['allocate', 'fixtures/two-services/census.csv', '-c', 'fixtures/two-services/dedel.json', '--months', '5,7', '--subtotals', 'phase', '--foot', '--quiet', '--format', 'xlsx']);
    writeFileSync(join(dir, 'sub.xlsx'), run.stdoutBytes);
    writeFileSync(join(dir, 'sub-uncached.xlsx'), withoutCachedValues(run.stdoutBytes));
    convert(['--convert-to', 'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false,false,-1', '--outdir', join(dir, 'out'), 'sub.xlsx', 'sub-uncached.xlsx'], dir);
    const cached = readFileSync(join(dir, 'out', 'sub-Charges.csv'), 'utf8');
    expect(cached.split('\n').find((l) => l.startsWith(',Primary subtotal,'))).toMatch(/^,Primary subtotal,,Primary,832,68,/);
    expect(cached.split('\n')).toContain(',Total,,,"2,697",238,"£19,621","£8,175","£11,446","£6,117","£2,549","£3,568","£25,738",£9.54');
    expect(readFileSync(join(dir, 'out', 'sub-uncached-Charges.csv'), 'utf8')).toBe(cached);
  });

  it('a comparison recalculates to dedel’s figures: each change after − before, the Total row summed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dedel-xlsx-lo-'));
    const run = await runInProcess(['compare', 'fixtures/compare/before.csv', 'fixtures/compare/after.json', '--quiet', '--format', 'xlsx']);
    writeFileSync(join(dir, 'cmp.xlsx'), run.stdoutBytes);
    writeFileSync(join(dir, 'cmp-uncached.xlsx'), withoutCachedValues(run.stdoutBytes));
    convert(['--convert-to', 'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false,false,-1', '--outdir', join(dir, 'out'), 'cmp.xlsx', 'cmp-uncached.xlsx'], dir);
    const cached = readFileSync(join(dir, 'out', 'cmp-Compare.csv'), 'utf8');
    expect(cached.split('\n')).toContain('100001,Ash Primary School,Primary,412,420,"£2,101","£2,356",£255,12.1%,');
    expect(cached.split('\n')).toContain(',Total,,"1,805","1,675","£9,206","£9,397",£191,2.1%,');
    expect(readFileSync(join(dir, 'out', 'cmp-uncached-Compare.csv'), 'utf8')).toBe(cached);
  });

  it('a table of four services with periods prints on A4 at a readable size, a long name wrapped whole, not cut off', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dedel-xlsx-lo-'));
    const run = await runInProcess(['allocate', 'fixtures/paper-wide/census.csv', '-c', 'fixtures/paper-wide/proposal.json', '--quiet', '--format', 'xlsx']);
    writeFileSync(join(dir, 'wide.xlsx'), run.stdoutBytes);
    convert(['--convert-to', 'pdf', '--outdir', dir, 'wide.xlsx'], dir);
    const words = spawnSync('pdftotext', ['-bbox', join(dir, 'wide.pdf'), '-'], { encoding: 'utf8' }).stdout;
    // The whole name, over two lines of its cell: before, the next column cut it at "Llanfairpwl".
    expect(words).toContain('>Llanfairpwllgwyngyll</word>');
    // Fitted to the page's width, a URN stands at least 5 pt tall (its headers as wide as their figures needed, it was 3.5 pt).
    const urn = /<word xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">700001<\/word>/.exec(words)!;
    expect(Number(urn[2]) - Number(urn[1])).toBeGreaterThan(5);
  });

  it('a table of 160 schools prints over several pages, its header row at the top of each', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dedel-xlsx-lo-'));
    const lines = ['URN,School,Status,Phase,NOR'];
    for (let i = 0; i < 160; i++) lines.push(`${100001 + i},School ${i + 1} of the authority,Community,${i % 3 ? 'Primary' : 'Secondary'},${200 + ((i * 37) % 900)}`);
    writeFileSync(join(dir, 'census.csv'), `${lines.join('\n')}\n`);
    const run = await runInProcess(['allocate', join(dir, 'census.csv'), '--rate', 'primary=5.10', '--rate', 'secondary=6.20', '--title', 'Appendix B', '--quiet', '--format', 'xlsx']);
    writeFileSync(join(dir, 'long.xlsx'), run.stdoutBytes);
    convert(['--convert-to', 'pdf', '--outdir', dir, 'long.xlsx'], dir);
    const pages = spawnSync('pdftotext', ['-layout', join(dir, 'long.pdf'), '-'], { encoding: 'utf8' }).stdout.split('\f').filter((page) => page.includes(' of the authority'));
    expect(pages.length).toBeGreaterThan(2);
    for (const page of pages) expect(page).toMatch(/URN\s+School\s+Status\s+Phase\s+NOR\s+De-delegation £\s+Total £\s+Per pupil £/);
  });

  it('a census LibreOffice saves as .xlsx from the CSV gives the same table as the CSV', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dedel-xlsx-lo-'));
    copyFileSync(join(ROOT, 'fixtures/sutton/appendix-b.csv'), join(dir, 'census.csv'));
    convert(['--infilter=CSV:44,34,76,1', '--convert-to', 'xlsx', '--outdir', dir, 'census.csv'], dir);
    for (const extra of [[], ['--foot']]) {
      const csv = await runInProcess(['allocate', join(dir, 'census.csv'), '--rate', '5.10', '--quiet', ...extra]);
      const xlsx = await runInProcess(['allocate', join(dir, 'census.xlsx'), '--rate', '5.10', '--quiet', ...extra]);
      expect(xlsx.stderr).toBe('');
      expect(xlsx.stdout).toBe(csv.stdout);
    }
  });
});

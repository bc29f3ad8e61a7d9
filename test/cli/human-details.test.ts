import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { INIT_CENSUS, INIT_CONFIG } from '../../src/cli/init-template.js';
import { runInProcess } from '../helpers/run.js';

const SUTTON = 'fixtures/sutton/appendix-b.csv';

describe('what human tables and warnings say', () => {
  it('rates: the footing warning names the amount column, since the rates table has no Total row', async () => {
    const run = await runInProcess(['rates', SUTTON, '--rate', '5.10', '--format', 'md']);
    expect(run.stderr).toContain('the amount column shows £50,839 for De-delegation. Use --foot');
    expect(run.stderr).not.toContain('Total row');
    // allocate, which has a Total row, still says so.
    const allocate = await runInProcess(['allocate', SUTTON, '--rate', '5.10']);
    expect(allocate.stderr).toContain('the Total row shows £50,839');
  });

  it('rates: bases print as officers write them in human formats (NOR, SEN), and as fields in machine formats', async () => {
    const md = await runInProcess(['rates', 'fixtures/two-services/census.csv', '-c', 'fixtures/two-services/dedel.json', '--format', 'md', '--quiet']);
    expect(md.stdout).toMatch(/\| NOR \|/);
    expect(md.stdout).toMatch(/\| SEN \|/);
    expect(md.stdout).not.toMatch(/\| (nor|sen) \|/);
    const csv = await runInProcess(['rates', 'fixtures/two-services/census.csv', '-c', 'fixtures/two-services/dedel.json', '--format', 'csv', '--quiet']);
    expect(csv.stdout).toMatch(/,nor,/);
  });

  it('rates: amounts print to the rounding unit, as allocate prints them, when the target has pence', async () => {
    const args = ['rates', 'fixtures/lancashire/census.csv', '--target', '1160000.78', '--weight', 'primary=2', '--weight', 'secondary=3', '--quiet'];
    const md = await runInProcess([...args, '--format', 'md']);
    expect(md.stdout).toContain('| De-delegation | Primary | NOR | 90,625 | 8.0000 | 725,000 |  |  |');
    expect(md.stdout).toContain('| 1,160,000 | 1,160,000.78 | -0.78 |');
    const csv = await runInProcess([...args, '--format', 'csv']);
    expect(csv.stdout).toContain(',725000,,\n');
    expect(csv.stdout).toContain(',1160000,1160000.78,-0.78\n');
    // With pence rounding, amounts keep their pence and an integer target is printed to match.
    const pence = await runInProcess(['rates', 'fixtures/lancashire/census.csv', '--target', '1160000', '--round', '0.01', '--quiet', '--format', 'csv']);
    expect(pence.stdout).toMatch(/,1160000\.\d\d,1160000\.00,-?\d+\.\d\d\n/);
  });

  // README "rates": a target given in pence, and its difference, keep their pence. £1,000.50
  // printed as 1,000.5 and its difference as -0.5 (a second target of £500 as 500.0).
  it('rates and allocate: a target with pence, and its difference, print to the penny, not to the decimals the figure happens to have', async () => {
    const one = await runInProcess(['rates', SUTTON, '--target', '1000.50', '--quiet', '--format', 'md']);
    expect(one.stdout).toContain('| De-delegation | All | NOR | 9,968 |  | 999 | 1,000.50 | -1.50 |');
    const phases = 'URN,School,Status,Phase,NOR\n1,A,Community,Primary,100\n2,B,Community,Secondary,200\n';
    const perPhase = await runInProcess(['rates', '-', '--target', 'primary=500.5', '--target', 'secondary=500', '--quiet', '--format', 'csv'], { stdin: phases });
    expect(perPhase.stdout.split('\n').slice(1, 3)).toEqual(['De-delegation,primary,nor,100,5.005,501,500.50,0.50', 'De-delegation,secondary,nor,200,2.50,500,500.00,0.00']);
    const allocate = await runInProcess(['allocate', SUTTON, '--target', '1000.50', '--quiet']);
    expect(allocate.stdout).toContain('solved from a target of £1,000.50; the rows recover £999, difference -£1.50.');
  });

  // A census of one school charged said "over 1 pupils (NOR of the 1 … schools charged …)".
  it('costs --per-pupil: one pupil and one school read in the singular', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dedel-costs-'));
    writeFileSync(join(dir, 'plan.csv'), 'item,total\nVisits,100\n');
    writeFileSync(join(dir, 'census.csv'), 'URN,School,Status,Phase,NOR\n1,Ash,Community,Primary,1\n2,Oak,Academy,Primary,50\n');
    const run = await runInProcess(['costs', 'plan.csv', '--per-pupil', 'census.csv', '-q'], { cwd: dir });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Per pupil: £100 over 1 pupil (NOR of the 1 maintained primary and secondary school charged in census.csv) = £100.00');
  });

  // A school charged 7 months counts 7/12 of its NOR, a count with no end: the footnote printed it to 49 places.
  it('costs --per-pupil: a count pro-rata by months is shown to 4 dp and said to be pro-rata', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dedel-costs-'));
    writeFileSync(join(dir, 'plan.csv'), 'item,total\nVisits,1000\n');
    writeFileSync(join(dir, 'census.csv'), 'URN,School,Status,Phase,NOR,Months\n1,Ash,Community,Primary,100,\n2,Oak,Community,Primary,221,7\n');
    const run = await runInProcess(['costs', 'plan.csv', '--per-pupil', 'census.csv', '-q'], { cwd: dir });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('Per pupil: £1,000 over 228.9167 pupils (NOR of the 2 maintained primary and secondary schools charged in census.csv, pro-rata by the months each is charged, shown to 4 dp) = £4.37 (to the penny, half-up).');
    // A whole count is shown as it is, with nothing said.
    writeFileSync(join(dir, 'census.csv'), 'URN,School,Status,Phase,NOR,Months\n1,Ash,Community,Primary,100,\n2,Oak,Community,Primary,240,6\n');
    expect((await runInProcess(['costs', 'plan.csv', '--per-pupil', 'census.csv', '-q'], { cwd: dir })).stdout).toContain('over 220 pupils (NOR of the 2 maintained primary and secondary schools charged in census.csv) = £4.55');
  });

  // A rate of £1234.56 printed without its comma, unlike every other sum in the footnote.
  it('costs --per-pupil: a rate of £1,000 or more is grouped in table, md, html and the csv/tsv stderr line; JSON keeps the plain number', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dedel-costs-'));
    writeFileSync(join(dir, 'plan.csv'), 'item,quantity,unit_cost,times,total\nHeadteacher cover,1,123456,,\n');
    writeFileSync(join(dir, 'census.csv'), 'URN,School,Status,Phase,NOR\n1,Ash,Community,Primary,100\n');
    const args = ['costs', 'plan.csv', '--per-pupil', 'census.csv'];
    const sentence = 'Per pupil: £123,456 over 100 pupils (NOR of the 1 maintained primary and secondary school charged in census.csv) = £1,234.56 (to the penny, half-up).';
    expect((await runInProcess([...args, '-q'], { cwd: dir })).stdout).toContain(sentence);
    expect((await runInProcess([...args, '-q', '-f', 'md'], { cwd: dir })).stdout).toContain(`*${sentence}*`);
    expect((await runInProcess([...args, '-q', '-f', 'html'], { cwd: dir })).stdout).toContain('= &pound;1,234.56 (to the penny, half-up).');
    for (const format of ['csv', 'tsv']) {
      const run = await runInProcess([...args, '-f', format], { cwd: dir });
      expect(run.stderr).toContain(`dedel: info: ${sentence}`);
      expect(run.stdout).toContain(['Total', '', '', '', '123456'].join(format === 'csv' ? ',' : '\t'));
      expect(run.stdout).not.toContain('1,234.56');
    }
    const json = JSON.parse((await runInProcess([...args, '-q', '-f', 'json'], { cwd: dir })).stdout) as { per_pupil: { rate: string; exact: string } };
    expect(json.per_pupil).toMatchObject({ rate: '1234.56', exact: '1234.56' });
  });

  it("init's example prints its solved rates to at most 4 dp in the footnote", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dedel-init-'));
    writeFileSync(join(dir, 'dedel.json'), INIT_CONFIG);
    writeFileSync(join(dir, 'census.csv'), INIT_CENSUS);
    const run = await runInProcess(['allocate', 'census.csv', '-c', 'dedel.json'], { cwd: dir });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Rates primary £4.5460, secondary £6.8190 (to 4 dp) solved from a target of £20,000');
    expect(run.stdout).not.toMatch(/£\d[\d,]*\.\d{5,}/);
  });

  it('compare: human formats leave out a URN column that is empty throughout', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dedel-compare-'));
    const before = await runInProcess(['allocate', SUTTON, '--rate', '5.10', '--format', 'csv', '--quiet']);
    const after = await runInProcess(['allocate', SUTTON, '--rate', '5.20', '--format', 'csv', '--quiet']);
    writeFileSync(join(dir, 'before.csv'), before.stdout);
    writeFileSync(join(dir, 'after.csv'), after.stdout);
    const md = await runInProcess(['compare', join(dir, 'before.csv'), join(dir, 'after.csv'), '--format', 'md', '--quiet']);
    expect(md.stdout).toMatch(/^\| School \| /m);
    expect(md.stdout).not.toContain('URN');
    const csv = await runInProcess(['compare', join(dir, 'before.csv'), join(dir, 'after.csv'), '--format', 'csv', '--quiet']);
    expect(csv.stdout).toMatch(/^urn,school,/);
  });

  it('--bom applies to csv and tsv (BOM and CRLF), and is refused for other formats', async () => {
    const tsv = await runInProcess(['allocate', SUTTON, '--rate', '5.10', '--format', 'tsv', '--bom', '--quiet']);
    expect(tsv.stdout.startsWith('\uFEFFurn\tschool\t')).toBe(true);
    expect(tsv.stdout).toContain('\r\n');
    for (const format of ['md', 'html', 'json', 'table', 'xlsx']) {
      const run = await runInProcess(['allocate', SUTTON, '--rate', '5.10', '--format', format, '--bom']);
      expect(run.code).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr).toBe(`dedel: error: --bom is for csv and tsv, which Excel opens as text; --format ${format} takes none\n`);
    }
  });

  // --standalone beside any other format (or with none, on a terminal) was ignored without a word.
  it('--standalone alone gives a whole HTML page, and is refused beside another format', async () => {
    const alone = await runInProcess(['allocate', SUTTON, '--rate', '5.10', '--standalone', '--quiet']);
    expect(alone.code).toBe(0);
    expect(alone.stdout.startsWith('<!DOCTYPE html>')).toBe(true);
    for (const format of ['table', 'md', 'csv', 'tsv', 'json', 'xlsx']) {
      const run = await runInProcess(['allocate', SUTTON, '--rate', '5.10', '--format', format, '--standalone']);
      expect(run.code).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr).toBe(`dedel: error: --standalone is for html, a whole page; --format ${format} has no page to make (give --format html, or leave out --standalone)\n`);
    }
  });

  // A whole page of 20 columns printed from a browser lost its last columns (Per pupil, the Total's) past the page's edge.
  it('--standalone prints a table too wide for A4 landscape in parts, as the paper does; a fragment stays whole', async () => {
    const args = ['allocate', 'fixtures/paper-wide/census.csv', '-c', 'fixtures/paper-wide/proposal.json', '--format', 'html', '-q'];
    const page = (await runInProcess([...args, '--standalone'])).stdout;
    const captions = [...page.matchAll(/<caption>([^<]*)<\/caption>/g)].map((m) => m[1]);
    expect(captions).toEqual(['Part 1 of 2 of this table: it is too wide for the page, so each part has the same rows, with the next columns.', 'Part 2 of 2 of this table: the same rows as part 1, with the next columns.']);
    const heads = [...page.matchAll(/<thead><tr>(.*?)<\/tr><\/thead>/g)].map((m) => [...m[1]!.matchAll(/<th [^>]*>([^<]*)<\/th>/g)].map((c) => c[1]));
    // Each part repeats the URN and school; together they have every column once, in order.
    expect(heads.every((h) => h[0] === 'URN' && h[1] === 'School')).toBe(true);
    const keys = heads[1]!.findIndex((h, i) => h !== heads[0]![i]);
    expect(keys).toBe(2);
    const fragment = (await runInProcess(args)).stdout.replaceAll('&pound;', '\u00a3');
    const whole = [...fragment.match(/<thead><tr>(.*?)<\/tr><\/thead>/)![1]!.matchAll(/<th [^>]*>([^<]*)<\/th>/g)].map((c) => c[1]);
    expect([...heads[0]!, ...heads[1]!.slice(keys)]).toEqual(whole);
    expect(fragment).not.toContain('Part 1 of');
  });

  it('explain: a name that differs only in punctuation finds the one school it can mean', async () => {
    const run = await runInProcess(['explain', SUTTON, 'Robin Hood Infants School', '--rate', '5.10', '--quiet', '--format', 'csv']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("Robin Hood Infants' School");
    const dotted = await runInProcess(['explain', SUTTON, 'St. Marys RC Junior School', '--rate', '5.10', '--quiet', '--format', 'csv']);
    expect(dotted.stdout).toContain("St Mary's RC Junior School");
  });

  it('explain: a name typed without its accents finds the one school it can mean', async () => {
    const stdin = 'URN,School,Status,Phase,NOR\n1,École Française de Cambridge,Community,Primary,88\n2,Noël Park Primary,Community,Primary,421\n';
    const run = await runInProcess(['explain', '-', 'ecole francaise de cambridge', '--rate', '5.10', '--quiet', '--format', 'csv'], { stdin });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('École Française de Cambridge');
    const noel = await runInProcess(['explain', '-', 'Noel Park Primary', '--rate', '5.10', '--quiet', '--format', 'csv'], { stdin });
    expect(noel.stdout).toContain('Noël Park Primary');
  });
});

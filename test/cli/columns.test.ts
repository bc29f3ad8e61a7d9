import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Dec, sum } from '../../src/core/decimal.js';
import { ROOT } from '../helpers/bin.js';
import { runInProcess } from '../helpers/run.js';

const SUTTON = 'fixtures/sutton/appendix-b.csv';
const SUTTON_COLUMNS = ['--columns', 'school,status,nor,de_delegation,per_pupil', '--header', 'school=School Name', '--header', 'status=Status', '--header', 'nor=NOR October 22', '--header', 'de_delegation=23/24 £', '--header', 'per_pupil=Per Pupil £'];
const TWO = ['fixtures/two-services/census.csv', '-c', 'fixtures/two-services/dedel.json'];

describe('--columns and --header', () => {
  it("reproduce the Sutton paper's own headers, with no Total column, in csv as in the census it came from", async () => {
    const csv = await runInProcess(['allocate', SUTTON, '--rate', '5.10', '--foot', ...SUTTON_COLUMNS, '-f', 'csv', '-q']);
    expect(csv.code).toBe(0);
    const header = readFileSync(join(ROOT, SUTTON), 'utf8').split('\n')[0]!;
    expect(header).toBe('School Name,Status,NOR October 22,23/24 £,Per Pupil £');
    expect(csv.stdout.split('\n')[0]).toBe(header);
    expect(csv.stdout.split('\n')[1]).toBe('All Saints Benhilton CofE Primary School,voluntary-aided,421,2147,5.10');

    const md = await runInProcess(['allocate', SUTTON, '--rate', '5.10', '--foot', ...SUTTON_COLUMNS, '-f', 'md', '-q']);
    const lines = md.stdout.split('\n');
    expect(lines[0]).toBe('| School Name | Status | NOR October 22 | 23/24 £ | Per Pupil £ |');
    expect(lines[2]).toBe('| All Saints Benhilton CofE Primary School | VA | 421 | 2,147 | 5.10 |');
    // The paper's Total row: 9,968 pupils, £50,837.
    expect(md.stdout).toContain('| **Total** |  | **9,968** | **50,837** | **5.10** |');
  });

  it('the same choice works from the config, and flags override it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dedel-columns-'));
    try {
      const config = join(dir, 'dedel.json');
      writeFileSync(config, JSON.stringify({ output: { columns: ['school', 'status', 'nor', 'de_delegation', 'per_pupil'], headers: { school: 'School Name', status: 'Status', nor: 'NOR October 22', de_delegation: '23/24 £', per_pupil: 'Per Pupil £' } } }));
      const run = await runInProcess(['allocate', SUTTON, '--rate', '5.10', '-c', config, '-f', 'csv', '-q']);
      expect(run.code, run.stderr).toBe(0);
      expect(run.stdout.split('\n')[0]).toBe('School Name,Status,NOR October 22,23/24 £,Per Pupil £');
      const flagged = await runInProcess(['allocate', SUTTON, '--rate', '5.10', '-c', config, '--columns', 'school,nor', '--header', 'nor=NOR', '-f', 'csv', '-q']);
      expect(flagged.stdout.split('\n')[0]).toBe('School Name,NOR');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('without a choice, machine formats keep their snake_case headers', async () => {
    const run = await runInProcess(['allocate', SUTTON, '--rate', '5.10', '-f', 'csv', '-q']);
    expect(run.stdout.split('\n')[0]).toBe('urn,school,status,phase,nor,de_delegation,total,per_pupil');
  });

  it('an unknown column is a usage error naming the columns there are', async () => {
    const run = await runInProcess(['allocate', SUTTON, '--rate', '5.10', '--columns', 'school,nor_oct']);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe('dedel: error: no column "nor_oct" in this table; its columns are urn, school, status, phase, nor, de_delegation, total, per_pupil\n');
    expect((await runInProcess(['allocate', SUTTON, '--rate', '5.10', '--header', 'nor'])).code).toBe(2);
  });

  it('--column or --header given twice for one field, naming two headers, is refused: the last was taken unseen (charged on the other NOR)', async () => {
    const stdin = 'URN,School,Phase,Status,NOR,NOR Jan\n1,Ash,Primary,Community,100,200\n';
    const column = await runInProcess(['allocate', '-', '--rate', '1', '--column', 'nor=NOR', '--column', 'NOR=NOR Jan'], { stdin });
    expect(column.code).toBe(2);
    expect(column.stdout).toBe('');
    expect(column.stderr).toBe('dedel: error: --column NOR given twice, as "NOR" and "NOR Jan"; give one\n');
    const header = await runInProcess(['allocate', '-', '--rate', '1', '--column', 'nor=NOR', '--header', 'nor=X', '--header', 'nor=Y'], { stdin });
    expect(header.code).toBe(2);
    expect(header.stderr).toBe('dedel: error: --header nor given twice, as "X" and "Y"; give one\n');
    // A flag over the config's column still wins.
    const config = JSON.stringify({ census: { columns: { nor: 'NOR' } }, services: [{ name: 'A', rate: '1' }] });
    const dir = mkdtempSync(join(tmpdir(), 'dedel-columns-'));
    writeFileSync(join(dir, 'c.json'), config);
    const over = await runInProcess(['allocate', '-', '-c', join(dir, 'c.json'), '--column', 'NOR=NOR Jan', '-f', 'csv', '-q'], { stdin });
    expect(over.stdout).toContain('\n1,Ash,community,primary,200,200,200,1.00\n');
  });

  it("a column the config's output names that the table lacks is the config's error, naming its file and path (it was a flag's, exit 2, naming neither)", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dedel-columns-'));
    writeFileSync(join(dir, 'c.json'), JSON.stringify({ services: [{ name: 'A', rate: '5' }], output: { columns: ['school', 'nope'] } }));
    const run = await runInProcess(['allocate', SUTTON, '-c', join(dir, 'c.json')]);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(`dedel: error: ${join(dir, 'c.json')}: at output.columns[1]: no column "nope" in this table; its columns are urn, school, status, phase, nor, a, total, per_pupil\n`);
    // --columns replaces the config's list, so its unknown name is not asked about.
    expect((await runInProcess(['allocate', SUTTON, '-c', join(dir, 'c.json'), '--columns', 'school,a', '-q'])).code).toBe(0);
  });

  it('apply to other commands too: split with its columns renamed', async () => {
    const run = await runInProcess(['split', 'School Improvement=149600', '--months', '5,7', '--labels', 'De-delegated,Buy-back', '--columns', 'name,total', '--header', 'total=24/25 £', '-f', 'csv']);
    expect(run.stdout).toBe('name,24/25 £\nSchool Improvement,149600\nTotal,149600\n');
  });
});

describe('--subtotals phase', () => {
  it('adds a subtotal row after each phase, and the subtotals add up to the Total row in every column', async () => {
    const run = await runInProcess(['allocate', ...TWO, '--subtotals', 'phase', '-f', 'json', '-q']);
    expect(run.code, run.stderr).toBe(0);
    const json = JSON.parse(run.stdout) as { rows: Record<string, string | boolean | null>[]; total: Record<string, string | null> };
    const subtotals = json.rows.filter((r) => r.subtotal === true);
    expect(subtotals.map((r) => r.school)).toEqual(['Primary subtotal', 'Secondary subtotal']);
    const schools = json.rows.filter((r) => r.subtotal !== true);
    for (const key of ['nor', 'sen', 'school_improvement', 'behaviour_support', 'total']) {
      expect(sum(subtotals.map((r) => new Dec(r[key] as string))).toFixed(), key).toBe(json.total[key]);
      expect(sum(schools.map((r) => new Dec(r[key] as string))).toFixed(), key).toBe(json.total[key]);
    }
    // Each subtotal adds up its own phase's schools, which come just before it.
    const primary = json.rows.slice(0, json.rows.indexOf(subtotals[0]!));
    expect(primary.every((r) => r.phase === 'primary')).toBe(true);
    expect(sum(primary.map((r) => new Dec(r.total as string))).toFixed()).toBe(subtotals[0]!.total);
  });

  // An all-through school charged by phase has its basis in parts (SEN primary, SEN secondary):
  // its subtotal left SEN blank, and the subtotals no longer added up to the Total row.
  it('add up an all-through school split by phase on its parts, as its row and the Total do', async () => {
    const run = await runInProcess(['allocate', 'fixtures/all-through-split/census.csv', '-c', 'fixtures/all-through-split/dedel.json', '--subtotals', 'phase', '-f', 'json', '-q']);
    expect(run.code, run.stderr).toBe(0);
    const json = JSON.parse(run.stdout) as { rows: Record<string, string | boolean | null>[]; total: Record<string, string | null> };
    const subtotals = json.rows.filter((r) => r.subtotal === true);
    expect(subtotals.map((r) => [r.school, r.nor, r.sen])).toEqual([
      ['Primary subtotal', '412', '38'],
      ['Secondary subtotal', '1179', '96'],
      ['All-through subtotal', '1500', '110'],
    ]);
    for (const key of ['nor', 'sen', 'total']) expect(sum(subtotals.map((r) => new Dec(r[key] as string))).toFixed(), key).toBe(json.total[key]);
  });

  it('come from the config as from the flag', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dedel-subtotals-'));
    try {
      const config = JSON.parse(readFileSync(join(ROOT, 'fixtures/two-services/dedel.json'), 'utf8')) as Record<string, unknown>;
      writeFileSync(join(dir, 'dedel.json'), JSON.stringify({ ...config, output: { subtotals: 'phase' } }));
      const fromConfig = await runInProcess(['allocate', 'fixtures/two-services/census.csv', '-c', join(dir, 'dedel.json'), '-f', 'csv', '-q']);
      const fromFlag = await runInProcess(['allocate', ...TWO, '--subtotals', 'phase', '-f', 'csv', '-q']);
      expect(fromConfig.stdout).toContain(',Primary subtotal,');
      expect(fromConfig.stdout).toBe(fromFlag.stdout);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('with --all, lists the schools not charged after the last subtotal, before the Total row, in every format', async () => {
    const csv = await runInProcess(['allocate', ...TWO, '--subtotals', 'phase', '--all', '-f', 'csv', '-q']);
    expect(csv.code, csv.stderr).toBe(0);
    const lines = csv.stdout.trimEnd().split('\n');
    expect(lines.slice(-4)).toEqual([
      ',Secondary subtotal,,secondary,1865,170,14770,4937,19707,10.57,',
      '100005,Riverside Academy,academy,secondary,,,,,,,academy',
      '100006,Southview Nursery School,nursery,nursery,,,,,,,not mainstream (nursery school)',
      ',Total,,,2697,238,19620,6117,25737,9.54,',
    ]);
    const json = JSON.parse((await runInProcess(['allocate', ...TWO, '--subtotals', 'phase', '--all', '-f', 'json', '-q'])).stdout) as { rows: Record<string, unknown>[] };
    expect(json.rows.slice(-3).map((r) => [r.school, r.subtotal ?? null, r.not_charged])).toEqual([
      ['Secondary subtotal', true, null],
      ['Riverside Academy', null, 'academy'],
      ['Southview Nursery School', null, 'not mainstream (nursery school)'],
    ]);
    const md = await runInProcess(['allocate', ...TWO, '--subtotals', 'phase', '--all', '-f', 'md', '-q']);
    expect(md.stdout).toContain('| 100005 | Riverside Academy | Academy | Secondary |');
  });

  it('prints the subtotal rows bold in a terminal and in Markdown', async () => {
    const table = await runInProcess(['allocate', ...TWO, '--subtotals', 'phase', '-q'], { tty: true });
    expect(table.stdout).toContain('│        │ \u001b[1mPrimary subtotal\u001b[22m             │');
    const md = await runInProcess(['allocate', ...TWO, '--subtotals', 'phase', '--months', '5,7', '-f', 'md', '-q']);
    expect(md.stdout).toContain('\n|  | **Secondary subtotal** |  | **Secondary** | **1,865** | **170** | **14,770** | **6,154** | **8,616** |');
  });
});

describe('--columns and --header are refused where they would be lost', () => {
  // explain listed --columns and --header among its options and printed the working as if neither were given.
  it('are refused by explain, whose working has no columns to choose, and left out of its help', async () => {
    for (const flag of [['--columns', 'item'], ['--header', 'working=Detail'], ['--columns', 'key,value']]) {
      for (const format of ['table', 'csv', 'json']) {
        const run = await runInProcess(['explain', SUTTON, "Robin Hood Infants' School", '--rate', '5.10', ...flag, '-f', format]);
        expect(run.code, `${flag.join(' ')} ${format}`).toBe(2);
        expect(run.stdout).toBe('');
        expect(run.stderr).toBe(`dedel: error: ${flag[0]} chooses a table's columns; explain prints one school's working, item by item, and takes neither (give it to allocate, rates or another table)\n`);
      }
    }
    const help = (await runInProcess(['explain', '--help'])).stdout;
    expect(help).not.toMatch(/--columns|--header/);
    expect(help).toContain('--format');
  });
  // `--header total=nor` printed each school's total under "nor" in JSON, in place of its NOR: a
  // silently wrong figure. Two columns under one header are refused, and a column chosen twice.
  it('refuse two printed columns under one header, or one column chosen twice', async () => {
    const cases: [string[], string][] = [
      [['--header', 'total=nor'], 'the header "nor" for total is the header of nor too; two columns under one header cannot be told apart (JSON would keep only one): give each its own'],
      [['--header', 'total=Amount', '--header', 'de_delegation=Amount'], 'the header "Amount" for de_delegation is the header of total too; two columns under one header cannot be told apart (JSON would keep only one): give each its own'],
      [['--header', 'nor=School'], 'the header "School" for nor is the header of school too; two columns under one header cannot be told apart (JSON would keep only one): give each its own'],
      [['--columns', 'school,nor,nor'], 'the column "nor" is chosen twice; name each column once'],
      // `--header total=exact` lost the total in JSON, under the row's own `exact` working.
      [['--header', 'total=exact'], 'the header "exact" for total is a field JSON rows carry already (exact, adjusted, moved, subtotal, exact_rate, recorded, vote); give another'],
    ];
    for (const [flags, message] of cases) {
      for (const format of ['json', 'csv', 'table']) {
        const run = await runInProcess(['allocate', SUTTON, '--rate', '5.10', ...flags, '-f', format, '-q']);
        expect(run.code, `${flags.join(' ')} ${format}`).toBe(2);
        expect(run.stdout).toBe('');
        expect(run.stderr).toBe(`dedel: error: ${message}\n`);
      }
    }
    // A column renamed to its own header, or to one no other printed column has, is fine.
    const json = await runInProcess(['allocate', SUTTON, '--rate', '5.10', '--columns', 'school,total', '--header', 'total=nor', '--header', 'status=Status', '-f', 'json', '-q']);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout).rows[0]).toMatchObject({ school: 'All Saints Benhilton CofE Primary School', nor: '2147' });
  });
});

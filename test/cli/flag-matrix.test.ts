// The flag audit: every flag a command takes is honoured (the output changes as the README
// says) or refused (exit 2, nothing on stdout, one line naming the flag); none is passed by.
import { describe, expect, it } from 'vitest';
import { runInProcess } from '../helpers/run.js';

const CENSUS = 'fixtures/proposal/census.csv';
const PROPOSAL = 'fixtures/proposal/dedel.json';

describe('check --convert', () => {
  it('checks the Total charged with the conversions, as allocate --convert prints it', async () => {
    const allocate = await runInProcess(['allocate', CENSUS, '--rate', '5.10', '--convert', '100004=June', '--check-total', '5184', '-q']);
    expect(allocate.code).toBe(0);
    const passes = await runInProcess(['check', CENSUS, '--rate', '5.10', '--convert', '100004=June', '--check-total', '5184', '-q']);
    expect(passes.code).toBe(0);
    // Without the conversion the Total is £6,687: check passed it with --convert given, as if none were.
    const fails = await runInProcess(['check', CENSUS, '--rate', '5.10', '--convert', '100004=June', '--check-total', '6687', '-q']);
    expect(fails.code).toBe(3);
    expect(fails.stdout).toBe('');
    expect(fails.stderr).toContain("but the Total charged (allocate's Total row with the same flags) is £5,184");
  });

  it('finds a URN the census lacks, and a school converting in April is not charged', async () => {
    const missing = await runInProcess(['check', CENSUS, '--rate', '5.10', '--convert', '999999=June']);
    expect(missing.code).toBe(1);
    expect(missing.stdout).toBe('');
    expect(missing.stderr).toContain('at --convert: no school with URN 999999 in the census, to convert');
    const april = await runInProcess(['check', CENSUS, '--rate', '5.10', '--convert', '100001=April', '-f', 'csv']);
    expect(april.code).toBe(0);
    expect(april.stdout).toContain('primary,community,1,0,1,,converts 1 April (months 0)');
  });

  it('says of a converting school the plan does not charge, as allocate does', async () => {
    const run = await runInProcess(['check', CENSUS, '-c', PROPOSAL, '--convert', '100006=June']);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('Fir Tree Academy (100006) is not charged as planned (academy), so converting it changes nothing');
  });
});

describe('--strict on buy-back and convert', () => {
  // A GIAS census whose all-through school has no NOR parts: left undecided, which --strict fails.
  const GIAS = 'fixtures/gias/every-kind-all-through-no-parts.csv';
  const config = JSON.stringify({ services: [{ name: 'SI', basis: 'nor', rate: '5' }], buyBack: { statuses: ['academy'], months: 7 } });
  it.each([
    ['buy-back', ['buy-back', GIAS, '-c', '-']],
    ['convert', ['convert', GIAS, '-c', '-', '--convert', '110001=June']],
  ])('%s fails (exit 3) on an all-through school left undecided, as allocate does', async (_, args) => {
    const plain = await runInProcess([...args, '-q'], { stdin: config });
    expect(plain.code).toBe(0);
    const strict = await runInProcess([...args, '--strict'], { stdin: config });
    expect(strict.code).toBe(3);
    expect(strict.stdout).toBe('');
    expect(strict.stderr).toContain('check failed (--strict): fixtures/gias/every-kind-all-through-no-parts.csv:5: all-through school "St Joseph\'s Catholic All-through School" is not charged');
  });
});

describe('flags a command has no use for are refused, exit 2, nothing on stdout', () => {
  it.each([
    ['explain --all', ['explain', CENSUS, '100001', '--rate', '5.10', '--all'], "--all lists the schools a table of charges leaves out; explain gives one school's working"],
    ['buy-back --foot', ['buy-back', CENSUS, '-c', PROPOSAL, '--foot'], '--foot foots a table of charges to its rounded exact total; the buy-back schedule is a price list, each school rounded on its own'],
  ])('%s', async (_, args, message) => {
    const run = await runInProcess(args);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(`dedel: error: ${message}`);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('buy-back takes --no-foot, which is what it does', async () => {
    expect((await runInProcess(['buy-back', CENSUS, '-c', PROPOSAL, '--no-foot', '-q'])).code).toBe(0);
  });
});

describe('--encoding beside a workbook', () => {
  // README "Census workbooks": a workbook has no text encoding; the flag was passed by.
  const BOOK = 'fixtures/sutton/appendix-b.xlsx';
  const refused = (flag: string, what: string) => `dedel: error: ${flag} "cp850" is for ${what} in CSV or tab-separated text; ${BOOK} is an .xlsx workbook, which has no text encoding: leave out ${flag}\n`;
  it.each([
    ['allocate', ['allocate', BOOK, '--rate', '5.10']],
    ['check', ['check', BOOK, '--rate', '5.10']],
    ['explain', ['explain', BOOK, 'Robin Hood Infants\' School', '--rate', '5.10']],
    ['rates', ['rates', BOOK, '--rate', '5.10']],
    ['buy-back', ['buy-back', BOOK, '-c', PROPOSAL]],
    ['convert', ['convert', BOOK, '--rate', '5.10', '--convert', '1=June']],
    ['compare -c', ['compare', BOOK, BOOK, '-c', PROPOSAL]],
  ])('%s refuses --encoding (exit 2, nothing on stdout)', async (_, args) => {
    const run = await runInProcess([...args, '--encoding', 'cp850']);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(refused('--encoding', 'a census'));
  });

  it('costs refuses --encoding for a workbook plan and --census-encoding for a workbook census', async () => {
    const plan = await runInProcess(['costs', BOOK, '--encoding', 'cp850']);
    expect([plan.code, plan.stdout, plan.stderr]).toEqual([2, '', refused('--encoding', 'a cost plan')]);
    const census = await runInProcess(['costs', 'fixtures/paper/costs-2024.csv', '--per-pupil', BOOK, '--census-encoding', 'cp850']);
    expect([census.code, census.stdout, census.stderr]).toEqual([2, '', refused('--census-encoding', 'a --per-pupil census')]);
  });

  it('a workbook census is read as before without it', async () => {
    expect((await runInProcess(['allocate', BOOK, '--rate', '5.10', '-q'])).code).toBe(0);
  });
});

describe('--check-total on a command with no Total row', () => {
  it.each([
    ['rates', ['rates', CENSUS, '--rate', '5.10']],
    ['check', ['check', CENSUS, '--rate', '5.10']],
    ['explain', ['explain', CENSUS, '100001', '--rate', '5.10']],
  ])("%s names the Total it checks, allocate's, not \"the table's\"", async (_, args) => {
    const run = await runInProcess([...args, '--check-total', '1', '-q']);
    expect(run.code).toBe(3);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe("dedel: error: check failed: expected a Total of £1, but the Total charged (allocate's Total row with the same flags) is £6,687\n");
    expect((await runInProcess([...args, '--check-total', '6687', '-q'])).code).toBe(0);
  });
});

describe('every refused combination: exit 2, nothing on stdout, one line naming the flag', () => {
  const TWO = ['fixtures/two-services/census.csv', '-c', 'fixtures/two-services/dedel.json'];
  const COSTS = 'fixtures/paper/costs-2024.csv';
  const COMPARE = ['fixtures/compare/before.csv', 'fixtures/compare/after.json'];
  it.each([
    [['explain', CENSUS, '100001', '--rate', '5', '--columns', 'school'], '--columns'],
    [['explain', CENSUS, '100001', '--rate', '5', '--header', 'nor=NOR'], '--header'],
    [['explain', CENSUS, '100001', '--rate', '5', '--all'], '--all'],
    [['buy-back', CENSUS, '-c', PROPOSAL, '--months', '5,7'], '--months'],
    [['buy-back', CENSUS, '-c', PROPOSAL, '--labels', 'A'], '--labels'],
    [['buy-back', CENSUS, '-c', PROPOSAL, '--foot'], '--foot'],
    [['convert', CENSUS, '-c', PROPOSAL, '--convert', '100001=June', '--months', '5,7'], '--months'],
    [['convert', CENSUS, '-c', PROPOSAL, '--convert', '100001=June', '--labels', 'A'], '--labels'],
    [['convert', CENSUS, '-c', PROPOSAL, '--convert', '100001=June', '--all'], '--all'],
    [['costs', COSTS, '--phases', 'primary'], '--phases'],
    [['costs', COSTS, '--statuses', 'all'], '--statuses'],
    [['costs', COSTS, '-c', PROPOSAL], '--config'],
    [['costs', COSTS, '--column', 'nor=NOR'], '--column'],
    [['costs', COSTS, '--la', '873'], '--la'],
    [['costs', COSTS, '--census-sheet', 'S'], '--census-sheet'],
    [['costs', COSTS, '--census-encoding', 'cp850'], '--census-encoding'],
    [['compare', ...COMPARE, '--column', 'nor=NOR'], '--column'],
    [['compare', ...COMPARE, '--encoding', 'cp850'], '--encoding'],
    [['compare', ...COMPARE, '--before-config', PROPOSAL], '--before-config'],
    [['allocate', CENSUS, '--rate', '5', '--format', 'md', '--bom'], '--bom'],
    [['split', 'A=100', '--months', '5,7', '--format', 'json', '--bom'], '--bom'],
    [['allocate', CENSUS, '--rate', '5', '--format', 'csv', '--standalone'], '--standalone'],
    [['allocate', ...TWO, '--service', 'Behaviour Support'], '--service'],
    [['allocate', ...TWO, '--service', 'Behaviour Support', '--round', '100'], '--service'],
    [['allocate', ...TWO, '--service', 'Behaviour Suport', '--rate', '5'], 'no service named "Behaviour Suport"'],
    [['rates', ...TWO, '--rate', '5'], 'the config has 2 services'],
    [['allocate', ...TWO, '--service', 'School Improvement', '--weight', 'primary=2'], '--weight'],
    [['allocate', ...TWO, '--service', 'School Improvement', '--rate-unit', '0.01'], '--rate-unit'],
    [['allocate', CENSUS, '--rate', '5', '--rate-unit', '0.01'], 'give --rate or --rate-unit'],
    [['allocate', CENSUS, '-c', PROPOSAL, '--statuses', 'all'], '--statuses all'],
    [['allocate', 'fixtures/sutton/appendix-b.xlsx', '--rate', '5', '--encoding', 'utf-8'], '--encoding'],
  ])('%j', async (args, flag) => {
    const run = await runInProcess(args);
    expect(run.code, run.stderr).toBe(2);
    expect(run.stdout).toBe('');
    const lines = run.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(flag);
  });
});

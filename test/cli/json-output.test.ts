import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run.js';

/**
 * What a script reads from `--format json`, command by command: every key snake_case and
 * every number a string (README "Output"), so `jq '.per_pupil.schools'` and a reader that
 * keeps money exact need not know which command wrote the file.
 */
function offences(value: unknown, path = ''): string[] {
  if (typeof value === 'number') return [`${path}: the number ${value}`];
  if (Array.isArray(value)) return value.flatMap((v) => offences(v, `${path}[]`));
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, v]) => [...(/^[a-z0-9_]+$/.test(key) ? [] : [`${path}.${key}: not snake_case`]), ...offences(v, `${path}.${key}`)]);
}

const PAPER = ['fixtures/paper/census-2024.csv', '-c', 'fixtures/paper/proposal-2024.json'];
const RUNS: [string, string[]][] = [
  ['costs --per-pupil', ['costs', 'fixtures/sefton/commitment-2023-24.csv', '--per-pupil', 'fixtures/sefton/census.csv', '-c', 'fixtures/sefton/dedel.json']],
  ['buy-back', ['buy-back', 'fixtures/proposal/census.csv', '-c', 'fixtures/proposal/dedel.json', '--all']],
  ['explain with a vote, footing and a conversion', ['explain', ...PAPER, '900104', '--convert', '900104=jan', '--foot']],
  ['explain with periods footed', ['explain', 'fixtures/two-services/census.csv', '100001', '-c', 'fixtures/two-services/dedel.json', '--months', '5,7', '--labels', 'A,B', '--foot']],
  ['allocate with periods, subtotals and --all', ['allocate', 'fixtures/two-services/census.csv', '-c', 'fixtures/two-services/dedel.json', '--months', '5,7', '--subtotals', 'phase', '--all', '--foot']],
  ['convert', ['convert', ...PAPER, '--convert', '900104=jan']],
  ['convert --by rate', ['convert', ...PAPER, '--convert', '900104=jan', '--by', 'rate']],
  ['decisions', ['decisions', '-c', 'fixtures/proposal/dedel.json']],
  ['check', ['check', 'fixtures/proposal/census.csv', '-c', 'fixtures/proposal/dedel.json']],
  ['rates', ['rates', 'fixtures/two-services/census.csv', '--target', '1160000', '--weight', 'primary=2', '--weight', 'secondary=3']],
  ['split', ['split', 'A=100', 'B=200', '--months', '5,7']],
  ['costs', ['costs', 'fixtures/paper/costs-2024.csv']],
  ['compare two allocations', ['compare', 'fixtures/compare/before.csv', 'fixtures/compare/after.json']],
  ['compare --by service, two censuses', ['compare', 'fixtures/paper/census-2023.csv', 'fixtures/paper/census-2024.csv', '-c', 'fixtures/paper/proposal-2024.json', '--before-config', 'fixtures/paper/proposal-2023.json', '--by', 'service']],
];

describe('--format json for scripts', () => {
  it('a school with no URN is null wherever it is listed: uncharged gave "" beside the rows\' null', async () => {
    const run = await runCli(['allocate', 'fixtures/sutton/appendix-b.csv', '--rate', '5.10', '--statuses', 'foundation', '--all', '-f', 'json', '-q']);
    const json = JSON.parse(run.stdout);
    expect(json.uncharged[0]).toEqual({ urn: null, school: 'All Saints Benhilton CofE Primary School', reason: 'status voluntary-aided not charged' });
    expect(json.rows.find((r: { school: string }) => r.school === 'All Saints Benhilton CofE Primary School').urn).toBeNull();
  });

  it.each(RUNS)('%s: snake_case keys, numbers as strings', async (_name, args) => {
    const run = await runCli([...args, '-f', 'json', '-q']);
    expect(run.code, run.stderr).toBe(0);
    expect(offences(JSON.parse(run.stdout))).toEqual([]);
  });
});

describe('rates --format json: exact_rate on every row', () => {
  it('a rate given as given, a solved one unrounded, null on the all row: it was missing where no target was solved', async () => {
    const given = JSON.parse((await runCli(['rates', 'fixtures/two-services/census.csv', '-c', 'fixtures/two-services/dedel.json', '-f', 'json', '-q'])).stdout);
    expect(given.rows.map((r: { exact_rate: string | null }) => r.exact_rate)).toEqual(['5.83', '7.92', '17.35', '29.04']);
    const solved = JSON.parse((await runCli(['rates', 'fixtures/sutton/appendix-b.csv', '--target', '50837', '--rate-unit', '0.01', '-f', 'json', '-q'])).stdout);
    expect(solved.rows.map((r: { rate: string | null; exact_rate: string | null }) => [r.rate, r.exact_rate])).toEqual([['5.10', '5.1000200642054574638844301765650080256821829855538'], [null, null]]);
  });
});

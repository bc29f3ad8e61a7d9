import { describe, expect, it } from 'vitest';
import { runInProcess } from '../helpers/run.js';

const SUTTON = 'fixtures/sutton/appendix-b.csv';
const SPLIT = ['--months', '5,7', '--labels', 'De-delegated,Buy-back'];

/** CSV lines as cells (the outputs here have no quoted commas in the figures). */
const csvRows = (text: string) =>
  text
    .trim()
    .split('\n')
    .map((line) => line.split(','));

describe('allocate --months: periods foot both ways', () => {
  it('with --foot, Sutton’s period columns come to split’s figures and every school’s parts to its charge', async () => {
    const r = await runInProcess(['allocate', SUTTON, '--rate', '5.10', '--foot', ...SPLIT, '-f', 'csv']);
    expect(r.code).toBe(0);
    const rows = csvRows(r.stdout);
    const header = rows[0]!;
    const at = (name: string) => header.indexOf(name);
    const dd = at('de_delegation_de_delegated');
    const bb = at('de_delegation_buy_back');
    const charge = at('de_delegation');
    expect([dd, bb, charge].every((i) => i >= 0)).toBe(true);
    const total = rows.at(-1)!;
    expect([total[dd], total[bb], total[charge]]).toEqual(['21182', '29655', '50837']);
    for (const row of rows.slice(1, -1)) expect(Number(row[dd]) + Number(row[bb])).toBe(Number(row[charge]));
    const split = await runInProcess(['split', 'Sutton=50837', ...SPLIT, '-f', 'csv']);
    expect(csvRows(split.stdout).at(-1)!.slice(1)).toEqual(['21182', '29655', '50837']);
  });

  it('without --foot, the Total row adds the printed parts and a warning names the period column that differs', async () => {
    const r = await runInProcess(['allocate', SUTTON, '--rate', '5.10', ...SPLIT, '-f', 'csv']);
    const rows = csvRows(r.stdout);
    const header = rows[0]!;
    const dd = header.indexOf('de_delegation_de_delegated');
    const printed = rows.slice(1, -1).reduce((a, row) => a + Number(row[dd]), 0);
    expect(Number(rows.at(-1)![dd])).toBe(printed);
    // Sums of money as the table prints them, not bare figures (they read "comes to 21180, split gives 21182").
    expect(r.stderr).toMatch(/De-delegated comes to £[\d,]+, split gives £21,182;/);
  });

  it('JSON carries each period cell’s exact value and whether footing moved it', async () => {
    const r = await runInProcess(['allocate', SUTTON, '--rate', '5.10', '--foot', ...SPLIT, '-f', 'json']);
    const doc = JSON.parse(r.stdout) as { rows: { exact: Record<string, string>; moved: Record<string, boolean>; de_delegation: string }[] };
    const row = doc.rows[0]!;
    expect(Object.keys(row.moved)).toEqual(['de_delegation_de_delegated', 'de_delegation_buy_back']);
    // The exact 5/12ths is the charge × 5 / 12.
    const exact = row.exact['de_delegation_de_delegated']!;
    expect(Number(exact)).toBeCloseTo((Number(row.de_delegation) * 5) / 12, 6);
    const moved = doc.rows.filter((x) => x.moved['de_delegation_de_delegated']).length;
    expect(moved).toBeGreaterThan(0);
    // Moving a school's 5/12ths moves its 7/12ths the other way: both are marked.
    for (const x of doc.rows) expect(x.moved['de_delegation_de_delegated']).toBe(x.moved['de_delegation_buy_back']);
  });

  it('explain says why a period part received or lost a unit', async () => {
    const json = JSON.parse((await runInProcess(['allocate', SUTTON, '--rate', '5.10', '--foot', ...SPLIT, '-f', 'json'])).stdout) as {
      rows: { school: string; moved: Record<string, boolean> }[];
    };
    const moved = json.rows.find((x) => x.moved['de_delegation_de_delegated'])!;
    const r = await runInProcess(['explain', SUTTON, moved.school, '--rate', '5.10', '--foot', ...SPLIT]);
    expect(r.code).toBe(0);
    // The table wraps long cells: read it as one line of words.
    expect(r.stdout.replace(/[│\s]+/g, ' ')).toMatch(/remainder £[\d.]+, \d+ of \d+ parts by remainder: (rounded down, losing the unit its own split gave it|received a unit its own split did not give it)/);
  });

  it('several services each foot on their own, and the Total column adds them', async () => {
    const r = await runInProcess(['allocate', 'fixtures/two-services/census.csv', '-c', 'fixtures/two-services/dedel.json', '--foot', ...SPLIT, '-f', 'csv']);
    expect(r.code).toBe(0);
    const rows = csvRows(r.stdout);
    const header = rows[0]!;
    const total = rows.at(-1)!;
    let grand = 0;
    for (const service of ['school_improvement', 'behaviour_support']) {
      const [c, dd, bb] = [service, `${service}_de_delegated`, `${service}_buy_back`].map((k) => header.indexOf(k));
      for (const row of rows.slice(1, -1)) expect(Number(row[dd!]) + Number(row[bb!])).toBe(Number(row[c!]));
      const split = await runInProcess(['split', `S=${total[c!]}`, ...SPLIT, '-f', 'csv']);
      expect([total[dd!], total[bb!]]).toEqual(csvRows(split.stdout).at(-1)!.slice(1, 3));
      grand += Number(total[c!]);
    }
    expect(Number(total[header.indexOf('total')])).toBe(grand);
  });

  it('says so where no rounding within a unit can meet split’s figures (charges 3 and 1 over months 4,1,4,1,1,1), and keeps every row adding up', async () => {
    const census = 'URN,School,Phase,Status,NOR\n1,A,Primary,Community,3\n2,B,Primary,Community,1\n';
    const run = await runInProcess(['allocate', '-', '--rate', '1', '--foot', '--months', '4,1,4,1,1,1', '-f', 'csv'], { stdin: census });
    expect(run.code).toBe(0);
    const rows = csvRows(run.stdout);
    for (const row of rows.slice(1)) {
      const parts = row.slice(6, 12).map(Number);
      expect(parts.reduce((a, b) => a + b, 0)).toBe(Number(row[5]));
    }
    expect(rows.at(-1)!.slice(6, 12)).toEqual(['2', '1', '1', '0', '0', '0']);
    expect(run.stderr).toContain('Period 2 comes to £1, split gives £0; Period 3 comes to £1, split gives £2: no rounding within a unit of every part meets split’s period totals');
    const split = await runInProcess(['split', 'A=4', '--months', '4,1,4,1,1,1', '-f', 'csv']);
    expect(csvRows(split.stdout).at(-1)!.slice(1, 7)).toEqual(['2', '0', '2', '0', '0', '0']);
  });

  it('splits a school charged part of the year by the periods it is charged in: converting in January, Devonshire pays 5 : 4 months, not 5 : 7 of its 9', async () => {
    const args = ['allocate', 'fixtures/paper/census-2024.csv', '-c', 'fixtures/paper/proposal-2024.json', '--convert', '900104=January', ...SPLIT, '-f', 'csv', '-q'];
    for (const foot of [[], ['--foot']]) {
      const rows = csvRows((await runInProcess([...args, ...foot])).stdout);
      const devonshire = rows.find((row) => row[1] === 'Devonshire Primary School')!;
      // £3.89 × 638 × 9 / 12 = £2,479 (rounded): April to August is 5 of its 9 months, September to December 4.
      expect(devonshire.slice(5, 8)).toEqual(['2479', '1377', '1102']);
      const total = rows.at(-1)!;
      const [charged, first, second] = total.slice(5, 8).map(Number);
      expect(first! + second!).toBe(charged);
    }
    const explain = await runInProcess(['explain', 'fixtures/paper/census-2024.csv', '900104', '-c', 'fixtures/paper/proposal-2024.json', '--convert', '900104=January', ...SPLIT, '-q']);
    expect(explain.stdout).toMatch(/De-delegated +│ £1,377 \(5 of its 9 months\)/);
    expect(explain.stdout).toMatch(/Buy-back +│ £1,102 \(4 of its 9 months\)/);
    // The months column says the same: 9 months from April.
    const census = 'URN,School,Phase,Status,NOR,Months\n1,A,Primary,Community,100,9\n2,B,Primary,Community,100,12\n3,C,Primary,Community,100,3\n';
    const run = await runInProcess(['allocate', '-', '--rate', '12', '--foot', '--months', '5,7', '-f', 'csv'], { stdin: census });
    expect(csvRows(run.stdout).map((row) => row.slice(5, 8))).toEqual([
      ['de_delegation', 'de_delegation_period_1', 'de_delegation_period_2'],
      ['900', '500', '400'],
      ['1200', '500', '700'],
      ['300', '300', '0'],
      ['2400', '1300', '1100'],
    ]);
  });
});

describe('allocate --foot: ties between ids of numbers and text go the same way in any row order', () => {
  it('charges and splits 9, 10 and 1a alike however the census orders them', async () => {
    // Compared as text with a number, 10 came before 1a, 1a before 9 and 9 before 10: the unit went by row order.
    const line = (id: string) => `${id},School ${id},Community,Primary,1`;
    const outputs = new Set<string>();
    for (const ids of [['9', '10', '1a'], ['9', '1a', '10'], ['10', '1a', '9'], ['1a', '10', '9']]) {
      const census = ['URN,School,Status,Phase,NOR', ...ids.map(line)].join('\n');
      const r = await runInProcess(['allocate', '-', '--target', '2', '--foot', '--months', '6,6', '-f', 'csv', '-q'], { stdin: census });
      expect(r.code).toBe(0);
      outputs.add(csvRows(r.stdout).slice(1, 4).map((row) => row.join(',')).sort().join('\n'));
    }
    expect([...outputs]).toEqual([
      ['10,School 10,community,primary,1,1,0,1,1,0.67', '1a,School 1a,community,primary,1,0,0,0,0,0.67', '9,School 9,community,primary,1,1,1,0,1,0.67'].join('\n'),
    ]);
  });
});

describe('rates with the period flags allocate takes (README "rates": no effect on it)', () => {
  it('prints the same table and warnings as without them: no warning about period columns it does not print', async () => {
    const plain = await runInProcess(['rates', SUTTON, '--rate', '5.10', '-f', 'json']);
    const split = await runInProcess(['rates', SUTTON, '--rate', '5.10', ...SPLIT, '-f', 'json']);
    expect(split.code).toBe(0);
    // The warning said "De-delegated comes to £21,180, split gives £21,182" of a table rates never shows.
    expect(split.stderr).not.toMatch(/split gives/);
    expect(split.stderr).toBe(plain.stderr);
    expect(split.stdout).toBe(plain.stdout);
  });
});

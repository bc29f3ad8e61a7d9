import { describe, expect, it } from 'vitest';
import { allocate } from '../../src/core/allocate.js';
import { Dec } from '../../src/core/decimal.js';
import type { School, Service } from '../../src/core/types.js';
import { runCli } from '../helpers/run.js';
import { csvRows } from './csv.js';

const CENSUS = 'fixtures/lancashire/census.csv';
const SOLVE = ['--target', '1160000', '--weight', 'primary=2', '--weight', 'secondary=3'];

describe('Lancashire 2023/24: £1,160,000 weighted 2 : 3', () => {
  it('the fixture has 90,625 primary and 36,250 secondary pupils charged', async () => {
    const rows = csvRows((await runCli(['rates', CENSUS, ...SOLVE, '-f', 'csv'])).stdout);
    expect(rows.map((r) => [r.phase, r.units])).toEqual([
      ['primary', '90625'],
      ['secondary', '36250'],
      ['all', '126875'],
    ]);
  });

  it('rates solves £8.00 and £12.00 per pupil, totals £725,000 and £435,000, and an all row with the target', async () => {
    const run = await runCli(['rates', CENSUS, ...SOLVE, '-f', 'csv']);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe(
      [
        'service,phase,basis,units,rate,amount,target,difference',
        'De-delegation,primary,nor,90625,8.00,725000,,',
        'De-delegation,secondary,nor,36250,12.00,435000,,',
        'De-delegation,all,nor,126875,,1160000,1160000,0',
        '',
      ].join('\n'),
    );
  });

  it('rates from the config file gives the same rates and totals', async () => {
    const rows = csvRows((await runCli(['rates', CENSUS, '-c', 'fixtures/lancashire/dedel.json', '-f', 'csv'])).stdout);
    expect(rows.map((r) => [r.service, r.phase, r.rate, r.amount, r.target, r.difference])).toEqual([
      ['School Improvement', 'primary', '8.00', '725000', '', ''],
      ['School Improvement', 'secondary', '12.00', '435000', '', ''],
      ['School Improvement', 'all', '', '1160000', '1160000', '0'],
    ]);
  });

  it('allocate charges £8.00 per primary pupil and £12.00 per secondary pupil, adding up to £725,000 and £435,000', async () => {
    const run = await runCli(['allocate', CENSUS, ...SOLVE, '-f', 'csv']);
    expect(run.code).toBe(0);
    const rows = csvRows(run.stdout);
    const schools = rows.filter((r) => r.school !== 'Total');
    const byPhase = (phase: string) => schools.filter((r) => r.phase === phase).reduce((t, r) => t.plus(r.de_delegation!), new Dec(0));
    expect(byPhase('primary').toFixed()).toBe('725000');
    expect(byPhase('secondary').toFixed()).toBe('435000');
    expect(new Set(schools.filter((r) => r.phase === 'primary').map((r) => r.per_pupil))).toEqual(new Set(['8.00']));
    expect(new Set(schools.filter((r) => r.phase === 'secondary').map((r) => r.per_pupil))).toEqual(new Set(['12.00']));
    expect(rows.at(-1)).toMatchObject({ school: 'Total', nor: '126875', de_delegation: '1160000', total: '1160000' });
  });

  it('allocate --foot makes the rows add up to the target', async () => {
    const run = await runCli(['allocate', CENSUS, ...SOLVE, '--foot', '-f', 'csv']);
    const rows = csvRows(run.stdout);
    const sumRows = rows.filter((r) => r.school !== 'Total').reduce((t, r) => t.plus(r.de_delegation!), new Dec(0));
    expect(sumRows.toFixed()).toBe('1160000');
    expect(rows.at(-1)?.total).toBe('1160000');
  });

  it('allocate --foot makes the rows add up to a target they would miss when rounded on their own', async () => {
    const args = ['allocate', CENSUS, '--target', '999999', '--weight', 'primary=2', '--weight', 'secondary=3', '-f', 'csv'];
    const alone = await runCli(args);
    expect(csvRows(alone.stdout).at(-1)?.total).toBe('1000000');
    expect(alone.stderr).toContain('the rounded rows add up to £1,000,000 but the exact total is £999,999');
    const footed = await runCli([...args, '--foot']);
    const rows = csvRows(footed.stdout);
    const sumRows = rows.filter((r) => r.school !== 'Total').reduce((t, r) => t.plus(r.de_delegation!), new Dec(0));
    expect(sumRows.toFixed()).toBe('999999');
    expect(footed.stderr).toBe('');
  });
});

describe('allocate with one solved target, footed (core)', () => {
  const school = (id: string, phase: 'primary' | 'secondary', nor: number): School => ({
    id,
    name: `School ${id}`,
    status: 'community',
    phase,
    bases: { nor: new Dec(nor) },
    months: new Dec(12),
  });
  const service: Service = {
    name: 'School Improvement',
    basis: 'nor',
    target: new Dec(1000),
    weights: { primary: new Dec(2), secondary: new Dec(3) },
    charge: { phases: ['primary', 'secondary'], statuses: 'maintained', allThrough: 'split' },
    rounding: { unit: new Dec(1), mode: 'half-up', foot: 'largest-remainder' },
    source: 'flag',
  };

  // 202000/899 = 224.694…, 406000/899 = 451.612…, 291000/899 = 323.693…: the two largest remainders get £1.
  it('charges every school and foots the column to the target, not to an empty bucket', () => {
    const result = allocate([school('1', 'primary', 101), school('2', 'primary', 203), school('3', 'secondary', 97)], { services: [service], periods: [] });
    expect(result.rows.map((r) => r.charges[0]?.amount.toFixed())).toEqual(['225', '451', '324']);
    expect(result.total.total.toFixed()).toBe('1000');
    const all = result.services[0]!.rates.find((r) => r.phase === 'all')!;
    expect([all.amount.toFixed(), all.target?.toFixed(), all.difference?.toFixed()]).toEqual(['1000', '1000', '0']);
  });

  it('reports the target itself as the exact total, not a 50-digit near miss', () => {
    const result = allocate([school('1', 'primary', 101), school('2', 'primary', 203), school('3', 'secondary', 97)], {
      services: [{ ...service, rounding: { ...service.rounding, foot: 'none' } }],
      periods: [],
    });
    expect(result.services[0]!.exactTotal.toFixed()).toBe('1000');
    expect(result.total.exact.toFixed()).toBe('1000');
  });
});

describe('months pro-rata in solving', () => {
  const census = 'URN,School,Status,Phase,NOR,Months\n1,A,Community,Primary,100,5\n2,B,Community,Secondary,100,12\n3,C,Community,Primary,50,7\n';

  it('counts a school charged for 5 months as 5/12 of its pupils when solving the rate', async () => {
    // Units: 100 × 5/12 + 50 × 7/12 = 70.8333… primary, 100 secondary; rate = 1000 / 170.8333… = 5.8537 (= 240/41).
    const run = await runCli(['rates', '-', '--target', '1000', '-f', 'csv'], { input: census });
    expect(run.stdout).toBe(
      [
        'service,phase,basis,units,rate,amount,target,difference',
        'De-delegation,primary,nor,70.8333,5.853658536585,415,,',
        'De-delegation,secondary,nor,100,5.853658536585,585,,',
        'De-delegation,all,nor,170.8333,,1000,1000,0',
        '',
      ].join('\n'),
    );
    expect((await runCli(['rates', '-', '--target', '1000', '-f', 'md'], { input: census })).stdout).toContain(
      '*Units are pro-rata by the months each school is charged (basis × months / 12), shown to 4 dp.*',
    );
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Dec, sum } from '../../src/core/decimal.js';
import { splitAmount, splitAmounts } from '../../src/core/split.js';
import { runCli } from '../helpers/run.js';
import { csvRows } from './csv.js';

const PERIODS = [
  { name: 'De-delegated', months: new Dec(5) },
  { name: 'Buy-back', months: new Dec(7) },
];
const CENSUS = 'fixtures/wirral/census.csv';
const PER_PHASE = ['--target', 'primary=122909', '--target', 'secondary=26691', '--rate-unit', '0.01'];

describe('Wirral 2021-22 period split, 5/12 and 7/12 to the nearest £100', () => {
  it('splits £149,600 into £62,300 and £87,300', () => {
    expect(splitAmount(new Dec(149600), PERIODS, new Dec(100)).map((d) => d.toFixed())).toEqual(['62300', '87300']);
  });

  it('splits £139,300 into £58,000 and £81,300', () => {
    expect(splitAmount(new Dec(139300), PERIODS, new Dec(100)).map((d) => d.toFixed())).toEqual(['58000', '81300']);
  });

  it('dedel split prints both lines, snake_case period columns and a Total row last', async () => {
    const run = await runCli([
      'split',
      'School Improvement=149600',
      'Behaviour Support=139300',
      '--months',
      '5,7',
      '--labels',
      'De-delegated,Buy-back',
      '--round',
      '100',
      '-f',
      'csv',
    ]);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(
      ['name,de_delegated,buy_back,total', 'School Improvement,62300,87300,149600', 'Behaviour Support,58000,81300,139300', 'Total,120300,168600,288900', ''].join('\n'),
    );
  });

  it('rounds each amount to the unit before splitting it, so the parts add up to the rounded amount', () => {
    const result = splitAmounts([{ name: 'A', amount: new Dec('149650') }], PERIODS, { unit: new Dec(100), mode: 'half-up' });
    expect(result.lines[0]!.amount.toFixed()).toBe('149700');
    expect(result.lines[0]!.parts.map((d) => d.toFixed())).toEqual(['62400', '87300']);
    expect(result.total.toFixed()).toBe('149700');
  });

  it('labels the periods Period 1, Period 2 … when no labels are given', async () => {
    const run = await runCli(['split', '1200', '--months', '6,6', '-f', 'csv']);
    expect(run.stdout).toBe('name,period_1,period_2,total\nAmount 1,600,600,1200\nTotal,600,600,1200\n');
  });

  it('gives the missing unit to the larger remainder, then to the earlier period on a tie', () => {
    // 1 split 6/6 to £1: both parts are 0.5; the tie goes to the first period.
    expect(splitAmount(new Dec(1), [{ name: 'A', months: new Dec(6) }, { name: 'B', months: new Dec(6) }], new Dec(1)).map((d) => d.toFixed())).toEqual(['1', '0']);
  });

  it('parts always add up to the amount and stay within one unit of their exact share (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000 }), fc.integer({ min: 0, max: 12 }), fc.constantFrom('1', '100', '0.01'), (pence, first, unitText) => {
        const unit = new Dec(unitText);
        const amount = new Dec(pence).div(100).div(unit).toDecimalPlaces(0).times(unit);
        const periods = [
          { name: 'A', months: new Dec(first) },
          { name: 'B', months: new Dec(12 - first) },
        ];
        const parts = splitAmount(amount, periods, unit);
        expect(sum(parts).equals(amount)).toBe(true);
        parts.forEach((part, k) => {
          const exact = amount.times(periods[k]!.months).div(12);
          expect(part.minus(exact).abs().lessThan(unit)).toBe(true);
        });
      }),
    );
  });

  it('allocate --months 5,7 gives each school parts that add up to its charge', async () => {
    const rows = csvRows((await runCli(['allocate', CENSUS, '--rate', '5.83', '--months', '5,7', '--labels', 'De-delegated,Buy-back', '-f', 'csv'])).stdout);
    expect(Object.keys(rows[0]!)).toContain('de_delegation_de_delegated');
    for (const row of rows) {
      expect(new Dec(row.de_delegation_de_delegated!).plus(row.de_delegation_buy_back!).toFixed()).toBe(row.de_delegation);
    }
    expect(rows.at(-1)).toMatchObject({ school: 'Total', de_delegation: '142554', de_delegation_de_delegated: '59398', de_delegation_buy_back: '83156' });
  });
});

describe('Wirral 2021-22 per-phase targets, rates to the penny', () => {
  it('the fixture has 21,082 primary and 3,370 secondary pupils charged', async () => {
    const rows = csvRows((await runCli(['rates', CENSUS, ...PER_PHASE, '-f', 'csv'])).stdout);
    expect(rows.map((r) => [r.phase, r.units])).toEqual([
      ['primary', '21082'],
      ['secondary', '3370'],
    ]);
  });

  it('solves £5.83 and £7.92, each row carrying its own target and the difference it leaves (schools rounded to £1)', async () => {
    const run = await runCli(['rates', CENSUS, ...PER_PHASE, '-f', 'csv']);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(
      [
        'service,phase,basis,units,rate,amount,target,difference',
        'De-delegation,primary,nor,21082,5.83,122907,122909,-2',
        'De-delegation,secondary,nor,3370,7.92,26690,26691,-1',
        '',
      ].join('\n'),
    );
  });

  it('with schools rounded to the penny, the differences are the rates’ own shortfalls: −£0.94 and −£0.60', async () => {
    const rows = csvRows((await runCli(['rates', CENSUS, ...PER_PHASE, '--round', '0.01', '-f', 'csv'])).stdout);
    expect(rows.map((r) => [r.phase, r.rate, r.amount, r.target, r.difference])).toEqual([
      ['primary', '5.83', '122908.06', '122909.00', '-0.94'],
      ['secondary', '7.92', '26690.40', '26691.00', '-0.60'],
    ]);
  });

  it('allocate charges the same rates and its phase totals are the amounts rates reports', async () => {
    const rows = csvRows((await runCli(['allocate', CENSUS, ...PER_PHASE, '-f', 'csv'])).stdout).filter((r) => r.school !== 'Total');
    const phase = (p: string) => rows.filter((r) => r.phase === p);
    expect(phase('primary').map((r) => r.de_delegation)).toEqual(['24556', '23244', '21221', '20510', '17752', '15624']);
    expect(sum(phase('primary').map((r) => new Dec(r.de_delegation!))).toFixed()).toBe('122907');
    expect(sum(phase('secondary').map((r) => new Dec(r.de_delegation!))).toFixed()).toBe('26690');
  });

  it('per-phase targets without --rate-unit and --foot recover each target exactly, difference 0', async () => {
    const rows = csvRows((await runCli(['rates', CENSUS, '--target', 'primary=122909', '--target', 'secondary=26691', '--foot', '-f', 'csv'])).stdout);
    expect(rows.map((r) => [r.phase, r.amount, r.target, r.difference])).toEqual([
      ['primary', '122909', '122909', '0'],
      ['secondary', '26691', '26691', '0'],
    ]);
  });

  it('the Wirral config (two services, 5/7 periods) gives the same School Improvement rows', async () => {
    const rows = csvRows((await runCli(['rates', CENSUS, '-c', 'fixtures/wirral/dedel.json', '-f', 'csv'])).stdout);
    expect(rows.map((r) => [r.service, r.phase, r.basis, r.rate, r.amount, r.target, r.difference])).toEqual([
      ['School Improvement', 'primary', 'nor', '5.83', '122907', '122909', '-2'],
      ['School Improvement', 'secondary', 'nor', '7.92', '26690', '26691', '-1'],
      ['Behaviour Support', 'primary', 'sen', '17.35', '107483', '', ''],
      ['Behaviour Support', 'secondary', 'sen', '29.04', '31799', '', ''],
    ]);
  });
});

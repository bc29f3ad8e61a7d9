import { describe, expect, it } from 'vitest';
import { Dec } from '../../src/core/decimal.js';
import { roundTo } from '../../src/core/rounding.js';
import { allocate } from '../../src/core/allocate.js';
import type { School, Service } from '../../src/core/types.js';
import { runBin } from '../helpers/bin.js';

const d = (s: string) => new Dec(s);

function service(rate: string, unit = '1', mode: Service['rounding']['mode'] = 'half-up'): Service {
  return {
    name: 'De-delegation',
    basis: 'nor',
    rate: d(rate),
    charge: { phases: ['primary', 'secondary'], statuses: 'maintained', allThrough: 'split' },
    rounding: { unit: d(unit), mode, foot: 'none' },
    source: 'flag',
  };
}

function school(nor: string, extra: Partial<School> = {}): School {
  return { id: '1', name: 'A School', status: 'community', phase: 'primary', bases: { nor: d(nor) }, months: d('12'), ...extra };
}

describe('rounding where binary floating point goes wrong', () => {
  it('50 × £1.13 = £56.50 rounds half-up to £57 (a float gives 56.4999…)', () => {
    expect(50 * 1.13).toBeLessThan(56.5); // the trap dedel avoids
    const result = allocate([school('50')], { services: [service('1.13')], periods: [] });
    expect(result.rows[0]!.charges[0]!.exact.toFixed()).toBe('56.5');
    expect(result.rows[0]!.total.toFixed()).toBe('57');
  });

  it('7 × £1.015 = £7.105 rounds to £7.11 at --round 0.01', () => {
    expect((7 * 1.015).toFixed(2)).toBe('7.10'); // the float answer
    const result = allocate([school('7')], { services: [service('1.015', '0.01')], periods: [] });
    expect(result.rows[0]!.total.toFixed(2)).toBe('7.11');
  });

  it('does the same through the built bin', () => {
    const census = 'URN,School,Status,Phase,NOR\n1,Fifty,Community,Primary,50\n2,Seven,Community,Primary,7\n';
    const fifty = runBin(['allocate', '-', '--rate', '1.13', '-f', 'csv'], { input: census });
    expect(fifty.stdout.split('\n')[1]).toBe('1,Fifty,community,primary,50,57,57,1.13');
    const seven = runBin(['allocate', '-', '--rate', '1.015', '--round', '0.01', '-f', 'csv'], { input: census });
    expect(seven.stdout.split('\n')[2]).toBe('2,Seven,community,primary,7,7.11,7.11,1.02');
  });

  it('pro-rata divides by 12 last: 1,512 × £50.25 × 7/12 is exactly £44,320.50 and rounds to £44,321', () => {
    const result = allocate([school('1512', { months: d('7') })], { services: [service('50.25')], periods: [] });
    expect(result.rows[0]!.charges[0]!.exact.toFixed()).toBe('44320.5');
    expect(result.rows[0]!.total.toFixed()).toBe('44321');
  });

  it('0.1 + 0.2 style sums stay exact: 3 schools at £0.10 and £0.20 per pupil', () => {
    const result = allocate([school('1'), school('2', { id: '2', name: 'B' })], { services: [service('0.1', '0.01')], periods: [] });
    expect(result.total.exact.toFixed()).toBe('0.3');
  });
});

describe('roundTo', () => {
  it.each([
    ['2.5', '1', 'half-up', '3'],
    ['2.5', '1', 'half-even', '2'],
    ['3.5', '1', 'half-even', '4'],
    ['2.9', '1', 'down', '2'],
    ['2.1', '1', 'up', '3'],
    ['62333.33', '100', 'half-up', '62300'],
    ['62350', '100', 'half-up', '62400'],
    ['62350', '100', 'half-even', '62400'],
    ['62250', '100', 'half-even', '62200'],
    ['1351.5', '1', 'half-up', '1352'],
    ['7.105', '0.01', 'half-up', '7.11'],
    ['7.105', '0.05', 'half-up', '7.1'],
    ['7.125', '0.05', 'half-up', '7.15'],
  ] as const)('rounds %s to %s %s → %s', (value, unit, mode, expected) => {
    expect(roundTo(d(value), d(unit), mode).toFixed()).toBe(expected);
  });
});
